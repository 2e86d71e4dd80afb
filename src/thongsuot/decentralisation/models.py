"""Tasks decentralised to communes, and each commune's state in carrying them out."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.resubmission import SubmissionKeyModel, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.uploads import PrivatePath, private_storage
from thongsuot.core.vocabulary import Sector
from thongsuot.geo.models import CommuneTerritorial


class TaskState(models.TextChoices):
    IMPLEMENTED = "implemented", _("Đã thực hiện")
    DIFFICULT = "difficult", pgettext_lazy("task state", "Khó khăn, vướng mắc")
    CANNOT_IMPLEMENT = "cannot_implement", _("Không thể thực hiện")
    PROPOSAL = "proposal", _("Kiến nghị, đề xuất")


class DifficultyCause(models.TextChoices):
    NONE = "", _("—")
    INTERPRETATION = "interpretation", _("Cách hiểu khác nhau")
    PROCEDURE = "procedure", _("Trình tự, thủ tục")
    TTHC = "tthc", _("Thủ tục hành chính")


class DecentralisedTask(SearchKeyed, models.Model):
    """One task handed to the commune level by a law, decree or circular."""

    code = models.CharField(_("mã nhiệm vụ"), max_length=20, unique=True)
    name = models.CharField(_("tên nhiệm vụ"), max_length=400)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    sector = models.CharField(_("lĩnh vực"), max_length=32, choices=Sector.choices)
    owning_ministry = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("bộ, ngành chủ trì"))
    guidance_issued = models.BooleanField(_("đã có văn bản hướng dẫn"), default=False)
    guidance_document = models.CharField(_("văn bản hướng dẫn"), max_length=200, blank=True)
    #: True for the demo catalogue, which is illustrative and not the official list.
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_key = models.CharField(max_length=500, editable=False, default="")
    search_fields = ('code', 'name', 'legal_basis')

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = _("nhiệm vụ phân cấp")
        constraints = [
            models.CheckConstraint(name="task_guidance_document_when_issued",
                                   condition=models.Q(guidance_issued=False) | ~models.Q(guidance_document="")),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def get_absolute_url(self):
        return reverse("decentralisation:task", args=[self.code])


class CommuneTaskState(CommuneTerritorial):
    """Where one commune stands with one decentralised task."""

    task = models.ForeignKey(DecentralisedTask, on_delete=models.PROTECT, related_name="states")
    state = models.CharField(_("tình trạng"), max_length=20, choices=TaskState.choices)
    cause = models.CharField(_("nguyên nhân khó khăn"), max_length=20, choices=DifficultyCause.choices, blank=True)
    note = models.TextField(_("ghi chú, kiến nghị"), blank=True)
    #: The case opened when the task was marked difficult or impossible.
    obstacle = models.ForeignKey("obstacles.Obstacle", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="task_states")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = verbose_name_plural = _("tình hình thực hiện nhiệm vụ phân cấp")
        constraints = [
            models.UniqueConstraint(fields=["task", "commune"], name="task_state_one_per_commune"),
            models.CheckConstraint(name="task_state_cause_only_when_difficult",
                                   condition=models.Q(state="difficult") | models.Q(cause="")),
        ]
        indexes = [models.Index(fields=["province", "task", "state"], name="task_state_province_idx")]

    def __str__(self):
        return f"{self.task.code} · {self.commune} · {self.get_state_display()}"


#: The states in which a commune reports trouble with a task (the ones that open a case).
TROUBLE_STATES = (TaskState.DIFFICULT, TaskState.CANNOT_IMPLEMENT)


class TaskGuidance(SubmissionKeyModel):
    """A guidance document a ministry issued for one of its tasks (several per task): number and
    symbol, date, excerpt and the document's file, shown on the task to everyone who sees it."""

    task = models.ForeignKey(DecentralisedTask, on_delete=models.CASCADE, related_name="guidance")
    ministry = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("bộ, ngành ban hành"))
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    signed_on = models.DateField(_("ngày ban hành"))
    excerpt = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(storage=private_storage, upload_to=PrivatePath("decentralisation/guidance"),
                            max_length=200, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    mime = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = verbose_name_plural = _("văn bản hướng dẫn nhiệm vụ phân cấp")
        constraints = [
            submission_key_unique("decentralisation_taskguidance_submission_key_unique", "created_by"),
            models.UniqueConstraint(fields=["task", "ministry", "number"], name="task_guidance_number_unique"),
        ]

    def __str__(self):
        return f"{self.number} — {self.excerpt[:60]}"
