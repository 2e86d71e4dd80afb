"""Pages of written requests (công văn đề nghị) covering one or many cases: the officer's draft, the
leader's approval and number, the recipient's answer, and the letter as DOCX or PDF."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import scope_of
from thongsuot.core.documents import document_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import pop_submission_key, submit
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.core.vocabulary import DOMAIN_SECTOR, MINISTRY_CODES
from thongsuot.obstacles import register, selectors, services
from thongsuot.obstacles.documents import answer_document, request_document
from thongsuot.obstacles.forms import (
    RequestAnswerForm,
    RequestApproveForm,
    RequestDraftForm,
    RequestRegisterFilterForm,
    ScanForm,
)
from thongsuot.obstacles.models import CaseLevel, ObstacleSettings
from thongsuot.obstacles.permissions import (
    may_answer_request,
    may_approve_request,
    may_attach_scan,
    request_approve_refusal,
    request_draft_refusal,
)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register, with its texts made once (no per-row template work)."""

    url: str
    number: str
    excerpt: str
    asker: str
    recipient: str
    sent: str
    due: str
    state: str
    badge: str
    days: str


def register_rows(requests, today) -> list[RegisterRow]:
    draft, waiting, late = _("Dự thảo"), _("Chờ trả lời"), _("Quá hạn trả lời")
    base = reverse("obstacles:request", args=[0])[:-2]
    rows = []
    for r in requests:
        if r.is_draft:
            state, badge = draft, "warn"
        elif r.answered_on:
            state, badge = _("Đã trả lời %(day)s") % {"day": f"{r.answered_on:%d/%m/%Y}"}, "ok"
        elif r.answer_due and r.answer_due < today:
            state, badge = late, "bad"
        else:
            state, badge = waiting, "info"
        excerpt = r.excerpt or r.content
        rows.append(RegisterRow(
            url=f"{base}{r.pk}/", number=draft if r.is_draft else r.number,
            excerpt=excerpt if len(excerpt) <= 90 else excerpt[:89] + "…", asker=r.from_agency.name,
            recipient=r.to_agency.name, sent=f"{r.sent_on:%d/%m/%Y}" if r.sent_on else "—",
            due=f"{r.answer_due:%d/%m/%Y}" if r.answer_due else "—", state=state, badge=badge,
            days="—" if r.days_taken is None else str(r.days_taken)))
    return rows


@login_required
def request_register(request):
    """The register: a ministry's received requests, a province's sent ones, every one nationally —
    with open, overdue and answered counts and days taken from the summary tables."""
    part = register.register_scope(request.user)
    today = services.today()
    filter_form = RequestRegisterFilterForm(request.GET, part=part, recipients=register.recipients())
    filters = filter_form.values()
    page = paginate(request, register.request_register(user=request.user, filters=filters, today=today))
    return render(request, "obstacles/request_register.html", {
        "page": page, "rows": register_rows(page, today), "filter_form": filter_form,
        "figures": register.register_figures(user=request.user, filters=filters, today=today)})


@login_required
def response_times(request):
    """Each recipient's median and 90th-percentile working days to answer and share answered in time."""
    part = register.register_scope(request.user)
    today = services.today()
    filter_form = RequestRegisterFilterForm(request.GET, part=part, recipients=register.recipients(),
                                            with_state=False)
    filters = filter_form.values()
    return render(request, "obstacles/response_times.html", {
        "filter_form": filter_form, "rows": register.response_times(user=request.user, filters=filters, today=today),
        "total": register.register_figures(user=request.user, filters=filters, today=today)})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    """The officer's draft: the cases ticked on the queue, the recipient, the excerpt, the body
    (pre-filled listing the cases) and the legal time for the answer."""
    Forbidden.raise_if(request_draft_refusal(request.user))
    agency = scope_of(request.user).agency
    ids = request.POST.getlist("cases") if request.method == "POST" else request.GET.getlist("case")
    cases = selectors.draftable_cases(request.user, ids)
    if not cases:
        messages.error(request, _("Chọn ít nhất một khó khăn đang chờ cơ quan bạn xử lý để soạn công văn."))
        return redirect("obstacles:queue")
    form = RequestDraftForm(request.POST or None, agency=agency, initial={
        "cases": [c.pk for c in cases], "answer_days": ObstacleSettings.current().days_for(CaseLevel.MINISTRY)})
    if request.method == "GET":
        form.initial["excerpt"] = _("đề nghị hướng dẫn tháo gỡ khó khăn, vướng mắc của địa phương")
        # The ministry in charge of the first case's domain, when the form offers it (Bộ Nội vụ for staff).
        codes = [code for code, _label in form.fields["to"].choices]
        in_charge = MINISTRY_CODES.get(DOMAIN_SECTOR.get(cases[0].domain))
        to_default = in_charge if in_charge in codes else (codes[0] if codes else "")
        form.initial["to"] = to_default
        recipient = selectors.agency_named(to_default) or agency
        form.initial["content"] = services.default_body(agency, recipient, cases)

    def draft(data):
        return services.request_draft(actor=request.user, cases=cases, to_agency=form.recipient(),
                                      excerpt=data["excerpt"], content=data["content"],
                                      answer_days=data["answer_days"], submission_key=pop_submission_key(data))

    return submit(request, form, draft, template="obstacles/request_form.html", then=lambda r: r,
                  success=_("Đã lưu dự thảo công văn; chờ lãnh đạo duyệt, ký."),
                  context={"heading": _("Soạn công văn đề nghị"), "cases": cases,
                           "cancel_url": reverse("obstacles:queue")})


@login_required
def request_detail(request, pk: int):
    doc = selectors.access_request(request.user, pk)
    answers = selectors.request_answers(doc) if not doc.is_draft else []
    return render(request, "obstacles/request_detail.html", {
        "doc": doc, "cases": selectors.request_cases(doc), "answers": answers,
        "may_scan": may_attach_scan(request.user, doc),
        "scan_answers": {a.pk for a in answers if may_attach_scan(request.user, a)},
        "may_approve": may_approve_request(request.user, doc),
        "may_answer": may_answer_request(request.user, doc)})


@login_required
@require_http_methods(["GET", "POST"])
def request_approve(request, pk: int):
    doc = selectors.access_request(request.user, pk)
    if not doc.is_draft:
        messages.error(request, _("Công văn đã được duyệt, ký và gửi đi."))
        return redirect(doc)
    Forbidden.raise_if(request_approve_refusal(request.user, doc))
    today = services.today()
    user = request.user
    form = RequestApproveForm(request.POST or None, request.FILES or None, initial={
        "number": services.proposed_number(doc.from_agency, today.year), "signed_on": today,
        "signer_name": user.full_name or user.get_username(), "signer_title": user.job_title,
        "version": doc.version})

    def approve(data):
        return services.request_approve(actor=user, request=doc, version=data["version"], number=data["number"],
                                        signed_on=data["signed_on"], signer_name=data["signer_name"],
                                        signer_title=data["signer_title"], file=data.get("file"))

    return submit(request, form, approve, template="obstacles/request_form.html", then=lambda r: r,
                  success=lambda r: _("Đã ký, gửi công văn số %(number)s.") % {"number": r.number},
                  context={"heading": _("Duyệt, ký công văn đề nghị"), "doc": doc,
                           "cases": selectors.request_cases(doc), "cancel_url": doc.get_absolute_url()})


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, pk: int):
    """The recipient's answer: the document's number, date and signer, and the guidance for the whole
    request or a text for each case still waiting."""
    doc = selectors.access_request(request.user, pk)
    if not may_answer_request(request.user, doc):
        raise Forbidden(_("Công văn này không chờ cơ quan bạn trả lời."))
    cases = selectors.request_cases(doc)
    waiting = [c for c in cases if c.answered_by is None and c.responsible_agency_id == doc.to_agency_id]
    form = RequestAnswerForm(request.POST or None, request.FILES or None, cases=waiting,
                             initial={"version": doc.version})

    def send_answer(data):
        return services.request_answer(actor=request.user, request=doc, number=data["number"],
                                       signed_on=data["signed_on"], signer_name=data["signer_name"],
                                       signer_title=data["signer_title"], guidance=data["guidance"],
                                       file=data.get("file"), case_guidance=data["case_guidance"],
                                       submission_key=pop_submission_key(data))

    return submit(request, form, send_answer, template="obstacles/request_form.html", then=lambda a: doc,
                  success=_("Đã gửi văn bản trả lời công văn số %(number)s.") % {"number": doc.number},
                  context={"heading": pgettext("obstacle move", "Trả lời bằng văn bản"), "doc": doc,
                           "cases": cases, "cancel_url": doc.get_absolute_url()})


@login_required
@require_http_methods(["GET", "POST"])
def request_scan(request, pk: int, answer_pk: int | None = None):
    """Attach the signed scan (the official copy) of a sent request or of one of its answers."""
    doc = selectors.access_request(request.user, pk)
    target = selectors.access_answer(request.user, pk, answer_pk) if answer_pk else doc
    if not may_attach_scan(request.user, target):
        raise Forbidden(_("Chỉ cơ quan ban hành được đính kèm bản ký của văn bản này."))
    form = ScanForm(request.POST or None, request.FILES or None)

    def attach(data):
        return services.document_attach_scan(actor=request.user, document=target, file=data["file"])

    return submit(request, form, attach, template="core/form_page.html", then=lambda d: doc,
                  success=_("Đã đính kèm bản ký, đóng dấu."),
                  context={"title": _("Đính kèm bản ký, đóng dấu (bản chính thức)"),
                           "submit_label": _("Đính kèm"), "cancel_url": doc.get_absolute_url()})


@login_required
def request_scan_download(request, pk: int, answer_pk: int | None = None):
    doc = selectors.access_request(request.user, pk)
    target = selectors.access_answer(request.user, pk, answer_pk) if answer_pk else doc
    if not target.file:
        raise Http404
    return serve_private(target.file, target.file_name or "ban-ky.pdf")


def _request_file(request, pk: int, fmt: str):
    doc = selectors.access_request(request.user, pk)
    document = request_document(doc, selectors.request_cases(doc))
    name = "cong-van-" + (doc.number or f"du-thao-{doc.pk}").replace("/", "-")
    return document_response(document, fmt, f"{name}.{fmt}")


def _answer_file(request, pk: int, answer_pk: int, fmt: str):
    doc = selectors.access_request(request.user, pk)
    answer = selectors.access_answer(request.user, pk, answer_pk)
    cases = selectors.request_cases(doc)
    own = {c.pk: c for c in cases if c.answered_by and c.answered_by.pk == answer.pk}
    case_answers = ({pk_: _OwnAnswer(c.own_answer or answer.guidance) for pk_, c in own.items()}
                    if answer.item_by_item else None)
    shown = [c for c in cases if c.pk in own] if answer.item_by_item else cases
    document = answer_document(answer, doc, shown, case_answers)
    return document_response(document, fmt, "tra-loi-" + answer.number.replace("/", "-") + f".{fmt}")


class _OwnAnswer:
    """A case's own answer text, as `documents.answer_document` reads it."""

    def __init__(self, guidance: str):
        self.guidance = guidance


@login_required
def answer_docx(request, pk: int, answer_pk: int):
    return _answer_file(request, pk, answer_pk, "docx")


@login_required
def answer_pdf(request, pk: int, answer_pk: int):
    return _answer_file(request, pk, answer_pk, "pdf")


@login_required
def request_docx(request, pk: int):
    return _request_file(request, pk, "docx")


@login_required
def request_pdf(request, pk: int):
    return _request_file(request, pk, "pdf")
