from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from thongsuot.audit.exports import export_response, xlsx_response
from thongsuot.audit.models import AuditEvent
from thongsuot.audit.services import audit_record
from thongsuot.core.forms import act, submit
from thongsuot.core.i18n import Texts
from thongsuot.core.layout import render_public
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.versioning import version_of
from thongsuot.geo.models import Province
from thongsuot.procedures import pdf, selectors, services
from thongsuot.procedures.exports import DOSSIERS, FIGURES, PROCEDURES
from thongsuot.procedures.forms import (
    DossierFilterForm,
    IntakeForm,
    PeriodForm,
    ProcedureFilterForm,
    ProcedureForm,
    ProposalDecisionForm,
    ProposalForm,
    StepForm,
    default_period,
)
from thongsuot.procedures.models import DossierEvent, Outcome, Status
from thongsuot.procedures.permissions import (
    may_decide_proposal,
    may_edit_catalogue,
    may_propose_simplification,
    may_receive_dossier,
    may_see_applicant,
)
from thongsuot.procedures.throttling import PublicLookupThrottle

STATUS_TONE = {Status.REFUSED: "bad", Status.WITHDRAWN: "muted", Status.STOPPED: "bad", Status.SUPPLEMENT: "warn",
               Status.AWAITING_FEES: "warn", Status.PROCESSED: "ok", Status.RETURNED: "ok"}
OUTCOME_TONE = {Outcome.EARLY: "ok", Outcome.ON_TIME: "ok", Outcome.LATE: "bad"}


def _act(request, form, action, *, success, back, invalid: str = ""):
    """A button on a record's page: run the service when the form is valid, say how it went, go back.

    A rule's refusal is shown as a message on the record's page; a `Forbidden` answers 403 with its reason."""
    if form.is_valid():
        act(request, lambda: action(form.cleaned_data),
            (lambda _: success(form.cleaned_data)) if callable(success) else success)
    elif invalid:
        messages.error(request, invalid)
    return redirect(back)


# --- Catalogue -------------------------------------------------------------------------------------------------

@login_required
def catalogue(request):
    form = ProcedureFilterForm(request.GET)
    filters = form.values()
    procedures = selectors.procedure_list(query=filters.get("q", ""), sector=filters.get("sector", ""),
                                          online_level=filters.get("online_level", ""))
    if wants_export(request):
        return export_response(request, PROCEDURES, procedures, filters=form.described())
    return render(request, "procedures/catalogue.html", {"form": form, "page": paginate(request, procedures),
                                                         "may_edit": may_edit_catalogue(request.user)})


@login_required
def procedure_detail(request, code: str):
    procedure = selectors.access_procedure(request.user, code)
    return render(request, "procedures/procedure_detail.html", {
        "procedure": procedure, "proposals": selectors.proposal_list(procedure=procedure),
        "proposal_form": ProposalForm() if may_propose_simplification(request.user, procedure) else None,
        "may_decide": may_decide_proposal(request.user),
        "may_edit": may_edit_catalogue(request.user, procedure),
        "decision_form": ProposalDecisionForm()})


@login_required
def procedure_edit(request, code: str | None = None):
    """Add or edit a catalogue entry (national level)."""
    if not may_edit_catalogue(request.user):
        raise Http404
    procedure = selectors.access_procedure(request.user, code) if code else None
    form = ProcedureForm(request.POST or None, instance=procedure, initial={"version": version_of(procedure)})

    def save(data):
        # The form has written its values onto `procedure`: the service gets the entry as stored.
        stored = selectors.access_procedure(request.user, code) if code else None
        return services.procedure_save(actor=request.user, procedure=stored, version=data["version"],
                                       **{name: data[name] for name in ProcedureForm.Meta.fields})

    page = ({"title": procedure.code, "subtitle": _("Sửa thủ tục"), "cancel_url": procedure.get_absolute_url()}
            if procedure else {"title": _("Thêm thủ tục vào danh mục"), "cancel_url": reverse("procedures:catalogue")})
    return submit(request, form, save, template="core/form_page.html", then=lambda saved: saved, context=page,
                  success=lambda saved: _("Đã lưu thủ tục %(code)s.") % {"code": saved.code})


@login_required
@require_POST
def procedure_propose(request, code: str):
    procedure = selectors.access_procedure(request.user, code)
    return _act(request, ProposalForm(request.POST), lambda data: services.proposal_create(
        actor=request.user, procedure=procedure, **data), success=_("Đã gửi đề xuất."), back=procedure,
        invalid=_("Chưa gửi được đề xuất: vui lòng chọn loại và nhập nội dung."))


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = selectors.access_proposal(request.user, pk)
    return _act(request, ProposalDecisionForm(request.POST), lambda data: services.proposal_decide(
        actor=request.user, proposal=proposal, **data), success=_("Đã cập nhật đề xuất."), back=proposal.procedure)


# --- Dossiers --------------------------------------------------------------------------------------------------

@login_required
def dossiers(request):
    form = DossierFilterForm(request.GET)
    rows = selectors.dossier_list(user=request.user, filters=form.values())
    if wants_export(request):
        return export_response(request, DOSSIERS, rows, filters=form.described())
    return render(request, "procedures/dossiers.html", {
        "form": form, "page": paginate(request, rows), "status_tone": STATUS_TONE, "outcome_tone": OUTCOME_TONE,
        "can_intake": may_receive_dossier(request.user)})


@login_required
def intake(request):
    if not may_receive_dossier(request.user):
        raise Http404
    form = IntakeForm(request.POST or None, initial={"procedure": request.GET.get("thu_tuc", "")})
    return submit(request, form, lambda data: services.dossier_intake(actor=request.user, **data),
                  template="core/form_page.html", then=lambda dossier: dossier,
                  success=lambda dossier: _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code},
                  context={"title": _("Tiếp nhận hồ sơ"), "submit_label": _("Tiếp nhận và cấp mã hồ sơ"),
                           "intro": _("Hạn giải quyết được tính theo ngày làm việc, trừ ngày nghỉ, ngày lễ, Tết "
                                      "và ngày nghỉ bù."),
                           "cancel_url": reverse("procedures:dossiers")})


def _record_personal_view(request, dossier, what: str) -> None:
    """Reading an applicant's personal data leaves a trace in the audit log."""
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW_PERSONAL, obj=dossier, changes={"view": what})


@login_required
def dossier_detail(request, code: str):
    dossier = selectors.access_dossier(request.user, code)
    steps = [(kind, DossierEvent.Kind(kind).label) for kind in services.steps_for(request.user, dossier)]
    show_applicant = may_see_applicant(request.user, dossier)
    if show_applicant:
        _record_personal_view(request, dossier, "detail")
    return render(request, "procedures/dossier_detail.html", {
        "dossier": dossier, "events": selectors.dossier_events(dossier).select_related("actor"), "steps": steps,
        "show_applicant": show_applicant, "status_tone": STATUS_TONE,
        "outcome_tone": OUTCOME_TONE, "needs_reason": services.REASON_REQUIRED, "extend": DossierEvent.Kind.EXTEND})


@login_required
@require_POST
def dossier_step(request, code: str):
    dossier = selectors.access_dossier(request.user, code)
    return _act(request, StepForm(request.POST), lambda data: services.dossier_transition(
        actor=request.user, dossier=dossier, kind=data["kind"], note=data["note"], version=data["version"],
        new_appointment=data.get("new_appointment")), back=dossier,
        success=lambda data: _("Đã cập nhật hồ sơ: %(step)s.") % {"step": DossierEvent.Kind(data["kind"]).label},
        invalid=_("Thao tác không hợp lệ. Vui lòng tải lại trang."))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _applicant_dossier(request, code: str, what: str):
    """The dossier whose applicant's papers are printed: the receiving commune's only (404 for others), traced."""
    dossier = selectors.access_dossier(request.user, code)
    if not may_see_applicant(request.user, dossier):
        raise Http404
    _record_personal_view(request, dossier, what)
    return dossier


@login_required
def dossier_receipt(request, code: str):
    dossier = _applicant_dossier(request, code, "receipt")
    lookup = request.build_absolute_uri(reverse("procedures:lookup"))
    return _pdf(pdf.receipt_pdf(dossier, lookup_url=lookup), f"bien-nhan-{dossier.code}.pdf")


@login_required
def dossier_apology(request, code: str, event_id: int):
    dossier = selectors.access_dossier(request.user, code)
    if not may_see_applicant(request.user, dossier):
        raise Http404
    event = get_object_or_404(selectors.dossier_events(dossier), pk=event_id, kind=DossierEvent.Kind.EXTEND)
    _record_personal_view(request, dossier, "apology")
    return _pdf(pdf.apology_pdf(dossier, event), f"xin-loi-{dossier.code}.pdf")


# --- Figures ---------------------------------------------------------------------------------------------------

@login_required
def figures(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end, province_code = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["province"]
    else:
        start, end = default_period()
        province_code = ""
    province = selectors.figures_province(request.user, province_code)
    group_by = selectors.figures_grouping(request.user, province)
    total, rows = selectors.figures(user=request.user, start=start, end=end, group_by=group_by, province=province)
    if wants_export(request):
        return xlsx_response(
            user=request.user, filename=f"{FIGURES.filename}.xlsx", title=str(FIGURES.title),
            headers=FIGURES.headers, rows=FIGURES.rows([*rows, total]),
            filters={"start": start.isoformat(), "end": end.isoformat(), "province": province_code},
            object_type=FIGURES.object_type)
    return render(request, "procedures/figures.html", {
        "form": form, "start": start, "end": end, "total": total, "rows": rows, "group_by": group_by,
        "province": province})


# --- Public lookup ---------------------------------------------------------------------------------------------

def _lookup_dates(dossier: dict) -> dict:
    """The lookup page's dates, written out once here (dd/mm/yyyy, Vietnam time) rather than by a
    template filter per date: the page anyone may load many times a second."""
    def day(value) -> str:
        return f"{value:%d/%m/%Y}" if value else ""

    return {"received": day(dossier["received_on"]), "appointment": day(dossier["appointment_date"]),
            "finished": day(dossier["finished_on"]), "returned": day(dossier["returned_on"]),
            "steps": [(step["label"], f"{timezone.localtime(step['at']):%H:%M %d/%m/%Y}",
                       day(step["new_appointment"])) for step in dossier["steps"]]}


LOOKUP_TEXT = Texts(
    title=gettext_noop("Tra cứu hồ sơ"), heading=gettext_noop("Tra cứu tình trạng hồ sơ"),
    code=gettext_noop("Mã hồ sơ"), search=gettext_noop("Tra cứu"),
    not_found=gettext_noop("Không tìm thấy hồ sơ với mã đã nhập. Vui lòng kiểm tra lại mã trên giấy tiếp nhận."),
    dossier=gettext_noop("Hồ sơ"), status=gettext_noop("Trạng thái"), procedure=gettext_noop("Thủ tục"),
    place=gettext_noop("Nơi tiếp nhận"), received=gettext_noop("Ngày tiếp nhận"),
    appointment=gettext_noop("Ngày hẹn trả kết quả"), finished=gettext_noop("Ngày xử lý xong"),
    returned=gettext_noop("Ngày trả kết quả"), steps=gettext_noop("Các bước"), moved_to=gettext_noop("hẹn lại ngày"),
    privacy=gettext_noop("Trang tra cứu chỉ hiển thị tình trạng và các mốc thời gian; không hiển thị thông tin "
                         "của người nộp hồ sơ."),
    figures=gettext_noop("Số liệu giải quyết hồ sơ của các tỉnh, xã"))


def lookup(request):
    """Anyone may look a dossier up by its code: status and dates, never who filed it.

    Served from the pre-rendered public layout (core.layout) with texts translated once per
    language: the page anyone may load many times a second."""
    code = request.GET.get("ma", "").strip()[:40]
    text = LOOKUP_TEXT.current()
    context = {"text": text, "code": code, "dossier": None, "searched": bool(code)}
    status = 200
    if code:
        throttle = PublicLookupThrottle()
        if not throttle.allow_request(request, None):
            context["throttled"] = _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau %(n)s giây.") % {
                "n": int(throttle.wait() or 60)}
            status = 429
        else:
            context["dossier"] = dossier = selectors.public_lookup(code)
            if dossier:
                context.update(tone=STATUS_TONE.get(dossier["status"], ""), dates=_lookup_dates(dossier))
    response = render_public(request, "procedures/_lookup_body.html", context, title=text["title"], status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- Public figures ----------------------------------------------------------------------------------------------

#: The periods the public figures page offers: this month, this quarter, this year so far.
PUBLIC_PERIODS = {"thang": gettext_noop("Tháng này"), "quy": gettext_noop("Quý này"), "nam": gettext_noop("Năm nay")}


def public_period(key: str) -> tuple[date, date]:
    """The first day of this month, quarter or year, and today."""
    today = timezone.localdate()
    if key == "thang":
        return today.replace(day=1), today
    if key == "quy":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    return today.replace(month=1, day=1), today


def public_figures(request):
    """Anyone may read each province's and commune's dossier figures (Decision 766/QĐ-TTg): counts
    and rates only, from the summary tables, nothing about a dossier or a person. `?tinh=` narrows
    to one province's communes, `?ky=` picks the period."""
    period = request.GET.get("ky", "")
    period = period if period in PUBLIC_PERIODS else "nam"
    code = request.GET.get("tinh", "").strip()[:2]
    province = Province.objects.filter(code=code).first() if code else None
    if code and province is None:
        raise Http404
    start, end = public_period(period)
    total, rows = selectors.public_figures(start=start, end=end, province=province)
    title = _("Số liệu giải quyết hồ sơ thủ tục hành chính")
    response = render_public(request, "procedures/_public_figures_body.html", {
        "title": title, "province": province, "period": period, "start": start, "end": end, "total": total,
        "rows": rows, "periods": [(key, _(label)) for key, label in PUBLIC_PERIODS.items()],
        "as_of": timezone.localtime()}, title=title)
    response["Cache-Control"] = f"public, max-age={selectors.PUBLIC_FIGURES_TTL}"
    return response
