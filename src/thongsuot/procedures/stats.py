"""The dossier summary table: bumped inside each status change, rebuilt and verified on demand.

`stat_bump` adds deltas to one (commune, day) row with a single upsert, so concurrent
transactions never lose an increment and never collide on the unique key. `_expected_sql`
recomputes every row from the dossiers (whose dates and outcome are written by their
events) in one set-based query; `stats_rebuild` replaces the table with it and
`stats_verify` lists the differences.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from thongsuot.procedures.models import OPEN_STATUSES, Channel, Dossier, DossierDailyStat, Status

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


def _expected_sql(province_id: int | None) -> tuple[str, list]:
    """SQL that recomputes every summary row from the dossiers, set-based (no rows through Python)."""
    table = connection.ops.quote_name(Dossier._meta.db_table)
    where = " AND province_id = %s" if province_id is not None else ""
    open_statuses = ", ".join(str(int(s)) for s in sorted(OPEN_STATUSES))
    zeros = dict.fromkeys(COUNTERS, "0")

    def part(day: str, condition: str, **columns: str) -> str:
        values = ", ".join(f"{columns.get(c, zeros[c])} AS {c}" for c in COUNTERS)
        return f"SELECT province_id, commune_id, {day} AS day, {values} FROM {table} WHERE {condition}{where}"

    parts = [
        part("received_on", "received_on IS NOT NULL", received="1",
             received_online=f"CASE WHEN channel = {int(Channel.ONLINE)} THEN 1 ELSE 0 END"),
        part("finished_on", "finished_on IS NOT NULL AND outcome IN ('early', 'on_time', 'late')",
             done_early="CASE WHEN outcome = 'early' THEN 1 ELSE 0 END",
             done_on_time="CASE WHEN outcome = 'on_time' THEN 1 ELSE 0 END",
             done_late="CASE WHEN outcome = 'late' THEN 1 ELSE 0 END"),
        part("finished_on", f"finished_on IS NOT NULL AND status = {int(Status.REFUSED)}", refused="1"),
        part("finished_on", f"finished_on IS NOT NULL AND received_on IS NOT NULL AND status = {int(Status.WITHDRAWN)}",
             withdrawn="1"),
        part("returned_on", "returned_on IS NOT NULL", returned="1"),
        part("due_date", f"due_date IS NOT NULL AND status IN ({open_statuses})", open_due="1"),
    ]
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    sql = (f"SELECT province_id, commune_id, day, {sums} FROM ({' UNION ALL '.join(parts)}) AS x "
           f"GROUP BY province_id, commune_id, day")
    return sql, [province_id] * len(parts) if province_id is not None else []


def _actual_sql(province_id: int | None) -> tuple[str, list]:
    table = connection.ops.quote_name(DossierDailyStat._meta.db_table)
    nonzero = " OR ".join(f"{c} <> 0" for c in COUNTERS)
    where = " AND province_id = %s" if province_id is not None else ""
    return (f"SELECT province_id, commune_id, day, {', '.join(COUNTERS)} FROM {table} WHERE ({nonzero}){where}",
            [province_id] if province_id is not None else [])


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _fetch(sql: str, params: list) -> dict[tuple[int, int, date], dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(row[0], row[1], _as_date(row[2])): dict(zip(COUNTERS, (int(v) for v in row[3:]), strict=True))
                for row in cursor.fetchall()}


def stats_verify(*, province_id: int | None = None) -> list[dict]:
    """Return the differences between the summary table and its recomputation (empty when equal).

    The database compares the two sets (EXCEPT both ways); only differing rows reach Python.
    """
    expected_sql, expected_params = _expected_sql(province_id)
    actual_sql, actual_params = _actual_sql(province_id)
    want = _fetch(f"SELECT * FROM ({expected_sql}) AS e EXCEPT SELECT * FROM ({actual_sql}) AS a",
                  expected_params + actual_params)
    have = _fetch(f"SELECT * FROM ({actual_sql}) AS a EXCEPT SELECT * FROM ({expected_sql}) AS e",
                  actual_params + expected_params)
    zero = dict.fromkeys(COUNTERS, 0)
    differences = []
    for key in sorted(set(want) | set(have)):
        expected, actual = want.get(key, zero), have.get(key, zero)
        differences.append({"province_id": key[0], "commune_id": key[1], "day": key[2],
                            "changes": {c: (actual[c], expected[c]) for c in COUNTERS if actual[c] != expected[c]}})
    return differences


@transaction.atomic
def stats_rebuild(*, province_id: int | None = None) -> int:
    """Replace the summary rows (of one province, or all) by their recomputation; return the row count."""
    stats = DossierDailyStat.objects.all()
    if province_id is not None:
        stats = stats.filter(province_id=province_id)
    stats.delete()
    qn = connection.ops.quote_name
    table = qn(DossierDailyStat._meta.db_table)
    sql, params = _expected_sql(province_id)
    columns = ", ".join(["province_id", "commune_id", "day", *COUNTERS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ({sql}) AS r", params)
        return cursor.rowcount
