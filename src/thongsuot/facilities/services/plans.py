"""Handling plans of surplus premises: propose, edit, approve, complete, cancel."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.workflow import check_transition
from thongsuot.facilities import permissions
from thongsuot.facilities.models import (
    SALE_METHODS,
    Facility,
    FacilityStatus,
    HandlingPlan,
    HandlingPlanEvent,
    PlanMethod,
    PlanState,
)
from thongsuot.facilities.services._common import (
    _choice,
    _not_future,
    _require,
    _require_province_leader,
    _snapshot,
)
from thongsuot.facilities.services.scores import readiness_refresh

PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanState.PROPOSED: frozenset({PlanState.APPROVED, PlanState.CANCELLED}),
    PlanState.APPROVED: frozenset({PlanState.DONE, PlanState.CANCELLED}),
    PlanState.DONE: frozenset(),
    PlanState.CANCELLED: frozenset(),
}

MIN_REASON_LENGTH = 20
PLAN_FIELDS = ["method", "state", "decision_number", "approval_date", "deadline", "done_date", "reason_not_priority"]


def _check_reason(method: str, reason: str) -> str:
    reason = (reason or "").strip()
    if method in SALE_METHODS and len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            _("Phương án bán đấu giá, cho thuê hoặc thanh lý phải ghi rõ lý do không bố trí cho y tế, giáo dục, "
              "văn hóa - thể thao, công an xã hoặc mục đích công cộng khác (ít nhất %(min)s ký tự).")
            % {"min": MIN_REASON_LENGTH}, field="reason_not_priority")
    return reason


def _sync_facility(facility: Facility) -> None:
    live = facility.plans.exclude(state=PlanState.CANCELLED).first()
    facility.plan_method = live.method if live else ""
    facility.plan_state = live.state if live else ""
    facility.plan_deadline = live.deadline if live else None
    facility.save(update_fields=["plan_method", "plan_state", "plan_deadline", "updated_at"])


def _move(plan: HandlingPlan, to_state: str, *, actor, kind: str, note: str = "") -> str:
    check_transition(PLAN_TRANSITIONS, plan.state, to_state,
                     lambda: _("Không thể chuyển phương án từ “%(current)s” sang “%(target)s”.") % {
                         "current": plan.get_state_display(), "target": PlanState(to_state).label})
    from_state = plan.state
    plan.state = to_state
    bump(plan)
    HandlingPlanEvent.objects.create(plan=plan, kind=kind, from_state=from_state, to_state=to_state, actor=actor,
                                     note=(note or "").strip())
    return from_state


@transaction.atomic
def handling_plan_propose(*, actor, facility: Facility, method: str, deadline: date,
                          reason_not_priority: str = "", note: str = "") -> HandlingPlan:
    """Propose how a surplus or partly used premises is to be settled."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    _require(permissions.may_create_in(actor, facility.commune))
    _choice(method, PlanMethod, "method", _("Phương án xử lý"))
    if facility.status == FacilityStatus.IN_USE:
        raise DomainError(_("Chỉ lập phương án xử lý cho cơ sở dôi dư hoặc chỉ sử dụng một phần."),
                          field="method")
    if facility.plans.exclude(state=PlanState.CANCELLED).exists():
        raise DomainError(_("Cơ sở này đã có phương án đang thực hiện; hủy phương án đó trước khi lập "
                            "phương án mới."),
                          field="method")
    if deadline is None:
        raise DomainError(_("Hạn hoàn thành không được để trống."), field="deadline")
    reason = _check_reason(method, reason_not_priority)
    plan = HandlingPlan.objects.create(facility=facility, province_id=facility.province_id,
                                       commune_id=facility.commune_id, method=method, deadline=deadline,
                                       reason_not_priority=reason, note=(note or "").strip(), created_by=actor)
    HandlingPlanEvent.objects.create(plan=plan, kind=HandlingPlanEvent.Kind.PROPOSE, to_state=plan.state,
                                     actor=actor, note=plan.note)
    audit_record(actor=actor, action="create", obj=plan, after=_snapshot(plan, PLAN_FIELDS))
    _sync_facility(facility)
    readiness_refresh(commune=facility.commune)
    return plan


@transaction.atomic
def handling_plan_update(*, actor, plan: HandlingPlan, method: str, deadline: date, reason_not_priority: str = "",
                         note: str = "", version: int | None = None) -> HandlingPlan:
    """Change a plan that is still a proposal, from the `version` the editor read."""
    plan = HandlingPlan.objects.select_for_update().select_related("facility").get(pk=plan.pk)
    _require(permissions.may_edit_in(actor, plan.facility.commune))
    check_version(plan, version)
    if plan.state != PlanState.PROPOSED:
        raise InvalidTransition(_("Chỉ sửa được phương án đang ở bước đề xuất."))
    _choice(method, PlanMethod, "method", _("Phương án xử lý"))
    if deadline is None:
        raise DomainError(_("Hạn hoàn thành không được để trống."), field="deadline")
    before = _snapshot(plan, PLAN_FIELDS)
    plan.method, plan.deadline = method, deadline
    plan.reason_not_priority = _check_reason(method, reason_not_priority)
    plan.note = (note or "").strip()
    bump(plan)
    plan.save()
    HandlingPlanEvent.objects.create(plan=plan, kind=HandlingPlanEvent.Kind.UPDATE, from_state=plan.state,
                                     to_state=plan.state, actor=actor, note=plan.note)
    audit_record(actor=actor, action="update", obj=plan, before=before, after=_snapshot(plan, PLAN_FIELDS))
    _sync_facility(plan.facility)
    return plan


@transaction.atomic
def handling_plan_approve(*, actor, plan: HandlingPlan, decision_number: str, approval_date: date,
                          deadline: date | None = None, note: str = "") -> HandlingPlan:
    """Record the province's decision approving a plan."""
    plan = HandlingPlan.objects.select_for_update().select_related("facility__commune").get(pk=plan.pk)
    _require_province_leader(actor, plan.facility.commune, _("phê duyệt phương án xử lý nhà, đất"))
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise DomainError(_("Số quyết định phê duyệt không được để trống."), field="decision_number")
    if approval_date is None:
        raise DomainError(_("Ngày phê duyệt không được để trống."), field="approval_date")
    _not_future(approval_date, "approval_date", _("Ngày phê duyệt"))
    deadline = deadline or plan.deadline
    if deadline < approval_date:
        raise DomainError(_("Hạn hoàn thành không được trước ngày phê duyệt."), field="deadline")
    before = _snapshot(plan, PLAN_FIELDS)
    _move(plan, PlanState.APPROVED, actor=actor, kind=HandlingPlanEvent.Kind.APPROVE,
          note=note or f"Quyết định số {decision_number}")
    plan.decision_number, plan.approval_date, plan.deadline = decision_number, approval_date, deadline
    plan.save()
    audit_record(actor=actor, action="approve", obj=plan, before=before, after=_snapshot(plan, PLAN_FIELDS))
    _sync_facility(plan.facility)
    return plan


@transaction.atomic
def handling_plan_complete(*, actor, plan: HandlingPlan, done_date: date, note: str = "") -> HandlingPlan:
    """Record that an approved plan has been carried out."""
    plan = HandlingPlan.objects.select_for_update().select_related("facility__commune").get(pk=plan.pk)
    _require(permissions.may_edit_in(actor, plan.facility.commune))
    if done_date is None:
        raise DomainError(_("Ngày hoàn thành không được để trống."), field="done_date")
    if plan.state == PlanState.APPROVED and done_date < plan.approval_date:
        raise DomainError(_("Ngày hoàn thành không được trước ngày phê duyệt (%(date)s).") % {
            "date": f"{plan.approval_date:%d/%m/%Y}"},
                          field="done_date")
    _not_future(done_date, "done_date", _("Ngày hoàn thành"))
    before = _snapshot(plan, PLAN_FIELDS)
    _move(plan, PlanState.DONE, actor=actor, kind=HandlingPlanEvent.Kind.COMPLETE, note=note)
    plan.done_date = done_date
    plan.save()
    audit_record(actor=actor, action="complete", obj=plan, before=before, after=_snapshot(plan, PLAN_FIELDS))
    _sync_facility(plan.facility)
    readiness_refresh(commune=plan.facility.commune)
    return plan


@transaction.atomic
def handling_plan_cancel(*, actor, plan: HandlingPlan, note: str) -> HandlingPlan:
    """Withdraw a plan that has not been carried out; the reason is required."""
    plan = HandlingPlan.objects.select_for_update().select_related("facility__commune").get(pk=plan.pk)
    _require(permissions.may_edit_in(actor, plan.facility.commune))
    if plan.state == PlanState.APPROVED:
        _require_province_leader(actor, plan.facility.commune, _("hủy phương án đã phê duyệt"))
    if not (note or "").strip():
        raise DomainError(_("Cần ghi lý do hủy phương án."), field="note")
    before = _snapshot(plan, PLAN_FIELDS)
    _move(plan, PlanState.CANCELLED, actor=actor, kind=HandlingPlanEvent.Kind.CANCEL, note=note)
    plan.save()
    audit_record(actor=actor, action="cancel", obj=plan, before=before, after=_snapshot(plan, PLAN_FIELDS),
                 changes={"note": note.strip()})
    _sync_facility(plan.facility)
    readiness_refresh(commune=plan.facility.commune)
    return plan
