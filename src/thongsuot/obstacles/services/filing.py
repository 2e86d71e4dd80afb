"""Filing a case, and the notes and documents added to it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.uploads import validate_upload
from thongsuot.core.vocabulary import Domain
from thongsuot.obstacles import notifications, tallies
from thongsuot.obstacles.models import (
    Attachment,
    CaseLevel,
    Classification,
    Obstacle,
    ObstacleEvent,
    Severity,
    Status,
)
from thongsuot.obstacles.permissions import filing_refusal, may_edit_obstacle
from thongsuot.obstacles.registries import check_subject
from thongsuot.obstacles.services._common import (
    _event,
    current_day,
    due_date_for,
)


@transaction.atomic
def obstacle_create(*, actor, title: str, description: str, domain: str, severity: str = Severity.MEDIUM,
                    classification: str = "", submission_key: str = "", files=(), staff_field: str = "",
                    headcount_needed: int | None = None, facility_subject: str = "", equipment_category: str = "",
                    require_subject: bool = False) -> Obstacle:
    """File a case for the actor's commune (or their province's own). A repeated submission key
    returns the case already filed with it instead of filing a second one.

    A staffing case names the specialty and headcount, a facilities case what it concerns
    (`registries.check_subject`); `require_subject` (the filing form and the API) makes them required."""
    Forbidden.raise_if(filing_refusal(actor))
    scope = scope_of(actor)
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
    subject = check_subject(domain=domain, staff_field=staff_field, headcount_needed=headcount_needed,
                            facility_subject=facility_subject, equipment_category=equipment_category,
                            required=require_subject)

    def file(key: str) -> Obstacle:
        now, on = timezone.now(), current_day()
        level = CaseLevel.COMMUNE if scope.is_commune else CaseLevel.PROVINCE
        obstacle = Obstacle(
            province=scope.agency.province, commune=scope.agency.commune, origin_agency=scope.agency,
            responsible_agency=scope.agency, domain=domain, classification=classification, title=title,
            description=description, severity=severity, level=level, status=Status.NEW, level_entered_on=on,
            due_date=due_date_for(level, on), created_by=actor, created_at=now, updated_at=now,
            submission_key=key, **subject)
        obstacle.save(force_insert=True)
        tallies.move(None, tallies.key_of(obstacle))
        _event(obstacle, kind=ObstacleEvent.Kind.CREATE, actor=actor, message=description[:500])
        audit_record(actor=actor, action="create", obj=obstacle, before={}, after={
            "title": title, "domain": domain, "severity": severity, "classification": classification,
            "level": level, "status": Status.NEW, "due_date": obstacle.due_date,
            **{name: value for name, value in subject.items() if value not in ("", None)}})
        for upload in files:
            _attach(obstacle, actor=actor, upload=upload)
        notifications.queue(obstacle, kind=ObstacleEvent.Kind.CREATE, actor=actor)
        return obstacle

    return create_once(Obstacle, author=actor, key=submission_key, create=file)



@transaction.atomic
def obstacle_comment(*, actor, obstacle: Obstacle, message: str) -> ObstacleEvent:
    """Add a note to the timeline (anyone who may see the case and may edit)."""
    if not may_edit_obstacle(actor, obstacle):
        raise Forbidden(_("Vai trò của bạn không được ghi ý kiến."))
    message = nfc(message).strip()
    if not message:
        raise DomainError(_("Ý kiến không được để trống."), field="message")
    event = _event(obstacle, kind=ObstacleEvent.Kind.COMMENT, actor=actor, message=message[:4000])
    audit_record(actor=actor, action="update", obj=obstacle, changes={"comment": message[:200]})
    return event


def _attach(obstacle: Obstacle, *, actor, upload) -> Attachment:

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
    if not may_edit_obstacle(actor, obstacle):
        raise Forbidden(_("Vai trò của bạn không được đính kèm tài liệu."))
    return _attach(obstacle, actor=actor, upload=upload)
