"""What every write of a case shares: the clock, due dates, document numbers, the lock and version
check, the timeline event, entering a level and saving a move with its audit event and notices."""

from __future__ import annotations

import re
import sys
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import add_working_days
from thongsuot.core.errors import DomainError
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.obstacles import notifications, tallies
from thongsuot.obstacles.models import (
    CaseLevel,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
)

NATIONAL_AGENCY_CODE = "BCD"
#: “123/UBND-NV”, “15/CĐ-BCĐ”, “07/BNV-CQĐP” — number, slash, symbol parts joined by hyphens.
DOCUMENT_NUMBER = re.compile(r"^\d{1,6}/[0-9A-ZĐÂĂÊÔƠƯ]+(?:[-.][0-9A-ZĐÂĂÊÔƠƯ]+)*$")
SNAPSHOT_FIELDS = ("status", "level", "responsible_agency_id", "ministry_id", "due_date", "resolution", "version")


def today() -> date:
    """Return today's date in the platform's time zone (tests replace `services.today`)."""
    return timezone.localdate()



def current_day() -> date:
    """Today, read through the package's `today` (the one name tests replace)."""
    return sys.modules[__package__].today()


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


#: The rung of the ladder where an agency of each level holds a case.
CASE_LEVEL_OF = {Level.COMMUNE: CaseLevel.COMMUNE, Level.PROVINCE: CaseLevel.PROVINCE,
                 Level.MINISTRY: CaseLevel.MINISTRY, Level.CENTRAL: CaseLevel.NATIONAL}


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


def _locked(obstacle: Obstacle, version: int | None) -> Obstacle:
    locked = (Obstacle.objects.select_for_update(of=("self",))
              .select_related("origin_agency", "responsible_agency").get(pk=obstacle.pk))
    check_version(locked, version,
                  message=_("Khó khăn này vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."))
    return locked


def _event(obstacle: Obstacle, *, kind: str, actor, before: dict | None = None, message: str = "",
           agency: Agency | None = None, answer=None) -> ObstacleEvent:
    scope = scope_of(actor) if actor is not None else None
    before = before or {}
    moved = before and before.get("responsible_agency_id") != obstacle.responsible_agency_id
    return ObstacleEvent.objects.create(
        obstacle=obstacle, province_id=obstacle.province_id, commune_id=obstacle.commune_id, kind=kind,
        from_status=before.get("status", ""), to_status=obstacle.status if before else "",
        from_level=before.get("level", ""), to_level=obstacle.level if before else "",
        actor=actor, agency=agency or (scope.agency if scope else None), message=message,
        to_agency_id=obstacle.responsible_agency_id if moved else None, answer=answer, created_at=timezone.now())


def _enter_level(obstacle: Obstacle, level: str, agency: Agency, on: date) -> None:
    obstacle.level = level
    obstacle.responsible_agency = agency
    obstacle.level_entered_on = on
    obstacle.due_date = due_date_for(level, on)
    obstacle.overdue_notice_for = None


def _save(obstacle: Obstacle, before: dict, *, actor, action: str, kind: str, message: str = "",
          extra: dict | None = None, agency: Agency | None = None, answer=None) -> ObstacleEvent:
    tallies.move(before["_key"], tallies.key_of(obstacle))
    bump(obstacle)
    obstacle.updated_at = timezone.now()
    obstacle.save()
    event = _event(obstacle, kind=kind, actor=actor, before=before, message=message, agency=agency, answer=answer)
    before = {k: v for k, v in before.items() if k != "_key"}
    audit_record(actor=actor, action="status", obj=obstacle, before=before, after=_snapshot(obstacle),
                 changes={"transition": action, **(extra or {})})
    notifications.queue(obstacle, kind=kind, actor=actor)
    if kind == ObstacleEvent.Kind.ANSWER:
        notifications.inform_origin(obstacle, actor=actor)
    return event


def _check_signature(*, number: str, signed_on: date | None, signer_name: str, signer_title: str) -> str:
    """Check what makes a letter official (its number, a date not in the future, who signed it and as
    what) and return the number written the one way."""
    number = normalise_document_number(number)
    if signed_on is None:
        raise DomainError(_("Chưa nhập ngày văn bản."), field="signed_on")
    if signed_on > current_day():
        raise DomainError(_("Ngày văn bản không được sau ngày hôm nay."), field="signed_on")
    if not nfc(signer_name).strip():
        raise DomainError(_("Chưa nhập người ký văn bản."), field="signer_name")
    if not nfc(signer_title).strip():
        raise DomainError(_("Chưa nhập chức vụ người ký."), field="signer_title")
    return number


def _check_request_fields(*, number: str, signed_on: date | None, signer_name: str, signer_title: str,
                          content: str) -> str:
    number = _check_signature(number=number, signed_on=signed_on, signer_name=signer_name,
                              signer_title=signer_title)
    if not nfc(content).strip():
        raise DomainError(_("Chưa nhập nội dung văn bản."), field="content")
    return number
