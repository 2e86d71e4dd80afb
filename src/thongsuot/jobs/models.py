"""A long piece of work run by the task queue on someone's behalf: an import, a report, an export."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import OnBehalfOfAgency


class Status(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class Kind(models.TextChoices):
    IMPORT = "import", _("Nhập dữ liệu")
    EXPORT = "export", _("Xuất dữ liệu")
    REPORT = "report", _("Lập báo cáo")


class Job(OnBehalfOfAgency):
    """What a user's page shows of a background task: its state and progress, stored so that it
    survives a reload and the user may leave (they are notified when it ends).

    The territory is the starter's agency's, stored on the row (decisions record 1): the people who
    may see that territory may follow the job too.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("người bắt đầu"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên công việc"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    #: For the user, in Vietnamese: what is happening, what went wrong. Never a traceback (that is logged).
    message = models.TextField(_("thông điệp"), blank=True)
    #: What the task reported when it ended: counts, a file to download, errors by row.
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    #: The django-tasks result id (the DBTaskResult row the worker runs).
    task_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = _("công việc chạy nền")
        indexes = [models.Index(fields=["user", "-id"], name="job_user_idx"),
                   models.Index(fields=["province", "status"], name="job_province_status_idx"),
                   models.Index(fields=["status"], name="job_status_idx")]
        constraints = [models.CheckConstraint(name="job_done_within_total",
                                              condition=models.Q(total=0) | models.Q(done__lte=models.F("total")))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == Status.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (Status.QUEUED, Status.RUNNING)
