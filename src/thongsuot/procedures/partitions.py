"""Monthly partitions of the dossiers and their steps (PostgreSQL declarative partitioning).

On PostgreSQL `procedures_dossier` is partitioned by RANGE of `registered_at` and
`procedures_dossierevent` by the same moment carried on each step (`dossier_registered_at`), one
partition per calendar month in Vietnam's time plus a DEFAULT partition for anything outside them.
A dossier and all its steps therefore live in the same month's pair of partitions, and everything
that knows the month (the lookup by code, which spells the registration day; a period filter)
reads one pair. The summary tables are not partitioned; SQLite keeps plain tables.

Constraints a partitioned table imposes, and what replaces them:
- the primary key is (id, registered_at) in the database; Django still treats `id` as the key
  (its identity sequence keeps it unique);
- `code` and the resubmission key are unique per partition (indexes made with each partition):
  the code spells the registration day, so the same code cannot fall in two months;
- a step's foreign key is (dossier_id, dossier_registered_at) → (id, registered_at).

`partitions_ensure` makes the months a range needs (idempotent): the `dossier-partitions` command
runs it for the next months ahead, from the worker's schedule or cron (docs/deploy.md).
The functions take table names, not models, so the migration that converts the tables uses them as
they are at that point of the history.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

DOSSIERS = "procedures_dossier"
EVENTS = "procedures_dossierevent"
#: table → its partition key column.
KEYS = {DOSSIERS: "registered_at", EVENTS: "dossier_registered_at"}
#: Unique indexes made on each partition (a partitioned table's own must include the key).
PARTITION_UNIQUE = {DOSSIERS: {"code": "(code)",
                               "subkey": "(created_by_id, submission_key) WHERE submission_key <> ''"}}
#: The steps' key to their dossier: (dossier_id, dossier_registered_at) → (id, registered_at).
EVENT_FK = f"{EVENTS}_dossier_month_fk"
#: Months made ahead of the current one.
MONTHS_AHEAD = 3

_CODE_DAY = re.compile(r"-(\d{2})(\d{2})(\d{2})-\d+$")


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def day_start(day: date) -> datetime:
    """Midnight starting `day` in Vietnam's time."""
    return datetime(day.year, day.month, day.day, tzinfo=_tz())


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The moments [start, end) of a calendar month in Vietnam's time."""
    start = datetime(month.year, month.month, 1, tzinfo=_tz())
    end_month = next_month(month)
    return start, datetime(end_month.year, end_month.month, 1, tzinfo=_tz())


def code_month(code: str) -> date | None:
    """The month a dossier code was registered in (codes end in -YYMMDD-NNNN), or None."""
    match = _CODE_DAY.search(code or "")
    if not match:
        return None
    try:
        return date(2000 + int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def is_partitioned(table: str = DOSSIERS) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
        return cursor.fetchone() is not None


def partition_name(table: str, month: date | None) -> str:
    return f"{table}_default" if month is None else f"{table}_y{month:%Y}m{month:%m}"


def _literal(moment: datetime) -> str:
    return f"'{moment.isoformat(sep=' ')}'"


def _unique_indexes(cursor, table: str, partition: str) -> None:
    for suffix, columns in PARTITION_UNIQUE.get(table, {}).items():
        cursor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {partition}_{suffix} ON {partition} {columns}")


def _existing(cursor, table: str) -> set[str]:
    cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                   "WHERE i.inhparent = %s::regclass", [table])
    return {row[0] for row in cursor.fetchall()}


def partition_create(cursor, table: str, month: date | None) -> bool:
    """Make `table`'s partition for `month` (None: the DEFAULT one) unless it exists; True if made.

    Rows of that month already in the DEFAULT partition move into the new one: the new table is
    filled first and attached after, which is what PostgreSQL requires when a default exists.
    """
    name = partition_name(table, month)
    if name in _existing(cursor, table):
        return False
    if month is None:
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {table} DEFAULT")
        _unique_indexes(cursor, table, name)
        return True
    start, end = month_bounds(month)
    key = KEYS[table]
    cursor.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    default = partition_name(table, None)
    if default in _existing(cursor, table):
        cursor.execute(f"WITH moved AS (DELETE FROM {default} WHERE {key} >= {_literal(start)} "
                       f"AND {key} < {_literal(end)} RETURNING *) INSERT INTO {name} SELECT * FROM moved")
    # The partition's bounds as a check let ATTACH skip its scan of the new table.
    cursor.execute(f"ALTER TABLE {name} ADD CONSTRAINT {name}_bounds CHECK ({key} IS NOT NULL AND "
                   f"{key} >= {_literal(start)} AND {key} < {_literal(end)})")
    _unique_indexes(cursor, table, name)
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ({_literal(start)}) "
                   f"TO ({_literal(end)})")
    cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {name}_bounds")
    return True


def partitions_ensure(*, first: date | None = None, months_ahead: int = MONTHS_AHEAD,
                      today: date | None = None) -> list[str]:
    """Make the monthly partitions of both tables from `first`'s month (default: this month) to
    `months_ahead` months after this one; return the names made. A no-op on SQLite and on
    unpartitioned tables."""
    if not is_partitioned(DOSSIERS):
        return []
    today = today or datetime.now(_tz()).date()
    month = month_of(min(first or today, today))
    last = month_of(today)
    for _ in range(months_ahead):
        last = next_month(last)
    made = []
    with connection.cursor() as cursor:
        while month <= last:
            missing = [t for t in (DOSSIERS, EVENTS) if partition_name(t, month) not in _existing(cursor, t)]
            # Moving a dossier between partitions is a delete and an insert, which the steps' key
            # (checked per partition) refuses: while rows move out of DEFAULT, the key is lifted and
            # then validated again. The normal path — months made ahead, nothing to move — keeps it.
            lift = missing and _default_holds(cursor, month)
            if lift:
                # Checks still pending in this transaction forbid altering the tables: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {EVENTS} DROP CONSTRAINT IF EXISTS {EVENT_FK}")
            for table in missing:
                partition_create(cursor, table, month)
                made.append(partition_name(table, month))
            if lift:
                _event_fk_add(cursor)
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")     # Django's keys are all deferred ones
            month = next_month(month)
    return made


def _default_holds(cursor, month: date) -> bool:
    start, end = month_bounds(month)
    for table in (DOSSIERS, EVENTS):
        default = partition_name(table, None)
        if default in _existing(cursor, table):
            cursor.execute(f"SELECT 1 FROM {default} WHERE {KEYS[table]} >= {_literal(start)} "
                           f"AND {KEYS[table]} < {_literal(end)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False


def _event_fk_add(cursor) -> None:
    cursor.execute(f"ALTER TABLE {EVENTS} ADD CONSTRAINT {EVENT_FK} FOREIGN KEY (dossier_id, dossier_registered_at) "
                   f"REFERENCES {DOSSIERS} (id, registered_at) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED")


def partitions_default_rows(table: str = DOSSIERS) -> bool:
    """True when the DEFAULT partition holds rows (months not made ahead; it should stay empty).
    False on SQLite and on unpartitioned tables: there is no DEFAULT."""
    if not is_partitioned(table):
        return False
    with connection.cursor() as cursor:
        if partition_name(table, None) not in _existing(cursor, table):
            return False
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {partition_name(table, None)})")
        return cursor.fetchone()[0]


_MONTH_NAME = re.compile(r"_y(\d{4})m(\d{2})$")


def made_spans(table: str = DOSSIERS) -> list[tuple[datetime, datetime]] | None:
    """The moments [start, end) the months made cover, one span per run of consecutive months, when
    every row of `table` lies in them (usually one span: the months are made in a row).

    None on SQLite, on a plain table, with no month made, or while the DEFAULT partition holds rows
    (a month not made in time: those rows lie outside the spans). Bounding a query by the spans says
    nothing new about its rows, but lets PostgreSQL prune the DEFAULT partition at planning, and
    with it gone, walk the months in order (an ordered Append that stops at the page's end) instead
    of merging every month's newest rows. Two small reads: the catalogue and one row of DEFAULT.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        names = _existing(cursor, table)
        months = sorted(date(int(m[1]), int(m[2]), 1) for name in names if (m := _MONTH_NAME.search(name)))
        if not months:
            return None
        default = partition_name(table, None)
        if default in names:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {default})")
            if cursor.fetchone()[0]:
                return None
    runs = [[months[0], months[0]]]
    for month in months[1:]:
        if month == next_month(runs[-1][1]):
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return [(month_bounds(first)[0], month_bounds(last)[1]) for first, last in runs]


def partitions_list(table: str = DOSSIERS) -> list[tuple[str, int]]:
    """(partition, estimated rows) of `table`, by name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, GREATEST(c.reltuples, 0)::bigint FROM pg_inherits i "
                       "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass ORDER BY 1",
                       [table])
        return cursor.fetchall()


# --- Converting the plain tables (the migration) -----------------------------------------------------------------

def _convert(cursor, table: str, *, skip_fk_columns: tuple[str, ...] = ()) -> None:
    """Replace the plain `table` by a partitioned one with the same columns, rows, indexes and keys."""
    key = KEYS[table]
    old = f"{table}_unpartitioned"
    cursor.execute("SELECT confrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' "
                   "AND confrelid = %s::regclass", [table])
    referencing = cursor.fetchall()
    if referencing:
        raise RuntimeError(f"{table} is referenced by {referencing}: make those keys db_constraint=False first")
    cursor.execute("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique", [table])
    indexes = cursor.fetchall()
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
                   "AND conrelid = %s::regclass", [table])
    foreign = [(name, definition) for name, definition in cursor.fetchall()
               if not any(f"({column})" in definition.split(" REFERENCES")[0] for column in skip_fk_columns)]
    cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
                   "AND contype IN ('u', 'p')", [table])
    keyed = cursor.fetchall()
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    for (name,) in keyed:       # frees the index names (unique ones are rebuilt per partition)
        cursor.execute(f"ALTER TABLE {old} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    cursor.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                   f"INCLUDING IDENTITY) PARTITION BY RANGE ({key})")
    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (id, {key})")
    tz = settings.TIME_ZONE
    cursor.execute(f"SELECT DISTINCT CAST(date_trunc('month', {key} AT TIME ZONE %s) AS date) FROM {old}", [tz])
    months = sorted(row[0] for row in cursor.fetchall())
    month = month_of(datetime.now(_tz()).date())
    for _ in range(MONTHS_AHEAD + 1):
        months.append(month)
        month = next_month(month)
    for month in sorted(set(months)):
        partition_create(cursor, table, month)
    partition_create(cursor, table, None)
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")
    cursor.execute(f"SELECT pg_get_serial_sequence('{old}', 'id')")
    old_sequence = cursor.fetchone()[0]
    cursor.execute(f"DROP TABLE {old}")
    cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    sequence = cursor.fetchone()[0]
    if old_sequence and sequence != old_sequence:
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {old_sequence.split('.')[-1].strip(chr(34))}")
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)")
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")


def tables_partition(apps=None, schema_editor=None) -> None:
    """The migration: partition both tables by month (PostgreSQL; nothing elsewhere or if done)."""
    if connection.vendor != "postgresql" or is_partitioned(DOSSIERS):
        return
    with connection.cursor() as cursor:
        _convert(cursor, EVENTS)
        _convert(cursor, DOSSIERS)
        _event_fk_add(cursor)
