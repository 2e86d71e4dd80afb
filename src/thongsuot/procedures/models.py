"""Administrative procedures (thủ tục hành chính) and the dossiers (hồ sơ) filed under them.

The catalogue is national. A dossier belongs to the commune whose one-stop desk received
it; it stores `province` and `commune` so the permission module filters it without joins.
Status codes are those of the national portal's data exchange (1 … 10).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thongsuot.core.resubmission import KEY_LENGTH, submission_key_unique
from thongsuot.core.text import SearchKeyed
from thongsuot.core.versioning import VersionedModel
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.geo.models import CommuneTerritorial


class OnlineLevel(models.TextChoices):
    """How far a procedure can be done online (Decree 42/2022: partial or end-to-end)."""

    NONE = "none", _("Chỉ cung cấp thông tin")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class Procedure(SearchKeyed, VersionedModel):
    """One administrative procedure of the national catalogue."""

    code = models.CharField(_("mã thủ tục"), max_length=32, unique=True,
                            help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193."))
    name = models.CharField(_("tên thủ tục"), max_length=300)
    sector = models.CharField(_("lĩnh vực"), max_length=24, choices=ProcedureField.choices, db_index=True)
    time_limit_days = models.PositiveSmallIntegerField(_("thời hạn giải quyết (ngày làm việc)"))
    fee = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_note = models.CharField(_("ghi chú phí, lệ phí"), max_length=255, blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices,
                                    default=OnlineLevel.PARTIAL)
    is_internal = models.BooleanField(_("thủ tục nội bộ"), default=False)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500, blank=True)
    #: True for the demo catalogue: realistic but not the official record.
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    search_fields = ('code', 'name')

    class Meta:
        ordering = ["sector", "code"]
        verbose_name = verbose_name_plural = _("thủ tục hành chính")
        constraints = [
            models.CheckConstraint(condition=models.Q(time_limit_days__gte=1), name="procedure_time_limit_positive"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def get_absolute_url(self):
        return reverse("procedures:procedure", args=[self.code])


class SimplificationProposal(models.Model):
    """A proposal to cut, simplify or merge a procedure, and where it stands."""

    class Kind(models.TextChoices):
        CUT = "cut", _("Bãi bỏ")
        SIMPLIFY = "simplify", _("Đơn giản hóa")
        MERGE = "merge", _("Hợp nhất")
        DECENTRALISE = "decentralise", _("Phân cấp, ủy quyền")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đã đề xuất")
        ACCEPTED = "accepted", _("Được chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")
        IMPLEMENTED = "implemented", _("Đã thực hiện")

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="proposals",
                                  verbose_name=_("thủ tục"))
    kind = models.CharField(_("loại đề xuất"), max_length=12, choices=Kind.choices)
    content = models.TextField(_("nội dung đề xuất"))
    state = models.CharField(_("tình trạng"), max_length=12, choices=State.choices, default=State.PROPOSED)
    decision_note = models.CharField(_("ý kiến xử lý"), max_length=500, blank=True)
    proposed_by = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("cơ quan đề xuất"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("ngày đề xuất"), auto_now_add=True)
    decided_at = models.DateTimeField(_("ngày xử lý"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("đề xuất đơn giản hóa")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.procedure.code}"


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class Status(models.IntegerChoices):
    REGISTERED = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Đã tiếp nhận")
    REFUSED = 3, _("Không tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung")
    AWAITING_FEES = 6, _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    PROCESSED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class Outcome(models.TextChoices):
    """How a finished dossier fared against its due date (Decision 766/QĐ-TTg)."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")


class Dossier(models.Model):
    """A citizen's or business's dossier, received at a commune's desk.

    On PostgreSQL the table is partitioned by month of `registered_at` (see `partitions.py`): the
    database's primary key is (id, registered_at) and `code` is unique within each month's
    partition, which makes it unique everywhere because the code spells the registration day.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers",
                                  verbose_name=_("thủ tục"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("tỉnh, thành phố"))
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường, đặc khu tiếp nhận"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("cơ quan tiếp nhận"))
    channel = models.PositiveSmallIntegerField(_("hình thức nộp"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=Status.choices, db_index=True)
    applicant_name = models.CharField(_("người nộp hồ sơ"), max_length=150)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    registered_at = models.DateTimeField(_("thời điểm đăng ký"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    #: The statutory due date: received date + the procedure's limit, shifted by supplement pauses.
    due_date = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    #: The new appointment given in an apology letter; it never makes a late dossier on time.
    extended_due_date = models.DateField(_("ngày hẹn lại"), null=True, blank=True)
    paused_since = models.DateField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(_("số ngày làm việc tạm dừng"), default=0)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("số lần xin lỗi, hẹn lại"), default=0)
    finished_on = models.DateField(_("ngày kết thúc xử lý"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trả kết quả"), null=True, blank=True)
    outcome = models.CharField(_("kết quả đúng hạn"), max_length=8, choices=Outcome.choices, blank=True)
    #: A form resent after a dropped connection finds the dossier it already made (core.resubmission).
    submission_key = models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["province", "status"]),
            models.Index(fields=["commune", "registered_at"]),
            models.Index(fields=["province", "registered_at"]),   # the province's list, newest first
            models.Index(fields=["province", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__gte=1, status__lte=10), name="dossier_status_known"),
            models.CheckConstraint(condition=models.Q(channel__gte=1, channel__lte=3), name="dossier_channel_known"),
            models.CheckConstraint(condition=models.Q(status=1) | models.Q(status=3) | models.Q(status=7)
                                   | models.Q(due_date__isnull=False), name="dossier_received_has_due_date"),
            submission_key_unique("procedures_dossier_submission_key_unique", "created_by"),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("procedures:dossier", args=[self.code])

    @property
    def appointment_date(self):
        """The date the citizen was told to come for the result."""
        return self.extended_due_date or self.due_date

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.AWAITING_FEES})


class DossierEvent(CommuneTerritorial):
    """One step of a dossier: a status change, a supplement request or receipt, an apology letter."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Đăng ký hồ sơ")
        RECEIVE = "receive", _("Tiếp nhận hồ sơ")
        REFUSE = "refuse", _("Từ chối tiếp nhận")
        PROCESS = "process", _("Chuyển xử lý")
        SUPPLEMENT_REQUEST = "supplement_request", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
        AWAIT_FEES = "await_fees", _("Chờ thực hiện nghĩa vụ tài chính")
        FEES_PAID = "fees_paid", _("Đã thực hiện nghĩa vụ tài chính")
        WITHDRAW = "withdraw", _("Công dân rút hồ sơ")
        STOP = "stop", _("Dừng xử lý")
        FINISH = "finish", _("Xử lý xong")
        RETURN_RESULT = "return_result", _("Trả kết quả")
        EXTEND = "extend", _("Xin lỗi và hẹn lại ngày trả kết quả")

    #: No database constraint of its own: on PostgreSQL both tables are partitioned by month and the
    #: constraint is the composite (dossier_id, dossier_registered_at) one of `partitions.py`.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events", db_constraint=False)
    #: The dossier's `registered_at`, carried so that a dossier's steps share its monthly partition.
    dossier_registered_at = models.DateTimeField(editable=False)
    kind = models.CharField(_("bước"), max_length=24, choices=Kind.choices)
    from_status = models.PositiveSmallIntegerField(_("từ trạng thái"), choices=Status.choices, null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(_("sang trạng thái"), choices=Status.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    #: Internal note (may name the applicant): never shown by the public lookup.
    note = models.CharField(_("nội dung"), max_length=1000, blank=True)
    due_date = models.DateField(_("hạn giải quyết sau bước này"), null=True, blank=True)
    new_appointment = models.DateField(_("ngày hẹn mới"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("số ngày tạm dừng"), default=0)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = verbose_name_plural = _("bước xử lý hồ sơ")
        indexes = [models.Index(fields=["dossier", "at"])]

    def __str__(self):
        return f"{self.dossier_id}: {self.get_kind_display()}"


class DossierCounter(models.Model):
    """The last daily sequence number used by an agency on a day; locked while a code is taken."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_agency_day")]

    def __str__(self):
        return f"{self.agency_id} {self.day}: {self.last}"


class DailyCounters(models.Model):
    """The day's counters both figure tables keep (see `DossierDailyStat`)."""

    received = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    done_early = models.IntegerField(default=0)
    done_on_time = models.IntegerField(default=0)
    done_late = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    open_due = models.IntegerField(default=0)
    open_paused = models.IntegerField(default=0)

    COUNTERS = ("received", "received_online", "done_early", "done_on_time", "done_late", "refused",
                "withdrawn", "returned", "open_due", "open_paused")

    class Meta:
        abstract = True


class DossierDailyStat(DailyCounters, CommuneTerritorial):
    """Dossier figures per commune per day, kept current in each status change's transaction.

    Every column but the last two counts what happened on `day`. `open_due` counts the open
    dossiers whose statutory due date is `day` (so "in progress, late" is a sum over past days);
    `open_paused` the open ones waiting since `day` for a supplement (their clock is stopped).
    """

    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="dossier_stat_commune_day")]
        indexes = [models.Index(fields=["day", "province"])]

    def __str__(self):
        return f"{self.commune_id} {self.day}"


class DossierProvinceDailyStat(DailyCounters):
    """The same figures per province per day: national and provincial totals read a few thousand rows.

    Bumped together with `DossierDailyStat` in each status change's transaction.
    """

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="dossier_stat_province_day")]

    def __str__(self):
        return f"{self.province_id} {self.day}"
