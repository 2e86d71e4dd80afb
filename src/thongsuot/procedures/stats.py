"""The dossier summary table: bumped inside each status change, rebuilt and verified on demand.

`stats_apply` adds deltas to the (commune, day) and (province, day) rows with upserts, so
concurrent transactions never lose an increment and never collide on the unique keys. `_expected_sql`
recomputes every row from the dossier events in one set-based query; `stats_rebuild` replaces the table with it and
`stats_verify` lists the differences.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from thongsuot.core.bulkload import copy_into
from thongsuot.procedures.models import (
    OPEN_STATUSES,
    Channel,
    Dossier,
    DossierDailyStat,
    DossierEvent,
    DossierProvinceDailyStat,
    Status,
)

COUNTERS = DossierDailyStat.COUNTERS


def _upsert_sql(model, keys: Sequence[str], deltas: Sequence[str], conflict: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    insert_cols = ", ".join(qn(c) for c in [*keys, *COUNTERS])
    placeholders = ", ".join(["%s"] * (len(keys) + len(COUNTERS)))
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in deltas)
    return (f"INSERT INTO {table} ({insert_cols}) VALUES ({placeholders}) "
            f"ON CONFLICT ({', '.join(qn(k) for k in conflict)}) DO UPDATE SET {updates}")


def _upsert(model, keys: dict, deltas: dict[str, int], conflict: tuple[str, ...]) -> None:
    values = [*keys.values(), *[deltas.get(c, 0) for c in COUNTERS]]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(model, list(keys), list(deltas), conflict), values)


def stats_apply(*, province_id: int, commune_id: int, bumps: list[tuple[date, dict[str, int]]]) -> None:
    """Add the (day, {counter: change}) bumps to the commune and province rows.

    Rows are written in a fixed order (commune rows by day, then province rows by day), so two
    transactions of one province never wait for each other in a cycle.
    """
    merged: dict[date, dict[str, int]] = {}
    for day, deltas in bumps:
        unknown = set(deltas) - set(COUNTERS)
        if unknown:
            raise ValueError(f"unknown counters: {sorted(unknown)}")
        row = merged.setdefault(day, {})
        for name, change in deltas.items():
            row[name] = row.get(name, 0) + change
    days = sorted(day for day, row in merged.items() if any(row.values()))
    for day in days:
        _upsert(DossierDailyStat, {"province_id": province_id, "commune_id": commune_id, "day": day},
                {k: v for k, v in merged[day].items() if v}, ("commune_id", "day"))
    for day in days:
        _upsert(DossierProvinceDailyStat, {"province_id": province_id, "day": day},
                {k: v for k, v in merged[day].items() if v}, ("province_id", "day"))


def stats_add(rows: dict[tuple[int, int, date], dict[str, int]]) -> None:
    """Add many (province, commune, day) → {counter: change} rows at once (bulk seeding).

    The same upsert as `stats_apply`, sent as one batch per table; province rows are summed here.
    """
    provinces: dict[tuple[int, date], dict[str, int]] = {}
    for (province_id, _commune_id, day), deltas in rows.items():
        row = provinces.setdefault((province_id, day), dict.fromkeys(COUNTERS, 0))
        for name, change in deltas.items():
            row[name] += change
    commune_values = [[*key, *(deltas.get(c, 0) for c in COUNTERS)] for key, deltas in sorted(rows.items())]
    province_values = [[*key, *(deltas[c] for c in COUNTERS)] for key, deltas in sorted(provinces.items())]
    for model, keys, conflict, values in (
            (DossierDailyStat, ["province_id", "commune_id", "day"], ("commune_id", "day"), commune_values),
            (DossierProvinceDailyStat, ["province_id", "day"], ("province_id", "day"), province_values)):
        if connection.vendor == "postgresql":
            _add_through_copy(model, keys, conflict, values)
            continue
        with connection.cursor() as cursor:
            for start in range(0, len(values), 10_000):
                cursor.executemany(_upsert_sql(model, keys, COUNTERS, conflict), values[start:start + 10_000])


def _add_through_copy(model, keys: list[str], conflict: tuple[str, ...], values: list[list]) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … ON CONFLICT adds them."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*keys, *COUNTERS]
    types = ", ".join(f"{c} {'date' if c == 'day' else 'integer'}" for c in columns)
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE stats_load ({types}) ON COMMIT DROP")
        copy_into("stats_load", columns, values)
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM stats_load "
                       f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}")
        cursor.execute("DROP TABLE stats_load")


def _local_day(column: str) -> str:
    """SQL for the calendar day in Vietnam of a stored (UTC) moment."""
    if connection.vendor == "postgresql":
        return f"CAST(({column} AT TIME ZONE '{settings.TIME_ZONE}') AS date)"
    offset = datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset()   # Vietnam: +7, no summer time
    return f"date({column}, '{int(offset.total_seconds() // 3600):+d} hours')"


def _expected_sql(province_id: int | None) -> tuple[str, list]:
    """SQL that recomputes every summary row from the dossier events, set-based (no rows through Python).

    Received, done (outcome from the finishing step's due date and the number of supplement
    requests, Decision 766), refused, withdrawn and returned come from the steps of those kinds;
    the open slots from each dossier's latest step. Per-dossier facts (its supplement requests,
    its latest step) come from grouped subqueries joined once — not from a subquery per row —
    so the cost grows linearly with the events (10 million dossiers: one pass of each kind).
    """
    qn = connection.ops.quote_name
    events = qn(DossierEvent._meta.db_table)
    dossiers = qn(Dossier._meta.db_table)
    scoped = province_id is not None
    where = " AND e.province_id = %s" if scoped else ""
    day = _local_day("e.at")
    open_due = ", ".join(str(int(s)) for s in sorted(OPEN_STATUSES - {Status.SUPPLEMENT}))
    zeros = dict.fromkeys(COUNTERS, "0")
    request = DossierEvent.Kind.SUPPLEMENT_REQUEST
    requests = (f"(SELECT dossier_id, COUNT(*) AS n, MAX(at) AS last_at FROM {events} "
                f"WHERE kind = '{request}'{' AND province_id = %s' if scoped else ''} GROUP BY dossier_id)")
    latest = (f"(SELECT MAX(id) AS id FROM {events}{' WHERE province_id = %s' if scoped else ''} "
              f"GROUP BY dossier_id)")
    params: list = []

    def part(day_sql: str, condition: str, join: str = "", join_params: int = 0, **columns: str) -> str:
        params.extend([province_id] * join_params + ([province_id] if scoped else []))
        values = ", ".join(f"{columns.get(c, zeros[c])} AS {c}" for c in COUNTERS)
        return (f"SELECT e.province_id AS province_id, e.commune_id AS commune_id, {day_sql} AS day, {values} "
                f"FROM {events} e {join} WHERE {condition}{where}")

    scoped_join = 1 if scoped else 0
    late = f"(COALESCE(s.n, 0) > 1 OR {day} > e.due_date)"
    parts = [
        part(day, "e.kind = 'receive'", f"JOIN {dossiers} d ON d.id = e.dossier_id", received="1",
             received_online=f"CASE WHEN d.channel = {int(Channel.ONLINE)} THEN 1 ELSE 0 END"),
        part(day, "e.kind IN ('finish', 'stop')", f"LEFT JOIN {requests} s ON s.dossier_id = e.dossier_id",
             scoped_join,
             done_late=f"CASE WHEN {late} THEN 1 ELSE 0 END",
             done_early=f"CASE WHEN NOT {late} AND {day} < e.due_date THEN 1 ELSE 0 END",
             done_on_time=f"CASE WHEN NOT {late} AND {day} = e.due_date THEN 1 ELSE 0 END"),
        part(day, "e.kind = 'refuse'", refused="1"),
        part(day, f"e.kind = 'withdraw' AND e.from_status <> {int(Status.REGISTERED)}", withdrawn="1"),
        part(day, "e.kind = 'return_result'", returned="1"),
        part("e.due_date", f"e.to_status IN ({open_due})", f"JOIN {latest} l ON l.id = e.id", scoped_join,
             open_due="1"),
        part(_local_day("s.last_at"), f"e.to_status = {int(Status.SUPPLEMENT)}",
             f"JOIN {latest} l ON l.id = e.id JOIN {requests} s ON s.dossier_id = e.dossier_id", 2 * scoped_join,
             open_paused="1"),
    ]
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    sql = (f"SELECT province_id, commune_id, day, {sums} FROM ({' UNION ALL '.join(parts)}) AS x "
           f"GROUP BY province_id, commune_id, day")
    return sql, params


def _expected_province_sql(province_id: int | None) -> tuple[str, list]:
    sql, params = _expected_sql(province_id)
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    return f"SELECT province_id, day, {sums} FROM ({sql}) AS c GROUP BY province_id, day", params


def _actual_sql(province_id: int | None, *, model=DossierDailyStat) -> tuple[str, list]:
    table = connection.ops.quote_name(model._meta.db_table)
    nonzero = " OR ".join(f"{c} <> 0" for c in COUNTERS)
    where = " AND province_id = %s" if province_id is not None else ""
    keys = "province_id, commune_id, day" if model is DossierDailyStat else "province_id, day"
    return (f"SELECT {keys}, {', '.join(COUNTERS)} FROM {table} WHERE ({nonzero}){where}",
            [province_id] if province_id is not None else [])


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _fetch(sql: str, params: list, keys: int = 3) -> dict[tuple, dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(*row[:keys - 1], _as_date(row[keys - 1])):
                dict(zip(COUNTERS, (int(v) for v in row[keys:]), strict=True)) for row in cursor.fetchall()}


def _differences(expected: tuple[str, list], actual: tuple[str, list], keys: int) -> dict:
    (expected_sql, expected_params), (actual_sql, actual_params) = expected, actual
    want = _fetch(f"SELECT * FROM ({expected_sql}) AS e EXCEPT SELECT * FROM ({actual_sql}) AS a",
                  expected_params + actual_params, keys)
    have = _fetch(f"SELECT * FROM ({actual_sql}) AS a EXCEPT SELECT * FROM ({expected_sql}) AS e",
                  actual_params + expected_params, keys)
    zero = dict.fromkeys(COUNTERS, 0)
    return {key: (have.get(key, zero), want.get(key, zero)) for key in sorted(set(want) | set(have))}


def stats_verify(*, province_id: int | None = None) -> list[dict]:
    """Return the differences between the summary tables and their recomputation (empty when equal).

    The database compares the sets (EXCEPT both ways); only differing rows reach Python. Rows of
    the province table carry `commune_id` None.
    """
    differences = []
    communes = _differences(_expected_sql(province_id), _actual_sql(province_id), keys=3)
    provinces = _differences(_expected_province_sql(province_id),
                             _actual_sql(province_id, model=DossierProvinceDailyStat), keys=2)
    items = [((p, c, d), pair) for (p, c, d), pair in communes.items()]
    items += [((p, None, d), pair) for (p, d), pair in provinces.items()]
    for (p, c, d), (actual, expected) in items:
        differences.append({"province_id": p, "commune_id": c, "day": d,
                            "changes": {n: (actual[n], expected[n]) for n in COUNTERS if actual[n] != expected[n]}})
    return differences


@transaction.atomic
def stats_rebuild(*, province_id: int | None = None) -> int:
    """Replace the summary rows (of one province, or all) by their recomputation; return the commune rows."""
    columns = ", ".join(COUNTERS)
    count = 0
    for model, (sql, params), keys in (
            (DossierDailyStat, _expected_sql(province_id), "province_id, commune_id, day"),
            (DossierProvinceDailyStat, _expected_province_sql(province_id), "province_id, day")):
        rows = model.objects.all()
        if province_id is not None:
            rows = rows.filter(province_id=province_id)
        rows.delete()
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({keys}, {columns}) SELECT {keys}, {columns} FROM ({sql}) AS r",
                           params)
            if model is DossierDailyStat:
                count = cursor.rowcount
    return count
