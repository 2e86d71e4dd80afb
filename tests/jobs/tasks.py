"""Tasks for the tests of the task queue (module level, as django-tasks requires)."""

import time

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django_tasks import task

from thongsuot.core.errors import DomainError
from thongsuot.jobs.models import Job
from thongsuot.jobs.services import job_finish, job_progress, job_running


@task(queue_name="imports")
def count_rows(job_id: int, rows: int) -> dict:
    with job_running(job_id) as job:
        for done in range(1, rows + 1):
            job_progress(job, done, rows)
        job_finish(job, result={"Số dòng": rows}, message=f"Đã xử lý {rows} dòng.")
        return job.result


@task()
def breaks(job_id: int) -> None:
    with job_running(job_id):
        raise ZeroDivisionError("secret internals /srv/thongsuot/app.py line 42")


@task()
def refuses(job_id: int) -> None:
    with job_running(job_id):
        raise DomainError("Dòng 7: ngày sinh 31/02/1990 không có thật.")


@task(queue_name="imports")
def sleepy(job_id: int, steps: int) -> None:
    """A slow job, for killing a worker in the middle of one (docs/decisions.md, record 28)."""
    with job_running(job_id) as job:
        for done in range(1, steps + 1):
            time.sleep(0.5)
            job_progress(job, done, steps)


@task(queue_name="imports")
def in_one_transaction(job_id: int) -> None:
    """Report progress from inside the task's own transaction; record what another connection saw."""
    with job_running(job_id) as job, transaction.atomic():
        job_progress(job, 3, 10)
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute(f"SELECT done FROM {Job._meta.db_table} WHERE id = %s", [job.pk])
                seen = cursor.fetchone()[0]
        finally:
            other.close()
        job.result = {"seen_by_another_connection": seen}
