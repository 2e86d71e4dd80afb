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
from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import add_working_days, working_days_between
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition
from thongsuot.core.numbering import number_peek, number_record
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.obstacles import tallies
from thongsuot.obstacles.documents import symbol_of
from thongsuot.obstacles.models import (
    CaseLevel,
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
    _check_signature,
    _enter_level,
    _locked,
    _save,
    _snapshot,
    current_day,
)
from thongsuot.obstacles.workflow import TRANSITIONS, check_move

#: At most this many cases in one request (a province has about a hundred communes).
MAX_CASES = 200
LEADING_NUMBER = re.compile(r"^(\d+)/")
#: The agency's yearly series of written requests (công văn) in `core.numbering`.
SERIES = "CV"


def proposed_number(agency: Agency, year: int) -> str:
    """The next number of the agency's yearly sequence, as the leader's form proposes it: “12/UBND-NV”."""
    return f"{number_peek(issuer=agency.code, series=SERIES, year=year):02d}/{symbol_of(agency)}"


def default_body(from_agency: Agency, to_agency: Agency, cases: list[Obstacle]) -> str:
    """The body a draft starts from. It refers to the table of cases the document prints below it
    (documents.request_document) instead of listing them a second time."""
    places = list(dict.fromkeys(case.commune.name if case.commune_id else case.province.name for case in cases))
    lines = [_("%(asker)s nhận được phản ánh của %(places)s về %(n)s khó khăn, vướng mắc vượt thẩm quyền "
               "giải quyết của địa phương (chi tiết tại Danh sách kèm theo công văn này).") % {
                   "asker": from_agency.name, "places": ", ".join(places), "n": len(cases)}]
    lines.append(_("Kính đề nghị %(to)s xem xét, có văn bản hướng dẫn để địa phương kịp thời tháo gỡ.") % {
        "to": to_agency.name})
    return "\n".join(lines)


def record_sent(request: EscalationRequest, *, first_case: Obstacle, on: date) -> None:
    """Fill what the register reads of a request being sent (its domain, asking province, sending day,
    due date) and count it open; called by every service that sends one, before it is saved."""
    request.domain = first_case.domain
    asker = request.from_agency
    request.province_id = asker.province_id if asker.level == Level.PROVINCE else None
    request.sent_on = on
    if request.answer_due is None:
        request.answer_due = add_working_days(on, request.answer_days or ObstacleSettings.current().days_for(
            request.to_level))


def record_answered(request: EscalationRequest, *, on: date) -> None:
    """Mark a request's answer complete on `on` (its working days taken) and move it in the summaries."""
    request.answered_on = on
    request.days_taken = working_days_between(request.sent_on, on) if request.sent_on else None
    request.save(update_fields=["answered_on", "days_taken"])
    if request.answer_due is not None and request.days_taken is not None:
        tallies.request_answered(request)


def _target_level(agency: Agency) -> str:
    if agency.level == Level.MINISTRY:
        return CaseLevel.MINISTRY
    if agency.level == Level.CENTRAL:
        return CaseLevel.NATIONAL
    raise DomainError(_("Cơ quan nhận phải là một bộ, ngành hoặc Ban Chỉ đạo Trung ương."), field="to_agency")


@transaction.atomic
def request_draft(*, actor, cases: list[Obstacle], to_agency: Agency, excerpt: str, content: str,
                  answer_days: int | None = None, submission_key: str = "") -> EscalationRequest:
    """Draft a written request covering `cases` (all held by the actor's agency at its level, each
    allowed to go up). Nothing moves until a leader approves it. A draft sent again with the same
    `submission_key` returns the first one (core.resubmission)."""
    return create_once(EscalationRequest, author=actor, key=submission_key, create=lambda key: _draft(
        actor=actor, cases=cases, to_agency=to_agency, excerpt=excerpt, content=content, answer_days=answer_days,
        submission_key=key))


def _draft(*, actor, cases, to_agency, excerpt, content, answer_days, submission_key) -> EscalationRequest:
    Forbidden.raise_if(request_draft_refusal(actor))
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
        excerpt=excerpt[:300], content=content, answer_days=days, created_by=actor, created_at=timezone.now(),
        submission_key=submission_key)
    RequestCase.objects.bulk_create([RequestCase(request=request, obstacle=case, position=index)
                                     for index, case in enumerate(unique, start=1)])
    audit_record(actor=actor, action="create", obj=request, before={}, after={
        "state": request.state, "to": to_agency.code, "cases": [case.pk for case in unique], "excerpt": excerpt})
    return request


def _take_number(agency: Agency, number: str, year: int) -> int:
    """Record `number` in the agency's yearly sequence; refuse a number already given. The register's
    row is locked first, so two leaders approving at once are checked one after the other (a refusal
    rolls the recorded number back with the rest of the approval)."""
    match = LEADING_NUMBER.match(number)
    sequence = int(match.group(1)) if match else 0
    number_record(issuer=agency.code, series=SERIES, year=year, number=sequence)
    if EscalationRequest.objects.filter(from_agency=agency, number=number, signed_on__year=year).exists():
        raise DomainError(_("Số %(number)s đã được cấp cho một công văn khác trong năm %(year)s.") % {
            "number": number, "year": year}, field="number")
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
    Forbidden.raise_if(request_approve_refusal(actor, request))
    on = current_day()
    clean_number = _check_signature(number=number, signed_on=signed_on, signer_name=signer_name,
                                    signer_title=signer_title)
    signer_name, signer_title = nfc(signer_name).strip(), nfc(signer_title).strip()
    request.sequence = _take_number(request.from_agency, clean_number, signed_on.year)
    request.number, request.signed_on = clean_number, signed_on
    request.signer_name, request.signer_title = signer_name, signer_title
    request.state = EscalationRequest.State.SENT
    request.approved_by, request.approved_at = actor, timezone.now()
    request.answer_due = add_working_days(on, request.answer_days or ObstacleSettings.current().days_for(
        request.to_level))
    record_sent(request, first_case=request.obstacle, on=on)
    bump(request)
    if file is not None:
        request.file_name = file.name[:200]
        request.file.save(file.name, file, save=False)
    request.save()
    tallies.request_sent(request)
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


def _waiting_cases(request: EscalationRequest, actor, *, exclude: int | None = None) -> list[Obstacle]:
    """The covered cases still waiting for the recipient's answer (locked), in the request's order:
    not answered yet, held by the recipient, and the answer move fits their state."""
    links = (RequestCase.objects.filter(request=request, answer__isnull=True,
                                        obstacle__responsible_agency_id=request.to_agency_id)
             .order_by("position", "id").values_list("obstacle_id", flat=True))
    waiting = []
    for pk in links:
        if pk == exclude:
            continue
        case = _locked(Obstacle(pk=pk), None)
        try:
            check_move(case, "answer", actor)
        except DomainError:
            continue            # no longer waiting for this answer (returned, or sent further up)
        waiting.append(case)
    return waiting


def answer_request(*, actor, request: EscalationRequest, number: str, signed_on: date | None, signer_name: str,
                   signer_title: str, guidance: str, file=None, checked_case: Obstacle | None = None,
                   case_guidance: dict[int, str] | None = None, submission_key: str = "") -> EscalationAnswer:
    """Record a written answer (inside the caller's transaction). As a whole: every covered case the
    recipient still holds goes back to the agency that asked, one event each. Item by item
    (`case_guidance`, case id → its own answer): only those cases go back, each with its text; the
    request is answered once no covered case waits any more."""
    if case_guidance is not None:
        case_guidance = {int(pk): nfc(text).strip() for pk, text in case_guidance.items()}
        if not case_guidance:
            raise DomainError(_("Nhập ý kiến trả lời cho ít nhất một nội dung."), field="cases")
        for pk, text in case_guidance.items():
            if not text:
                raise DomainError(_("Chưa nhập ý kiến trả lời cho khó khăn %(code)s.") % {
                    "code": f"KK-{pk:06d}"}, field="cases")
        guidance = nfc(guidance).strip() or _("Ý kiến trả lời từng nội dung tại Danh sách kèm theo.")
    clean_number = _check_request_fields(number=number, signed_on=signed_on, signer_name=signer_name,
                                         signer_title=signer_title, content=guidance)
    waiting = ([checked_case] if checked_case else []) + _waiting_cases(
        request, actor, exclude=checked_case.pk if checked_case else None)
    if case_guidance is not None:
        by_pk = {case.pk: case for case in waiting}
        stray = [pk for pk in case_guidance if pk not in by_pk]
        if stray:
            raise DomainError(_("Khó khăn %(code)s không thuộc công văn này hoặc không còn chờ cơ quan bạn trả "
                                "lời.") % {"code": f"KK-{stray[0]:06d}"}, field="cases")
        cases = [case for case in waiting if case.pk in case_guidance]
    else:
        cases = waiting
    if not cases:
        raise InvalidTransition(_("Không còn khó khăn nào của công văn này đang chờ cơ quan bạn trả lời."))
    answer = EscalationAnswer(
        request=request, obstacle=cases[0], agency=request.to_agency, number=clean_number, signed_on=signed_on,
        signer_name=nfc(signer_name).strip(), signer_title=nfc(signer_title).strip(),
        guidance=nfc(guidance).strip(), item_by_item=case_guidance is not None, created_by=actor,
        created_at=timezone.now(), submission_key=submission_key)
    if file is not None:
        answer.file_name = file.name[:200]
        answer.file.save(file.name, file, save=False)
    answer.save()
    asker = request.from_agency
    on = current_day()
    for case in cases:
        own = (case_guidance or {}).get(case.pk, "")
        RequestCase.objects.filter(request=request, obstacle=case).update(answer=answer, guidance=own)
        before = _snapshot(case, with_key=True)
        case.status = Status.ANSWERED
        _enter_level(case, CASE_LEVEL_OF[asker.level], asker, on)
        _save(case, before, actor=actor, action="answer", kind=ObstacleEvent.Kind.ANSWER,
              message=own or answer.guidance, answer=answer,
              extra={"answer": answer.pk, "number": clean_number, "request": request.pk})
    if case_guidance is None or not _waiting_cases(request, actor):
        record_answered(request, on=on)
    return answer


@transaction.atomic
def request_answer(*, actor, request: EscalationRequest, number: str, signed_on: date | None, signer_name: str,
                   signer_title: str, guidance: str, file=None,
                   case_guidance: dict[int, str] | None = None, submission_key: str = "") -> EscalationAnswer:
    """Answer a sent request from its own page: as a whole, or item by item with `case_guidance`
    (case id → its own answer text; the cases not named wait for a later answer). An answer sent
    again with the same `submission_key` returns the first one (core.resubmission)."""
    return create_once(EscalationAnswer, author=actor, key=submission_key, create=lambda key: _answer(
        actor=actor, request=request, number=number, signed_on=signed_on, signer_name=signer_name,
        signer_title=signer_title, guidance=guidance, file=file, case_guidance=case_guidance, submission_key=key))


def _answer(*, actor, request, number, signed_on, signer_name, signer_title, guidance, file, case_guidance,
            submission_key) -> EscalationAnswer:
    request = (EscalationRequest.objects.select_for_update(of=("self",))
               .select_related("from_agency", "to_agency").get(pk=request.pk))
    if request.is_draft:
        raise InvalidTransition(_("Công văn còn là dự thảo, chưa được gửi."))
    if request.is_answered:
        raise InvalidTransition(_("Công văn này đã có văn bản trả lời."))
    Forbidden.raise_if(request_answer_refusal(actor, request))
    return answer_request(actor=actor, request=request, number=number, signed_on=signed_on,
                          signer_name=signer_name, signer_title=signer_title, guidance=guidance, file=file,
                          case_guidance=case_guidance, submission_key=submission_key)


@transaction.atomic
def document_attach_scan(*, actor, document: EscalationRequest | EscalationAnswer, file) -> EscalationRequest | EscalationAnswer:
    """Attach the signed scan as the official copy of a sent request (by its asking agency) or of an
    answer (by the agency that answered); it replaces the copy attached before."""
    if isinstance(document, EscalationRequest):
        if document.is_draft:
            raise InvalidTransition(_("Công văn còn là dự thảo: bản ký được đính kèm sau khi duyệt, ký."))
        owner_id, owner = document.from_agency_id, document.from_agency
    else:
        owner_id, owner = document.agency_id, document.agency
    scope = scope_of(actor)
    if scope is None or scope.agency.pk != owner_id or not scope.allows(Action.EDIT):
        raise Forbidden(_("Chỉ %(agency)s được đính kèm bản ký của văn bản này.") % {"agency": owner.name})
    before = {"file_name": document.file_name}
    document.file_name = file.name[:200]
    document.file.save(file.name, file, save=False)
    document.save(update_fields=["file", "file_name"])
    audit_record(actor=actor, action="update", obj=document, before=before, after={"file_name": document.file_name})
    return document
