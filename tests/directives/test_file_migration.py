"""The data migration that moves each record's single file into an Attachment, and back.

It runs in a child process on a fresh SQLite file: migrating the test database back and
forth inside a test would either break the transaction it runs in or wipe the units and
personas the other tests share.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json
from datetime import date, datetime, timezone
from pathlib import Path

import django

django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("directives", "0003_task_links")
call_command("migrate", *BEFORE, verbosity=0)
apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
User = apps.get_model("accounts", "User")
Agency = apps.get_model("accounts", "Agency")
Province = apps.get_model("geo", "Province")
Directive = apps.get_model("directives", "Directive")
Task = apps.get_model("directives", "Task")
Assignment = apps.get_model("directives", "Assignment")
ProgressReport = apps.get_model("directives", "ProgressReport")

root = Path(settings.PRIVATE_MEDIA_ROOT)
(root / "directives/2025/11").mkdir(parents=True)
(root / "directives/2025/11/aaa.pdf").write_bytes(b"%PDF-1.4 letter")
(root / "directives/2025/11/bbb.png").write_bytes(b"\x89PNG report photo")

user = User.objects.create(username="u", password="!")
agency = Agency.objects.create(code="BCD", name="Ban Chỉ đạo", level="central", search_key="bcd")
province = Province.objects.create(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", kind="thanh_pho",
                                   search_key="ha noi")
signed = datetime(2025, 11, 23, 8, 0, tzinfo=timezone.utc)
with_file = Directive.objects.create(number="1/CĐ", issued_on=date(2025, 11, 23), issuer=agency, signer_name="A",
                                     signer_title="B", title="Có tệp", created_by=user, search_key="x",
                                     file="directives/2025/11/aaa.pdf", file_name="Công điện 24.pdf")
Directive.objects.filter(pk=with_file.pk).update(created_at=signed)
Directive.objects.create(number="2/CĐ", issued_on=date(2025, 11, 23), issuer=agency, signer_name="A",
                         signer_title="B", title="Không tệp", created_by=user, search_key="y")
task = Task.objects.create(directive=with_file, title="T", deadline=date(2025, 12, 31))
assignment = Assignment.objects.create(task=task, directive=with_file, agency=agency, province=province,
                                       deadline=date(2025, 12, 31), assigned_by=user)
report = ProgressReport.objects.create(assignment=assignment, province=province, period_start=date(2025, 11, 24),
                                       period_end=date(2025, 11, 30), narrative="n", progress=10, submitted_by=user,
                                       file="directives/2025/11/bbb.png", file_name="")

call_command("migrate", "directives", verbosity=0)
forwards = [list(row) for row in connection.cursor().execute(
    "SELECT directive_id, report_id, file, name, mime, size, uploaded_by_id, created_at FROM directives_attachment "
    "ORDER BY id").fetchall()]
columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), "directives_directive")}

call_command("migrate", "directives", "0004", verbosity=0)
back = [list(row) for row in connection.cursor().execute(
    "SELECT id, file, file_name FROM directives_directive ORDER BY id").fetchall()]
back += [list(row) for row in connection.cursor().execute(
    "SELECT id, file, file_name FROM directives_progressreport").fetchall()]
print(json.dumps({"ids": [with_file.pk, report.pk, user.pk], "forwards": forwards, "file_column": "file" in columns,
                  "back": back}, default=str))
"""


def test_single_files_move_into_attachments_and_back(tmp_path):
    env = {**os.environ, "THONGSUOT_DATABASE_URL": f"sqlite:///{tmp_path / 'migration.sqlite3'}",
           "THONGSUOT_MEDIA_ROOT": str(tmp_path / "media"), "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    directive_id, report_id, user_id = result["ids"]
    assert result["file_column"] is False       # the single-file columns are gone
    letter, photo = result["forwards"]
    assert letter[:7] == [directive_id, None, "directives/2025/11/aaa.pdf", "Công điện 24.pdf", "application/pdf",
                          15, user_id]
    assert letter[7].startswith("2025-11-23 08:00")          # keeps the directive's time
    # No name was kept for the report's file: the stored file's own name stands in.
    assert photo[:7] == [None, report_id, "directives/2025/11/bbb.png", "bbb.png", "image/png", 17, user_id]
    assert result["back"] == [[directive_id, "directives/2025/11/aaa.pdf", "Công điện 24.pdf"],
                              [directive_id + 1, "", ""],
                              [report_id, "directives/2025/11/bbb.png", "bbb.png"]]
