"""Start a background job, report its progress from inside the task, end it.

A task that does work for a user is a django-tasks task whose first argument is the job's id:

    @task(queue_name="imports")
    def staff_import(job_id: int, upload: str) -> dict:
        with job_running(job_id) as job:
            for done, row in enumerate(rows, 1):
                ...
                job_progress(job, done, len(rows))
            return job_finish(job, result={"created": n}, message="Đã nhập 200 cán bộ.").result

and a view starts it with `job_start(request.user, Kind.IMPORT, staff_import, title=…, upload=path)`.
`job_running` marks the job running, and on any exception marks it failed (a `DomainError` keeps its
Vietnamese message; anything else gets a general one, the traceback goes to the log) and re-raises,
so the task's own result is failed too.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from thongsuot.accounts.models import Role
from thongsuot.accounts.permissions import scope_of
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.jobs.models import Job, Kind, Status
from thongsuot.notifications.services import notify_agency

logger = logging.getLogger(__name__)

#: At most one progress write per job this often (seconds); the page polls every 2 s.
PROGRESS_INTERVAL = 1.0

UNEXPECTED = gettext_noop("Công việc gặp lỗi ngoài dự kiến và đã dừng; dữ liệu chưa được thay đổi dở dang. "
                          "Lỗi đã được ghi lại cho bộ phận kỹ thuật (mã công việc %(id)s). Vui lòng thử lại sau.")
INTERRUPTED = gettext_noop("Bộ xử lý công việc nền đã dừng đột ngột khi công việc đang chạy (máy chủ khởi động lại "
                           "hoặc tiến trình bị dừng). Công việc được đánh dấu không thành công; vui lòng chạy lại.")


@transaction.atomic
def job_start(actor, kind: str, task, *, title: str = "", **task_kwargs) -> Job:
    """Record a job for `actor` and enqueue `task(job_id=…, **task_kwargs)` in the same transaction.

    With the database backend the queued task is a row written in this transaction: the job and
    its task are committed together or not at all, and a worker sees neither before commit.
    """
    scope = scope_of(actor)
    if scope is None:
        raise Forbidden("Tài khoản chưa thuộc cơ quan nào nên không thể bắt đầu công việc nền.")
    job = Job.objects.create(user=actor, agency=scope.agency, province_id=scope.province_id,
                             commune_id=scope.commune_id, kind=kind, title=(title or Kind(kind).label)[:200])
    result = task.enqueue(job_id=job.pk, **task_kwargs)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def job_begin(job: Job) -> Job:
    """Mark the job running (called by `job_running` when the worker picks the task up)."""
    job.status, job.started_at = Status.RUNNING, timezone.now()
    job._atomic_depth = len(connection.atomic_blocks)   # deeper than this is the task's own transaction
    Job.objects.filter(pk=job.pk).update(status=job.status, started_at=job.started_at, updated_at=job.started_at)
    return job


def job_progress(job: Job, done: int, total: int) -> bool:
    """Record that `done` of `total` items are processed; return whether it was written.

    Throttled: at most one write per `PROGRESS_INTERVAL` second per job (and always the last one),
    so a loop over 100,000 rows may call it for every row. The write is the job row's alone and
    is committed at once, whether or not the task is inside a transaction of its own: on
    PostgreSQL through a second connection; on SQLite, whose single writer the task's transaction
    holds, it is kept in memory and written when the job ends.
    """
    total = max(0, int(total))
    done = max(0, min(int(done), total)) if total else max(0, int(done))
    job.done, job.total = done, total
    now = time.monotonic()
    last = getattr(job, "_progress_written_at", None)
    if last is not None and now - last < PROGRESS_INTERVAL and not (total and done >= total):
        return False
    written = _write_progress(job)
    if written:
        job._progress_written_at = now
    return written


def _write_progress(job: Job) -> bool:
    stamp = timezone.now()
    if getattr(job, "_atomic_depth", None) is None:
        job._atomic_depth = len(connection.atomic_blocks)
    if len(connection.atomic_blocks) <= job._atomic_depth:
        Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, updated_at=stamp)
        return True
    if connection.vendor != "postgresql":
        return False
    side = getattr(job, "_progress_connection", None)
    if side is None:
        side = job._progress_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(Job._meta.db_table)
    with side.cursor() as cursor:      # autocommit: visible to the page at once
        cursor.execute(f"UPDATE {table} SET done = %s, total = %s, updated_at = %s WHERE id = %s",
                       [job.done, job.total, stamp, job.pk])
    return True


def _close_progress_connection(job: Job) -> None:
    side = getattr(job, "_progress_connection", None)
    if side is not None:
        side.close()
        job._progress_connection = None


@transaction.atomic
def job_finish(job: Job, *, result: dict | None = None, message: str = "") -> Job:
    """Mark the job done with its result summary, and notify its starter."""
    _close_progress_connection(job)
    job.status, job.finished_at = Status.DONE, timezone.now()
    if job.total:
        job.done = job.total
    job.result = result if result is not None else job.result
    job.message = message
    job.save(update_fields=["status", "finished_at", "done", "total", "result", "message", "updated_at"])
    _notify_starter(job, gettext_noop("Công việc “%(title)s” đã xong"))
    return job


@transaction.atomic
def job_fail(job: Job, *, message: str) -> Job:
    """Mark the job failed with a message for the user (Vietnamese, never a traceback); notify its starter."""
    _close_progress_connection(job)
    job.status, job.finished_at, job.message = Status.FAILED, timezone.now(), message
    job.save(update_fields=["status", "finished_at", "done", "total", "message", "updated_at"])
    _notify_starter(job, gettext_noop("Công việc “%(title)s” không thành công"))
    return job


def _notify_starter(job: Job, title: str) -> None:
    # The page has the message; a body here would be formatted with the params (a stray "%").
    notify_agency(agency=job.agency, title=title, params={"title": job.title},
                  url=job.get_absolute_url(), key=f"job:{job.pk}:{job.status}", user=job.user,
                  roles=tuple(Role.values))


@contextmanager
def job_running(job_id: int):
    """Run the body as the job `job_id`: running on entry, failed on an exception (re-raised),
    done on a normal exit unless the body ended it itself."""
    job = Job.objects.select_related("agency").get(pk=job_id)
    if not job.is_active:
        raise DomainError(f"Công việc {job_id} đã kết thúc ({job.get_status_display()}); không chạy lại.")
    job_begin(job)
    try:
        yield job
    except DomainError as exc:
        job_fail(job, message=exc.message)
        raise
    except BaseException:
        logger.exception("Background job %s (%s, %s) failed", job.pk, job.kind, job.title)
        job_fail(job, message=UNEXPECTED % {"id": job.pk})
        raise
    else:
        if job.status == Status.RUNNING:
            job_finish(job, result=job.result)
    finally:
        _close_progress_connection(job)
