"""Writes for regimes and reports: the national level defines a regime; an officer drafts the agency's
report for a period (figures read from the registries, or a province's from its communes' sent
reports), the leader approves, numbers ("12/BC-UBND", `core.numbering`) and sends it. Sending reads
the figures once more and freezes them with the report."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition
from thongsuot.core.numbering import number_peek, number_take
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.notifications.services import notify_agency
from thongsuot.reports import figures as catalogue
from thongsuot.reports import selectors
from thongsuot.reports.models import Frequency, Report, ReportingRegime, ReportLevel, ReportState
from thongsuot.reports.periods import Period, period_starting
from thongsuot.reports.permissions import (
    draft_refusal,
    edit_refusal,
    may_define_regime,
    send_refusal,
)

#: The series and symbol of a people's committee's reports (Decree 30/2020, Appendix III: Báo cáo = BC).
SERIES = "BC"
SYMBOL = "BC-UBND"
STALE = gettext_noop("Báo cáo này vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại.")

REGIME_FIELDS = ("name", "content", "communes_report", "provinces_report", "recipient", "method", "frequency",
                 "cutoff_weekday", "cutoff_day", "commune_deadline_days", "province_deadline_days", "starts_on",
                 "ends_on", "outline", "figures", "is_active")


def _check_regime(data: dict) -> dict:
    data = dict(data)
    for name in ("name", "content", "outline"):
        data[name] = nfc(data.get(name) or "").strip()
    if not data["name"]:
        raise DomainError(_("Chưa nhập tên báo cáo."), field="name")
    if not data["content"]:
        raise DomainError(_("Chưa nhập nội dung yêu cầu báo cáo."), field="content")
    if not data["outline"]:
        raise DomainError(_("Chưa nhập đề cương báo cáo (mỗi dòng một mục)."), field="outline")
    if not data.get("communes_report") and not data.get("provinces_report"):
        raise DomainError(_("Chọn ít nhất một cấp báo cáo (cấp xã, cấp tỉnh)."), field="communes_report")
    groups = [g for g in data.get("figures") or [] if g in catalogue.GROUP_LABELS]
    if not groups:
        raise DomainError(_("Chọn ít nhất một nhóm số liệu cho biểu mẫu."), field="figures")
    data["figures"] = groups
    recipient = data.get("recipient")
    if not isinstance(recipient, Agency) or recipient.level not in (Level.CENTRAL, Level.MINISTRY):
        raise DomainError(_("Cơ quan nhận báo cáo phải là Ban Chỉ đạo Trung ương hoặc một bộ, ngành."),
                          field="recipient")
    if not 1 <= (data.get("cutoff_day") or 0) <= 28:
        raise DomainError(_("Ngày chốt số liệu trong tháng phải từ 1 đến 28."), field="cutoff_day")
    commune_days, province_days = data.get("commune_deadline_days") or 0, data.get("province_deadline_days") or 0
    if not 0 <= commune_days <= 30 or not 0 <= province_days <= 30:
        raise DomainError(_("Hạn gửi phải từ 0 đến 30 ngày sau ngày chốt số liệu."), field="province_deadline_days")
    if data.get("communes_report") and data.get("provinces_report") and province_days <= commune_days:
        raise DomainError(_("Hạn gửi của cấp tỉnh phải sau hạn gửi của cấp xã (cấp tỉnh tổng hợp báo cáo của cấp "
                            "xã)."), field="province_deadline_days")
    if data.get("frequency") == Frequency.AD_HOC and not data.get("ends_on"):
        raise DomainError(_("Báo cáo đột xuất phải có ngày chốt số liệu (ô “Đến ngày”)."), field="ends_on")
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu áp dụng."), field="ends_on")
    return data


@transaction.atomic
def regime_create(*, actor, data: dict) -> ReportingRegime:
    """Define a reporting regime (national level only)."""
    if not may_define_regime(actor):
        raise Forbidden(_("Chỉ cấp Trung ương ban hành chế độ báo cáo."))
    data = _check_regime(data)
    now = timezone.now()
    regime = ReportingRegime.objects.create(**{name: data.get(name) for name in REGIME_FIELDS if name in data},
                                            created_by=actor, created_at=now, updated_at=now)
    audit_record(actor=actor, action="create", obj=regime, after={"name": regime.name,
                                                                  "frequency": regime.frequency})
    return regime


@transaction.atomic
def regime_update(*, actor, regime: ReportingRegime, version: int | None, data: dict) -> ReportingRegime:
    if not may_define_regime(actor):
        raise Forbidden(_("Chỉ cấp Trung ương sửa chế độ báo cáo."))
    regime = ReportingRegime.objects.select_for_update().get(pk=regime.pk)
    check_version(regime, version)
    data = _check_regime(data)
    if Report.objects.filter(regime=regime).exists() and (
            data["frequency"] != regime.frequency or data["starts_on"] != regime.starts_on
            or data["cutoff_weekday"] != regime.cutoff_weekday or data["cutoff_day"] != regime.cutoff_day):
        raise DomainError(_("Đã có báo cáo theo chế độ này: không đổi được tần suất, ngày chốt số liệu và ngày bắt "
                            "đầu áp dụng (hãy ban hành chế độ mới)."), field="frequency")
    before = {name: str(getattr(regime, name)) for name in REGIME_FIELDS}
    for name in REGIME_FIELDS:
        if name in data:
            setattr(regime, name, data[name])
    regime.updated_at = timezone.now()
    bump(regime)
    regime.save()
    after = {name: str(getattr(regime, name)) for name in REGIME_FIELDS}
    audit_record(actor=actor, action="update", obj=regime,
                 before={k: v for k, v in before.items() if after[k] != v},
                 after={k: v for k, v in after.items() if before[k] != v})
    return regime


# ---------------------------------------------------------------- reports

def _period(regime: ReportingRegime, start: date) -> Period:
    period = period_starting(regime, start)
    if period is None:
        raise DomainError(_("Kỳ báo cáo bắt đầu ngày %(day)s không thuộc chế độ báo cáo này.") % {
            "day": f"{start:%d/%m/%Y}"}, field="period")
    if period.end > timezone.localdate():
        raise DomainError(_("Chưa đến ngày chốt số liệu của kỳ này (%(day)s).") % {"day": f"{period.end:%d/%m/%Y}"},
                          field="period")
    return period


def _read_figures(report: Report, reader) -> None:
    """Fill the report's figures: a commune's from the registries, a province's from its communes."""
    period = Period(report.period_start, report.period_end, report.deadline, report.deadline)
    if report.level == ReportLevel.COMMUNE:
        report.figures = catalogue.read_commune(reader=reader, commune=report.commune, start=period.start,
                                                end=period.end, groups=report.regime.figures)
    else:
        sent = selectors.sent_commune_reports(regime=report.regime, period=period, province_id=report.province_id)
        report.figures = catalogue.sum_queryset(sent)
        reported = set(sent.values_list("commune__code", flat=True))
        communes = list(report.province.communes.order_by("code").values_list("code", "name"))
        report.communes_expected = len(communes) if report.regime.communes_report else 0
        report.communes_reported = sorted(reported)
        report.communes_missing = [[code, name] for code, name in communes if code not in reported] if (
            report.regime.communes_report) else []
    report.figures_read_at = timezone.now()


def report_compose(*, regime: ReportingRegime, period: Period, agency: Agency, reader, created_by) -> Report:
    """Make a draft report for `agency` with its figures read (the checks are the caller's)."""
    level = ReportLevel.COMMUNE if agency.level == Level.COMMUNE else ReportLevel.PROVINCE
    now = timezone.now()
    report = Report(regime=regime, period_start=period.start, period_end=period.end,
                    deadline=period.deadline_for(level), level=level, agency=agency, province_id=agency.province_id,
                    commune_id=agency.commune_id, state=ReportState.DRAFT, created_by=created_by, created_at=now,
                    updated_at=now)
    _read_figures(report, reader)
    report.save()
    return report


@transaction.atomic
def report_draft(*, actor, regime: ReportingRegime, period_start: date) -> Report:
    """Draft the actor's agency's report for a period (one per agency and period: a second call returns
    the first draft), its figures read from the registries as of the cut-off day."""
    Forbidden.raise_if(draft_refusal(actor, regime))
    period = _period(regime, period_start)
    agency = scope_of(actor).agency
    existing = Report.objects.filter(regime=regime, period_start=period.start, agency=agency).first()
    if existing is not None:
        return existing
    report = report_compose(regime=regime, period=period, agency=agency, reader=actor, created_by=actor)
    audit_record(actor=actor, action="create", obj=report, after={
        "regime": regime.pk, "period": [f"{period.start}", f"{period.end}"], "figures": report.figures})
    return report


def _locked(report: Report, version: int | None) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related(
        "regime", "agency", "province", "commune").get(pk=report.pk)
    check_version(report, version, message=_(STALE))
    return report


@transaction.atomic
def report_update(*, actor, report: Report, version: int | None, assessment: str, difficulties: str,
                  proposals: str) -> Report:
    """Save the reporter's own words (the figures are not typed: they are read)."""
    report = _locked(report, version)
    Forbidden.raise_if(edit_refusal(actor, report))
    before = {"assessment": report.assessment, "difficulties": report.difficulties, "proposals": report.proposals}
    report.assessment, report.difficulties, report.proposals = (nfc(assessment).strip(), nfc(difficulties).strip(),
                                                                nfc(proposals).strip())
    report.updated_at = timezone.now()
    bump(report)
    report.save()
    after = {"assessment": report.assessment, "difficulties": report.difficulties, "proposals": report.proposals}
    audit_record(actor=actor, action="update", obj=report, before=before, after=after)
    return report


@transaction.atomic
def report_refresh(*, actor, report: Report, version: int | None) -> Report:
    """Read the draft's figures again (records changed since it was drafted)."""
    report = _locked(report, version)
    Forbidden.raise_if(edit_refusal(actor, report))
    before = dict(report.figures)
    _read_figures(report, actor)
    report.updated_at = timezone.now()
    bump(report)
    report.save()
    audit_record(actor=actor, action="update", obj=report, before={"figures": before},
                 after={"figures": report.figures})
    return report


def proposed_number(report: Report) -> str:
    return f"{number_peek(issuer=report.agency.code, series=SERIES, year=timezone.localdate().year):02d}/{SYMBOL}"


def recipient_of(report: Report) -> Agency:
    """A commune reports to its province's people's committee; a province to the regime's recipient."""
    if report.level == ReportLevel.COMMUNE:
        return selectors.province_agency(report.province_id) or report.regime.recipient
    return report.regime.recipient


@transaction.atomic
def report_send(*, actor, report: Report, version: int | None, signer_name: str, signer_title: str) -> Report:
    """The leader approves, numbers, signs and sends the report: its figures are read a last time and
    frozen with it, its send time is what timeliness is counted from."""
    report = _locked(report, version)
    if not report.is_draft:
        raise InvalidTransition(_("Báo cáo đã được gửi."))
    Forbidden.raise_if(send_refusal(actor, report))
    signer_name, signer_title = nfc(signer_name).strip(), nfc(signer_title).strip()
    if not signer_name:
        raise DomainError(_("Chưa nhập người ký báo cáo."), field="signer_name")
    if not signer_title:
        raise DomainError(_("Chưa nhập chức vụ người ký."), field="signer_title")
    if not (report.assessment or report.difficulties or report.proposals):
        raise DomainError(_("Báo cáo chưa có phần đánh giá, khó khăn hoặc đề xuất: chuyên viên cần hoàn thiện "
                            "dự thảo trước khi gửi."), field=None)
    _read_figures(report, actor)
    today = timezone.localdate()
    sequence = number_take(issuer=report.agency.code, series=SERIES, year=today.year)
    report.number = f"{sequence:02d}/{SYMBOL}"
    report.signed_on, report.signer_name, report.signer_title = today, signer_name, signer_title
    report.state, report.approved_by = ReportState.SENT, actor
    report.submitted_at = report.updated_at = timezone.now()
    bump(report)
    report.save()
    audit_record(actor=actor, action="status", obj=report, before={"state": ReportState.DRAFT},
                 after={"state": report.state, "number": report.number, "figures": report.figures,
                        "on_time": report.on_time})
    notify_agency(agency=recipient_of(report), actor=actor, url=report.get_absolute_url(),
                  title=gettext_noop("Báo cáo %(regime)s của %(agency)s"),
                  body=gettext_noop("Số %(number)s, kỳ đến ngày %(day)s."),
                  params={"regime": report.regime.name, "agency": report.agency.name, "number": report.number,
                          "day": f"{report.period_end:%d/%m/%Y}"})
    return report
