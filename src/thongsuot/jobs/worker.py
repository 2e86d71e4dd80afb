"""The worker side of the task queue: who a worker is, what to do about tasks a dead worker left.

django-tasks' database backend (`django_tasks_db`) marks a task RUNNING when a worker claims it and
SUCCESSFUL or FAILED when the task returns. A worker killed mid-task (SIGKILL, power cut, OOM)
leaves the row RUNNING for ever: the backend neither retries it nor marks it failed. So each worker
is named `<host>:<pid>:<random>`, and `thongsuot worker` first looks for RUNNING tasks of a worker on
this host whose process is gone: the task is marked failed and its job failed with a clear message
(`INTERRUPTED`); the user runs it again. Nothing is retried automatically: an import that was
killed rolled back its transaction, and running it twice without the user's say is not safe
for every task. Tasks of workers on other hosts are left to those hosts' workers.
"""

from __future__ import annotations

import logging
import os
import socket

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from thongsuot.jobs.models import Job, Status
from thongsuot.jobs.services import INTERRUPTED, job_fail

logger = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """Stored as the task's error when its worker died while running it."""


def host_name() -> str:
    return socket.gethostname()[:40].replace(":", "-")


def worker_id() -> str:
    """Return a name for this worker process: host, process id, a random tail (at most 64 characters)."""
    return f"{host_name()}:{os.getpid()}:{get_random_string(8)}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:        # someone else's process: alive
        return True
    return True


def recover_interrupted(*, host: str | None = None) -> int:
    """Fail the tasks (and their jobs) that a dead worker of this host left running; return how many."""
    host = host or host_name()
    recovered = 0
    for result in DBTaskResult.objects.filter(status="RUNNING"):
        last = (result.worker_ids or [""])[-1]
        parts = last.rsplit(":", 2)
        if len(parts) != 3 or parts[0] != host or not parts[1].isdigit() or _alive(int(parts[1])):
            continue
        result.set_failed(WorkerStopped(f"worker {last} stopped while running this task"))
        for job in Job.objects.select_related("agency").filter(task_id=str(result.id),
                                                               status__in=[Status.QUEUED, Status.RUNNING]):
            job_fail(job, message=INTERRUPTED)
        logger.warning("Task %s (%s) was left running by the dead worker %s: marked failed",
                       result.id, result.task_path, last)
        recovered += 1
    return recovered


def run_ready(*, queue_names: tuple[str, ...] = ("*",), backend_name: str = "default") -> int:
    """Run every ready task now, in this process and thread, as a worker would; return how many ran.

    The tests run the queue this way, deterministically, at the point they choose (decisions record).
    """
    worker = Worker(queue_names=list(queue_names), interval=0, batch=True, backend_name=backend_name,
                    startup_delay=False, max_tasks=None, worker_id=worker_id())
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name=backend_name)
        if "*" not in queue_names:
            ready = ready.filter(queue_name__in=queue_names)
        result = ready.first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
