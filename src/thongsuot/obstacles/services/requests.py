"""Written requests (công văn đề nghị) covering one or many cases: an officer drafts, a leader approves
and numbers (every covered case moves up, one event each), the receiving agency answers the whole
request (the answer applies to every covered case it still holds)."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import add_working_days
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.obstacles.documents import symbol_of
from thongsuot.obstacles.models import (
    CaseLevel,
    DocumentSequence,
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
    RequestCase,
    Status,
)
from thongsuot.obstacles.permissions import (
    request_answer_refusal,
    request_approve_refusal,
    request_draft_refusal,
)
from thongsuot.obstacles.services._common import (
    CASE_LEVEL_OF,
    _check_request_fields,
    _enter_level,
    _locked,
    _save,
    _snapshot,
    current_day,
    normalise_document_number,
)
from thongsuot.obstacles.workflow import TRANSITIONS, check_move

#: At most this many cases in one request (a province has about a hundred communes).
MAX_CASES = 200
LEADING_NUMBER = re.compile(r"^(\d+)/")


def proposed_number(agency: Agency, year: int) -> str:
    """The next number of the agency's yearly sequence, as the leader's form proposes it: “12/UBND-NV”."""
    row = DocumentSequence.objects.filter(agency=agency, year=year).first()
    return f"{(row.last if row else 0) + 1:02d}/{symbol_of(agency)}"


def default_body(from_agency: Agency, to_agency: Agency, cases: list[Obstacle]) -> str:
    """The body a draft starts from: the cases listed with their commune and title."""
    lines = [_("%(asker)s nhận được phản ánh khó khăn, vướng mắc vượt thẩm quyền giải quyết của địa phương "
               "như sau:") % {"asker": from_agency.name}]
    for index, case in enumerate(cases, start=1):
        place = case.commune.name if case.commune_id else case.province.name
        lines.append(f"{index}. {place}: {case.title} ({case.code}).")
    lines.append(_("Kính đề nghị %(to)s xem xét, có văn bản hướng dẫn để địa phương kịp thời tháo gỡ.") % {
        "to": to_agency.name})
    return "\n".join(lines)


def _target_level(agency: Agency) -> str:
    if agency.level == Level.MINISTRY:
        return CaseLevel.MINISTRY
    if agency.level == Level.CENTRAL:
        return CaseLevel.NATIONAL
    raise DomainError(_("Cơ quan nhận phải là một bộ, ngành hoặc Ban Chỉ đạo Trung ương."), field="to_agency")


@transaction.atomic
def request_draft(*, actor, cases: list[Obstacle], to_agency: Agency, excerpt: str, content: str,
                  answer_days: int | None = None) -> EscalationRequest:
    """Draft a written request covering `cases` (all held by the actor's agency at its level, each
    allowed to go up). Nothing moves until a leader approves it."""
    refusal = request_draft_refusal(actor)
    if refusal:
        raise Forbidden(refusal)
    scope = scope_of(actor)
    agency = scope.agency
    target_level = _target_level(to_agency)
    if agency.level == Level.MINISTRY and target_level != CaseLevel.NATIONAL:
        raise DomainError(_("Bộ, ngành chỉ gửi công văn đề nghị lên Ban Chỉ đạo Trung ương."), field="to_agency")
    excerpt, content = nfc(excerpt).strip(), nfc(content).strip()
    if not excerpt:
        raise DomainError(_("Chưa nhập trích yếu (V/v …)."), field="excerpt")
    if not content:
        raise DomainError(_("Chưa nhập nội dung văn bản."), field="content")
    days = answer_days or ObstacleSettings.current().days_for(target_level)
    if not 1 <= days <= 90:
        raise DomainError(_("Thời hạn trả lời phải từ 1 đến 90 ngày làm việc."), field="answer_days")
    unique = list(dict.fromkeys(cases))
    if not unique:
        raise DomainError(_("Chọn ít nhất một khó khăn để đưa vào công văn."), field="cases")
    if len(unique) > MAX_CASES:
        raise DomainError(_("Một công văn đề nghị gồm tối đa %(n)s khó khăn.") % {"n": MAX_CASES}, field="cases")
    escalate = TRANSITIONS["escalate"]
    for case in unique:
        if case.responsible_agency_id != agency.pk:
            raise DomainError(_("Khó khăn %(code)s không do cơ quan bạn đang xử lý.") % {"code": case.code},
                              field="cases")
        if case.status not in escalate.sources or case.level not in escalate.levels:
            raise DomainError(_("Khó khăn %(code)s đang ở trạng thái “%(status)s”, không thể đề nghị cấp trên.") % {
                "code": case.code, "status": Status(case.status).label}, field="cases")
    request = EscalationRequest.objects.create(
        obstacle=unique[0], from_agency=agency, to_agency=to_agency, to_level=target_level,
        state=EscalationRequest.State.DRAFT, number="", signed_on=None, signer_name="", signer_title="",
        excerpt=excerpt[:300], content=content, answer_days=days, created_by=actor, created_at=timezone.now())
    RequestCase.objects.bulk_create([RequestCase(request=request, obstacle=case, position=index)
                                     for index, case in enumerate(unique, start=1)])
    audit_record(actor=actor, action="create", obj=request, before={}, after={
        "state": request.state, "to": to_agency.code, "cases": [case.pk for case in unique], "excerpt": excerpt})
    return request


def _take_number(agency: Agency, number: str, year: int) -> int:
    """Record `number` in the agency's yearly sequence (locked); refuse a number already given."""
    row, _created = DocumentSequence.objects.select_for_update().get_or_create(agency=agency, year=year)
    if EscalationRequest.objects.filter(from_agency=agency, number=number, signed_on__year=year).exists():
        raise DomainError(_("Số %(number)s đã được cấp cho một công văn khác trong năm %(year)s.") % {
            "number": number, "year": year}, field="number")
    match = LEADING_NUMBER.match(number)
    sequence = int(match.group(1)) if match else 0
    if sequence > row.last:
        row.last = sequence
        row.save(update_fields=["last"])
    return sequence


@transaction.atomic
def request_approve(*, actor, request: EscalationRequest, version: int | None, number: str,
                    signed_on: date | None, signer_name: str, signer_title: str, file=None) -> EscalationRequest:
    """Approve, number and sign a draft; every covered case goes to the recipient in the same
    transaction (the escalate move, one event per case). Any case that may no longer go up refuses all."""
    request = (EscalationRequest.objects.select_for_update(of=("self",))
               .select_related("from_agency", "to_agency").get(pk=request.pk))
    check_version(request, version,
                  message=_("Công văn này vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."))
    if not request.is_draft:
        raise InvalidTransition(_("Công văn đã được duyệt, ký và gửi đi."))
    refusal = request_approve_refusal(actor, request)
    if refusal:
        raise Forbidden(refusal)
    on = current_day()
    clean_number = normalise_document_number(number)
    if signed_on is None:
        raise DomainError(_("Chưa nhập ngày văn bản."), field="signed_on")
    if signed_on > on:
        raise DomainError(_("Ngày văn bản không được sau ngày hôm nay."), field="signed_on")
    signer_name, signer_title = nfc(signer_name).strip(), nfc(signer_title).strip()
    if not signer_name:
        raise DomainError(_("Chưa nhập người ký văn bản."), field="signer_name")
    if not signer_title:
        raise DomainError(_("Chưa nhập chức vụ người ký."), field="signer_title")
    request.sequence = _take_number(request.from_agency, clean_number, signed_on.year)
    request.number, request.signed_on = clean_number, signed_on
    request.signer_name, request.signer_title = signer_name, signer_title
    request.state = EscalationRequest.State.SENT
    request.approved_by, request.approved_at = actor, timezone.now()
    request.answer_due = add_working_days(on, request.answer_days or ObstacleSettings.current().days_for(
        request.to_level))
    bump(request)
    if file is not None:
        request.file_name = file.name[:200]
        request.file.save(file.name, file, save=False)
    request.save()
    target = request.to_agency
    moved = []
    for case in Obstacle.objects.filter(covering_requests=request).order_by("pk"):
        case = _locked(case, None)
        try:
            check_move(case, "escalate", actor)
        except DomainError as exc:
            raise type(exc)(_("Khó khăn %(code)s: %(reason)s") % {"code": case.code, "reason": exc.message},
                            field="cases") from exc
        before = _snapshot(case, with_key=True)
        case.status = Status.ESCALATED
        if request.to_level == CaseLevel.MINISTRY:
            case.ministry = target
        _enter_level(case, request.to_level, target, on)
        case.due_date = request.answer_due
        _save(case, before, actor=actor, action="escalate", kind=ObstacleEvent.Kind.ESCALATE,
              message=request.excerpt or request.content[:500],
              extra={"request": request.pk, "number": clean_number, "to": target.code})
        moved.append(case.pk)
    audit_record(actor=actor, action="status", obj=request, before={"state": EscalationRequest.State.DRAFT},
                 after={"state": request.state, "number": clean_number}, changes={"cases": moved})
    return request


def answer_request(*, actor, request: EscalationRequest, number: str, signed_on: date | None, signer_name: str,
                   signer_title: str, guidance: str, file=None, checked_case: Obstacle | None = None
                   ) -> EscalationAnswer:
    """Record the written answer to the whole request (inside the caller's transaction): every covered
    case the recipient still holds goes back to the agency that asked, one event each."""
    clean_number = _check_request_fields(number=number, signed_on=signed_on, signer_name=signer_name,
                                         signer_title=signer_title, content=guidance)
    cases = [checked_case] if checked_case else []
    others = Obstacle.objects.filter(covering_requests=request, responsible_agency_id=request.to_agency_id)
    if checked_case:
        others = others.exclude(pk=checked_case.pk)
    for case in others.order_by("pk"):
        case = _locked(case, None)
        try:
            check_move(case, "answer", actor)
        except DomainError:
            continue            # no longer waiting for this answer (returned, or sent further up)
        cases.append(case)
    if not cases:
        raise InvalidTransition(_("Không còn khó khăn nào của công văn này đang chờ cơ quan bạn trả lời."))
    answer = EscalationAnswer(
        request=request, obstacle=cases[0], agency=request.to_agency, number=clean_number, signed_on=signed_on,
        signer_name=nfc(signer_name).strip(), signer_title=nfc(signer_title).strip(),
        guidance=nfc(guidance).strip(), created_by=actor, created_at=timezone.now())
    if file is not None:
        answer.file_name = file.name[:200]
        answer.file.save(file.name, file, save=False)
    answer.save()
    asker = request.from_agency
    on = current_day()
    for case in cases:
        before = _snapshot(case, with_key=True)
        case.status = Status.ANSWERED
        _enter_level(case, CASE_LEVEL_OF[asker.level], asker, on)
        _save(case, before, actor=actor, action="answer", kind=ObstacleEvent.Kind.ANSWER, message=answer.guidance,
              extra={"answer": answer.pk, "number": clean_number, "request": request.pk}, answer=answer)
    return answer


@transaction.atomic
def request_answer(*, actor, request: EscalationRequest, number: str, signed_on: date | None, signer_name: str,
                   signer_title: str, guidance: str, file=None) -> EscalationAnswer:
    """Answer a sent request as a whole, from the request's own page."""
    request = (EscalationRequest.objects.select_for_update(of=("self",))
               .select_related("from_agency", "to_agency").get(pk=request.pk))
    if request.is_draft:
        raise InvalidTransition(_("Công văn còn là dự thảo, chưa được gửi."))
    if EscalationAnswer.objects.filter(request=request).exists():
        raise InvalidTransition(_("Công văn này đã có văn bản trả lời."))
    refusal = request_answer_refusal(actor, request)
    if refusal:
        raise Forbidden(refusal)
    return answer_request(actor=actor, request=request, number=number, signed_on=signed_on,
                          signer_name=signer_name, signer_title=signer_title, guidance=guidance, file=file)
