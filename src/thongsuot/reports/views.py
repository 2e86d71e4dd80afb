"""Pages of the reporting regimes and reports: the regime (national), the periods with each level's report,
the report pre-filled (draft, edit, refresh, send), its DOCX, PDF and Excel form, and completeness and
timeliness (national by province, province by commune)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.documents import document_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, submit
from thongsuot.geo.models import Province
from thongsuot.reports import selectors, services
from thongsuot.reports.documents import figure_rows, report_document
from thongsuot.reports.figures import BASIS_LABELS, FIGURES, GROUP_LABELS, figures_of, on_time_rate
from thongsuot.reports.forms import RegimeForm, ReportSendForm, ReportTextForm
from thongsuot.reports.models import ReportLevel
from thongsuot.reports.permissions import (
    draft_refusal,
    edit_refusal,
    may_define_regime,
    may_draft_report,
    may_edit_report,
    may_see_completeness,
    may_send_report,
    reporting_level,
    send_refusal,
)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _period_or_404(regime, request):
    period = selectors.regime_period(regime, _day(request.GET.get("ky")))
    if period is None:
        raise Http404
    return period


@login_required
def regime_list(request):
    return render(request, "reports/regimes.html", {
        "regimes": selectors.regime_list(user=request.user), "may_define": may_define_regime(request.user)})


def _regime_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "version"}


@login_required
@require_http_methods(["GET", "POST"])
def regime_new(request):
    if not may_define_regime(request.user):
        raise Forbidden(_("Chỉ cấp Trung ương ban hành chế độ báo cáo."))
    form = RegimeForm(request.POST or None, initial={"communes_report": True, "provinces_report": True,
                                                     "is_active": True})
    return submit(request, form, lambda data: services.regime_create(actor=request.user, data=_regime_data(data)),
                  template="core/form_page.html", then=lambda regime: regime,
                  success=_("Đã ban hành chế độ báo cáo."),
                  context={"title": _("Ban hành chế độ báo cáo"), "cancel_url": reverse("reports:regimes"),
                           "intro": _("Nghị định 09/2019/NĐ-CP: tên, nội dung, đối tượng báo cáo, cơ quan nhận, "
                                      "phương thức, thời gian chốt số liệu, thời hạn gửi, tần suất, đề cương và "
                                      "biểu mẫu số liệu.")})


@login_required
@require_http_methods(["GET", "POST"])
def regime_edit(request, pk: int):
    regime = selectors.access_regime(request.user, pk)
    if not may_define_regime(request.user):
        raise Forbidden(_("Chỉ cấp Trung ương sửa chế độ báo cáo."))
    form = RegimeForm(request.POST or None, initial=RegimeForm.initial_of(regime))
    return submit(request, form, lambda data: services.regime_update(
        actor=request.user, regime=regime, version=data.get("version"), data=_regime_data(data)),
        template="core/form_page.html", then=lambda r: r, success=_("Đã lưu chế độ báo cáo."),
        context={"title": _("Sửa chế độ báo cáo"), "subtitle": regime.name, "cancel_url": regime.get_absolute_url()})


@login_required
def regime_detail(request, pk: int):
    regime = selectors.access_regime(request.user, pk)
    level = reporting_level(request.user)
    periods = []
    for period in selectors.regime_periods(regime):
        periods.append({"period": period, "deadline": period.deadline_for(level) if level else None,
                        "own": selectors.own_report(user=request.user, regime=regime, period=period) if level else None,
                        "closed": period.end < timezone.localdate()})
    return render(request, "reports/regime_detail.html", {
        "regime": regime, "periods": periods, "level": level, "may_define": may_define_regime(request.user),
        "may_draft": may_draft_report(request.user, regime), "may_see_completeness": may_see_completeness(request.user),
        "figures": figures_of(regime.figures), "group_labels": GROUP_LABELS, "scope": scope_of(request.user)})


@login_required
@require_POST
def report_draft(request, pk: int):
    regime = selectors.access_regime(request.user, pk)
    Forbidden.raise_if(draft_refusal(request.user, regime))
    start = _day(request.POST.get("ky"))
    if start is None:
        raise Http404
    report = act(request, lambda: services.report_draft(actor=request.user, regime=regime, period_start=start),
                 _("Đã lập dự thảo báo cáo; số liệu được đọc từ các cơ sở dữ liệu."))
    return redirect(report or regime)


@login_required
def report_list(request):
    regime = None
    if request.GET.get("che_do", "").isdigit():
        regime = selectors.access_regime(request.user, int(request.GET["che_do"]))
    reports = selectors.report_list(user=request.user, regime=regime, period_start=_day(request.GET.get("ky")),
                                    level=request.GET.get("cap", ""), state=request.GET.get("tinh_trang", ""))
    return render(request, "reports/report_list.html", {"reports": reports[:200], "regime": regime})


def _figure_view_rows(report):
    rows = []
    for figure in figures_of(report.regime.figures):
        rows.append({"figure": figure, "value": report.figures.get(figure.key),
                     "basis": BASIS_LABELS[figure.basis], "group": GROUP_LABELS[figure.group]})
    return rows


@login_required
def report_detail(request, pk: int):
    report = selectors.access_report(request.user, pk)
    return render(request, "reports/report_detail.html", {
        "report": report, "rows": _figure_view_rows(report), "rate": on_time_rate(report.figures),
        "has_dossiers": "dossiers" in report.regime.figures, "recipient": services.recipient_of(report),
        "may_edit": may_edit_report(request.user, report), "may_send": may_send_report(request.user, report),
        "outline": report.regime.outline_sections()})


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = selectors.access_report(request.user, pk)
    Forbidden.raise_if(edit_refusal(request.user, report))
    form = ReportTextForm(request.POST or None, initial={
        "assessment": report.assessment, "difficulties": report.difficulties, "proposals": report.proposals,
        "version": report.version})
    return submit(request, form, lambda data: services.report_update(
        actor=request.user, report=report, version=data["version"], assessment=data["assessment"],
        difficulties=data["difficulties"], proposals=data["proposals"]),
        template="reports/report_form.html", then=lambda r: r, success=_("Đã lưu dự thảo báo cáo."),
        context={"title": _("Hoàn thiện dự thảo báo cáo"), "subtitle": report.agency.name, "report": report,
                 "outline": report.regime.outline_sections(), "cancel_url": report.get_absolute_url()})


@login_required
@require_POST
def report_refresh(request, pk: int):
    report = selectors.access_report(request.user, pk)
    version = request.POST.get("version")
    act(request, lambda: services.report_refresh(actor=request.user, report=report,
                                                 version=int(version) if (version or "").isdigit() else None),
        _("Đã đọc lại số liệu từ các cơ sở dữ liệu."))
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def report_send(request, pk: int):
    report = selectors.access_report(request.user, pk)
    Forbidden.raise_if(send_refusal(request.user, report))
    user = request.user
    form = ReportSendForm(request.POST or None, initial={
        "signer_name": user.full_name or user.get_username(), "signer_title": user.job_title,
        "version": report.version})
    return submit(request, form, lambda data: services.report_send(
        actor=user, report=report, version=data["version"], signer_name=data["signer_name"],
        signer_title=data["signer_title"]),
        template="reports/report_form.html", then=lambda r: r,
        success=lambda r: _("Đã ký, gửi báo cáo số %(number)s.") % {"number": r.number},
        context={"title": _("Duyệt, ký và gửi báo cáo"), "subtitle": report.agency.name, "report": report,
                 "proposed_number": services.proposed_number(report), "cancel_url": report.get_absolute_url()})


def _file_name(report, ext: str) -> str:
    name = (report.number or f"du-thao-{report.pk}").replace("/", "-")
    return f"bao-cao-{name}-{report.agency.code}.{ext}"


def report_file(request, report, fmt: str) -> HttpResponse:
    document = report_document(report, services.recipient_of(report).name)
    return document_response(document, fmt, _file_name(report, fmt))


@login_required
def report_docx(request, pk: int):
    return report_file(request, selectors.access_report(request.user, pk), "docx")


@login_required
def report_pdf(request, pk: int):
    return report_file(request, selectors.access_report(request.user, pk), "pdf")


@login_required
def report_xlsx(request, pk: int):
    """The figures form (biểu mẫu) as Excel, through the one workbook writer."""
    report = selectors.access_report(request.user, pk)
    rows = [row[:4] for row in figure_rows(report)]
    subtitle = _("%(agency)s — kỳ từ %(start)s đến %(end)s — %(number)s") % {
        "agency": report.agency.name, "start": f"{report.period_start:%d/%m/%Y}",
        "end": f"{report.period_end:%d/%m/%Y}", "number": report.number or _("dự thảo")}
    return xlsx_response(user=request.user, filename=_file_name(report, "xlsx"), title=report.regime.name,
                         headers=[_("STT"), _("Chỉ tiêu"), _("Số liệu"), _("Cơ sở số liệu")], rows=rows,
                         object_type="reports.report", subtitle=subtitle)


# ---------------------------------------------------------------- completeness and consolidation

@login_required
def completeness(request, pk: int):
    """National: by province. A province is sent to its own page (by commune)."""
    regime = selectors.access_regime(request.user, pk)
    scope = scope_of(request.user)
    if scope is not None and scope.is_province:
        return redirect(f"{reverse('reports:completeness_province', args=[pk, scope.agency.province.code])}"
                        f"?{request.GET.urlencode()}")
    if scope is None or not scope.is_central:
        raise Forbidden(_("Chỉ cấp Trung ương và cấp tỉnh xem tình hình gửi báo cáo."))
    period = _period_or_404(regime, request)
    total, rows = selectors.completeness_by_province(regime=regime, period=period)
    return render(request, "reports/completeness.html", {
        "regime": regime, "period": period, "total": total, "rows": rows,
        "periods": selectors.regime_periods(regime)})


@login_required
def completeness_province(request, pk: int, code: str):
    regime = selectors.access_regime(request.user, pk)
    province = Province.objects.filter(code=code).first()
    scope = scope_of(request.user)
    if province is None or scope is None or not (
            scope.is_central or (scope.is_province and scope.province_id == province.pk)):
        raise Http404
    period = _period_or_404(regime, request)
    total, rows = selectors.completeness_by_commune(regime=regime, period=period, province=province)
    own = selectors.report_list(user=request.user, regime=regime, period_start=period.start,
                                level=ReportLevel.PROVINCE, province=province).first()
    return render(request, "reports/completeness_province.html", {
        "regime": regime, "period": period, "province": province, "total": total, "rows": rows, "own": own,
        "periods": selectors.regime_periods(regime)})


@login_required
def consolidation(request, pk: int):
    """The national consolidation: the provinces' sent reports summed (page and Excel)."""
    regime = selectors.access_regime(request.user, pk)
    scope = scope_of(request.user)
    if scope is None or not scope.is_central:
        raise Forbidden(_("Chỉ cấp Trung ương xem bảng tổng hợp toàn quốc."))
    period = _period_or_404(regime, request)
    data = selectors.national_consolidation(regime=regime, period=period)
    figures = [f for f in figures_of(regime.figures) if not f.key.startswith("staff_shortage.")]
    if request.GET.get("xuat") == "xlsx":
        rows = [(province.code, province.name, *(values.get(f.key) for f in figures)) for province, values
                in data["rows"]]
        rows.append(("", _("Tổng cộng"), *(data["total"].get(f.key) for f in figures)))
        return xlsx_response(user=request.user, filename=f"tong-hop-{regime.pk}-{period.start}.xlsx",
                             title=regime.name, headers=[_("Mã"), _("Tỉnh, thành phố"), *(str(f.label) for f in figures)],
                             rows=rows, object_type="reports.report",
                             subtitle=_("Tổng hợp toàn quốc, kỳ từ %(start)s đến %(end)s") % {
                                 "start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"})
    return render(request, "reports/consolidation.html", {
        "regime": regime, "period": period, "figures": figures, "total": data["total"],
        "rows": [(province, [values.get(f.key) for f in figures]) for province, values in data["rows"]],
        "totals": [data["total"].get(f.key) for f in figures], "missing": data["missing"],
        "all_figures": FIGURES})
