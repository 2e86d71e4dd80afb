"""Tasks for the tests of the task queue (module level, as django-tasks requires)."""

from django_tasks import task

from thongsuot.core.errors import DomainError
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
