"""Directives flow down (national → province → commune); progress reports flow back up.

Only facts are stored: each assignment's own progress and each report's own figures.
A province's progress on a task and the national figure are always computed from
them (see `rollup.py`), never kept in a second place.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.calendar import next_working_day
from thongsuot.core.resubmission import SubmissionKeyModel, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.uploads import PrivatePath, private_storage
from thongsuot.core.versioning import VersionedModel
from thongsuot.core.vocabulary import Domain
from thongsuot.geo.models import Territorial


class Urgency(models.TextChoices):
    NORMAL = "thuong", _("Thường")
    URGENT = "khan", _("Khẩn")
    VERY_URGENT = "thuong_khan", _("Thượng khẩn")
    EXPRESS = "hoa_toc", _("Hỏa tốc")


class Directive(SearchKeyed, VersionedModel, SubmissionKeyModel):
    """A directing document (công điện, công văn, chỉ thị) issued by a national or provincial body."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    #: The number and symbol after "Số:", e.g. "15/CĐ-BCĐ".
    number = models.CharField(_("số, ký hiệu"), max_length=40)
    issued_on = models.DateField(_("ngày ban hành"))
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    issuer = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="directives_issued",
                               verbose_name=_("cơ quan ban hành"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    title = models.CharField(_("trích yếu"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    text = models.TextField(_("toàn văn"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    #: The issuer's territory: null for a national directive, the province for a provincial one.
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=pgettext_lazy("singular", "tỉnh, thành phố"))
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    search_fields = ('number', 'title', 'signer_name')

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = verbose_name_plural = _("văn bản chỉ đạo")
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="directive_number_unique"),
                       submission_key_unique("directives_directive_submission_key_unique", "created_by")]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return f"Số: {self.number} — {self.title}"

    def get_absolute_url(self):
        return reverse("directives:detail", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    @property
    def urgency_badge(self) -> str:
        return {Urgency.NORMAL: "muted", Urgency.URGENT: "warn"}.get(self.urgency, "bad")


class Task(models.Model):
    """One thing a directive asks for, with its deadline and the figures expected back."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    domain = models.CharField(_("lĩnh vực"), max_length=20, choices=Domain.choices, default=Domain.OTHER)
    description = models.TextField(_("nội dung"), blank=True)
    deadline = models.DateField(_("thời hạn"))
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="tasks_led", verbose_name=_("cơ quan chủ trì"))
    coordinating_agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="tasks_coordinated",
                                                   verbose_name=_("cơ quan phối hợp"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: Raised by each edit; an edit made from an older copy of the page is refused (StaleVersion).
    version = models.PositiveIntegerField(default=1, editable=False)
    #: Set when the issuer takes back a task of an issued directive: its assignments and reports are
    #: kept for the record, but it leaves every to-do list, matrix, roll-up and reminder.
    withdrawn_at = models.DateTimeField(_("ngày rút"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", editable=False)
    withdrawal_reason = models.TextField(_("lý do rút"), blank=True, editable=False)

    class Meta:
        ordering = ["directive", "position", "id"]
        verbose_name = verbose_name_plural = _("nhiệm vụ")
        constraints = [models.CheckConstraint(
            name="task_withdrawal_has_reason",
            condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""))]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("directives:task", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Figure(models.Model):
    """A figure a task expects back in each report, e.g. “Số công chức CNTT còn thiếu” (người)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("chỉ tiêu"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=40)

    class Meta:
        ordering = ["task", "position", "id"]
        verbose_name = verbose_name_plural = _("chỉ tiêu báo cáo")

    def __str__(self):
        return f"{self.name} ({self.unit})"


class Assignment(Territorial):
    """A task given to one agency: a province (from a national directive) or a commune."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="assignments",
                               verbose_name=_("cơ quan thực hiện"))
    #: The province's assignment this commune assignment was passed on from.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    deadline = models.DateField(_("thời hạn"))
    state = models.CharField(_("tình trạng"), max_length=12, choices=State.choices, default=State.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["province__code", "commune__code"]
        verbose_name = verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="assignment_once_per_agency"),
            models.CheckConstraint(name="assignment_progress_range", condition=models.Q(progress__lte=100)),
            models.CheckConstraint(name="assignment_done_is_complete",
                                   condition=~models.Q(state="done") | models.Q(progress=100)),
        ]
        # Covering indexes for the matrices: the national one groups by (province, task), the
        # drill-down by (commune, task) within a province; neither reads the table itself.
        indexes = [models.Index(fields=["directive", "province", "task", "state", "deadline", "progress"],
                                name="assignment_matrix_idx"),
                   models.Index(fields=["directive", "province", "commune", "task", "state", "deadline", "progress"],
                                name="assignment_drill_idx"),
                   models.Index(fields=["agency", "state"], name="assignment_agency_state_idx")]

    def __str__(self):
        return f"{self.task.title} — {self.agency.name}"

    def get_absolute_url(self):
        return reverse("directives:assignment", args=[self.pk])

    @property
    def due(self):
        """The day the work is really due: a deadline on a day off moves to the next working day."""
        return next_working_day(self.deadline)

    def is_overdue(self, today) -> bool:
        return self.state != self.State.DONE and today > self.due

    def status(self, today) -> str:
        return "overdue" if self.is_overdue(today) else self.state


class ProgressReport(SubmissionKeyModel, VersionedModel, Territorial):
    """What an agency reports on its assignment for a period, approved or returned by its leader.

    A resent form (`submission_key`, unique per author) returns the first report instead of a second;
    a correction made from an old page (or an offline draft) meets a newer version and is refused (409).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Trả lại")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    narrative = models.TextField(_("kết quả thực hiện"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    #: The approved report whose figures count for its assignment (at most one per assignment).
    is_current = models.BooleanField(default=False, editable=False)
    review_note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = verbose_name_plural = _("báo cáo tiến độ")
        constraints = [
            models.CheckConstraint(name="report_progress_range", condition=models.Q(progress__lte=100)),
            models.CheckConstraint(name="report_period_order", condition=models.Q(period_end__gte=models.F("period_start"))),
            models.UniqueConstraint(fields=["assignment"], condition=models.Q(is_current=True),
                                    name="report_one_current_per_assignment"),
            submission_key_unique("directives_progressreport_submission_key_unique", "submitted_by"),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return f"Báo cáo {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}: {self.assignment}"

    def get_absolute_url(self):
        return reverse("directives:report", args=[self.pk])

    @property
    def status_badge(self) -> str:
        return {self.Status.APPROVED: "ok", self.Status.RETURNED: "bad"}.get(self.status, "warn")


class Attachment(models.Model):
    """A document attached to a directive (the signed letter, its annexes) or to a progress report.

    Exactly one of `directive` and `report` is set. Whoever may see that record may download
    the file; nobody else learns that it exists.
    """

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="attachments")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=PrivatePath("directives"), max_length=200)
    name = models.CharField(_("tên tệp"), max_length=200)
    mime = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: Not `auto_now_add`: files moved from an older record keep that record's time.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("tệp đính kèm")
        constraints = [models.CheckConstraint(
            name="attachment_one_owner",
            condition=(models.Q(directive__isnull=False, report__isnull=True)
                       | models.Q(directive__isnull=True, report__isnull=False)))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.report_id:
            return reverse("directives:report_file", args=[self.report_id, self.pk])
        return reverse("directives:file", args=[self.directive_id, self.pk])


class ReportFigure(Territorial):
    """One figure's value in one report. Roll-ups sum the values of current reports.

    The value is stored once, here. The directive, the territory and the `is_current` flag are
    copies of the report's keys, kept by the same services, so that a national matrix sums one
    indexed table without joining 66,000 reports.
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    is_current = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("số liệu báo cáo")
        constraints = [models.UniqueConstraint(fields=["report", "figure"], name="report_figure_once")]
        indexes = [models.Index(fields=["directive", "province", "figure", "is_current", "value"],
                                name="reportfigure_rollup_idx"),
                   models.Index(fields=["directive", "province", "commune", "figure", "is_current", "value"],
                                name="reportfigure_drill_idx")]

    def __str__(self):
        return f"{self.figure}: {self.value}"


class Reminder(Territorial):
    """A deadline reminder sent to an assignment's agency; one per kind per due date (idempotent)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Sắp đến hạn")
        DUE = "due", _("Đến hạn hôm nay")
        OVERDUE = "overdue", _("Quá hạn")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("loại nhắc"), max_length=8, choices=Kind.choices)
    due = models.DateField(_("hạn"))
    sent_on = models.DateField(_("ngày nhắc"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = verbose_name_plural = _("nhắc hạn")
        constraints = [models.UniqueConstraint(fields=["assignment", "kind", "due"], name="reminder_once")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due:%d/%m/%Y}): {self.assignment_id}"


class TaskLink(models.Model):
    """A record of another app linked to a task, e.g. an obstacle (“obstacles.obstacle”) it depends on.

    Kept by type and id rather than a foreign key, so the directives app does not require the
    linked app; the task page shows each linked record only to those who may see it.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField(_("loại hồ sơ"), max_length=60)
    object_id = models.CharField(_("mã hồ sơ"), max_length=64)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "object_type", "id"]
        verbose_name = verbose_name_plural = _("liên kết của nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["task", "object_type", "object_id"], name="task_link_once")]

    def __str__(self):
        return f"{self.task_id} → {self.object_type}#{self.object_id}"


class RegistryLink(models.Model):
    """A live figure of another app's registry shown beside what the assignees report on a task,
    e.g. the staffing shortage in IT next to the reported “Số công chức CNTT còn thiếu”.

    `source` names one of `registry_figures.SOURCES` and `parameter` narrows it (a staffing field,
    an equipment category). The figure itself is never copied here: it is read live, scoped to
    the viewer, from the app that keeps it.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="registry_links")
    source = models.CharField(_("số liệu sổ đăng ký"), max_length=40)
    parameter = models.CharField(max_length=40, blank=True)
    #: The reported figure to compare with, if any.
    figure = models.ForeignKey(Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("so với chỉ tiêu báo cáo"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "id"]
        verbose_name = verbose_name_plural = _("số liệu sổ đăng ký của nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["task", "source", "parameter"], name="registry_link_once")]

    def __str__(self):
        return f"{self.task_id} → {self.source}:{self.parameter}"
