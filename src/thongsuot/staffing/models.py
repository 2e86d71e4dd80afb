"""Staffing of the communes: organisation units, quotas and gaps, staff, personnel actions,
training and travel support.

Every scoped record stores `province` and a nullable `commune` so the permission module
filters it without joins (a staff member with no commune works at the province).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.models import Timestamped
from thongsuot.core.numbers import vn_number
from thongsuot.core.resubmission import SubmissionKeyModel, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.versioning import VersionedModel
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune, Province


class OrgUnit(VersionedModel, SubmissionKeyModel):
    """A unit of a commune's apparatus (Decree 150/2025/NĐ-CP)."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Văn phòng HĐND và UBND")
        ECONOMIC = "economic", _("Phòng Kinh tế")
        ECONOMIC_URBAN = "economic_urban", _("Phòng Kinh tế, Hạ tầng và Đô thị")
        CULTURE_SOCIAL = "culture_social", _("Phòng Văn hóa - Xã hội")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
        OTHER = "other", _("Đơn vị khác")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="org_units",
                                verbose_name=_("xã, phường, đặc khu"))
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    #: The units Decree 150/2025 requires: they can be renamed but not removed.
    is_statutory = models.BooleanField(_("đơn vị bắt buộc"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    #: Who added the unit (empty for the statutory units the platform lays out).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune", "order", "id"]
        verbose_name = verbose_name_plural = _("đơn vị tổ chức")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="orgunit_unique_name"),
                       submission_key_unique("staffing_orgunit_submission_key_unique", "created_by")]

    def __str__(self):
        return self.name


class OrgSettings(VersionedModel):
    """The limits a province sets for its communes' apparatus."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="+")
    max_units_per_commune = models.PositiveSmallIntegerField(_("số đơn vị tối đa mỗi xã"), default=6)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giới hạn tổ chức bộ máy")

    def __str__(self):
        return f"{self.province}: {self.max_units_per_commune}"


class QuotaRule(VersionedModel):
    """A province's own figures for the staffing frame (the national frame is still "to confirm")."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="+")
    base = models.PositiveSmallIntegerField(_("định biên cơ sở"), default=32)
    threshold = models.PositiveIntegerField(_("ngưỡng dân số"), default=16_000)
    step_mountain = models.PositiveIntegerField(_("số dân tăng thêm 1 người, vùng miền núi"), default=1_000)
    step_lowland = models.PositiveIntegerField(_("số dân tăng thêm 1 người, vùng khác"), default=2_000)
    cap_xa = models.PositiveSmallIntegerField(_("tối đa cho xã"), default=50)
    cap_urban = models.PositiveSmallIntegerField(_("tối đa cho phường, đặc khu"), default=70)
    reason = models.TextField(_("căn cứ, lý do"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("công thức định biên của tỉnh")
        constraints = [models.CheckConstraint(condition=Q(step_mountain__gte=100) & Q(step_lowland__gte=100),
                                              name="quota_rule_steps_positive"),
                       models.CheckConstraint(condition=Q(cap_xa__gte=models.F("base"))
                                              & Q(cap_urban__gte=models.F("base")),
                                              name="quota_rule_caps_above_base")]

    def __str__(self):
        return f"{self.province}: {self.base} (+1/{self.step_mountain}, +1/{self.step_lowland}), " \
               f"≤ {self.cap_xa}/{self.cap_urban}"


class StaffingQuota(VersionedModel):
    """The headcount of one specialty field in one commune, and the active staff counted against it.

    `active_count` and `gap` are summary counters kept current by the services in the same
    transaction as each personnel change, so shortage tables never count the staff table.
    """

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="staffing_quotas")
    field = models.CharField(_("lĩnh vực"), max_length=32, choices=StaffField.choices)
    headcount = models.PositiveSmallIntegerField(_("định biên"))
    default_headcount = models.PositiveSmallIntegerField(_("định biên theo công thức"))
    is_override = models.BooleanField(_("tỉnh điều chỉnh"), default=False)
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    active_count = models.IntegerField(_("số đang làm việc"), default=0)
    #: headcount − active_count; positive is a shortage, negative a surplus.
    gap = models.IntegerField(_("thiếu (+) / thừa (−)"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune", "field"]
        verbose_name = verbose_name_plural = _("định biên theo lĩnh vực")
        constraints = [
            models.UniqueConstraint(fields=["commune", "field"], name="quota_unique_commune_field"),
            models.CheckConstraint(condition=Q(active_count__gte=0), name="quota_active_not_negative"),
        ]
        indexes = [models.Index(fields=["province", "-gap"], name="quota_province_gap"),
                   models.Index(fields=["field", "-gap"], name="quota_field_gap"),
                   models.Index(fields=["-gap"], name="quota_gap")]

    def __str__(self):
        return f"{self.commune} · {self.get_field_display()}: {self.headcount}"

    @property
    def shortage(self) -> int:
        return max(self.gap, 0)


class ShortageTally(models.Model):
    """Staff lacking in one province and field: its communes' quota shortages (`max(gap, 0)`) summed,
    set again by the quota services in the same transaction as each change of a gap (`tally.refresh`),
    so the national scorecard reads ~550 rows instead of grouping ~36,000 quotas."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    field = models.CharField(_("lĩnh vực"), max_length=32, choices=StaffField.choices)
    shortage = models.PositiveIntegerField(_("còn thiếu"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("biên chế còn thiếu theo tỉnh và lĩnh vực")
        constraints = [models.UniqueConstraint(fields=["province", "field"], name="shortage_tally_unique")]

    def __str__(self):
        return f"{self.province_id} · {self.field}: {self.shortage}"


class StaffMember(SearchKeyed, VersionedModel, SubmissionKeyModel, Timestamped):
    """A person working in a commune (or at the province). No national ID; birth year only."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Category(models.TextChoices):
        CAN_BO = "can_bo", _("Cán bộ")
        CONG_CHUC = "cong_chuc", _("Công chức")
        VIEN_CHUC = "vien_chuc", _("Viên chức")
        HOP_DONG = "hop_dong", _("Hợp đồng lao động")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang làm việc")
        LEFT = "left", _("Đã nghỉ việc")

    #: `province` and `commune` lead the indexes `staff_province_status` and `staff_commune_status`,
    #: which serve their lookups too: no single-column index of their own (decisions record 44).
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"),
                                 db_index=False)
    #: Where the person works now; empty for staff of the province itself.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
                                verbose_name=_("nơi làm việc"), db_index=False)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    category = models.CharField(_("loại"), max_length=12, choices=Category.choices)
    position = models.CharField(_("chức vụ, vị trí việc làm"), max_length=150)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
                                 verbose_name=pgettext_lazy("staff member", "đơn vị"))
    field = models.CharField(_("lĩnh vực chuyên môn"), max_length=32, choices=StaffField.choices)
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=150, blank=True)
    home_commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("nơi ở (xã, phường)"))
    commute_km = models.DecimalField(_("quãng đường đi làm (km)"), max_digits=6, decimal_places=1, default=0)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    #: The commune whose payroll keeps a seconded person while they work in `commune`.
    seconded_from = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name=_("biệt phái từ"))
    contract_until = models.DateField(_("hợp đồng đến ngày"), null=True, blank=True)
    joined_on = models.DateField(_("ngày bắt đầu"))
    left_on = models.DateField(_("ngày nghỉ việc"), null=True, blank=True)
    #: Monthly travel support in VND, recomputed whenever the distance, workplace or policy changes.
    travel_allowance = models.PositiveIntegerField(_("hỗ trợ đi lại (đồng/tháng)"), default=0)
    #: Searched with `LIKE '%term%'` (`core.text.filter_folded`), which no B-tree index serves: none kept.
    search_key = models.CharField(max_length=200, editable=False)
    search_fields = ('full_name', 'position')
    #: Who recorded the recruitment (empty for people recorded before this was kept, and for seeding).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = verbose_name_plural = _("cán bộ, công chức")
        constraints = [
            submission_key_unique("staffing_staffmember_submission_key_unique", "created_by"),
            models.CheckConstraint(condition=Q(birth_year__gte=1940) & Q(birth_year__lte=2015),
                                   name="staff_birth_year_range"),
            models.CheckConstraint(condition=Q(commute_km__gte=0), name="staff_commute_not_negative"),
        ]
        indexes = [models.Index(fields=["commune", "status", "full_name"], name="staff_commune_status"),
                   models.Index(fields=["province", "status"], name="staff_province_status")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("staffing:member", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class PersonnelAction(SubmissionKeyModel):
    """A decision that moved a person; the history of a member is the list of these."""

    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Tuyển dụng")
        TRANSFER = "transfer", _("Điều động")
        ROTATION = "rotation", _("Luân chuyển")
        SECONDMENT = "secondment", _("Biệt phái")
        LABOUR_CONTRACT = "labour_contract", _("Hợp đồng lao động")
        LEAVING = "leaving", _("Thôi việc, nghỉ hưu")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    #: The commune the action lands in (or leaves, for leaving); empty at province level.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: `member`, `from_commune`, `to_commune` lead `action_unique_decision`, `action_from`, `action_to`,
    #: which serve their lookups: no single-column index of their own (decisions record 44).
    member = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="actions", db_index=False)
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=Kind.choices)
    from_commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("từ đơn vị"), db_index=False)
    to_commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("đến đơn vị"), db_index=False)
    from_field = models.CharField(max_length=32, choices=StaffField.choices, blank=True)
    to_field = models.CharField(max_length=32, choices=StaffField.choices, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    effective_date = models.DateField(_("ngày hiệu lực"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = verbose_name_plural = _("quyết định nhân sự")
        constraints = [models.UniqueConstraint(fields=["member", "kind", "decision_number"],
                                               name="action_unique_decision"),
                       submission_key_unique("staffing_personnelaction_submission_key_unique", "created_by")]
        indexes = [models.Index(fields=["from_commune", "-effective_date"], name="action_from"),
                   models.Index(fields=["to_commune", "-effective_date"], name="action_to")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.decision_number}"


class TrainingCourse(SubmissionKeyModel):
    """A course for commune staff, organised by the province (or a commune) in one field."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("tên khóa học"), max_length=200)
    field = models.CharField(_("lĩnh vực"), max_length=32, choices=StaffField.choices)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices)
    capacity = models.PositiveIntegerField(_("số chỗ"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = verbose_name_plural = _("khóa đào tạo")
        constraints = [submission_key_unique("staffing_trainingcourse_submission_key_unique", "created_by"),models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="course_dates_ordered"),
                       models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive")]

    def __str__(self):
        return self.title


class Enrollment(SubmissionKeyModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Đã đăng ký")
        COMPLETED = "completed", _("Đã hoàn thành")
        WITHDRAWN = "withdrawn", _("Đã rút")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="enrollments")
    member = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Who enrolled the person last (empty for enrolments made before this was kept).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["course", "member__full_name"]
        verbose_name = verbose_name_plural = _("học viên")
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="enrollment_unique"),
                       submission_key_unique("staffing_enrollment_submission_key_unique", "created_by")]

    def __str__(self):
        return f"{self.member} · {self.course}"


class TravelAllowancePolicy(VersionedModel, SubmissionKeyModel, Timestamped):
    """A province's monthly travel support for staff who commute far since the reorganisation."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    #: Always empty: policies are provincial. Present so the permission module filters uniformly.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("tên chính sách"), max_length=200)
    legal_basis = models.CharField(_("văn bản ban hành"), max_length=200, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    #: In mountain communes the distance counts this many km less (Bắc Ninh: 5 km).
    mountain_reduction_km = models.DecimalField(_("giảm trừ quãng đường vùng miền núi (km)"), max_digits=4,
                                                decimal_places=1, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["province", "-valid_from"]
        verbose_name = verbose_name_plural = _("chính sách hỗ trợ đi lại")
        constraints = [submission_key_unique("staffing_travelallowancepolicy_submission_key_unique", "created_by"),
                       models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                              name="policy_validity_ordered"),
                       models.CheckConstraint(condition=Q(mountain_reduction_km__gte=0),
                                              name="policy_reduction_not_negative")]

    def __str__(self):
        return self.name


class TravelBand(models.Model):
    """Distance from `min_km` (inclusive) to `max_km` (exclusive; empty = no upper bound) → amount per month."""

    policy = models.ForeignKey(TravelAllowancePolicy, on_delete=models.CASCADE, related_name="bands")
    min_km = models.DecimalField(_("từ (km)"), max_digits=6, decimal_places=1)
    max_km = models.DecimalField(_("đến dưới (km)"), max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.PositiveIntegerField(_("mức hỗ trợ (đồng/tháng)"))

    class Meta:
        ordering = ["policy", "min_km"]
        constraints = [models.CheckConstraint(condition=Q(max_km__isnull=True) | Q(max_km__gt=models.F("min_km")),
                                              name="band_ordered")]

    def __str__(self):
        upper = f"{self.max_km}" if self.max_km is not None else "…"
        return f"{self.min_km}–{upper} km: {vn_number(self.amount)} đ"
