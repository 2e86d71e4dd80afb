"""Premises, their handling plans, equipment, connectivity, digital platforms and readiness.

Every record carries `province` and `commune` so the permission module filters without joins.
`Facility` also keeps a copy of its current plan's method, state and deadline (`plan_*`), and
`CommuneReadiness` keeps one row of scores per commune: both are written by the services in
the same transaction as the change, so the province and national views never scan plans.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.models import Timestamped
from thongsuot.core.resubmission import SubmissionKeyModel, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.uploads import PrivatePath, private_storage
from thongsuot.core.versioning import VersionedModel
from thongsuot.facilities.choices import (  # noqa: F401 (the lists are part of the models' interface)
    CORE_SYSTEMS,
    PRIORITY_METHODS,
    SALE_METHODS,
    Condition,
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    MobileCoverage,
    PlanMethod,
    PlanState,
    PlatformSystem,
    ProcurementState,
)
from thongsuot.geo.models import CommuneTerritorial


class Facility(SearchKeyed, VersionedModel, SubmissionKeyModel, Timestamped):
    """A headquarters or other premises of a commune, including those of the former units merged into it."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=pgettext_lazy("singular", "tỉnh, thành phố"))
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="facilities",
                                verbose_name=pgettext_lazy("singular", "xã, phường, đặc khu"))
    former_unit = models.ForeignKey("geo.FormerUnit", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("thuộc đơn vị cũ"))
    name = models.CharField(_("tên cơ sở"), max_length=200)
    kind = models.CharField(_("loại cơ sở"), max_length=16, choices=FacilityKind.choices,
                            default=FacilityKind.HEADQUARTERS)
    address = models.CharField(_("địa chỉ"), max_length=255)
    land_area_m2 = models.DecimalField(_("diện tích đất (m²)"), max_digits=12, decimal_places=1)
    floor_area_m2 = models.DecimalField(_("diện tích sàn (m²)"), max_digits=12, decimal_places=1)
    year_built = models.PositiveSmallIntegerField(_("năm xây dựng"), null=True, blank=True)
    condition = models.CharField(_("hiện trạng"), max_length=12, choices=Condition.choices, default=Condition.FAIR)
    current_use = models.CharField(_("đang dùng vào việc"), max_length=255, blank=True)
    status = models.CharField(_("tình trạng sử dụng"), max_length=20, choices=FacilityStatus.choices,
                              default=FacilityStatus.IN_USE)
    manager = models.CharField(_("người, đơn vị quản lý"), max_length=150, blank=True)
    # The current (not cancelled) plan, copied here by the plan services.
    plan_method = models.CharField(_("phương án"), max_length=32, choices=PlanMethod.choices, blank=True)
    plan_state = models.CharField(_("trạng thái phương án"), max_length=16, choices=PlanState.choices, blank=True)
    plan_deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    search_fields = ("name", "address", "current_use")
    #: Who recorded it (empty for premises recorded before this was kept, and for bulk loads).
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   editable=False, related_name="+")

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = verbose_name_plural = _("cơ sở nhà, đất")
        indexes = [
            # Covers the surplus summary: national scans it by status, a province by status and province.
            models.Index(fields=["status", "province", "plan_method", "plan_state", "plan_deadline"],
                         name="facility_surplus_summary"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(land_area_m2__gte=0), name="facility_land_area_not_negative"),
            models.CheckConstraint(condition=Q(floor_area_m2__gte=0), name="facility_floor_area_not_negative"),
            models.CheckConstraint(condition=Q(year_built__isnull=True) | Q(year_built__gte=1800, year_built__lte=2100),
                                   name="facility_year_plausible"),
            submission_key_unique("facilities_facility_submission_key_unique", "created_by"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:facility", args=[self.pk])

    @property
    def is_handled(self) -> bool:
        return self.plan_state == PlanState.DONE


class FacilityDocument(CommuneTerritorial):
    """A photo or document of a facility, stored outside the web root."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("tệp"), storage=private_storage, upload_to=PrivatePath("facilities"))
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    title = models.CharField(_("mô tả"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("tài liệu, hình ảnh cơ sở")

    def __str__(self):
        return self.title or self.original_name


class HandlingPlan(VersionedModel, Timestamped, CommuneTerritorial):
    """How a surplus (or partly used) premises is to be settled, from proposal to completion."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="plans",
                                 verbose_name=_("cơ sở"))
    method = models.CharField(_("phương án xử lý"), max_length=32, choices=PlanMethod.choices)
    reason_not_priority = models.TextField(_("lý do không bố trí cho mục đích công cộng ưu tiên"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=PlanState.choices,
                             default=PlanState.PROPOSED, db_index=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    approval_date = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    done_date = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("phương án xử lý")
        constraints = [
            models.UniqueConstraint(fields=["facility"], condition=~Q(state="huy"), name="one_live_plan_per_facility"),
            models.CheckConstraint(condition=Q(done_date__isnull=True) | Q(approval_date__isnull=False,
                                                                          done_date__gte=models.F("approval_date")),
                                   name="plan_done_not_before_approval"),
            models.CheckConstraint(condition=~Q(method__in=["dau_gia", "cho_thue", "thanh_ly"])
                                   | ~Q(reason_not_priority=""), name="plan_sale_needs_reason"),
        ]

    def __str__(self):
        return f"{self.get_method_display()} — {self.facility}"

    def get_absolute_url(self):
        return reverse("facilities:facility", args=[self.facility_id]) + f"#plan-{self.pk}"


class HandlingPlanEvent(models.Model):
    """One step in a plan's history: proposed, changed, approved, done, cancelled."""

    class Kind(models.TextChoices):
        PROPOSE = "propose", _("Đề xuất phương án")
        UPDATE = "update", _("Sửa phương án")
        APPROVE = "approve", _("Phê duyệt")
        COMPLETE = "complete", _("Hoàn thành xử lý")
        CANCEL = "cancel", _("Hủy phương án")

    plan = models.ForeignKey(HandlingPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_state = models.CharField(max_length=16, choices=PlanState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=PlanState.choices)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y})"


class EquipmentNeed(VersionedModel):
    """How many of one category a commune needs and has."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="equipment_needs")
    category = models.CharField(_("loại thiết bị"), max_length=16, choices=EquipmentCategory.choices)
    required = models.PositiveIntegerField(_("số cần có"))
    available = models.PositiveIntegerField(_("số hiện có"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune_id", "category"]
        verbose_name = _("nhu cầu thiết bị")
        constraints = [models.UniqueConstraint(fields=["commune", "category"], name="one_need_per_category")]

    def __str__(self):
        return f"{self.get_category_display()} — {self.commune_id}"

    @property
    def gap(self) -> int:
        return max(self.required - self.available, 0)


class ProcurementRequest(SubmissionKeyModel, Timestamped, CommuneTerritorial):
    """A commune's request for equipment of one category."""

    category = models.CharField(_("loại thiết bị"), max_length=16, choices=EquipmentCategory.choices)
    quantity = models.PositiveIntegerField(_("số lượng"))
    estimated_cost = models.DecimalField(_("dự toán (đồng)"), max_digits=15, decimal_places=0, default=0)
    justification = models.TextField(_("lý do đề nghị"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=ProcurementState.choices,
                             default=ProcurementState.DRAFT, db_index=True)
    decision_note = models.CharField(_("ý kiến xử lý"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đề nghị mua sắm, cấp thiết bị")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="procurement_quantity_positive"),
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="procurement_cost_not_negative"),
            submission_key_unique("facilities_procurementrequest_submission_key_unique", "created_by"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} × {self.quantity}"


class Connectivity(VersionedModel):
    """A commune's connections: broadband, mobile, the government data network, video conferencing."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.OneToOneField("geo.Commune", on_delete=models.PROTECT, related_name="connectivity")
    broadband_mbps = models.DecimalField(_("tốc độ băng rộng cố định (Mbps)"), max_digits=8, decimal_places=1)
    mobile_coverage = models.CharField(_("vùng phủ sóng di động"), max_length=8, choices=MobileCoverage.choices)
    government_network = models.BooleanField(_("kết nối mạng truyền số liệu chuyên dùng"), default=False)
    video_conference_ready = models.BooleanField(_("sẵn sàng họp trực tuyến"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết nối")
        constraints = [models.CheckConstraint(condition=Q(broadband_mbps__gte=0), name="broadband_not_negative")]

    def __str__(self):
        return f"{self.commune_id}: {self.broadband_mbps} Mbps"


class Outage(SubmissionKeyModel):
    """An interruption of a commune's connection, from start to end (open while it lasts)."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="outages")
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    cause = models.CharField(_("nguyên nhân"), max_length=255)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("sự cố mất kết nối")
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gt=models.F("started_at")),
                                   name="outage_ends_after_start"),
            submission_key_unique("facilities_outage_submission_key_unique", "recorded_by"),
        ]

    def __str__(self):
        return f"{self.cause} ({self.started_at:%d/%m/%Y %H:%M})"

    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes from start to end; None while the outage lasts."""
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds() // 60)


class DigitalPlatform(VersionedModel):
    """A digital system a commune runs, and whether it is connected to the provincial platform."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="platforms")
    system = models.CharField(_("hệ thống"), max_length=20, choices=PlatformSystem.choices)
    name = models.CharField(_("tên hệ thống"), max_length=150, blank=True)
    connected_to_province = models.BooleanField(_("đã kết nối nền tảng của tỉnh"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune_id", "system", "name"]
        verbose_name = _("nền tảng số")
        constraints = [models.UniqueConstraint(fields=["commune", "system", "name"], name="one_platform_per_name")]

    def __str__(self):
        return self.name or self.get_system_display()


class CommuneReadiness(models.Model):
    """One commune's readiness score and the figures behind it, kept current by the services."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.OneToOneField("geo.Commune", on_delete=models.CASCADE, related_name="readiness")
    facilities_score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    equipment_score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    connectivity_score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    platform_score = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    total = models.DecimalField(_("điểm sẵn sàng"), max_digits=5, decimal_places=1, default=0, db_index=True)
    has_vehicle = models.BooleanField(default=False)
    broadband_mbps = models.DecimalField(max_digits=8, decimal_places=1, null=True)
    surplus_count = models.PositiveIntegerField(default=0)
    surplus_handled = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["total", "commune_id"]
        indexes = [models.Index(fields=["province", "total"], name="readiness_province_total")]

    def __str__(self):
        return f"{self.commune_id}: {self.total}"
