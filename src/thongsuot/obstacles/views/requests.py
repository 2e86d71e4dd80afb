"""Pages of written requests (công văn đề nghị) covering one or many cases: the officer's draft, the
leader's approval and number, the recipient's answer, and the letter as DOCX or PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import scope_of
from thongsuot.core.documents import render_docx, render_pdf
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import submit
from thongsuot.obstacles import selectors, services
from thongsuot.obstacles.documents import request_document
from thongsuot.obstacles.forms import AnswerForm, RequestApproveForm, RequestDraftForm
from thongsuot.obstacles.models import CaseLevel, ObstacleSettings
from thongsuot.obstacles.permissions import (
    may_answer_request,
    may_approve_request,
    request_approve_refusal,
    request_draft_refusal,
)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    """The officer's draft: the cases ticked on the queue, the recipient, the excerpt, the body
    (pre-filled listing the cases) and the legal time for the answer."""
    refusal = request_draft_refusal(request.user)
    if refusal:
        raise Forbidden(refusal)
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
        to_default = form.fields["to"].choices[0][0] if form.fields["to"].choices else ""
        form.initial["to"] = to_default
        recipient = selectors.agency_named(to_default) or agency
        form.initial["content"] = services.default_body(agency, recipient, cases)

    def draft(data):
        return services.request_draft(actor=request.user, cases=cases, to_agency=form.recipient(),
                                      excerpt=data["excerpt"], content=data["content"],
                                      answer_days=data["answer_days"])

    return submit(request, form, draft, template="obstacles/request_form.html", then=lambda r: r,
                  success=_("Đã lưu dự thảo công văn; chờ lãnh đạo duyệt, ký."),
                  context={"heading": _("Soạn công văn đề nghị"), "cases": cases,
                           "cancel_url": reverse("obstacles:queue")})


@login_required
def request_detail(request, pk: int):
    doc = selectors.access_request(request.user, pk)
    answer = getattr(doc, "answer", None) if not doc.is_draft else None
    return render(request, "obstacles/request_detail.html", {
        "doc": doc, "cases": selectors.request_cases(doc), "answer": answer,
        "may_approve": may_approve_request(request.user, doc),
        "may_answer": may_answer_request(request.user, doc)})


@login_required
@require_http_methods(["GET", "POST"])
def request_approve(request, pk: int):
    doc = selectors.access_request(request.user, pk)
    if not doc.is_draft:
        messages.error(request, _("Công văn đã được duyệt, ký và gửi đi."))
        return redirect(doc)
    refusal = request_approve_refusal(request.user, doc)
    if refusal:
        raise Forbidden(refusal)
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
    doc = selectors.access_request(request.user, pk)
    if not may_answer_request(request.user, doc):
        raise Forbidden(_("Công văn này không chờ cơ quan bạn trả lời."))
    form = AnswerForm(request.POST or None, request.FILES or None, initial={"version": doc.version})

    def send_answer(data):
        return services.request_answer(actor=request.user, request=doc, number=data["number"],
                                       signed_on=data["signed_on"], signer_name=data["signer_name"],
                                       signer_title=data["signer_title"], guidance=data["guidance"],
                                       file=data.get("file"))

    return submit(request, form, send_answer, template="obstacles/request_form.html", then=lambda a: doc,
                  success=_("Đã gửi văn bản trả lời công văn số %(number)s.") % {"number": doc.number},
                  context={"heading": pgettext("obstacle move", "Trả lời bằng văn bản"), "doc": doc,
                           "cases": selectors.request_cases(doc), "cancel_url": doc.get_absolute_url()})


def _request_file(request, pk: int, fmt: str):
    doc = selectors.access_request(request.user, pk)
    document = request_document(doc, selectors.request_cases(doc))
    data = render_pdf(document) if fmt == "pdf" else render_docx(document)
    name = (doc.number or f"du-thao-{doc.pk}").replace("/", "-")
    kind = "application/pdf" if fmt == "pdf" else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="cong-van-{name}.{fmt}"'
    return response


@login_required
def request_docx(request, pk: int):
    return _request_file(request, pk, "docx")


@login_required
def request_pdf(request, pk: int):
    return _request_file(request, pk, "pdf")
