"""The import's background work on the task queue (queue "imports")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from thongsuot.imports.services import import_file, import_upload_path
from thongsuot.jobs.services import job_finish, job_progress, job_running


@task(queue_name="imports")
def import_task(job_id: int, registry: str, token: str, filename: str = "", only_valid: bool = False,
                answers: dict | None = None) -> dict:
    """Import a stored upload as the job's starter; the job shows the progress and the counts."""
    with job_running(job_id) as job:
        if import_upload_path(actor=job.user, token=token) is None:
            job_finish(job, result={}, message=_("Không còn tệp đã tải lên; hãy tải lên lại."))
            return {}
        run = import_file(actor=job.user, slug=registry, token=token, filename=filename, only_valid=only_valid,
                          answers=answers, progress=lambda done, total: job_progress(job, done, total))
        counts = {"created": run.created, "updated": run.updated, "unchanged": run.unchanged, "error": run.errors,
                  "import_run": run.pk}
        message = _("Đã nhập: %(created)d thêm mới, %(updated)d cập nhật, %(unchanged)d không đổi, "
                    "%(error)d dòng lỗi bỏ qua.") % counts
        return job_finish(job, result=counts, message=message).result
