"""Every write of the facilities app: one transaction each, with its audit event, keeping the
facility's plan copy and the commune's readiness row current."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.permissions import Action, can, scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.facilities import readiness
from thongsuot.facilities.models import (
    SALE_METHODS,
    CommuneReadiness,
    Condition,
    Connectivity,
    DigitalPlatform,
    EquipmentCategory,
    EquipmentNeed,
    Facility,
    FacilityDocument,
    FacilityKind,
    FacilityStatus,
    HandlingPlan,
    HandlingPlanEvent,
    MobileCoverage,
    Outage,
    PlanMethod,
    PlanState,
    PlatformSystem,
    ProcurementRequest,
    ProcurementState,
)

PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanState.PROPOSED: frozenset({PlanState.APPROVED, PlanState.CANCELLED}),
    PlanState.APPROVED: frozenset({PlanState.DONE, PlanState.CANCELLED}),
    PlanState.DONE: frozenset(),
    PlanState.CANCELLED: frozenset(),
}

PROCUREMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ProcurementState.DRAFT: frozenset({ProcurementState.SUBMITTED}),
    ProcurementState.SUBMITTED: frozenset({ProcurementState.APPROVED, ProcurementState.REJECTED}),
    ProcurementState.APPROVED: frozenset({ProcurementState.DELIVERED}),
    ProcurementState.REJECTED: frozenset(),
    ProcurementState.DELIVERED: frozenset(),
}

MIN_REASON_LENGTH = 20
FACILITY_FIELDS = ["name", "kind", "address", "land_area_m2", "floor_area_m2", "year_built", "condition",
                   "current_use", "status", "manager", "former_unit_id"]


# ---------------------------------------------------------------- checks shared by the services

def _require(actor, action: Action, commune, message: str = "") -> None:
    if not can(actor, action, province_id=commune.province_id, commune_id=commune.pk):
        raise PermissionDenied(message or "Bạn không có quyền thực hiện thao tác này với đơn vị này.")


def _require_province_leader(actor, commune, what: str) -> None:
    scope = scope_of(actor)
    if scope is None or scope.is_commune or not can(actor, Action.APPROVE, province_id=commune.province_id,
                                                    commune_id=commune.pk):
        raise PermissionDenied(f"Chỉ lãnh đạo UBND cấp tỉnh (hoặc Trung ương) được {what}.")


def _choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(f"{label} “{value}” không có trong danh mục.", field=field)
    return value


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(f"{label} phải là một số.", field=field) from None
    if not number.is_finite():
        raise DomainError(f"{label} phải là một số.", field=field)
    if number < 0:
        raise DomainError(f"{label} không được âm.", field=field)
    return number


def _count(value, field: str, label: str) -> int:
    try:
        number = int(value)
    except (ValueError, TypeError):
        raise DomainError(f"{label} phải là số nguyên.", field=field) from None
    if number < 0:
        raise DomainError(f"{label} không được âm.", field=field)
    return number


def _not_future(value: date, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise DomainError(f"{label} không được sau ngày hôm nay.", field=field)


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


# ---------------------------------------------------------------- facilities

def _clean_facility(data: dict, commune) -> dict:
    clean = dict(data)
    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            raise DomainError("Tên cơ sở không được để trống.", field="name")
    if "address" in clean:
        clean["address"] = (clean["address"] or "").strip()
        if not clean["address"]:
            raise DomainError("Địa chỉ không được để trống.", field="address")
    if "kind" in clean:
        _choice(clean["kind"], FacilityKind, "kind", "Loại cơ sở")
    if "condition" in clean:
        _choice(clean["condition"], Condition, "condition", "Hiện trạng")
    if "status" in clean:
        _choice(clean["status"], FacilityStatus, "status", "Tình trạng sử dụng")
    if "land_area_m2" in clean:
        clean["land_area_m2"] = _decimal(clean["land_area_m2"], "land_area_m2", "Diện tích đất")
    if "floor_area_m2" in clean:
        clean["floor_area_m2"] = _decimal(clean["floor_area_m2"], "floor_area_m2", "Diện tích sàn")
    if clean.get("year_built") is not None:
        year = _count(clean["year_built"], "year_built", "Năm xây dựng")
        if year < 1800 or year > timezone.localdate().year:
            raise DomainError(f"Năm xây dựng phải từ 1800 đến {timezone.localdate().year}.", field="year_built")
        clean["year_built"] = year
    former = clean.pop("former_unit", None)
    if former is not None:
        if former.commune_id != commune.pk:
            raise DomainError("Đơn vị cũ không thuộc xã, phường, đặc khu này.", field="former_unit")
        clean["former_unit_id"] = former.pk
    return clean


@transaction.atomic
def facility_create(*, actor, commune, name: str, address: str, land_area_m2, floor_area_m2,
                    kind: str = FacilityKind.HEADQUARTERS, year_built: int | None = None,
                    condition: str = Condition.FAIR, current_use: str = "", status: str = FacilityStatus.IN_USE,
                    manager: str = "", former_unit=None, submission_key: str = "") -> Facility:
    """Record a premises of `commune` (or of one of the former units merged into it)."""
    _require(actor, Action.CREATE, commune)
    if submission_key and (done := Facility.objects.filter(submission_key=submission_key,
                                                           commune=commune).first()):
        return done
    data = _clean_facility(dict(name=name, address=address, land_area_m2=land_area_m2, floor_area_m2=floor_area_m2,
                                kind=kind, year_built=year_built, condition=condition, current_use=current_use or "",
                                status=status, manager=manager or "", former_unit=former_unit), commune)
    facility = Facility.objects.create(province_id=commune.province_id, commune=commune,
                                       submission_key=submission_key[:40], **data)
    audit_record(actor=actor, action="create", obj=facility, after=_snapshot(facility, FACILITY_FIELDS))
    readiness_refresh(commune=commune)
    return facility


@transaction.atomic
def facility_update(*, actor, facility: Facility, **changes) -> Facility:
    """Change a facility's description or status."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    _require(actor, Action.EDIT, facility.commune)
    unknown = set(changes) - set(FACILITY_FIELDS) - {"former_unit"}
    if unknown:
        raise DomainError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    data = _clean_facility(changes, facility.commune)
    if (data.get("status") == FacilityStatus.IN_USE and facility.status != FacilityStatus.IN_USE
            and facility.plan_state in (PlanState.PROPOSED, PlanState.APPROVED)):
        raise DomainError("Cơ sở đang có phương án xử lý chưa hoàn thành; hủy phương án trước khi chuyển sang "
                          "“Đang sử dụng”.", field="status")
    before = _snapshot(facility, FACILITY_FIELDS)
    for key, value in data.items():
        setattr(facility, key, value)
    if "former_unit" in changes and changes["former_unit"] is None:
        facility.former_unit_id = None
    facility.save()
    audit_record(actor=actor, action="update", obj=facility, before=before, after=_snapshot(facility, FACILITY_FIELDS))
    readiness_refresh(commune=facility.commune)
    return facility


@transaction.atomic
def facility_document_add(*, actor, facility: Facility, upload, content_type: str, title: str = "") -> FacilityDocument:
    """Attach a photo or document (already checked by `validate_upload`) to a facility."""
    _require(actor, Action.EDIT, facility.commune)
    document = FacilityDocument.objects.create(
        facility=facility, province_id=facility.province_id, commune_id=facility.commune_id, file=upload,
        original_name=(upload.name or "tep")[:255], content_type=content_type, size=upload.size,
        title=(title or "").strip()[:200], uploaded_by=actor)
    audit_record(actor=actor, action="attach", obj=facility,
                 changes={"document": document.original_name, "size": document.size})
    return document


# ---------------------------------------------------------------- handling plans

PLAN_FIELDS = ["method", "state", "decision_number", "approval_date", "deadline", "done_date", "reason_not_priority"]


def _check_reason(method: str, reason: str) -> str:
    reason = (reason or "").strip()
    if method in SALE_METHODS and len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            "Phương án bán đấu giá, cho thuê hoặc thanh lý phải ghi rõ lý do không bố trí cho y tế, giáo dục, "
            f"văn hóa - thể thao, công an xã hoặc mục đích công cộng khác (ít nhất {MIN_REASON_LENGTH} ký tự).",
            field="reason_not_priority")
    return reason


def _sync_facility(facility: Facility) -> None:
    live = facility.plans.exclude(state=PlanState.CANCELLED).first()
    facility.plan_method = live.method if live else ""
    facility.plan_state = live.state if live else ""
    facility.plan_deadline = live.deadline if live else None
    facility.save(update_fields=["plan_method", "plan_state", "plan_deadline", "updated_at"])


def _move(plan: HandlingPlan, to_state: str, *, actor, kind: str, note: str = "") -> str:
    if to_state not in PLAN_TRANSITIONS[plan.state]:
        raise InvalidTransition(f"Không thể chuyển phương án từ “{plan.get_state_display()}” sang "
                                f"“{PlanState(to_state).label}”.")
    from_state = plan.state
    plan.state = to_state
    HandlingPlanEvent.objects.create(plan=plan, kind=kind, from_state=from_state, to_state=to_state, actor=actor,
                                     note=(note or "").strip())
    return from_state


@transaction.atomic
def handling_plan_propose(*, actor, facility: Facility, method: str, deadline: date,
                          reason_not_priority: str = "", note: str = "") -> HandlingPlan:
    """Propose how a surplus or partly used premises is to be settled."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    _require(actor, Action.CREATE, facility.commune)
    _choice(method, PlanMethod, "method", "Phương án xử lý")
    if facility.status == FacilityStatus.IN_USE:
        raise DomainError("Chỉ lập phương án xử lý cho cơ sở dôi dư hoặc chỉ sử dụng một phần.", field="method")
    if facility.plans.exclude(state=PlanState.CANCELLED).exists():
        raise DomainError("Cơ sở này đã có phương án đang thực hiện; hủy phương án đó trước khi lập phương án mới.",
                          field="method")
    if deadline is None:
        raise DomainError("Hạn hoàn thành không được để trống.", field="deadline")
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
                         note: str = "") -> HandlingPlan:
    """Change a plan that is still a proposal."""
    plan = HandlingPlan.objects.select_for_update().select_related("facility").get(pk=plan.pk)
    _require(actor, Action.EDIT, plan.facility.commune)
    if plan.state != PlanState.PROPOSED:
        raise InvalidTransition("Chỉ sửa được phương án đang ở bước đề xuất.")
    _choice(method, PlanMethod, "method", "Phương án xử lý")
    if deadline is None:
        raise DomainError("Hạn hoàn thành không được để trống.", field="deadline")
    before = _snapshot(plan, PLAN_FIELDS)
    plan.method, plan.deadline = method, deadline
    plan.reason_not_priority = _check_reason(method, reason_not_priority)
    plan.note = (note or "").strip()
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
    _require_province_leader(actor, plan.facility.commune, "phê duyệt phương án xử lý nhà, đất")
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise DomainError("Số quyết định phê duyệt không được để trống.", field="decision_number")
    if approval_date is None:
        raise DomainError("Ngày phê duyệt không được để trống.", field="approval_date")
    _not_future(approval_date, "approval_date", "Ngày phê duyệt")
    deadline = deadline or plan.deadline
    if deadline < approval_date:
        raise DomainError("Hạn hoàn thành không được trước ngày phê duyệt.", field="deadline")
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
    _require(actor, Action.EDIT, plan.facility.commune)
    if done_date is None:
        raise DomainError("Ngày hoàn thành không được để trống.", field="done_date")
    if plan.state == PlanState.APPROVED and done_date < plan.approval_date:
        raise DomainError(f"Ngày hoàn thành không được trước ngày phê duyệt ({plan.approval_date:%d/%m/%Y}).",
                          field="done_date")
    _not_future(done_date, "done_date", "Ngày hoàn thành")
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
    _require(actor, Action.EDIT, plan.facility.commune)
    if plan.state == PlanState.APPROVED:
        _require_province_leader(actor, plan.facility.commune, "hủy phương án đã phê duyệt")
    if not (note or "").strip():
        raise DomainError("Cần ghi lý do hủy phương án.", field="note")
    before = _snapshot(plan, PLAN_FIELDS)
    _move(plan, PlanState.CANCELLED, actor=actor, kind=HandlingPlanEvent.Kind.CANCEL, note=note)
    plan.save()
    audit_record(actor=actor, action="cancel", obj=plan, before=before, after=_snapshot(plan, PLAN_FIELDS),
                 changes={"note": note.strip()})
    _sync_facility(plan.facility)
    readiness_refresh(commune=plan.facility.commune)
    return plan


# ---------------------------------------------------------------- equipment

@transaction.atomic
def equipment_need_set(*, actor, commune, category: str, required, available, note: str = "") -> EquipmentNeed:
    """Record how many of one category a commune needs and has."""
    _require(actor, Action.EDIT, commune)
    _choice(category, EquipmentCategory, "category", "Loại thiết bị")
    required = _count(required, "required", "Số cần có")
    available = _count(available, "available", "Số hiện có")
    need = EquipmentNeed.objects.select_for_update().filter(commune=commune, category=category).first()
    before = _snapshot(need, ["required", "available", "note"]) if need else {}
    if need is None:
        need = EquipmentNeed(province_id=commune.province_id, commune=commune, category=category)
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
    _require(actor, Action.CREATE, commune)
    if submission_key and (done := ProcurementRequest.objects.filter(submission_key=submission_key,
                                                                     commune=commune).first()):
        return done
    _choice(category, EquipmentCategory, "category", "Loại thiết bị")
    quantity = _count(quantity, "quantity", "Số lượng")
    if quantity < 1:
        raise DomainError("Số lượng phải từ 1 trở lên.", field="quantity")
    cost = _decimal(estimated_cost or 0, "estimated_cost", "Dự toán")
    justification = (justification or "").strip()
    if not justification:
        raise DomainError("Cần ghi lý do đề nghị.", field="justification")
    request = ProcurementRequest.objects.create(province_id=commune.province_id, commune=commune, category=category,
                                                quantity=quantity, estimated_cost=cost,
                                                justification=justification, created_by=actor,
                                                submission_key=submission_key[:40])
    audit_record(actor=actor, action="create", obj=request,
                 after=_snapshot(request, ["category", "quantity", "estimated_cost", "state"]))
    return request


@transaction.atomic
def procurement_request_move(*, actor, request: ProcurementRequest, to_state: str, note: str = "") -> ProcurementRequest:
    """Submit, approve, reject or mark delivered; delivery adds the quantity to what the commune has."""
    request = ProcurementRequest.objects.select_for_update().select_related("commune").get(pk=request.pk)
    _choice(to_state, ProcurementState, "state", "Trạng thái")
    if to_state in (ProcurementState.APPROVED, ProcurementState.REJECTED):
        _require_province_leader(actor, request.commune, "duyệt đề nghị cấp thiết bị")
    else:
        _require(actor, Action.EDIT, request.commune)
    if to_state not in PROCUREMENT_TRANSITIONS[request.state]:
        raise InvalidTransition(f"Không thể chuyển đề nghị từ “{request.get_state_display()}” sang "
                                f"“{ProcurementState(to_state).label}”.")
    if to_state == ProcurementState.REJECTED and not (note or "").strip():
        raise DomainError("Cần ghi lý do không duyệt.", field="note")
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


# ---------------------------------------------------------------- connectivity and platforms

CONNECTIVITY_FIELDS = ["broadband_mbps", "mobile_coverage", "government_network", "video_conference_ready"]


@transaction.atomic
def connectivity_set(*, actor, commune, broadband_mbps, mobile_coverage: str, government_network: bool,
                     video_conference_ready: bool) -> Connectivity:
    """Record a commune's connections."""
    _require(actor, Action.EDIT, commune)
    speed = _decimal(broadband_mbps, "broadband_mbps", "Tốc độ băng rộng")
    if speed > 100_000:
        raise DomainError("Tốc độ băng rộng không hợp lý (quá 100.000 Mbps).", field="broadband_mbps")
    _choice(mobile_coverage, MobileCoverage, "mobile_coverage", "Vùng phủ sóng di động")
    connectivity = Connectivity.objects.select_for_update().filter(commune=commune).first()
    before = _snapshot(connectivity, CONNECTIVITY_FIELDS) if connectivity else {}
    if connectivity is None:
        connectivity = Connectivity(province_id=commune.province_id, commune=commune)
    connectivity.broadband_mbps, connectivity.mobile_coverage = speed, mobile_coverage
    connectivity.government_network = bool(government_network)
    connectivity.video_conference_ready = bool(video_conference_ready)
    connectivity.save()
    audit_record(actor=actor, action="update" if before else "create", obj=connectivity, before=before,
                 after=_snapshot(connectivity, CONNECTIVITY_FIELDS))
    readiness_refresh(commune=commune)
    return connectivity


def _check_outage_times(started_at: datetime, ended_at: datetime | None) -> None:
    if started_at is None:
        raise DomainError("Thời điểm bắt đầu không được để trống.", field="started_at")
    now = timezone.now()
    if started_at > now:
        raise DomainError("Thời điểm bắt đầu không được sau thời điểm hiện tại.", field="started_at")
    if ended_at is not None:
        if ended_at <= started_at:
            raise DomainError("Thời điểm kết thúc phải sau thời điểm bắt đầu.", field="ended_at")
        if ended_at > now:
            raise DomainError("Thời điểm kết thúc không được sau thời điểm hiện tại.", field="ended_at")


@transaction.atomic
def outage_record(*, actor, commune, started_at: datetime, cause: str, ended_at: datetime | None = None,
                  submission_key: str = "") -> Outage:
    """Log an interruption of the commune's connection (ended or still going on)."""
    _require(actor, Action.CREATE, commune)
    if submission_key and (done := Outage.objects.filter(submission_key=submission_key, commune=commune).first()):
        return done
    _check_outage_times(started_at, ended_at)
    cause = (cause or "").strip()
    if not cause:
        raise DomainError("Cần ghi nguyên nhân sự cố (ghi “chưa rõ” nếu chưa xác định).", field="cause")
    outage = Outage.objects.create(province_id=commune.province_id, commune=commune, started_at=started_at,
                                   ended_at=ended_at, cause=cause[:255], recorded_by=actor,
                                   submission_key=submission_key[:40])
    audit_record(actor=actor, action="create", obj=outage,
                 after={"started_at": started_at, "ended_at": ended_at, "cause": outage.cause})
    return outage


@transaction.atomic
def outage_close(*, actor, outage: Outage, ended_at: datetime) -> Outage:
    """Record when an ongoing outage ended."""
    outage = Outage.objects.select_for_update().select_related("commune").get(pk=outage.pk)
    _require(actor, Action.EDIT, outage.commune)
    if outage.ended_at is not None:
        raise InvalidTransition("Sự cố này đã được ghi nhận kết thúc.")
    if ended_at is None:
        raise DomainError("Thời điểm kết thúc không được để trống.", field="ended_at")
    _check_outage_times(outage.started_at, ended_at)
    outage.ended_at = ended_at
    outage.save(update_fields=["ended_at"])
    audit_record(actor=actor, action="update", obj=outage, before={"ended_at": None}, after={"ended_at": ended_at})
    return outage


@transaction.atomic
def platform_set(*, actor, commune, system: str, connected_to_province: bool, name: str = "") -> DigitalPlatform:
    """Record that a commune runs a system, and whether it is connected to the provincial platform."""
    _require(actor, Action.EDIT, commune)
    _choice(system, PlatformSystem, "system", "Hệ thống")
    name = (name or "").strip()[:150]
    if system == PlatformSystem.OTHER and not name:
        raise DomainError("Cần ghi tên hệ thống khác.", field="name")
    platform = DigitalPlatform.objects.select_for_update().filter(commune=commune, system=system, name=name).first()
    before = {"connected_to_province": platform.connected_to_province} if platform else {}
    if platform is None:
        platform = DigitalPlatform(province_id=commune.province_id, commune=commune, system=system, name=name)
    platform.connected_to_province = bool(connected_to_province)
    platform.save()
    audit_record(actor=actor, action="update" if before else "create", obj=platform, before=before,
                 after={"system": system, "name": name, "connected_to_province": platform.connected_to_province})
    readiness_refresh(commune=commune)
    return platform


@transaction.atomic
def platform_remove(*, actor, platform: DigitalPlatform) -> None:
    """Record that a commune no longer runs a system."""
    _require(actor, Action.EDIT, platform.commune)
    commune = platform.commune
    audit_record(actor=actor, action="delete", obj=platform,
                 before={"system": platform.system, "name": platform.name}, after={})
    platform.delete()
    readiness_refresh(commune=commune)


# ---------------------------------------------------------------- readiness

def readiness_figures(commune) -> readiness.CommuneFigures:
    """Gather what the score needs for one commune (five small queries)."""
    figures = readiness.CommuneFigures()
    for kind, status, condition, plan_state in Facility.objects.filter(commune=commune).values_list(
            "kind", "status", "condition", "plan_state"):
        figures.add_facility(kind=kind, status=status, condition=condition, plan_state=plan_state)
    figures.equipment = {c: (r, a) for c, r, a in EquipmentNeed.objects.filter(commune=commune).values_list(
        "category", "required", "available")}
    connectivity = Connectivity.objects.filter(commune=commune).first()
    if connectivity is not None:
        figures.broadband_mbps = connectivity.broadband_mbps
        figures.mobile_coverage = connectivity.mobile_coverage
        figures.government_network = connectivity.government_network
        figures.video_conference_ready = connectivity.video_conference_ready
    for system, connected in DigitalPlatform.objects.filter(commune=commune).values_list(
            "system", "connected_to_province"):
        figures.add_platform(system=system, connected=connected)
    return figures


def readiness_row(commune_id: int, province_id: int, figures: readiness.CommuneFigures) -> CommuneReadiness:
    """Build (unsaved) the readiness row for figures; used by the refresh and the bulk seeders."""
    result = readiness.score(figures)
    vehicles = figures.equipment.get("xe_o_to", (0, 0))[1]
    return CommuneReadiness(
        commune_id=commune_id, province_id=province_id, facilities_score=result.facilities,
        equipment_score=result.equipment, connectivity_score=result.connectivity, platform_score=result.platforms,
        total=result.total, has_vehicle=vehicles > 0, broadband_mbps=figures.broadband_mbps,
        surplus_count=figures.surplus_count, surplus_handled=figures.surplus_handled)


READINESS_FIELDS = ["facilities_score", "equipment_score", "connectivity_score", "platform_score", "total",
                    "has_vehicle", "broadband_mbps", "surplus_count", "surplus_handled"]


@transaction.atomic
def readiness_refresh(*, commune) -> CommuneReadiness:
    """Recompute one commune's readiness row from its records (called by every service above)."""
    row = readiness_row(commune.pk, commune.province_id, readiness_figures(commune))
    existing, _created = CommuneReadiness.objects.update_or_create(
        commune_id=commune.pk, defaults={"province_id": commune.province_id,
                                         **{f: getattr(row, f) for f in READINESS_FIELDS}})
    return existing
