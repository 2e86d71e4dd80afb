"""The facilities app's background work on the task queue."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from thongsuot.facilities.services.import_flow import facilities_import, import_kind, import_upload_path
from thongsuot.jobs.services import job_finish, job_progress, job_running


@task(queue_name="imports")
def facilities_import_task(job_id: int, registry: str, token: str, filename: str = "", only_valid: bool = False) -> dict:
    """Import a stored upload of one registry as the job's starter; the job shows the progress and the counts."""
    with job_running(job_id) as job:
        path = import_upload_path(actor=job.user, token=token)
        if path is None:
            job_finish(job, result={}, message=_("Không còn tệp đã tải lên; hãy tải lên lại."))
            return {}
        counts = facilities_import(actor=job.user, kind=import_kind(registry), path=path, filename=filename,
                                   only_valid=only_valid, progress=lambda done, total: job_progress(job, done, total))
        message = _("Đã nhập: %(created)d thêm mới, %(updated)d cập nhật, %(unchanged)d không đổi, "
                    "%(error)d dòng lỗi bỏ qua.") % counts
        return job_finish(job, result=counts, message=message).result
