"""The shortage per province and field (`ShortageTally`), kept in the same transaction as the quotas.

Every service that changes a quota's `gap` calls `refresh` with the provinces (and fields) it touched,
before it commits. `refresh` locks the touched tally rows, then sums the quotas again: a transaction
that changed a gap of the same province and field waits for the lock and sums after the first commits,
so the tally never misses a change (no increments to get wrong with bulk writes). A province and field
get their row the first time they are refreshed; `rebuild` recomputes every row (national seeding,
the migration that created the table).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest

from thongsuot.staffing.models import ShortageTally, StaffingQuota


@transaction.atomic(savepoint=False)
def refresh(*, province_ids, fields=None) -> None:
    """Set the tally of these provinces (only `fields` if given) from their quotas."""
    province_ids = sorted({pk for pk in province_ids if pk is not None})
    if not province_ids:
        return
    rows = ShortageTally.objects.filter(province_id__in=province_ids)
    quotas = StaffingQuota.objects.filter(province_id__in=province_ids)
    if fields is not None:
        fields = sorted(set(fields))
        rows, quotas = rows.filter(field__in=fields), quotas.filter(field__in=fields)
    current = {(r.province_id, r.field): r for r in rows.select_for_update().order_by("province_id", "field")}
    sums = {(province_id, field): n or 0 for province_id, field, n in quotas.order_by().values_list(
        "province_id", "field").annotate(n=Sum(Greatest(F("gap"), 0))).values_list("province_id", "field", "n")}
    for key, row in current.items():
        n = sums.pop(key, 0)
        if row.shortage != n:
            ShortageTally.objects.filter(pk=row.pk).update(shortage=n)
    if sums:
        ShortageTally.objects.bulk_create(
            [ShortageTally(province_id=p, field=f, shortage=n) for (p, f), n in sums.items()],
            update_conflicts=True, unique_fields=["province", "field"], update_fields=["shortage"])


@transaction.atomic
def rebuild() -> None:
    """Recompute every row from the quotas (after a bulk load that bypassed the services)."""
    ShortageTally.objects.all().delete()
    ShortageTally.objects.bulk_create(
        [ShortageTally(province_id=p, field=f, shortage=n or 0) for p, f, n in StaffingQuota.objects.order_by()
         .values_list("province_id", "field").annotate(n=Sum(Greatest(F("gap"), 0)))
         .values_list("province_id", "field", "n")], batch_size=2000)
