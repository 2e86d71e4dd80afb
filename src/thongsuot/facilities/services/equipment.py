"""Equipment needs and procurement requests."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.workflow import check_transition
from thongsuot.facilities import permissions
from thongsuot.facilities.models import (
    EquipmentCategory,
    EquipmentNeed,
    ProcurementRequest,
    ProcurementState,
)
from thongsuot.facilities.services._common import (
    _choice,
    _count,
    _decimal,
    _require,
    _require_province_leader,
    _snapshot,
)
from thongsuot.facilities.services.scores import readiness_refresh

PROCUREMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ProcurementState.DRAFT: frozenset({ProcurementState.SUBMITTED}),
    ProcurementState.SUBMITTED: frozenset({ProcurementState.APPROVED, ProcurementState.REJECTED}),
    ProcurementState.APPROVED: frozenset({ProcurementState.DELIVERED}),
    ProcurementState.REJECTED: frozenset(),
    ProcurementState.DELIVERED: frozenset(),
}


@transaction.atomic
def equipment_need_set(*, actor, commune, category: str, required, available, note: str = "",
                       version: int | None = None) -> EquipmentNeed:
    """Record how many of one category a commune needs and has, from the `version` the editor read
    (0: they saw no line for this category)."""
    _require(permissions.may_edit_in(actor, commune))
    _choice(category, EquipmentCategory, "category", _("Loại thiết bị"))
    required = _count(required, "required", _("Số cần có"))
    available = _count(available, "available", _("Số hiện có"))
    need = EquipmentNeed.objects.select_for_update().filter(commune=commune, category=category).first()
    check_version(need, version)
    before = _snapshot(need, ["required", "available", "note"]) if need else {}
    if need is None:
        need = EquipmentNeed(province_id=commune.province_id, commune=commune, category=category)
    else:
        bump(need)
    need.required, need.available, need.note = required, available, (note or "").strip()[:255]
    need.save()
    audit_record(actor=actor, action="update" if before else "create", obj=need, before=before,
                 after=_snapshot(need, ["required", "available", "note"]))
    readiness_refresh(commune=commune)
    return need


@transaction.atomic
def procurement_request_create(*, actor, commune, category: str, quantity, justification: str,
                               estimated_cost=0, submission_key: str = "") -> ProcurementRequest:
    """Draft a request for equipment."""
    _require(permissions.may_create_in(actor, commune))
    _choice(category, EquipmentCategory, "category", _("Loại thiết bị"))
    quantity = _count(quantity, "quantity", _("Số lượng"))
    if quantity < 1:
        raise DomainError(_("Số lượng phải từ 1 trở lên."), field="quantity")
    cost = _decimal(estimated_cost or 0, "estimated_cost", _("Dự toán"))
    justification = (justification or "").strip()
    if not justification:
        raise DomainError(_("Cần ghi lý do đề nghị."), field="justification")

    def create(key: str) -> ProcurementRequest:
        request = ProcurementRequest.objects.create(
            province_id=commune.province_id, commune=commune, category=category, quantity=quantity,
            estimated_cost=cost, justification=justification, created_by=actor, submission_key=key)
        audit_record(actor=actor, action="create", obj=request,
                     after=_snapshot(request, ["category", "quantity", "estimated_cost", "state"]))
        return request

    return create_once(ProcurementRequest, author=actor, key=submission_key, create=create)


@transaction.atomic
def procurement_request_move(*, actor, request: ProcurementRequest, to_state: str, note: str = "") -> ProcurementRequest:
    """Submit, approve, reject or mark delivered; delivery adds the quantity to what the commune has."""
    request = ProcurementRequest.objects.select_for_update().select_related("commune").get(pk=request.pk)
    _choice(to_state, ProcurementState, "state", _("Trạng thái"))
    if to_state in (ProcurementState.APPROVED, ProcurementState.REJECTED):
        _require_province_leader(actor, request.commune, _("duyệt đề nghị cấp thiết bị"))
    else:
        _require(permissions.may_edit_in(actor, request.commune))
    check_transition(PROCUREMENT_TRANSITIONS, request.state, to_state,
                     lambda: _("Không thể chuyển đề nghị từ “%(current)s” sang “%(target)s”.") % {
                         "current": request.get_state_display(), "target": ProcurementState(to_state).label})
    if to_state == ProcurementState.REJECTED and not (note or "").strip():
        raise DomainError(_("Cần ghi lý do không duyệt."), field="note")
    before = {"state": request.state}
    request.state = to_state
    request.decision_note = (note or "").strip()[:255] or request.decision_note
    request.save()
    audit_record(actor=actor, action="status", obj=request, before=before, after={"state": to_state},
                 changes={"note": note} if note else None)
    if to_state == ProcurementState.DELIVERED:
        need = EquipmentNeed.objects.select_for_update().filter(commune=request.commune,
                                                                category=request.category).first()
        if need is None:
            need = EquipmentNeed(province_id=request.province_id, commune=request.commune, category=request.category,
                                 required=request.quantity, available=0)
        before_need = {"available": need.available}
        need.available += request.quantity
        need.save()
        audit_record(actor=actor, action="update", obj=need, before=before_need, after={"available": need.available},
                     changes={"procurement_request": request.pk})
        readiness_refresh(commune=request.commune)
    return request
