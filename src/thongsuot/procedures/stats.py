"""The dossier summary table: bumped inside each status change, rebuilt and verified on demand.

`stat_bump` adds deltas to one (commune, day) row with a single upsert, so concurrent
transactions never lose an increment and never collide on the unique key. `expected_rows`
recomputes every row from the dossiers (whose dates and outcome are written by their
events); `stats_rebuild` replaces the table with it and `stats_verify` lists differences.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q

from thongsuot.procedures.models import OPEN_STATUSES, Channel, Dossier, DossierDailyStat, Outcome, Status

COUNTERS = DossierDailyStat.COUNTERS


def stat_bump(*, province_id: int, commune_id: int, day: date, **deltas: int) -> None:
    """Add `deltas` (counter name → change) to the row of `commune_id` on `day`."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    unknown = set(deltas) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown counters: {sorted(unknown)}")
    qn = connection.ops.quote_name
    table = qn(DossierDailyStat._meta.db_table)
    columns = list(deltas)
    insert_cols = ", ".join(qn(c) for c in ["province_id", "commune_id", "day", *COUNTERS])
    values = [province_id, commune_id, day, *[deltas.get(c, 0) for c in COUNTERS]]
    placeholders = ", ".join(["%s"] * len(values))
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in columns)
    sql = (f"INSERT INTO {table} ({insert_cols}) VALUES ({placeholders}) "
           f"ON CONFLICT ({qn('commune_id')}, {qn('day')}) DO UPDATE SET {updates}")
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def expected_rows(*, province_id: int | None = None) -> dict[tuple[int, int, date], dict[str, int]]:
    """Recompute the summary rows from the dossiers: {(province, commune, day): {counter: n}}."""
    dossiers = Dossier.objects.all()
    if province_id is not None:
        dossiers = dossiers.filter(province_id=province_id)
    rows: dict[tuple[int, int, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))

    def add(queryset, day_field: str, **aggregates):
        grouped = (queryset.order_by().values("province_id", "commune_id", day_field)
                   .annotate(**aggregates))
        for item in grouped:
            row = rows[(item["province_id"], item["commune_id"], item[day_field])]
            for name in aggregates:
                row[name] += item[name]

    add(dossiers.filter(received_on__isnull=False), "received_on", received=Count("id"),
        received_online=Count("id", filter=Q(channel=Channel.ONLINE)))
    add(dossiers.filter(outcome__in=Outcome.values, finished_on__isnull=False), "finished_on",
        done_early=Count("id", filter=Q(outcome=Outcome.EARLY)),
        done_on_time=Count("id", filter=Q(outcome=Outcome.ON_TIME)),
        done_late=Count("id", filter=Q(outcome=Outcome.LATE)))
    add(dossiers.filter(status=Status.REFUSED, finished_on__isnull=False), "finished_on", refused=Count("id"))
    add(dossiers.filter(status=Status.WITHDRAWN, finished_on__isnull=False, received_on__isnull=False),
        "finished_on", withdrawn=Count("id"))
    add(dossiers.filter(returned_on__isnull=False), "returned_on", returned=Count("id"))
    add(dossiers.filter(status__in=OPEN_STATUSES, due_date__isnull=False), "due_date", open_due=Count("id"))
    return {key: value for key, value in rows.items() if any(value.values())}


def actual_rows(*, province_id: int | None = None) -> dict[tuple[int, int, date], dict[str, int]]:
    stats = DossierDailyStat.objects.all()
    if province_id is not None:
        stats = stats.filter(province_id=province_id)
    rows = {}
    for item in stats.values("province_id", "commune_id", "day", *COUNTERS).iterator(chunk_size=5000):
        counters = {c: item[c] for c in COUNTERS}
        if any(counters.values()):
            rows[(item["province_id"], item["commune_id"], item["day"])] = counters
    return rows


def stats_verify(*, province_id: int | None = None) -> list[dict]:
    """Return the differences between the summary table and its recomputation (empty when equal)."""
    expected = expected_rows(province_id=province_id)
    actual = actual_rows(province_id=province_id)
    differences = []
    zero = dict.fromkeys(COUNTERS, 0)
    for key in sorted(set(expected) | set(actual), key=lambda k: (k[0], k[1], k[2])):
        want, have = expected.get(key, zero), actual.get(key, zero)
        if want != have:
            differences.append({"province_id": key[0], "commune_id": key[1], "day": key[2],
                                "changes": {c: (have[c], want[c]) for c in COUNTERS if have[c] != want[c]}})
    return differences


@transaction.atomic
def stats_rebuild(*, province_id: int | None = None, batch_size: int = 5000) -> int:
    """Replace the summary rows (of one province, or all) by their recomputation; return the row count."""
    stats = DossierDailyStat.objects.all()
    if province_id is not None:
        stats = stats.filter(province_id=province_id)
    stats.delete()
    rows = [DossierDailyStat(province_id=p, commune_id=c, day=d, **counters)
            for (p, c, d), counters in expected_rows(province_id=province_id).items()]
    DossierDailyStat.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
