"""A reporting regime (Decree 09/2019, Art. 7: its ten elements) and the reports made under it.

A regime's periods are computed from its frequency and cut-off (`periods.py`), not stored: a report
names its period by its first and last (cut-off) day. One report per regime, period and agency.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongsuot.core.versioning import VersionedModel
from thongsuot.geo.models import Territorial


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    AD_HOC = "ad_hoc", _("Đột xuất")


class Method(models.TextChoices):
    ELECTRONIC = "electronic", _("Văn bản điện tử qua hệ thống thông tin báo cáo")
    ELECTRONIC_AND_PAPER = "electronic_paper", _("Văn bản điện tử và văn bản giấy")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


class ReportingRegime(VersionedModel):
    """What the national level asks for, from whom, how often, by when, in which outline and form."""

    name = models.CharField(_("tên báo cáo"), max_length=200)
    content = models.TextField(_("nội dung yêu cầu báo cáo"))
    communes_report = models.BooleanField(_("cấp xã báo cáo"), default=True)
    provinces_report = models.BooleanField(_("cấp tỉnh báo cáo"), default=True)
    recipient = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("cơ quan nhận báo cáo"))
    method = models.CharField(_("phương thức gửi, nhận"), max_length=20, choices=Method.choices,
                              default=Method.ELECTRONIC)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices)
    #: Weekly: the weekday on which the data is cut off (the period's last day).
    cutoff_weekday = models.PositiveSmallIntegerField(_("ngày chốt số liệu trong tuần"), choices=Weekday.choices,
                                                      default=Weekday.THURSDAY)
    #: Monthly and quarterly: the day of the month the data is cut off (Decree 09/2019: the 14th).
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu trong tháng"), default=14)
    commune_deadline_days = models.PositiveSmallIntegerField(_("hạn gửi của cấp xã (ngày sau ngày chốt)"), default=1)
    province_deadline_days = models.PositiveSmallIntegerField(_("hạn gửi của cấp tỉnh (ngày sau ngày chốt)"),
                                                              default=2)
    starts_on = models.DateField(_("áp dụng từ ngày"))
    #: Ad hoc: the one period ends (its data is cut off) on this day; otherwise the regime ends then.
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    outline = models.TextField(_("đề cương báo cáo"), help_text=_("Mỗi dòng một mục."))
    figures = models.JSONField(_("biểu mẫu số liệu"), default=list)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = verbose_name_plural = _("chế độ báo cáo")
        constraints = [
            models.CheckConstraint(name="regime_someone_reports",
                                   condition=models.Q(communes_report=True) | models.Q(provinces_report=True)),
            models.CheckConstraint(name="regime_cutoff_day_in_month",
                                   condition=models.Q(cutoff_day__gte=1, cutoff_day__lte=28)),
            models.CheckConstraint(name="regime_ad_hoc_has_end",
                                   condition=~models.Q(frequency="ad_hoc") | models.Q(ends_on__isnull=False)),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:regime", args=[self.pk])

    def outline_sections(self) -> list[str]:
        return [line.strip() for line in self.outline.splitlines() if line.strip()]


class ReportLevel(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Đã gửi")


class Report(VersionedModel, Territorial):
    """One agency's report for one period of a regime: figures read from the registries (never typed),
    the reporter's own words, and once the leader approves, its number, date, signer and send time."""

    regime = models.ForeignKey(ReportingRegime, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("ngày chốt số liệu"))
    deadline = models.DateField(_("hạn gửi"))
    level = models.CharField(_("cấp báo cáo"), max_length=10, choices=ReportLevel.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("cơ quan báo cáo"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    #: The figures, key → number (figures.py names each key); read from the registries, never typed.
    figures = models.JSONField(_("số liệu"), default=dict)
    figures_read_at = models.DateTimeField(_("số liệu đọc lúc"))
    #: A province's report: its communes' reports summed, and the communes that sent none.
    communes_expected = models.PositiveIntegerField(default=0)
    communes_reported = models.JSONField(default=list)
    communes_missing = models.JSONField(default=list)
    assessment = models.TextField(_("đánh giá chung"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True)
    signed_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_end", "province_id", "commune_id"]
        verbose_name = verbose_name_plural = _("báo cáo định kỳ")
        constraints = [
            models.UniqueConstraint(fields=["regime", "period_start", "agency"], name="report_one_per_period_agency"),
            models.CheckConstraint(name="report_level_matches_unit",
                                   condition=models.Q(level="commune", commune__isnull=False)
                                   | models.Q(level="province", commune__isnull=True)),
            models.CheckConstraint(name="report_sent_has_number",
                                   condition=models.Q(state="draft") | (~models.Q(number="")
                                                                        & models.Q(submitted_at__isnull=False))),
        ]
        indexes = [models.Index(fields=["regime", "period_start", "level", "state"], name="report_period_idx"),
                   models.Index(fields=["province", "regime", "period_start"], name="report_province_idx")]

    def __str__(self):
        return f"{self.regime.name} · {self.agency.name} · {self.period_end:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def on_time(self) -> bool | None:
        """Sent by the end of its deadline day (local time); None while not sent."""
        if self.submitted_at is None:
            return None
        return timezone.localtime(self.submitted_at).date() <= self.deadline
