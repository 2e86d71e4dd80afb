"""Obstacles (khó khăn, vướng mắc): a case filed by a commune or province and followed up
the ladder commune → province → ministry → national until it is settled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thongsuot.core.resubmission import KEY_LENGTH, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.uploads import PrivatePath, private_storage
from thongsuot.core.versioning import VersionedModel
from thongsuot.core.vocabulary import Domain, StaffField
from thongsuot.geo.models import Territorial
from thongsuot.obstacles.choices import (
    OPEN_STATUSES,
    CaseLevel,
    Classification,
    FacilitySubject,
    ResolutionKind,
    Severity,
    Status,
)

SETTINGS_CACHE_KEY = "obstacles.settings"


class ObstacleSettings(VersionedModel):
    """Time limits per level (working days) and what `escalate-overdue` does; one row (pk=1)."""

    class OverdueAction(models.TextChoices):
        ESCALATE = "escalate", _("Tự động chuyển lên một cấp")
        NOTIFY = "notify", _("Chỉ thông báo")

    commune_days = models.PositiveSmallIntegerField(_("thời hạn cấp xã (ngày làm việc)"), default=5)
    province_days = models.PositiveSmallIntegerField(_("thời hạn cấp tỉnh (ngày làm việc)"), default=10)
    ministry_days = models.PositiveSmallIntegerField(_("thời hạn bộ, ngành (ngày làm việc)"), default=15)
    national_days = models.PositiveSmallIntegerField(_("thời hạn Trung ương (ngày làm việc)"), default=15)
    overdue_action = models.CharField(_("khi quá hạn"), max_length=10, choices=OverdueAction.choices,
                                      default=OverdueAction.ESCALATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("cấu hình thời hạn xử lý khó khăn")
        constraints = [
            models.CheckConstraint(name="obstacle_settings_singleton", condition=models.Q(pk=1)),
            models.CheckConstraint(name="obstacle_settings_days_positive",
                                   condition=models.Q(commune_days__gte=1, province_days__gte=1,
                                                      ministry_days__gte=1, national_days__gte=1)),
        ]

    def __str__(self):
        return str(_("Thời hạn xử lý khó khăn"))

    @classmethod
    def current(cls) -> ObstacleSettings:
        """Return the settings row, cached per process for five minutes (like the calendar overrides)."""
        from django.core.cache import caches

        cache = caches["local" if "local" in settings.CACHES else "default"]
        row = cache.get(SETTINGS_CACHE_KEY)
        if row is None:
            row = cls.objects.get_or_create(pk=1)[0]
            cache.set(SETTINGS_CACHE_KEY, row, 300)
        return row

    @classmethod
    def forget(cls) -> None:
        from django.core.cache import caches

        caches["local" if "local" in settings.CACHES else "default"].delete(SETTINGS_CACHE_KEY)

    def days_for(self, level: str) -> int:
        return getattr(self, f"{level}_days")


class Obstacle(SearchKeyed, models.Model):
    """A difficulty a commune (or a province) cannot settle alone."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("tỉnh, thành phố"))
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("xã, phường, đặc khu"))
    #: The agency that filed the case; it closes or reopens it.
    origin_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("cơ quan phản ánh"))
    #: Whose turn it is: the agency that must act next.
    responsible_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("cơ quan đang xử lý"))
    #: The ministry the case was addressed to, kept after it answers so that it still sees the case.
    ministry = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("bộ, ngành được đề nghị"))
    domain = models.CharField(_("lĩnh vực"), max_length=20, choices=Domain.choices)
    classification = models.CharField(_("phân loại (nhiệm vụ phân cấp)"), max_length=30,
                                      choices=Classification.choices, blank=True, default="")
    title = models.CharField(_("tiêu đề"), max_length=200)
    description = models.TextField(_("nội dung"))
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    #: What the case is about in the registries' terms (obstacles.registries): a staffing case names the
    #: specialty and how many people it needs, a facilities case the premises, equipment or connectivity.
    staff_field = models.CharField(_("chuyên ngành cần bố trí"), max_length=32, choices=StaffField.choices,
                                   blank=True, default="")
    headcount_needed = models.PositiveSmallIntegerField(_("số người cần bổ sung"), null=True, blank=True)
    facility_subject = models.CharField(_("nội dung liên quan"), max_length=16, choices=FacilitySubject.choices,
                                        blank=True, default="")
    #: One of facilities' equipment categories (read through its selectors), when the subject is equipment.
    equipment_category = models.CharField(_("loại thiết bị"), max_length=16, blank=True, default="")
    level = models.CharField(_("cấp đang xử lý"), max_length=10, choices=CaseLevel.choices)
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices, default=Status.NEW)
    level_entered_on = models.DateField(_("ngày chuyển đến cấp hiện tại"))
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    #: The due date for which an overdue notice was already sent (keeps `escalate-overdue` idempotent).
    overdue_notice_for = models.DateField(null=True, blank=True, editable=False)
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    resolved_level = models.CharField(_("cấp giải quyết"), max_length=10, choices=CaseLevel.choices, blank=True)
    resolved_at = models.DateTimeField(_("thời điểm giải quyết"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm đóng"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("thời điểm tạo"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    #: Optimistic lock: every change increments it; a stale version is refused.
    version = models.PositiveIntegerField(default=1)
    #: Sent by the form or API client so that a resent request does not file the case twice
    #: (core.resubmission).
    submission_key = models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)
    search_key = models.CharField(max_length=300, editable=False, default="")
    search_fields = ("title", "description")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("khó khăn, vướng mắc")
        constraints = [
            submission_key_unique("obstacles_obstacle_submission_key_unique", "created_by"),
            models.CheckConstraint(name="obstacle_status_valid", condition=models.Q(status__in=Status.values)),
            models.CheckConstraint(name="obstacle_level_valid", condition=models.Q(level__in=CaseLevel.values)),
            models.CheckConstraint(name="obstacle_version_positive", condition=models.Q(version__gte=1)),
        ]
        indexes = [
            models.Index(fields=["responsible_agency", "status", "due_date"], name="obstacle_queue_idx"),
            models.Index(fields=["province", "status"], name="obstacle_province_status_idx"),
            models.Index(fields=["commune", "status"], name="obstacle_commune_status_idx"),
            models.Index(fields=["ministry", "status"], name="obstacle_ministry_status_idx"),
            models.Index(fields=["status", "due_date", "province"], name="obstacle_status_due_idx"),
            models.Index(fields=["created_by", "submission_key"], name="obstacle_submission_key_idx"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def get_absolute_url(self):
        return reverse("obstacles:detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"KK-{self.pk:06d}" if self.pk else "KK-mới"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today


class ObstacleEvent(Territorial):
    """One step of a case's timeline, with its actor."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Phản ánh")
        COMMENT = "comment", _("Ý kiến")
        ACKNOWLEDGE = "acknowledge", _("Tiếp nhận")
        START = "start", _("Bắt đầu xử lý")
        ESCALATE = "escalate", _("Chuyển cấp trên")
        RETURN = "return", _("Trả lại, yêu cầu bổ sung")
        RESUBMIT = "resubmit", _("Bổ sung, gửi lại")
        ANSWER = "answer", _("Trả lời bằng văn bản")
        PASS_DOWN = "pass_down", _("Chuyển hướng dẫn xuống cấp dưới")
        RESOLVE = "resolve", _("Giải quyết")
        CLOSE = "close", _("Đóng")
        REOPEN = "reopen", _("Mở lại")
        ATTACHMENT = "attachment", _("Đính kèm tài liệu")
        OVERDUE = "overdue", _("Quá hạn")

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    from_level = models.CharField(max_length=10, choices=CaseLevel.choices, blank=True)
    to_level = models.CharField(max_length=10, choices=CaseLevel.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("người thực hiện"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("cơ quan"))
    message = models.TextField(_("nội dung"), blank=True)
    #: The agency the case went to by this move (empty when its holder did not change).
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("chuyển đến"))
    #: The written answer the move carried (answering, and passing the guidance down).
    answer = models.ForeignKey("EscalationAnswer", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("văn bản trả lời"))
    created_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("diễn biến xử lý")
        indexes = [models.Index(fields=["obstacle", "created_at"], name="obstacle_event_timeline_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.obstacle_id}"


class ResolutionLink(models.Model):
    """A registry record named as what settled a case: a personnel action, a premises handling plan,
    an equipment delivery, a connectivity fix (decision record: cases tied to registries).

    The record lives in another app, so the link keeps its kind and id and a snapshot of its label:
    the case reads the same even if the record changes or the reader may not open it."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="resolution_links")
    #: The resolving move's timeline entry, so the timeline shows the records beside it.
    event = models.ForeignKey(ObstacleEvent, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="resolution_links")
    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=ResolutionKind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("hồ sơ liên kết"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("hồ sơ giải quyết khó khăn")
        constraints = [
            models.UniqueConstraint(fields=["obstacle", "event", "kind", "object_id"],
                                    name="obstacle_resolution_link_unique"),
            models.CheckConstraint(name="obstacle_resolution_link_kind_valid",
                                   condition=models.Q(kind__in=ResolutionKind.values)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"


class Attachment(models.Model):
    """A document attached to a case (photo, scan, Word or Excel file)."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=PrivatePath("obstacles"), max_length=200)
    name = models.CharField(_("tên tệp"), max_length=200)
    mime = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = _("tài liệu đính kèm")

    def __str__(self):
        return self.name


class ObstacleTally(models.Model):
    """Summary counts kept current by every service in the same transaction, so the national
    and ministry overviews never scan the case table. Overdue counts are not tallied: they
    change with the date, and come from the (status, due_date) index instead."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    #: The id of the ministry the cases were addressed to, 0 for none (a plain integer keeps the key unique).
    ministry_key = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=15, choices=Status.choices)
    domain = models.CharField(max_length=20, choices=Domain.choices)
    level = models.CharField(max_length=10, choices=CaseLevel.choices)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("số liệu tổng hợp khó khăn")
        constraints = [
            models.UniqueConstraint(fields=["province", "ministry_key", "status", "domain", "level"],
                                    name="obstacle_tally_key"),
        ]

    def __str__(self):
        return f"{self.province_id}/{self.status}/{self.domain}/{self.level}: {self.n}"


class ObstacleDueTally(models.Model):
    """Open cases counted by due date, so "how many are overdue today" is a sum over a few
    thousand rows instead of a scan of every open case."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    ministry_key = models.PositiveIntegerField(default=0)
    due_date = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("số khó khăn đang mở theo hạn xử lý")
        constraints = [models.UniqueConstraint(fields=["province", "ministry_key", "due_date"],
                                               name="obstacle_due_tally_key")]

    def __str__(self):
        return f"{self.province_id}/{self.due_date}: {self.n}"


class ObstacleCommuneTally(models.Model):
    """Open cases counted by commune and due date, so a province's (or the nation's) per-commune
    open and overdue figures (campaign scorecard and map) are sums over these rows instead of a scan
    of the case table: open = every row, overdue = the rows with `due_date` before today.
    `commune_key` is the commune's id, 0 for a case filed above the communes; `due_date` is empty
    for an open case without a time limit (never overdue)."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune_key = models.PositiveIntegerField(default=0)
    ministry_key = models.PositiveIntegerField(default=0)
    due_date = models.DateField(null=True, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("số khó khăn đang mở theo xã và hạn xử lý")
        constraints = [
            models.UniqueConstraint(fields=["province", "commune_key", "ministry_key", "due_date"],
                                    condition=models.Q(due_date__isnull=False), name="obstacle_commune_tally_key"),
            models.UniqueConstraint(fields=["province", "commune_key", "ministry_key"],
                                    condition=models.Q(due_date__isnull=True),
                                    name="obstacle_commune_tally_key_no_due"),
        ]

    def __str__(self):
        return f"{self.province_id}/{self.commune_key}/{self.due_date}: {self.n}"


# The written requests' models live in their own module; imported here so that Django and every
# `from thongsuot.obstacles.models import …` find them.
from thongsuot.obstacles.models.requests import (  # noqa: E402
    EscalationAnswer,  # noqa: F401
    EscalationRequest,  # noqa: F401
    RequestCase,  # noqa: F401
    RequestDaysTally,  # noqa: F401
    RequestOpenTally,  # noqa: F401
    WrittenDocument,  # noqa: F401
)
