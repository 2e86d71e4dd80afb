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

from thongsuot.core.text import fold
from thongsuot.core.uploads import PrivatePath, private_storage


class FacilityKind(models.TextChoices):
    HEADQUARTERS = "tru_so", _("Trụ sở làm việc")
    PUBLIC_SERVICE = "su_nghiep", _("Cơ sở hoạt động sự nghiệp")
    CULTURAL_HOUSE = "nha_van_hoa", _("Nhà văn hóa, hội trường")
    OTHER = "khac", _("Nhà, đất khác")


class Condition(models.TextChoices):
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá, cần sửa chữa nhỏ")
    POOR = "xuong_cap", _("Xuống cấp")
    DILAPIDATED = "hu_hong", _("Hư hỏng nặng")


class FacilityStatus(models.TextChoices):
    IN_USE = "dang_su_dung", _("Đang sử dụng")
    PARTLY_USED = "su_dung_mot_phan", _("Sử dụng một phần")
    SURPLUS = "du_doi", _("Dôi dư")


class PlanMethod(models.TextChoices):
    KEEP = "giu_lai", _("Giữ lại sử dụng")
    KEEP_PART = "giu_mot_phan", _("Giữ lại một phần")
    TO_HEALTH = "chuyen_y_te", _("Chuyển sang y tế")
    TO_EDUCATION = "chuyen_giao_duc", _("Chuyển sang giáo dục")
    TO_CULTURE_SPORTS = "chuyen_van_hoa_the_thao", _("Chuyển sang văn hóa, thể thao")
    TO_POLICE = "chuyen_cong_an", _("Chuyển cho công an xã")
    TO_OTHER_PUBLIC = "chuyen_cong_cong_khac", _("Chuyển mục đích công cộng khác")
    TRANSFER = "dieu_chuyen", _("Điều chuyển")
    HAND_TO_LOCALITY = "giao_dia_phuong", _("Giao địa phương quản lý")
    RECLAIM = "thu_hoi", _("Thu hồi")
    AUCTION = "dau_gia", _("Bán đấu giá")
    LEASE = "cho_thue", _("Cho thuê")
    LIQUIDATE = "thanh_ly", _("Thanh lý")


#: Methods that give the premises away from public use: each needs a recorded reason why the
#: priority public uses (health, education, culture and sports, commune police, other public use)
#: were not chosen.
SALE_METHODS = frozenset({PlanMethod.AUCTION, PlanMethod.LEASE, PlanMethod.LIQUIDATE})
PRIORITY_METHODS = frozenset({PlanMethod.TO_HEALTH, PlanMethod.TO_EDUCATION, PlanMethod.TO_CULTURE_SPORTS,
                              PlanMethod.TO_POLICE, PlanMethod.TO_OTHER_PUBLIC})


class PlanState(models.TextChoices):
    PROPOSED = "de_xuat", _("Đề xuất")
    APPROVED = "da_phe_duyet", _("Đã phê duyệt")
    DONE = "hoan_thanh", _("Đã xử lý xong")
    CANCELLED = "huy", _("Đã hủy")


class Facility(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    #: A key the form sends once per submission: a form resent after a dropped connection finds
    #: the record it already created instead of creating a second one.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("cơ sở nhà, đất")
        verbose_name_plural = _("cơ sở nhà, đất")
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
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="facility_submission_once"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_search_key()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("facilities:facility", args=[self.pk])

    def set_search_key(self) -> None:
        """Fill the folded search column (bulk inserts call this themselves: they skip `save`)."""
        self.search_key = fold(f"{self.name} {self.address} {self.current_use}")[:400]

    @property
    def is_handled(self) -> bool:
        return self.plan_state == PlanState.DONE


class FacilityDocument(models.Model):
    """A photo or document of a facility, stored outside the web root."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="documents")
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+")
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


class HandlingPlan(models.Model):
    """How a surplus (or partly used) premises is to be settled, from proposal to completion."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="plans",
                                 verbose_name=_("cơ sở"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+")
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phương án xử lý")
        verbose_name_plural = _("phương án xử lý")
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


class EquipmentCategory(models.TextChoices):
    COMPUTERS = "may_tinh", _("Máy tính")
    PRINTERS = "may_in", _("Máy in")
    SCANNERS = "may_quet", _("Máy quét")
    NETWORK = "mang", _("Thiết bị mạng")
    VIDEO_CONFERENCE = "hop_truc_tuyen", _("Phòng họp trực tuyến")
    VEHICLES = "xe_o_to", _("Xe ô tô")


class EquipmentNeed(models.Model):
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


class ProcurementState(models.TextChoices):
    DRAFT = "du_thao", _("Dự thảo")
    SUBMITTED = "da_gui", _("Đã gửi đề nghị")
    APPROVED = "da_duyet", _("Đã duyệt")
    REJECTED = "tu_choi", _("Không duyệt")
    DELIVERED = "da_cap", _("Đã cấp, bàn giao")


class ProcurementRequest(models.Model):
    """A commune's request for equipment of one category."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("loại thiết bị"), max_length=16, choices=EquipmentCategory.choices)
    quantity = models.PositiveIntegerField(_("số lượng"))
    estimated_cost = models.DecimalField(_("dự toán (đồng)"), max_digits=15, decimal_places=0, default=0)
    justification = models.TextField(_("lý do đề nghị"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=ProcurementState.choices,
                             default=ProcurementState.DRAFT, db_index=True)
    decision_note = models.CharField(_("ý kiến xử lý"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: A key the form sends once per submission: a form resent after a dropped connection finds
    #: the record it already created instead of creating a second one.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đề nghị mua sắm, cấp thiết bị")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="procurement_quantity_positive"),
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="procurement_cost_not_negative"),
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="procurement_submission_once"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} × {self.quantity}"


class MobileCoverage(models.TextChoices):
    G5 = "5g", _("5G")
    G4 = "4g", _("4G ổn định")
    G3 = "3g", _("3G hoặc 4G chập chờn")
    WEAK = "yeu", _("Yếu, nhiều vùng lõm")
    NONE = "khong", _("Không có sóng")


class Connectivity(models.Model):
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


class Outage(models.Model):
    """An interruption of a commune's connection, from start to end (open while it lasts)."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="outages")
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    cause = models.CharField(_("nguyên nhân"), max_length=255)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: A key the form sends once per submission: a form resent after a dropped connection finds
    #: the record it already created instead of creating a second one.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("sự cố mất kết nối")
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gt=models.F("started_at")),
                                   name="outage_ends_after_start"),
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="outage_submission_once"),
        ]

    def __str__(self):
        return f"{self.cause} ({self.started_at:%d/%m/%Y %H:%M})"

    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes from start to end; None while the outage lasts."""
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds() // 60)


class PlatformSystem(models.TextChoices):
    DOCUMENT_MANAGEMENT = "quan_ly_van_ban", _("Quản lý văn bản và điều hành")
    ONE_STOP = "mot_cua", _("Hệ thống thông tin giải quyết thủ tục hành chính (một cửa)")
    DIGITAL_SIGNATURE = "chu_ky_so", _("Chữ ký số")
    OTHER = "khac", _("Hệ thống khác")


CORE_SYSTEMS = (PlatformSystem.DOCUMENT_MANAGEMENT, PlatformSystem.ONE_STOP, PlatformSystem.DIGITAL_SIGNATURE)


class DigitalPlatform(models.Model):
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
