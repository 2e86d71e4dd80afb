"""Bulk loading for national-scale seeds: COPY on PostgreSQL, and index building after the load.

`copy_rows` streams rows into a table (COPY … FROM STDIN through psycopg; `bulk_create` on other
databases). `deferred_constraints` drops a table's secondary indexes, unique and foreign-key
constraints while a large load runs and builds them again afterwards — the standard way to load
millions of rows into PostgreSQL, several times faster than maintaining every index and checking
every foreign key row by row. It must run inside a transaction: if anything fails, the rollback
restores the constraints together with the data, so a table is never left without them. The
tables stay locked (ACCESS EXCLUSIVE) until the transaction ends: a tool for seeding and
migrations, never for a platform serving users.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection


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

