"""The time limits per level, and what happens to the cases that pass them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.versioning import bump, check_version
from thongsuot.obstacles import notifications
from thongsuot.obstacles.models import (
    CaseLevel,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
    Status,
)
from thongsuot.obstacles.permissions import may_set_time_limits
from thongsuot.obstacles.services._common import (
    _agency_for_level,
    _enter_level,
    _event,
    _save,
    _snapshot,
    current_day,
)
from thongsuot.obstacles.workflow import level_above


@transaction.atomic
def obstacle_settings_update(*, actor, commune_days: int, province_days: int, ministry_days: int,
                             national_days: int, overdue_action: str, version: int | None = None) -> ObstacleSettings:
    """Change the time limits per level (national administrators), from the `version` the editor read."""
    if not may_set_time_limits(actor):
        raise Forbidden(_("Chỉ quản trị cấp Trung ương được đổi thời hạn xử lý."))
    row = ObstacleSettings.objects.select_for_update().get_or_create(pk=1)[0]
    check_version(row, version)
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
    bump(row)
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
    on = on or current_day()
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
