"""The moves of the workflow: the ones that need only a note, sending a case up with its written
request, and the written answer."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.core.text import nfc
from thongsuot.obstacles import registries, tallies
from thongsuot.obstacles.models import (
    CaseLevel,
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
    RequestCase,
    ResolutionLink,
    Status,
)
from thongsuot.obstacles.services._common import (
    _agency_for_level,
    _check_request_fields,
    _enter_level,
    _locked,
    _origin_level,
    _save,
    _snapshot,
    current_day,
)
from thongsuot.obstacles.services.requests import answer_request, record_sent
from thongsuot.obstacles.workflow import check_move, level_below


@transaction.atomic
def obstacle_transition(*, actor, obstacle: Obstacle, action: str, version: int | None,
                        message: str = "", links=()) -> Obstacle:
    """Make one of the moves that need only a note: acknowledge, start, return, resubmit,
    pass the guidance down, resolve, close, reopen. Escalating and answering have their own services.

    Resolving may name the registry records that settled the case (`links`: "kind:id" tokens of
    `registries.resolution_candidates`, records of the case's commune the actor may see)."""
    if action in ("escalate", "answer"):
        raise InvalidTransition(_("Chuyển cấp trên và trả lời cần văn bản; dùng biểu mẫu riêng."))
    obstacle = _locked(obstacle, version)
    move = check_move(obstacle, action, actor)
    message = nfc(message).strip()
    if move.needs_message and not message:
        raise DomainError(_("Cần ghi nội dung khi “%(move)s”.") % {"move": move.label}, field="message")
    chosen = registries.chosen_records(actor, obstacle, links) if action == "resolve" else []
    if links and action != "resolve":
        raise DomainError(_("Chỉ ghi hồ sơ giải quyết khi “Giải quyết xong”."), field="links")
    before = _snapshot(obstacle, with_key=True)
    on = current_day()
    answer = None
    obstacle.status = move.target
    if action == "return":
        if obstacle.level in (CaseLevel.MINISTRY, CaseLevel.NATIONAL):
            _enter_level(obstacle, CaseLevel.PROVINCE, _agency_for_level(obstacle, CaseLevel.PROVINCE), on)
        elif obstacle.level == CaseLevel.PROVINCE:
            if not obstacle.commune_id:
                raise InvalidTransition(_("Khó khăn do cấp tỉnh phản ánh, không có cấp dưới để trả lại."))
            _enter_level(obstacle, CaseLevel.COMMUNE, _agency_for_level(obstacle, CaseLevel.COMMUNE), on)
    elif action == "pass_down":
        # To the level below that sent the case up: the commune from the province, the province
        # from a ministry that had asked the national level in turn.
        below = level_below(obstacle.level)
        _enter_level(obstacle, below, _agency_for_level(obstacle, below), on)
        answer = (EscalationAnswer.objects.filter(answered_cases__obstacle=obstacle)
                  .order_by("-created_at", "-id").first())
    elif action == "resolve":
        obstacle.resolution = message
        obstacle.resolved_level = obstacle.level
        obstacle.resolved_at = timezone.now()
        obstacle.level = _origin_level(obstacle)
        obstacle.responsible_agency = obstacle.origin_agency
        obstacle.due_date = None
    elif action == "close":
        obstacle.closed_at = timezone.now()
        obstacle.level = _origin_level(obstacle)
        obstacle.responsible_agency = obstacle.origin_agency
        obstacle.due_date = None
    elif action == "reopen":
        obstacle.closed_at = None
        _enter_level(obstacle, _origin_level(obstacle), obstacle.origin_agency, on)
    extra = {"answer": answer.pk} if answer else {}
    if chosen:
        extra["links"] = [c.token for c in chosen]
    event = _save(obstacle, before, actor=actor, action=action, kind=action, message=message, answer=answer,
                  extra=extra or None)
    if chosen:
        ResolutionLink.objects.bulk_create([
            ResolutionLink(obstacle=obstacle, event=event, kind=c.kind, object_id=c.object_id, label=c.label[:300],
                           created_by=actor, created_at=event.created_at) for c in chosen])
    return obstacle


@transaction.atomic
def obstacle_escalate(*, actor, obstacle: Obstacle, version: int | None, message: str = "",
                      to_ministry: Agency | None = None, to_national: bool = False, number: str = "",
                      signed_on: date | None = None, signer_name: str = "", signer_title: str = "",
                      content: str = "", file=None) -> Obstacle:
    """Send the case one rung up. Above the province it goes by a written request (văn bản
    đề nghị) to the chosen ministry or to the national steering committee."""
    obstacle = _locked(obstacle, version)
    check_move(obstacle, "escalate", actor)
    before = _snapshot(obstacle, with_key=True)
    on = current_day()
    extra: dict = {}
    if obstacle.level == CaseLevel.COMMUNE:
        target_level, target = CaseLevel.PROVINCE, _agency_for_level(obstacle, CaseLevel.PROVINCE)
    else:
        if obstacle.level == CaseLevel.PROVINCE and to_ministry is not None and not to_national:
            if to_ministry.level != Level.MINISTRY:
                raise DomainError(_("Cơ quan nhận phải là một bộ, ngành."), field="to_ministry")
            target_level, target = CaseLevel.MINISTRY, to_ministry
        elif to_national or obstacle.level == CaseLevel.MINISTRY:
            target_level, target = CaseLevel.NATIONAL, _agency_for_level(obstacle, CaseLevel.NATIONAL)
        else:
            raise DomainError(_("Chọn bộ, ngành nhận văn bản đề nghị hoặc chuyển Ban Chỉ đạo Trung ương."),
                              field="to_ministry")
        clean_number = _check_request_fields(number=number, signed_on=signed_on, signer_name=signer_name,
                                             signer_title=signer_title, content=content)
        request = EscalationRequest(
            obstacle=obstacle, from_agency=obstacle.responsible_agency, to_agency=target, to_level=target_level,
            number=clean_number, signed_on=signed_on, signer_name=nfc(signer_name).strip(),
            signer_title=nfc(signer_title).strip(), content=nfc(content).strip(), created_by=actor,
            created_at=timezone.now(), answer_days=ObstacleSettings.current().days_for(target_level))
        record_sent(request, first_case=obstacle, on=on)
        if file is not None:
            request.file_name = file.name[:200]
            request.file.save(file.name, file, save=False)
        request.save()
        tallies.request_sent(request)
        RequestCase.objects.create(request=request, obstacle=obstacle, position=1)
        extra = {"request": request.pk, "number": clean_number, "to": target.code}
        message = message or request.content
        if target_level == CaseLevel.MINISTRY:
            obstacle.ministry = target
    obstacle.status = Status.ESCALATED
    _enter_level(obstacle, target_level, target, on)
    _save(obstacle, before, actor=actor, action="escalate", kind=ObstacleEvent.Kind.ESCALATE,
          message=nfc(message).strip(), extra=extra)
    return obstacle


@transaction.atomic
def obstacle_answer(*, actor, obstacle: Obstacle, version: int | None, number: str, signed_on: date | None,
                    signer_name: str, signer_title: str, guidance: str, file=None) -> Obstacle:
    """Answer the open written request with a written answer. The case goes back to the agency that
    wrote the request (the province, when the province asked), which passes the guidance down, resolves
    or escalates further; the agency that filed the case is informed. A request covering several cases
    is answered as a whole: every covered case the answering agency holds goes back with this one."""
    obstacle = _locked(obstacle, version)
    check_move(obstacle, "answer", actor)
    request = (EscalationRequest.objects.select_related("from_agency", "to_agency")
               .filter(cases=obstacle, to_agency=obstacle.responsible_agency, state=EscalationRequest.State.SENT,
                       answered_on__isnull=True).order_by("-created_at", "-id").first())
    if request is None:
        raise InvalidTransition(_("Không có văn bản đề nghị nào đang chờ cơ quan của bạn trả lời."))
    answer_request(actor=actor, request=request, number=number, signed_on=signed_on, signer_name=signer_name,
                   signer_title=signer_title, guidance=guidance, file=file, checked_case=obstacle)
    obstacle.refresh_from_db()
    return obstacle
