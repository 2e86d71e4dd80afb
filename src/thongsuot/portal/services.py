"""National administration writes: the exceptions to the working-day calendar (audited)."""

from datetime import date

from django.db import transaction

from thongsuot.audit.services import audit_record
from thongsuot.core import calendar
from thongsuot.core.models import CalendarDay


@transaction.atomic
def calendar_day_set(*, actor, day: date, kind: str, reason: str) -> CalendarDay:
    """Declare `day` a day off or a working day by decision, overriding the package."""
    existing = CalendarDay.objects.filter(date=day).first()
    before = {"kind": existing.kind, "reason": existing.reason} if existing else {}
    entry, _created = CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "reason": reason})
    audit_record(actor=actor, action="update" if existing else "create", obj=entry,
                 before=before, after={"kind": kind, "reason": reason})
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    return entry
