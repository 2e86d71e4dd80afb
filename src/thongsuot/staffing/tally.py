"""The shortage per province and field (`ShortageTally`), kept in the same transaction as the quotas.

Every service that changes a quota's `gap` calls `refresh` with the provinces (and fields) it touched,
before it commits. `refresh` locks the touched tally rows, then sums the quotas again: a transaction
that changed a gap of the same province and field waits for the lock and sums after the first commits,
so the tally never misses a change (no increments to get wrong with bulk writes). A province and field
get their row (inserted, conflicts ignored, before the lock) the first time they are refreshed;
`rebuild` recomputes every row (national seeding, the migration that created the table).
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
    # A province and field seen for the first time get their row (0) before anything is locked, so two
    # transactions that both create it cannot each write a sum that misses the other's change.
    keys = set(quotas.order_by().values_list("province_id", "field").distinct())
    missing = keys - set(rows.values_list("province_id", "field"))
    if missing:
        ShortageTally.objects.bulk_create([ShortageTally(province_id=p, field=f, shortage=0) for p, f in missing],
                                          ignore_conflicts=True)
    current = {(r.province_id, r.field): r for r in rows.select_for_update().order_by("province_id", "field")}
    # Summed after the lock: a transaction that held it has committed, and this statement sees its quotas.
    sums = {(province_id, field): n or 0 for province_id, field, n in quotas.order_by().values_list(
        "province_id", "field").annotate(n=Sum(Greatest(F("gap"), 0))).values_list("province_id", "field", "n")}
    for key, row in current.items():
        n = sums.get(key, 0)
        if row.shortage != n:
            ShortageTally.objects.filter(pk=row.pk).update(shortage=n)


@transaction.atomic
def rebuild() -> None:
    """Recompute every row from the quotas (after a bulk load that bypassed the services)."""
    ShortageTally.objects.all().delete()
    ShortageTally.objects.bulk_create(
        [ShortageTally(province_id=p, field=f, shortage=n or 0) for p, f, n in StaffingQuota.objects.order_by()
         .values_list("province_id", "field").annotate(n=Sum(Greatest(F("gap"), 0)))
         .values_list("province_id", "field", "n")], batch_size=2000)
