"""Writes for obstacles: filing, every move of the workflow, documents, overdue handling.

Each service is one transaction that locks the case, checks its version, checks the move
against `workflow.TRANSITIONS`, writes the timeline event and the audit event, and queues
notifications to the agency whose turn it is (sent after commit).
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import add_working_days
from thongsuot.core.errors import DomainError, InvalidTransition, StaleVersion
from thongsuot.core.text import fold, nfc
from thongsuot.core.vocabulary import Domain
from thongsuot.obstacles import notifications, tallies
from thongsuot.obstacles.models import (
    Attachment,
    CaseLevel,
    Classification,
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
    Severity,
    Status,
)
from thongsuot.obstacles.workflow import NotAllowed, check_move, level_above

NATIONAL_AGENCY_CODE = "BCD"
#: “123/UBND-NV”, “15/CĐ-BCĐ”, “07/BNV-CQĐP” — number, slash, symbol parts joined by hyphens.
DOCUMENT_NUMBER = re.compile(r"^\d{1,6}/[0-9A-ZĐÂĂÊÔƠƯ]+(?:[-.][0-9A-ZĐÂĂÊÔƠƯ]+)*$")
SNAPSHOT_FIELDS = ("status", "level", "responsible_agency_id", "ministry_id", "due_date", "resolution", "version")


def today() -> date:
    """Return today's date in the platform's time zone (tests replace this)."""
    return timezone.localdate()


def due_date_for(level: str, start: date, settings_row: ObstacleSettings | None = None) -> date:
    """Return the due date of a case that reaches `level` on `start`: the level's limit in working days."""
    row = settings_row or ObstacleSettings.current()
    return add_working_days(start, row.days_for(level))


def normalise_document_number(raw: str) -> str:
    """Return a document number without its “Số:” prefix, or raise naming the field."""
    number = nfc(raw).strip()
    number = re.sub(r"^(số|so)\s*:?\s*", "", number, flags=re.IGNORECASE).strip()
    if not DOCUMENT_NUMBER.match(number):
        raise DomainError(_("Số, ký hiệu văn bản không đúng dạng (ví dụ: 123/UBND-NV)."), field="number")
    return number


def _agency_for_level(obstacle: Obstacle, level: str) -> Agency:
    if level == CaseLevel.COMMUNE:
        return Agency.objects.get(level=Level.COMMUNE, commune_id=obstacle.commune_id)
    if level == CaseLevel.PROVINCE:
        return Agency.objects.get(level=Level.PROVINCE, province_id=obstacle.province_id)
    if level == CaseLevel.NATIONAL:
        return Agency.objects.get(code=NATIONAL_AGENCY_CODE)
    raise ValueError(level)


def _origin_level(obstacle: Obstacle) -> str:
    return CaseLevel.COMMUNE if obstacle.commune_id else CaseLevel.PROVINCE


def _snapshot(obstacle: Obstacle, *, with_key: bool = False) -> dict:
    snapshot = {field: getattr(obstacle, field) for field in SNAPSHOT_FIELDS}
    if with_key:
        snapshot["_key"] = tallies.key_of(obstacle)
    return snapshot


def _search_key(obstacle: Obstacle) -> str:
    return fold(f"{obstacle.title} {obstacle.description[:200]}")[:300]


def _locked(obstacle: Obstacle, version: int | None) -> Obstacle:
    locked = (Obstacle.objects.select_for_update(of=("self",))
              .select_related("origin_agency", "responsible_agency").get(pk=obstacle.pk))
    if version is not None and locked.version != int(version):
        raise StaleVersion(_("Khó khăn này vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."))
    return locked


def _event(obstacle: Obstacle, *, kind: str, actor, before: dict | None = None, message: str = "",
           agency: Agency | None = None) -> ObstacleEvent:
    scope = scope_of(actor) if actor is not None else None
    before = before or {}
    return ObstacleEvent.objects.create(
        obstacle=obstacle, province_id=obstacle.province_id, commune_id=obstacle.commune_id, kind=kind,
        from_status=before.get("status", ""), to_status=obstacle.status if before else "",
        from_level=before.get("level", ""), to_level=obstacle.level if before else "",
        actor=actor, agency=agency or (scope.agency if scope else None), message=message,
        created_at=timezone.now())


def _enter_level(obstacle: Obstacle, level: str, agency: Agency, on: date) -> None:
    obstacle.level = level
    obstacle.responsible_agency = agency
    obstacle.level_entered_on = on
    obstacle.due_date = due_date_for(level, on)
    obstacle.overdue_notice_for = None


def _save(obstacle: Obstacle, before: dict, *, actor, action: str, kind: str, message: str = "",
          extra: dict | None = None, agency: Agency | None = None) -> ObstacleEvent:
    tallies.move(before["_key"], tallies.key_of(obstacle))
    obstacle.version += 1
    obstacle.updated_at = timezone.now()
    obstacle.save()
    event = _event(obstacle, kind=kind, actor=actor, before=before, message=message, agency=agency)
    before = {k: v for k, v in before.items() if k != "_key"}
    audit_record(actor=actor, action="status", obj=obstacle, before=before, after=_snapshot(obstacle),
                 changes={"transition": action, **(extra or {})})
    notifications.queue(obstacle, kind=kind)
    return event


def _already_filed(actor, key: str) -> Obstacle | None:
    return Obstacle.objects.filter(created_by=actor, idempotency_key=key).first() if key else None


@transaction.atomic
def obstacle_create(*, actor, title: str, description: str, domain: str, severity: str = Severity.MEDIUM,
                    classification: str = "", idempotency_key: str = "", files=()) -> Obstacle:
    """File a case for the actor's commune (or their province's own). A repeated idempotency key
    returns the case already filed with it instead of filing a second one."""
    scope = scope_of(actor)
    if scope is None or not (scope.is_commune or scope.is_province):
        raise NotAllowed(_("Chỉ UBND cấp xã hoặc cấp tỉnh được phản ánh khó khăn, vướng mắc."))
    if not scope.allows(Action.CREATE):
        raise NotAllowed(_("Vai trò “%(role)s” không được phản ánh khó khăn, vướng mắc.") % {"role": scope.role_label})
    key = (idempotency_key or "").strip()[:64]
    title, description = nfc(title).strip(), nfc(description).strip()
    if not title:
        raise DomainError(_("Tiêu đề không được để trống."), field="title")
    if not description:
        raise DomainError(_("Nội dung không được để trống."), field="description")
    if domain not in Domain.values:
        raise DomainError(_("Lĩnh vực không hợp lệ."), field="domain")
    if severity not in Severity.values:
        raise DomainError(_("Mức độ không hợp lệ."), field="severity")
    if classification not in Classification.values:
        raise DomainError(_("Phân loại không hợp lệ."), field="classification")
    now = timezone.now()
    level = CaseLevel.COMMUNE if scope.is_commune else CaseLevel.PROVINCE
    obstacle = Obstacle(
        province=scope.agency.province, commune=scope.agency.commune, origin_agency=scope.agency,
        responsible_agency=scope.agency, domain=domain, classification=classification, title=title,
        description=description, severity=severity, level=level, status=Status.NEW, level_entered_on=today(),
        due_date=due_date_for(level, today()), created_by=actor, created_at=now, updated_at=now,
        idempotency_key=key)
    obstacle.search_key = _search_key(obstacle)
    try:
        with transaction.atomic():
            obstacle.save(force_insert=True)
    except IntegrityError:
        # The key was used before (a resent form, a retried call): the unique constraint on
        # (author, key) answers it, with no lookup before every insert; return that case.
        existing = _already_filed(actor, key)
        if existing is None:
            raise
        return existing
    tallies.move(None, tallies.key_of(obstacle))
    _event(obstacle, kind=ObstacleEvent.Kind.CREATE, actor=actor, message=description[:500])
    audit_record(actor=actor, action="create", obj=obstacle, before={}, after={
        "title": title, "domain": domain, "severity": severity, "classification": classification,
        "level": level, "status": Status.NEW, "due_date": obstacle.due_date})
    for upload in files:
        _attach(obstacle, actor=actor, upload=upload)
    notifications.queue(obstacle, kind=ObstacleEvent.Kind.CREATE)
    return obstacle


@transaction.atomic
def obstacle_transition(*, actor, obstacle: Obstacle, action: str, version: int | None,
                        message: str = "") -> Obstacle:
    """Make one of the moves that need only a note: acknowledge, start, return, resubmit,
    resolve, close, reopen. Escalating and answering have their own services."""
    if action in ("escalate", "answer"):
        raise InvalidTransition(_("Chuyển cấp trên và trả lời cần văn bản; dùng biểu mẫu riêng."))
    obstacle = _locked(obstacle, version)
    move = check_move(obstacle, action, actor)
    message = nfc(message).strip()
    if move.needs_message and not message:
        raise DomainError(_("Cần ghi nội dung khi “%(move)s”.") % {"move": move.label}, field="message")
    before = _snapshot(obstacle, with_key=True)
    on = today()
    obstacle.status = move.target
    if action == "return":
        if obstacle.level in (CaseLevel.MINISTRY, CaseLevel.NATIONAL):
            _enter_level(obstacle, CaseLevel.PROVINCE, _agency_for_level(obstacle, CaseLevel.PROVINCE), on)
        elif obstacle.level == CaseLevel.PROVINCE:
            if not obstacle.commune_id:
                raise InvalidTransition(_("Khó khăn do cấp tỉnh phản ánh, không có cấp dưới để trả lại."))
            _enter_level(obstacle, CaseLevel.COMMUNE, _agency_for_level(obstacle, CaseLevel.COMMUNE), on)
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
    _save(obstacle, before, actor=actor, action=action, kind=action, message=message)
    return obstacle


def _check_request_fields(*, number: str, signed_on: date | None, signer_name: str, signer_title: str,
                          content: str) -> str:
    number = normalise_document_number(number)
    if signed_on is None:
        raise DomainError(_("Chưa nhập ngày văn bản."), field="signed_on")
    if signed_on > today():
        raise DomainError(_("Ngày văn bản không được sau ngày hôm nay."), field="signed_on")
    if not nfc(signer_name).strip():
        raise DomainError(_("Chưa nhập người ký văn bản."), field="signer_name")
    if not nfc(signer_title).strip():
        raise DomainError(_("Chưa nhập chức vụ người ký."), field="signer_title")
    if not nfc(content).strip():
        raise DomainError(_("Chưa nhập nội dung văn bản."), field="content")
    return number


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
    on = today()
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
            created_at=timezone.now())
        if file is not None:
            request.file_name = file.name[:200]
            request.file.save(file.name, file, save=False)
        request.save()
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
    """Answer the open written request with a written answer; the case goes back to the agency that filed it."""
    obstacle = _locked(obstacle, version)
    check_move(obstacle, "answer", actor)
    request = (EscalationRequest.objects.filter(obstacle=obstacle, to_agency=obstacle.responsible_agency,
                                                answer__isnull=True).order_by("-created_at", "-id").first())
    if request is None:
        raise InvalidTransition(_("Không có văn bản đề nghị nào đang chờ cơ quan của bạn trả lời."))
    clean_number = _check_request_fields(number=number, signed_on=signed_on, signer_name=signer_name,
                                         signer_title=signer_title, content=guidance)
    before = _snapshot(obstacle, with_key=True)
    answer = EscalationAnswer(
        request=request, obstacle=obstacle, agency=obstacle.responsible_agency, number=clean_number,
        signed_on=signed_on, signer_name=nfc(signer_name).strip(), signer_title=nfc(signer_title).strip(),
        guidance=nfc(guidance).strip(), created_by=actor, created_at=timezone.now())
    if file is not None:
        answer.file_name = file.name[:200]
        answer.file.save(file.name, file, save=False)
    answer.save()
    obstacle.status = Status.ANSWERED
    _enter_level(obstacle, _origin_level(obstacle), obstacle.origin_agency, today())
    _save(obstacle, before, actor=actor, action="answer", kind=ObstacleEvent.Kind.ANSWER,
          message=answer.guidance, extra={"answer": answer.pk, "number": clean_number, "request": request.pk})
    return obstacle


@transaction.atomic
def obstacle_comment(*, actor, obstacle: Obstacle, message: str) -> ObstacleEvent:
    """Add a note to the timeline (anyone who may see the case and may edit)."""
    scope = scope_of(actor)
    if scope is None or not scope.allows(Action.EDIT):
        raise NotAllowed(_("Vai trò của bạn không được ghi ý kiến."))
    message = nfc(message).strip()
    if not message:
        raise DomainError(_("Ý kiến không được để trống."), field="message")
    event = _event(obstacle, kind=ObstacleEvent.Kind.COMMENT, actor=actor, message=message[:4000])
    audit_record(actor=actor, action="update", obj=obstacle, changes={"comment": message[:200]})
    return event


def _attach(obstacle: Obstacle, *, actor, upload) -> Attachment:
    from thongsuot.core.uploads import validate_upload

    mime = validate_upload(upload)
    attachment = Attachment(obstacle=obstacle, name=upload.name[:200], mime=mime, size=upload.size,
                            uploaded_by=actor)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _event(obstacle, kind=ObstacleEvent.Kind.ATTACHMENT, actor=actor, message=attachment.name)
    audit_record(actor=actor, action="update", obj=obstacle, changes={"attachment": attachment.name})
    return attachment


@transaction.atomic
def obstacle_attach(*, actor, obstacle: Obstacle, upload) -> Attachment:
    """Attach a document to an open case (its type is checked by content)."""
    scope = scope_of(actor)
    if scope is None or not scope.allows(Action.EDIT):
        raise NotAllowed(_("Vai trò của bạn không được đính kèm tài liệu."))
    return _attach(obstacle, actor=actor, upload=upload)


@transaction.atomic
def obstacle_settings_update(*, actor, commune_days: int, province_days: int, ministry_days: int,
                             national_days: int, overdue_action: str) -> ObstacleSettings:
    """Change the time limits per level (national administrators)."""
    scope = scope_of(actor)
    if scope is None or not scope.is_central or not scope.allows(Action.MANAGE_MEMBERS):
        raise NotAllowed(_("Chỉ quản trị cấp Trung ương được đổi thời hạn xử lý."))
    row = ObstacleSettings.objects.select_for_update().get_or_create(pk=1)[0]
    fields = {"commune_days": commune_days, "province_days": province_days, "ministry_days": ministry_days,
              "national_days": national_days, "overdue_action": overdue_action}
    for name, value in fields.items():
        if name.endswith("_days") and not (1 <= int(value) <= 90):
            raise DomainError(_("Thời hạn phải từ 1 đến 90 ngày làm việc."), field=name)
    if overdue_action not in ObstacleSettings.OverdueAction.values:
        raise DomainError(_("Cách xử lý khi quá hạn không hợp lệ."), field="overdue_action")
    before = {name: getattr(row, name) for name in fields}
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    transaction.on_commit(ObstacleSettings.forget)
    ObstacleSettings.forget()
    audit_record(actor=actor, action="update", obj=row, before=before, after=fields)
    return row


def obstacles_escalate_overdue(*, on: date | None = None) -> dict[str, int]:
    """Handle every open case past its due date: move a commune's case up to its province
    (when the setting says so) or record an overdue notice. Cases already handled for their
    current due date are skipped, so running it twice changes nothing more.

    Above the province a case moves only by a signed written request, so there the
    command only notifies."""
    on = on or today()
    row = ObstacleSettings.current()
    counts = {"escalated": 0, "notified": 0}
    overdue = (Obstacle.objects.filter(status__in=[s for s in Status.values if s not in
                                                   (Status.RESOLVED, Status.CLOSED)], due_date__lt=on)
               .exclude(overdue_notice_for=F("due_date")).values_list("pk", flat=True))
    for pk in list(overdue.iterator(chunk_size=2000)):
        with transaction.atomic():
            obstacle = (Obstacle.objects.select_for_update(of=("self",)).select_related("responsible_agency")
                        .get(pk=pk))
            if obstacle.due_date is None or obstacle.due_date >= on or obstacle.overdue_notice_for == obstacle.due_date:
                continue
            before = _snapshot(obstacle, with_key=True)
            if (row.overdue_action == ObstacleSettings.OverdueAction.ESCALATE
                    and obstacle.level == CaseLevel.COMMUNE and obstacle.status in
                    ("new", "acknowledged", "in_progress", "returned", "reopened", "answered")):
                obstacle.status = Status.ESCALATED
                target_level = level_above(obstacle.level)
                _enter_level(obstacle, target_level, _agency_for_level(obstacle, target_level), on)
                _save(obstacle, before, actor=None, action="escalate", kind=ObstacleEvent.Kind.ESCALATE,
                      message="Tự động chuyển cấp trên do quá hạn xử lý.", extra={"automatic": True},
                      agency=None)
                counts["escalated"] += 1
            else:
                due = obstacle.due_date
                obstacle.overdue_notice_for = due
                obstacle.save(update_fields=["overdue_notice_for"])
                _event(obstacle, kind=ObstacleEvent.Kind.OVERDUE, actor=None,
                       message=f"Quá hạn xử lý (hạn {due:%d/%m/%Y}) tại {obstacle.responsible_agency.name}.")
                audit_record(actor=None, action="update", obj=obstacle, changes={"overdue": due})
                notifications.queue(obstacle, kind=ObstacleEvent.Kind.OVERDUE)
                counts["notified"] += 1
    return counts

