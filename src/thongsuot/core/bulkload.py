"""Bulk loading: COPY on PostgreSQL, many rows inserted with their new ids, index building after a load.

`copy_rows` streams rows into a table (COPY … FROM STDIN through psycopg; `bulk_create` on other
databases). `insert_rows` / `insert_objects` write a batch and return the rows' new ids (what the
imports write: one id query and one COPY on PostgreSQL, one prepared INSERT on SQLite).
`deferred_constraints` drops a table's secondary indexes, unique and foreign-key constraints while
a large load runs and builds them again afterwards — the standard way to load millions of rows into
PostgreSQL, several times faster than maintaining every index and checking every foreign key row by
row. It must run inside a transaction: if anything fails, the rollback
restores the constraints together with the data, so a table is never left without them. The
tables stay locked (ACCESS EXCLUSIVE) until the transaction ends: a tool for seeding and
migrations, never for a platform serving users.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone


def copy_into(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """PostgreSQL: stream `rows` into `table` (a model's, or a temporary one) with COPY … FROM STDIN."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Append `rows` (values in `columns` order) to `model`'s table.

    A field left out of `columns` gets its model default, as `bulk_create` would give it: COPY
    knows only the database's defaults, and Django keeps its own (`version`, flags) in Python.
    """
    if connection.vendor == "postgresql":
        named = set(columns)
        missing = [f for f in model._meta.concrete_fields
                   if not f.primary_key and f.has_default() and not named & {f.name, f.attname, f.column}]
        if missing:
            defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
            columns = [*columns, *(f.column for f in missing)]
            rows = ([*row, *defaults] for row in rows)
        copy_into(model._meta.db_table, columns, rows)
        return
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=2000)


#: Column types whose database form may differ from the Python value (SQLite keeps dates as text and
#: aware datetimes as naive UTC text; PostgreSQL wraps JSON); the other columns go to the driver as
#: they are.
_ADAPTED = {"DateTimeField", "DateField", "TimeField", "DecimalField", "DurationField", "JSONField", "UUIDField"}


def _prepared(fields: Sequence[models.Field], rows: Sequence[Sequence]) -> Iterable[Sequence]:
    """The rows with each value of an `_ADAPTED` column as the field gives it to this database.

    A column whose first value comes back unchanged (psycopg takes dates, datetimes and decimals as
    they are) is left alone; the others are adapted once per distinct value."""
    adapted = []
    for i, field in enumerate(fields):
        if field.get_internal_type() not in _ADAPTED:
            continue
        sample = next((row[i] for row in rows if row[i] is not None), None)
        prepared = field.get_db_prep_save(sample, connection)
        if sample is not None and (type(prepared) is not type(sample) or prepared != sample):
            adapted.append((i, field, {}))
    if not adapted:
        return rows

    def prepare(row):
        row = list(row)
        for i, field, seen in adapted:
            value = row[i]
            try:
                row[i] = seen[value]
            except KeyError:
                row[i] = seen[value] = field.get_db_prep_save(value, connection)
            except TypeError:   # unhashable (a JSON value)
                row[i] = field.get_db_prep_save(value, connection)
        return row

    return map(prepare, rows)


def _take_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model`'s table, reserved for this transaction's rows."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, count])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"insert_rows: no id reservation for {connection.vendor}")
        # AUTOINCREMENT gives the next id after the highest ever used (sqlite_sequence) or present;
        # the transaction holds SQLite's write lock (BEGIN IMMEDIATE), so no other writer takes
        # the same ids before these rows are in.
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                       f"COALESCE((SELECT MAX({quoted(pk)}) FROM {quoted(table)}), 0))", [table])
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence], *, ids: bool = True) -> list[int]:
    """Insert `rows` (values in `columns` order, as the model's fields take them) into `model`'s
    table and return their new primary keys, in the rows' order (with `ids=False`, when the caller
    needs none: the database numbers the rows itself, and nothing is returned).

    The ids are taken from the table's own sequence first, at once, and written with the rows: on
    PostgreSQL one `nextval` query and one COPY (no INSERT statement to parse or plan per row, no
    client-side quoting of every value), on SQLite one prepared INSERT for every row. Nothing but
    the rows is written (no `save`, no signals, no model defaults: name every column that has no
    database default). Must run inside `transaction.atomic()`, so that a failure leaves nothing.
    """
    if not rows:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows must run inside transaction.atomic()")
    fields = [model._meta.get_field(name) for name in columns]   # a field's name or attname
    columns = [field.column for field in fields]
    values = _prepared(fields, rows)
    taken = _take_ids(model, len(rows)) if ids else []
    if ids:
        columns = [model._meta.pk.column, *columns]
        values = ((pk, *row) for pk, row in zip(taken, values, strict=True))
    if connection.vendor == "postgresql":
        copy_into(model._meta.db_table, columns, values)
        return taken
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quoted(model._meta.db_table)} ({', '.join(map(quoted, columns))}) "
                           f"VALUES ({', '.join(['%s'] * len(columns))})", list(values))
    return taken


def insert_objects(model, objects: Sequence[models.Model]) -> None:
    """Insert unsaved `objects` of `model` with `insert_rows` and give each its new primary key, as
    `bulk_create` does (every concrete field written; `auto_now` / `auto_now_add` stamped now).
    No `save`, no signals."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    now = timezone.now()
    for obj in objects:
        for field in stamped:
            setattr(obj, field.attname, now)
    read = attrgetter(*(f.attname for f in fields))
    values = [read(obj) for obj in objects] if len(fields) > 1 else [(read(obj),) for obj in objects]
    ids = insert_rows(model, [f.attname for f in fields], values)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


def worth_deferring(model, adding: int, *, minimum: int = 200_000) -> bool:
    """True when rebuilding `model`'s indexes after the load beats maintaining them row by row.

    That is when the load is large and at least a fifth of what the table already holds.
    """
    if connection.vendor != "postgresql" or adding < minimum:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        estimate = max(0, cursor.fetchone()[0])
    return adding >= estimate / 5


@contextmanager
def deferred_constraints(*models, enabled: bool = True):
    """Drop the secondary indexes, unique and foreign-key constraints of `models`; recreate them on exit.

    PostgreSQL only (elsewhere, and when not `enabled`, a no-op). Primary keys and check
    constraints stay. Foreign keys of other tables that point at these tables stay too (they
    reference primary keys, which are kept).
    """
    if connection.vendor != "postgresql" or not enabled:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_constraints must run inside transaction.atomic()")
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
            # conparentid = 0: a key to a partitioned table has a clone per partition; dropping
            # and recreating the key itself takes its clones with it.
            "FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f') "
            "AND c.conparentid = 0 "
            "ORDER BY c.contype DESC", [tables])      # unique before foreign keys when recreating
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [tables])
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in reversed(constraints):
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # Index builds may use more memory than a query: faster sorts, no spill to disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            # A partitioned table's index reads back as "ON ONLY" (the parent alone, no partition's
            # index attached): built again on the whole table, it covers the partitions again.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
        for table, name, definition, _kind in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")


def analyze(*models) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; SQLite's ANALYZE elsewhere)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

