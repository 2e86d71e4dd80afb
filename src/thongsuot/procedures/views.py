import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django.views.decorators.http import require_POST

from thongsuot.accounts.permissions import Action, get_visible_or_404, scope_of, visible_provinces
from thongsuot.audit.exports import xlsx_response
from thongsuot.audit.models import AuditEvent
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.i18n import Texts
from thongsuot.core.layout import render_public
from thongsuot.core.pagination import paginate
from thongsuot.procedures import pdf, selectors, services
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
from thongsuot.procedures.models import DossierEvent, Outcome, Procedure, SimplificationProposal, Status
from thongsuot.procedures.throttling import PublicLookupThrottle

STATUS_TONE = {Status.REFUSED: "bad", Status.WITHDRAWN: "muted", Status.STOPPED: "bad", Status.SUPPLEMENT: "warn",
               Status.AWAITING_FEES: "warn", Status.PROCESSED: "ok", Status.RETURNED: "ok"}
#: An export larger than this is refused in favour of the figures (a workbook is built in memory).
EXPORT_LIMIT = 100_000
OUTCOME_TONE = {Outcome.EARLY: "ok", Outcome.ON_TIME: "ok", Outcome.LATE: "bad"}


# --- Catalogue -------------------------------------------------------------------------------------------------

@login_required
def catalogue(request):
    form = ProcedureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    procedures = selectors.procedure_list(query=filters.get("q", ""), sector=filters.get("sector", ""),
                                          online_level=filters.get("online_level", ""))
    if request.GET.get("xuat") == "xlsx":
        return xlsx_response(
            user=request.user, filename="danh-muc-thu-tuc.xlsx", title=_("Danh mục thủ tục hành chính"),
            headers=[_("Mã"), _("Tên thủ tục"), pgettext("sector", "Lĩnh vực"), _("Thời hạn (ngày làm việc)"), _("Phí, lệ phí (đồng)"),
                     _("Mức độ trực tuyến"), _("Thủ tục nội bộ"), _("Dữ liệu mẫu")],
            rows=([p.code, p.name, p.get_sector_display(), p.time_limit_days, p.fee, p.get_online_level_display(),
                   _("Có") if p.is_internal else "", _("Có") if p.is_sample else "", ] for p in procedures),
            filters={k: str(v) for k, v in filters.items() if v}, object_type="procedures.procedure")
    return render(request, "procedures/catalogue.html", {"form": form, "page": paginate(request, procedures),
                                                         "may_edit": _may_edit_catalogue(request.user)})


@login_required
def procedure_detail(request, code: str):
    procedure = get_object_or_404(Procedure, code=code)
    scope = scope_of(request.user)
    return render(request, "procedures/procedure_detail.html", {
        "procedure": procedure, "proposals": selectors.proposal_list(procedure=procedure),
        "proposal_form": ProposalForm() if scope and scope.allows(Action.CREATE) else None,
        "may_decide": bool(scope and scope.is_central and scope.allows(Action.RESOLVE)),
        "may_edit": _may_edit_catalogue(request.user),
        "decision_form": ProposalDecisionForm()})


def _may_edit_catalogue(user) -> bool:
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.EDIT))


@login_required
def procedure_edit(request, code: str | None = None):
    """Add or edit a catalogue entry (national level)."""
    if not _may_edit_catalogue(request.user):
        raise Http404
    procedure = get_object_or_404(Procedure, code=code) if code else None
    form = ProcedureForm(request.POST or None, instance=procedure)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProcedureForm.Meta.fields}
        try:
            saved = services.procedure_save(actor=request.user, procedure=Procedure.objects.get(pk=procedure.pk)
                                            if procedure else None, **fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu thủ tục %(code)s.") % {"code": saved.code})
            return redirect(saved)
    return render(request, "procedures/procedure_form.html", {"form": form, "procedure": procedure})


@login_required
@require_POST
def procedure_propose(request, code: str):
    procedure = get_object_or_404(Procedure, code=code)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_create(actor=request.user, procedure=procedure, **form.cleaned_data)
            messages.success(request, _("Đã gửi đề xuất."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Chưa gửi được đề xuất: vui lòng chọn loại và nhập nội dung."))
    return redirect(procedure)


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(SimplificationProposal, pk=pk)
    form = ProposalDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decide(actor=request.user, proposal=proposal, **form.cleaned_data)
            messages.success(request, _("Đã cập nhật đề xuất."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect(proposal.procedure)


# --- Dossiers --------------------------------------------------------------------------------------------------

@login_required
def dossiers(request):
    form = DossierFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    rows = selectors.dossier_list(user=request.user, filters=filters)
    if request.GET.get("xuat") == "xlsx":
        if rows.count() > EXPORT_LIMIT:
            messages.error(request, _("Danh sách có hơn %(n)s hồ sơ: vui lòng lọc bớt (theo xã, thời gian, trạng "
                                      "thái) trước khi xuất Excel.") % {"n": f"{EXPORT_LIMIT:,}".replace(",", ".")})
            return redirect(f"{request.path}?{request.GET.copy().urlencode().replace('xuat=xlsx', '')}")
        return xlsx_response(
            user=request.user, filename="ho-so.xlsx", title=_("Danh sách hồ sơ thủ tục hành chính"),
            headers=[_("Mã hồ sơ"), _("Thủ tục"), _("Xã, phường, đặc khu"), _("Hình thức"), _("Trạng thái"),
                     _("Ngày tiếp nhận"), _("Hạn giải quyết"), _("Ngày hẹn lại"), _("Ngày xử lý xong"),
                     _("Số lần bổ sung"), _("Kết quả")],
            rows=([d.code, d.procedure.name, d.commune.name, d.get_channel_display(), d.get_status_display(),
                   d.received_on, d.due_date, d.extended_due_date, d.finished_on, d.supplement_count,
                   d.get_outcome_display()] for d in rows[:EXPORT_LIMIT].iterator(chunk_size=2000)),
            filters={k: str(v) for k, v in filters.items()}, object_type="procedures.dossier")
    scope = scope_of(request.user)
    return render(request, "procedures/dossiers.html", {
        "form": form, "page": paginate(request, rows), "status_tone": STATUS_TONE, "outcome_tone": OUTCOME_TONE,
        "can_intake": bool(scope and scope.is_commune and scope.allows(Action.CREATE))})


@login_required
def intake(request):
    scope = scope_of(request.user)
    if scope is None or not scope.is_commune or not scope.allows(Action.CREATE):
        raise Http404
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = services.dossier_intake(actor=request.user, **data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                return redirect(dossier)
    else:
        form = IntakeForm(initial={"idempotency_key": uuid.uuid4().hex, "procedure": request.GET.get("thu_tuc", "")})
    return render(request, "procedures/intake.html", {"form": form})


def _dossier_for(request, code: str):
    return get_visible_or_404(selectors.dossier_list(user=request.user).select_related("agency"), code=code)


def _record_personal_view(request, dossier, what: str) -> None:
    """Reading an applicant's personal data leaves a trace in the audit log."""
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW_PERSONAL, obj=dossier, changes={"view": what})


@login_required
def dossier_detail(request, code: str):
    dossier = _dossier_for(request, code)
    steps = [(kind, DossierEvent.Kind(kind).label) for kind in services.steps_for(request.user, dossier)]
    show_applicant = selectors.may_see_applicant(request.user, dossier)
    if show_applicant:
        _record_personal_view(request, dossier, "detail")
    return render(request, "procedures/dossier_detail.html", {
        "dossier": dossier, "events": dossier.events.select_related("actor"), "steps": steps,
        "show_applicant": show_applicant, "status_tone": STATUS_TONE,
        "outcome_tone": OUTCOME_TONE, "needs_reason": services.REASON_REQUIRED, "extend": DossierEvent.Kind.EXTEND})


@login_required
@require_POST
def dossier_step(request, code: str):
    dossier = _dossier_for(request, code)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thao tác không hợp lệ. Vui lòng tải lại trang."))
        return redirect(dossier)
    data = form.cleaned_data
    try:
        services.dossier_transition(actor=request.user, dossier=dossier, kind=data["kind"], note=data["note"],
                                    version=data["version"], new_appointment=data.get("new_appointment"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật hồ sơ: %(step)s.") % {
            "step": DossierEvent.Kind(data["kind"]).label})
    return redirect(dossier)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def dossier_receipt(request, code: str):
    dossier = _dossier_for(request, code)
    if not selectors.may_see_applicant(request.user, dossier):
        raise Http404
    _record_personal_view(request, dossier, "receipt")
    lookup = request.build_absolute_uri(reverse("procedures:lookup"))
    return _pdf(pdf.receipt_pdf(dossier, lookup_url=lookup), f"bien-nhan-{dossier.code}.pdf")


@login_required
def dossier_apology(request, code: str, event_id: int):
    dossier = _dossier_for(request, code)
    if not selectors.may_see_applicant(request.user, dossier):
        raise Http404
    event = get_object_or_404(dossier.events, pk=event_id, kind=DossierEvent.Kind.EXTEND)
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
    scope = scope_of(request.user)
    province = None
    if province_code:
        province = visible_provinces(request.user).filter(code=province_code).first()
        if province is None:
            raise Http404
    if scope and scope.is_commune:
        group_by = None
    elif scope and scope.is_province or province is not None:
        group_by = "commune"
    else:
        group_by = "province"
    total, rows = selectors.figures(user=request.user, start=start, end=end, group_by=group_by, province=province)
    if request.GET.get("xuat") == "xlsx":
        headers = [_("Đơn vị"), _("Tồn kỳ trước"), _("Tiếp nhận"), _("Trực tuyến"), _("Xong trước hạn"),
                   _("Xong đúng hạn"), _("Xong trễ hạn"), _("Rút hồ sơ"), _("Đang xử lý"), _("Đang quá hạn"),
                   _("Tỷ lệ đúng hạn (%)"), _("Tỷ lệ trực tuyến (%)")]
        return xlsx_response(
            user=request.user, filename="so-lieu-ho-so.xlsx", title=_("Số liệu giải quyết hồ sơ"),
            headers=headers, rows=([f.label, f.carried_over, f.received, f.received_online, f.done_early,
                                    f.done_on_time, f.done_late, f.withdrawn, f.open_now, f.open_late_now,
                                    f.on_time_rate, f.online_rate] for f in [*rows, total]),
            filters={"start": start.isoformat(), "end": end.isoformat(), "province": province_code},
            object_type="procedures.dossierdailystat")
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
                         "của người nộp hồ sơ."))


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
