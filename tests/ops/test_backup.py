"""Backup and restore: a seeded platform comes back whole — every row, the audit chain, the uploads
byte for byte — on SQLite and on PostgreSQL, and a damaged or foreign archive is refused in words.

The commands run as an operator runs them, in a subprocess pointed at a database and an uploads
folder of their own: the source is a copy of the test database (its units and personas) plus a case
with an attachment filed through the services; each restore goes into an empty database.
"""

import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from thongsuot.audit.keys import audit_key

SRC = Path(__file__).resolve().parents[2] / "src"
POSTGRES = connection.vendor == "postgresql"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SEED = """
from django.core.files.uploadedfile import SimpleUploadedFile
from thongsuot.accounts.models import User
from thongsuot.obstacles import services
user = User.objects.get(username="demo.xa")
case = services.obstacle_create(actor=user, title="Thiếu máy tính cho bộ phận một cửa",
    description="Trung tâm Phục vụ hành chính công thiếu 6 máy tính.", domain="equipment_it", severity="high")
content = open({payload!r}, "rb").read()
services.obstacle_attach(actor=user, obstacle=case,
    upload=SimpleUploadedFile("to-trinh.pdf", content, content_type="application/pdf"))
"""


class Place:
    """A database and an uploads folder that the `thongsuot` CLI is pointed at."""

    def __init__(self, root: Path, database: str):
        self.root, self.database = root, database
        self.media = root / "media"

    @property
    def url(self) -> str:
        if not POSTGRES:
            return f"sqlite:///{self.root / 'db.sqlite3'}"
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.database}"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings",
               "THONGSUOT_VAR_DIR": str(self.root), "THONGSUOT_MEDIA_ROOT": str(self.media),
               "THONGSUOT_DATABASE_URL": self.url,
               # The same audit key as the test process (kept apart from the database, as an operator does).
               "THONGSUOT_AUDIT_KEY": audit_key().decode()}
        env.pop("THONGSUOT_PRODUCTION", None)
        return subprocess.run([sys.executable, "-m", "thongsuot", *args], env=env, capture_output=True,
                              text=True, timeout=300)

    def counts(self) -> dict[str, int]:
        """Return {table: rows} for every table, read without Django."""
        if POSTGRES:
            import psycopg

            with _connect(self.database) as db, db.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                tables = [row[0] for row in cursor.fetchall()]
                return {t: cursor.execute(psycopg.sql.SQL("SELECT COUNT(*) FROM {}").format(
                    psycopg.sql.Identifier(t))).fetchone()[0] for t in tables}
        path = self.root / "db.sqlite3"
        if not path.exists():
            return {}
        db = sqlite3.connect(path)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite_%'")]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            db.close()

    def uploads(self) -> dict[str, bytes]:
        return {p.relative_to(self.media).as_posix(): p.read_bytes() for p in self.media.rglob("*") if p.is_file()}


def _connect(database: str, **options):
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(dbname=database, user=s["USER"], password=s["PASSWORD"], host=s["HOST"] or "127.0.0.1",
                           port=s["PORT"] or 5432, **options)


def _create_database(name: str, template: str | None = None) -> None:
    with _connect("postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def _drop_database(name: str) -> None:
    # Right after a restore, an autovacuum worker (the server's own role, which FORCE may not end
    # for us) can still be in the new database: wait for it a little instead of failing.
    import psycopg

    for attempt in range(20):
        try:
            with _connect("postgres", autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == 19:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="module")
def saved(django_db_setup, django_db_blocker, tmp_path_factory):
    """Back up a copy of the test database with a case and its attachment; yield the archive and the counts."""
    root = tmp_path_factory.mktemp("source")
    test_database = connection.settings_dict["NAME"]
    source = Place(root, f"{test_database}_bk_source")
    with django_db_blocker.unblock():
        if POSTGRES:
            connections.close_all()  # a template database must have no session open
            _create_database(source.database, template=test_database)
        else:
            connection.ensure_connection()
            copy = sqlite3.connect(root / "db.sqlite3")
            connection.connection.backup(copy)
            copy.close()
    payload = root / "payload.pdf"
    payload.write_bytes(PDF + secrets.token_bytes(200_000))
    seeded = source.run("shell", "-c", SEED.format(payload=str(payload)))
    assert seeded.returncode == 0, seeded.stderr
    counts = source.counts()
    (root / "archives").mkdir()
    result = source.run("backup", f"{root / 'archives'}{os.sep}")
    assert result.returncode == 0, result.stderr
    (archive,) = (root / "archives").iterdir()
    yield SimpleNamespace(source=source, archive=archive, counts=counts, output=result.stdout)
    if POSTGRES:
        _drop_database(source.database)


@pytest.fixture
def empty_place(tmp_path):
    """Yield a place with an empty database and no uploads."""
    place = Place(tmp_path / "target", f"{connection.settings_dict['NAME']}_bk_{secrets.token_hex(3)}")
    place.root.mkdir()
    if POSTGRES:
        _create_database(place.database)
    yield place
    if POSTGRES:
        _drop_database(place.database)


def _rewrite(archive: Path, target: Path, change) -> Path:
    """Copy an archive, passing each member's (name, bytes) through `change`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_round_trip_gives_back_every_row_the_audit_chain_and_the_uploads(saved, empty_place):
    """Restoring into an empty database and folder gives equal row counts, an intact chain, identical files."""
    assert "Đã sao lưu vào" in saved.output and "tệp tải lên: 1 tệp" in saved.output

    result = empty_place.run("restore", str(saved.archive))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Khôi phục xong, mọi kiểm tra đều đạt." in result.stdout
    assert "✓ Chuỗi nhật ký toàn vẹn" in result.stdout
    assert "✓ Bảng số liệu hồ sơ khớp với hồ sơ." in result.stdout
    restored = empty_place.counts()
    assert restored == saved.counts
    assert restored["obstacles_attachment"] == 1 and restored["audit_auditevent"] > 0
    verified = empty_place.run("audit-verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{restored['audit_auditevent']} sự kiện trong " in verified.stdout
    uploads = empty_place.uploads()
    assert len(uploads) == 1
    assert uploads == saved.source.uploads()


def test_backup_records_its_run_after_the_dump(saved):
    """The run's row names the archive and its size, and is not inside the archive it describes."""
    manifest = _manifest(saved.archive)
    assert manifest["row_counts"]["ops_backuprun"] == 0
    assert manifest["engine"] == connection.vendor
    assert manifest["audit_head"]["last_event_id"] > 0 and len(manifest["audit_head"]["last_hash"]) == 64
    assert manifest["migrations"]["ops"] == ["0001_backup_runs"]
    if POSTGRES:
        with _connect(saved.source.database) as db:
            runs = db.execute("SELECT ok, path, size_bytes FROM ops_backuprun").fetchall()
    else:
        db = sqlite3.connect(saved.source.root / "db.sqlite3")
        runs = db.execute("SELECT ok, path, size_bytes FROM ops_backuprun").fetchall()
        db.close()
    assert [(bool(ok), path, size) for ok, path, size in runs] == [
        (True, str(saved.archive), saved.archive.stat().st_size)]


def test_restore_refuses_a_database_with_data_unless_forced(saved, empty_place):
    """A second restore over the first is refused without --force, and replaces it with --force."""
    assert empty_place.run("restore", str(saved.archive)).returncode == 0

    refused = empty_place.run("restore", str(saved.archive))

    assert refused.returncode == 1
    assert "Cơ sở dữ liệu đích đang có dữ liệu" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr

    forced = empty_place.run("restore", "--force", str(saved.archive))

    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "Thư mục tệp tải lên cũ được giữ tại" in forced.stdout
    assert empty_place.counts() == saved.counts
    assert empty_place.uploads() == saved.source.uploads()


def test_changed_manifest_counts_fail_the_restore(saved, empty_place, tmp_path):
    """A restore whose rows differ from the manifest says which table and exits non-zero."""
    def more_cases(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["row_counts"]["obstacles_obstacle"] += 1
        return json.dumps(manifest).encode()

    tampered = _rewrite(saved.archive, tmp_path / "tampered.tar.gz", more_cases)

    result = empty_place.run("restore", str(tampered))

    assert result.returncode == 1
    assert "✗ Số dòng lệch bản kê ở 1 bảng" in result.stdout and "obstacles_obstacle" in result.stdout
    assert "kiểm tra không đạt" in result.stderr


def test_a_corrupted_dump_is_refused_before_anything_changes(saved, empty_place, tmp_path):
    """A dump whose bytes changed fails its checksum; the target database stays empty."""
    def corrupt(name, data):
        if not name.startswith("database."):
            return data
        middle = len(data) // 2
        return data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) + data[middle + 64:]

    corrupted = _rewrite(saved.archive, tmp_path / "corrupted.tar.gz", corrupt)

    result = empty_place.run("restore", str(corrupted))

    assert result.returncode == 1
    assert "không khớp mã kiểm tra SHA-256" in result.stderr and "Traceback" not in result.stderr
    assert not any(empty_place.counts().values())
    assert empty_place.uploads() == {}


def test_an_archive_from_a_newer_version_is_refused(saved, empty_place, tmp_path):
    """Migrations the code does not have mean the archive is newer: say so, restore nothing."""
    def from_the_future(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["obstacles"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    newer = _rewrite(saved.archive, tmp_path / "newer.tar.gz", from_the_future)

    result = empty_place.run("restore", str(newer))

    assert result.returncode == 1
    assert "mới hơn mã đang chạy" in result.stderr and "obstacles.9999_from_the_future" in result.stderr
    assert not any(empty_place.counts().values())


def test_what_is_not_our_archive_is_named(tmp_path):
    """A missing file, a file that is not a tar and a tar without a manifest each get their sentence."""
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"))
    text = tmp_path / "ghi-chu.tar.gz"
    text.write_text("không phải tệp nén")
    with pytest.raises(CommandError, match="không phải là tệp sao lưu của Thông Suốt .không đọc được dạng tar"):
        call_command("restore", str(text))
    bare = tmp_path / "khac.tar"
    with tarfile.open(bare, "w") as tar:
        info = tarfile.TarInfo("database.sqlite3")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="thiếu manifest.json"):
        call_command("restore", str(bare))


@pytest.mark.django_db
def test_a_failed_backup_is_recorded_and_leaves_no_file(monkeypatch, tmp_path):
    """A dump that fails writes a failed run with its reason and no archive."""
    from thongsuot.ops import services
    from thongsuot.ops.backup import BackupError
    from thongsuot.ops.models import BackupRun

    def fail(directory):
        raise BackupError("pg_dump báo lỗi: server closed the connection unexpectedly")

    monkeypatch.setattr(services.database, "dump", fail)

    with pytest.raises(CommandError, match="pg_dump báo lỗi"):
        call_command("backup", str(tmp_path / "thongsuot.tar.gz"))

    run = BackupRun.objects.get()
    assert (run.ok, run.error) == (False, "pg_dump báo lỗi: server closed the connection unexpectedly")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not POSTGRES, reason="pg_dump chỉ dùng với PostgreSQL.")
@pytest.mark.django_db
def test_a_missing_pg_dump_is_named(monkeypatch, tmp_path):
    """Without pg_dump on the PATH the backup says which package to install."""
    from thongsuot.ops.backup import database

    monkeypatch.setattr(database.shutil, "which", lambda name: None)

    with pytest.raises(CommandError, match="Không tìm thấy chương trình pg_dump.*postgresql-client"):
        call_command("backup", str(tmp_path))
