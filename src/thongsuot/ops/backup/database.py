"""Dump and restore the configured database, SQLite or PostgreSQL, while the platform serves.

SQLite is copied with its online backup API (a consistent read that never blocks writers in WAL
mode), never by copying the live file. PostgreSQL is dumped by `pg_dump --format=custom` inside an
exported snapshot, so the row counts, migrations and audit head written to the manifest describe
exactly the rows in the dump even while requests keep writing. Connection settings reach pg_dump and
pg_restore through the PG* environment variables, never through the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from thongsuot.ops.backup import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
DUMP_NAMES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
ENGINE_LABELS = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}

#: Tables that `migrate` fills by itself: rows there do not make a database "hold data".
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}


@dataclass
class Snapshot:
    """What one dump contains, read in the same snapshot as the dump itself."""

    engine: str
    file: Path
    migrations: dict[str, list[str]] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    audit_head: dict = field(default_factory=dict)


def engine() -> str:
    """Return the configured engine, or refuse one the backup does not know."""
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}” (chỉ SQLite và PostgreSQL).")
    return vendor


def dump(directory: Path) -> Snapshot:
    """Dump the database into `directory` and describe what the dump holds."""
    kind = engine()
    target = directory / DUMP_NAMES[kind]
    return _dump_sqlite(target) if kind == SQLITE else _dump_postgresql(target)


def _dump_sqlite(target: Path) -> Snapshot:
    connection.ensure_connection()
    if connection.in_atomic_block:
        # The backup API waits forever for a connection that holds its own write transaction.
        raise BackupError("Không sao lưu được từ bên trong một giao dịch đang mở.")
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal beside it, whatever mode the live database runs in.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                       "ORDER BY name")
        snapshot = Snapshot(SQLITE, target, **read_facts(cursor, [row[0] for row in cursor.fetchall()]))
    except sqlite3.Error as error:
        raise BackupError(f"SQLite báo lỗi khi sao lưu: {error}.") from error
    finally:
        copy.close()
    return snapshot


def _dump_postgresql(target: Path) -> Snapshot:
    program = _program("pg_dump")
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        reader.ensure_connection()
        raw = reader.connection
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            _run([program, "--format=custom", "--no-password", f"--snapshot={snapshot_id}", f"--file={target}"],
                 "pg_dump")
            # Tables as Django sees them: a partitioned table counts its partitions' rows, and the
            # partitions themselves (procedures' monthly ones) are not listed twice.
            cursor.execute("SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                           "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")
            facts = read_facts(cursor, [row[0] for row in cursor.fetchall()])
        raw.rollback()
    finally:
        reader.close()
    return Snapshot(POSTGRESQL, target, **facts)


def read_facts(cursor, tables: list[str]) -> dict:
    """Return the migrations, row counts and audit head seen by `cursor` (any DB-API cursor)."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"migrations": migrations, "row_counts": counts, "audit_head": _audit_head(cursor, counts)}


def _audit_head(cursor, counts: dict) -> dict:
    """Return the latest event's id and hash over every audit chain, and {chain: [last id, last hash]}."""
    if not counts.get("audit_auditchainhead"):
        return {}
    if "chain" in {column.lower() for column in _columns(cursor, "audit_auditchainhead")}:
        cursor.execute("SELECT chain, last_event_id, last_hash FROM audit_auditchainhead "
                       "WHERE last_event_id IS NOT NULL ORDER BY chain")
        chains = {chain: [last_id, last_hash] for chain, last_id, last_hash in cursor.fetchall()}
    else:  # an archive made before the chains were split: one head
        cursor.execute("SELECT '', last_event_id, last_hash FROM audit_auditchainhead WHERE id = 1")
        chains = {chain: [last_id, last_hash] for chain, last_id, last_hash in cursor.fetchall() if last_id}
    if not chains:
        return {}
    last_id, last_hash = max(chains.values())
    return {"last_event_id": last_id, "last_hash": last_hash, "chains": chains}


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
    return [column[0] for column in cursor.description]


def current_facts() -> dict:
    """Return the migrations, row counts and audit head of the configured database."""
    with connection.cursor() as cursor:
        return read_facts(cursor, sorted(connection.introspection.table_names(cursor)))


def tables_holding_data() -> dict[str, int]:
    """Return {table: rows} for the tables with rows, leaving out what `migrate` writes by itself."""
    counts = current_facts()["row_counts"]
    return {table: rows for table, rows in counts.items() if rows and table not in BOOKKEEPING}


def check_restorable(dump_file: Path, kind: str) -> None:
    """Refuse a dump this machine cannot restore, before anything is changed."""
    if kind != engine():
        raise BackupError(f"Bản sao lưu là của {ENGINE_LABELS[kind]} nhưng cơ sở dữ liệu đang cấu hình là "
                          f"{ENGINE_LABELS[engine()]}; không khôi phục chéo giữa hai loại.")
    if kind == SQLITE:
        try:
            probe = sqlite3.connect(f"file:{dump_file}?mode=ro", uri=True)
            try:
                result = probe.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                probe.close()
        except sqlite3.Error as error:
            raise BackupError(f"Bản sao cơ sở dữ liệu trong tệp sao lưu bị hỏng ({error}).") from error
        if result != "ok":
            raise BackupError(f"Bản sao cơ sở dữ liệu trong tệp sao lưu bị hỏng ({result}).")
    else:
        # Reads only the table of contents: a truncated file or one from a newer pg_dump stops here.
        _run([_program("pg_restore"), "--list", str(dump_file)], "pg_restore")


def restore(dump_file: Path, kind: str) -> None:
    """Replace the configured database with the dump."""
    connections.close_all()
    if kind == SQLITE:
        _restore_sqlite(dump_file)
    else:
        _restore_postgresql(dump_file)
    connections.close_all()


def _restore_sqlite(dump_file: Path) -> None:
    target = connection.settings_dict["NAME"]
    source = sqlite3.connect(f"file:{dump_file}?mode=ro", uri=True)
    destination = sqlite3.connect(str(target), timeout=20)
    try:
        source.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite báo lỗi khi khôi phục vào “{target}”: {error}.") from error
    finally:
        source.close()
        destination.close()


def _restore_postgresql(dump_file: Path) -> None:
    program = _program("pg_restore")
    _clear_schema()
    # --no-privileges: grants name roles of the old server, which a new machine may not have.
    _run([program, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--no-password", f"--dbname={connection.settings_dict['NAME']}", str(dump_file)], "pg_restore")


def _clear_schema() -> None:
    """Drop every table, view, sequence and function of the schema, in one transaction.

    The schema itself stays (with its owner and grants, which a non-superuser could not recreate).
    Objects the dump does not know (a table from a newer migration) would otherwise survive the
    restore and break the next `migrate`. Nothing is dropped if any drop is refused.
    """
    queries = [
        ("VIEW", "SELECT format('%I', viewname) FROM pg_views WHERE schemaname = current_schema()"),
        ("TABLE", "SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = current_schema()"),
        ("SEQUENCE", "SELECT format('%I', sequencename) FROM pg_sequences WHERE schemaname = current_schema()"),
        ("FUNCTION", "SELECT format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) "
                     "FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for kind, query in queries:
            cursor.execute(query)
            names = [row[0] for row in cursor.fetchall()]
            if names:
                cursor.execute(f"DROP {kind} IF EXISTS {', '.join(names)} CASCADE")


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"Không tìm thấy chương trình {name}. Hãy cài gói postgresql-client cùng phiên bản với "
                          f"máy chủ PostgreSQL (ví dụ apt-get install postgresql-client-15) rồi chạy lại.")
    return found


def _pg_environment() -> dict[str, str]:
    """Return the environment that gives pg_dump/pg_restore the configured connection."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGHOST", "HOST"), ("PGPORT", "PORT")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(command: list[str], name: str) -> None:
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except OSError as error:
        raise BackupError(f"Không chạy được {name}: {error}.") from error
    if result.returncode != 0:
        detail = " ".join(result.stderr.strip().splitlines()[-3:]) or f"mã thoát {result.returncode}"
        raise BackupError(f"{name} báo lỗi: {detail}")
