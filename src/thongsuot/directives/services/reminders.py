"""Directives services: reminders."""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import next_working_day, working_days_between
from thongsuot.directives.models import (
    Assignment,
    Directive,
    Reminder,
)
from thongsuot.notifications.services import Notice, notify_many


def _reminder_notices(reminders: list[Reminder], today: date) -> int:
    """Notify each agency once about its reminders of the day: in the app and by e-mail after commit."""
    by_assignment = {a.pk: a for a in Assignment.objects.filter(pk__in=[r.assignment_id for r in reminders])
                     .select_related("task", "directive", "agency")}
    by_agency: dict[int, list[str]] = {}
    agencies = {}
    for reminder in reminders:
        assignment = by_assignment[reminder.assignment_id]
        agencies[assignment.agency_id] = assignment.agency
        by_agency.setdefault(assignment.agency_id, []).append(
            f"- {reminder.get_kind_display()} ({reminder.due:%d/%m/%Y}): {assignment.task.title} "
            f"— văn bản số {assignment.directive.number}")
    notices = []
    for agency_id, lines in by_agency.items():
        agency = agencies[agency_id]
        body = (f"Kính gửi {agency.name},\n\nThông Suốt nhắc hạn các nhiệm vụ được giao:\n" + "\n".join(lines)
                + "\n\nVui lòng cập nhật báo cáo tiến độ trên nền tảng.")
        notices.append(Notice(agency=agency, title=f"Nhắc hạn {len(lines)} nhiệm vụ", body=body,
                              url=reverse("directives:assigned"), key=f"directives:remind:{today:%Y-%m-%d}"))
    return len(notify_many(notices))


def remind_days_default() -> int:
    """Working days before a deadline to remind (THONGSUOT_DIRECTIVES_REMIND_DAYS, default 3)."""
    return int(os.environ.get("THONGSUOT_DIRECTIVES_REMIND_DAYS", "3") or 3)


@transaction.atomic
def reminders_send(*, today: date, days_before: int) -> int:
    """Record the reminders due today: N working days before, on the day, and once when overdue.

    Each (assignment, kind, due day) is reminded once, so running this twice a day, or again
    after a missed day, adds nothing twice. Returns the number of new reminders.
    """
    horizon = today + timedelta(days=days_before * 2 + 14)
    candidates = (Assignment.objects.filter(directive__status=Directive.Status.ISSUED, deadline__lte=horizon,
                                            task__withdrawn_at__isnull=True)
                  .exclude(state=Assignment.State.DONE).only("id", "deadline", "province_id", "commune_id"))
    new = []
    for assignment in candidates.iterator(chunk_size=2000):
        due = next_working_day(assignment.deadline)
        if today > due:
            kind = Reminder.Kind.OVERDUE
        elif today == due:
            kind = Reminder.Kind.DUE
        elif working_days_between(today, due) <= days_before:
            kind = Reminder.Kind.BEFORE
        else:
            continue
        new.append(Reminder(assignment_id=assignment.pk, province_id=assignment.province_id,
                            commune_id=assignment.commune_id, kind=kind, due=due, sent_on=today))
    known = set()
    ids = [r.assignment_id for r in new]
    for start in range(0, len(ids), 5000):
        known |= set(Reminder.objects.filter(assignment_id__in=ids[start:start + 5000])
                     .values_list("assignment_id", "kind", "due"))
    new = [r for r in new if (r.assignment_id, r.kind, r.due) not in known]
    Reminder.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    created = len(new)
    if created:
        audit_record(actor=None, action="remind", object_type="directives.reminder",
                     object_repr=f"Nhắc hạn ngày {today:%d/%m/%Y}",
                     changes={"today": today, "days_before": days_before, "created": created})
        with translation.override(settings.LANGUAGE_CODE):   # notices go out in the platform's language
            _reminder_notices(new, today)
    return created
