"""The platform's health, as a load balancer and a monitoring system ask for it (`GET /healthz`).

Two kinds of problem, because a load balancer acts on the status code of every web node alike:

- **error** (503): this node cannot serve — the database does not answer, or the code expects
  migrations the database lacks. Taking the node out of rotation is the right response.
- **warning** (still 200, status "degraded"): the platform serves but something needs a person —
  no recent backup, mail piling up. These are the same on every node (they are read from the
  shared database), so a 503 would take *every* node out and turn a missed backup into an outage.
  Monitoring reads the `problems` list instead.

Messages are Vietnamese for the province's IT team whatever the request's language (a probe has
none); each carries a stable English `code` for machines.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from thongsuot.core.db import replica_aliases, replica_report
from thongsuot.notifications.selectors import outbox_backlog
from thongsuot.ops import selectors

ERROR = "error"
WARNING = "warning"

#: How long a node trusts its last "all migrations applied" answer. Only a success is kept: a
#: node waiting for `migrate` rejoins on the next probe after it, not a minute later.
MIGRATIONS_CACHE_SECONDS = 60


@dataclass
class Problem:
    code: str
    severity: str
    message: str


@dataclass
class Report:
    checks: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        """Return "error", "degraded" or "ok"."""
        severities = {problem.severity for problem in self.problems}
        if ERROR in severities:
            return "error"
        return "degraded" if WARNING in severities else "ok"

    @property
    def http_status(self) -> int:
        return 503 if self.status == "error" else 200

    def as_dict(self) -> dict:
        return {"status": self.status, "checks": self.checks,
                "problems": [asdict(problem) for problem in self.problems]}


def check_database(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run the cheapest statement there is; raise django.db.Error when the database does not answer."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


_leaves: set[tuple[str, str]] = set()
_applied_until: dict[str, float] = {}
_lock = threading.Lock()


def _leaf_migrations() -> set[tuple[str, str]]:
    # The migration files belong to the code this process runs, so the graph is read once per process.
    with _lock:
        if not _leaves:
            _leaves.update(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
        return _leaves


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Return the newest migration of each app that the database has not recorded ("app.name")."""
    if _applied_until.get(using, 0.0) > time.monotonic():
        return []
    leaves = _leaf_migrations()
    # No has_table() first: that is a catalogue query on every probe. A missing table raises, and
    # health() reports it as a failed check.
    applied = set(MigrationRecorder(connections[using]).migration_qs.filter(name__in={name for _, name in leaves})
                  .values_list("app", "name"))
    missing = sorted(f"{app}.{name}" for app, name in leaves - applied)
    if not missing:
        _applied_until[using] = time.monotonic() + MIGRATIONS_CACHE_SECONDS
    return missing


def forget_migrations_cache() -> None:
    """Drop what this process remembers about the migration graph (for tests)."""
    with _lock:
        _leaves.clear()
        _applied_until.clear()


def health() -> Report:
    """Check the database, migrations, mail outbox and backups; return what a probe should see."""
    report = Report()
    try:
        check_database()
    except Error:
        report.checks["database"] = {"ok": False}
        report.problems.append(Problem("database_unavailable", ERROR,
                                       "Không kết nối được cơ sở dữ liệu."))
        return report  # every other check reads the database too
    report.checks["database"] = {"ok": True}

    try:
        missing = unapplied_migrations()
        backlog = outbox_backlog()
        backup = selectors.last_backup()
    except Error:
        # Connected, but a table is missing or a query failed: the schema does not match the code.
        report.checks["migrations"] = {"ok": False}
        report.problems.append(Problem("database_query_failed", ERROR,
                                       "Cơ sở dữ liệu trả lời nhưng truy vấn kiểm tra bị lỗi; "
                                       "có thể chưa chạy `thongsuot migrate`."))
        return report

    report.checks["migrations"] = {"ok": not missing, "unapplied": len(missing)}
    if missing:
        report.problems.append(Problem("migrations_pending", ERROR,
                                       f"Còn {len(missing)} ứng dụng chưa cập nhật cấu trúc cơ sở dữ liệu; "
                                       "hãy chạy `thongsuot migrate`."))

    max_due = settings.HEALTH_MAX_OUTBOX_BACKLOG
    max_wait = settings.HEALTH_MAX_OUTBOX_AGE_MINUTES
    backlog_ok = backlog["due"] <= max_due and (backlog["oldest_age_minutes"] or 0) <= max_wait
    report.checks["outbox"] = {"ok": backlog_ok, **backlog}
    if backlog["due"] > max_due:
        report.problems.append(Problem("outbox_backlog", WARNING,
                                       f"Có {backlog['due']} thư điện tử đến hạn mà chưa gửi "
                                       f"(ngưỡng {max_due})."))
    if (backlog["oldest_age_minutes"] or 0) > max_wait:
        report.problems.append(Problem("outbox_stale", WARNING,
                                       f"Thư điện tử chờ gửi lâu nhất đã chờ {backlog['oldest_age_minutes']:.0f} phút "
                                       f"(ngưỡng {max_wait} phút); hãy kiểm tra máy chủ thư và dịch vụ "
                                       "thongsuot-mail."))

    # Streaming replicas (core/db.py): one that lags or is down is skipped, so the platform serves
    # from the primary — a warning for the IT team, not a reason to take this node out.
    if replica_aliases():
        replicas = replica_report()
        report.checks["replicas"] = replicas
        for alias, state in replicas.items():
            if state["lag_seconds"] is None:
                report.problems.append(Problem("replica_unavailable", WARNING,
                                               f"Bản sao {alias} không trả lời; các trang tổng hợp đọc từ máy chính."))
            elif not state["ok"]:
                report.problems.append(Problem("replica_lagging", WARNING,
                                               f"Bản sao {alias} chậm {state['lag_seconds']:.0f} giây "
                                               f"(ngưỡng {settings.REPLICA_MAX_LAG_SECONDS} giây); "
                                               "các trang tổng hợp đọc từ máy chính."))

    max_age = timedelta(hours=settings.HEALTH_MAX_BACKUP_AGE_HOURS)
    if backup is None:
        report.checks["backup"] = {"ok": False, "age_hours": None}
        report.problems.append(Problem("backup_missing", WARNING, "Chưa có lần sao lưu nào thành công."))
    else:
        age = timezone.now() - backup.finished_at
        report.checks["backup"] = {"ok": age <= max_age, "age_hours": round(age.total_seconds() / 3600, 1)}
        if age > max_age:
            report.problems.append(Problem("backup_stale", WARNING,
                                           f"Lần sao lưu thành công gần nhất cách đây "
                                           f"{age.total_seconds() / 3600:.0f} giờ "
                                           f"(ngưỡng {settings.HEALTH_MAX_BACKUP_AGE_HOURS} giờ)."))
    return report
