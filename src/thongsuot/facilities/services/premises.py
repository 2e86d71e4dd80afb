"""Premises: record, describe, attach photos and documents."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.facilities import permissions
from thongsuot.facilities.models import (
    Condition,
    Facility,
    FacilityDocument,
    FacilityKind,
    FacilityStatus,
    PlanState,
)
from thongsuot.facilities.services._common import (
    _choice,
    _count,
    _decimal,
    _require,
    _snapshot,
)
from thongsuot.facilities.services.scores import readiness_refresh

FACILITY_FIELDS = ["name", "kind", "address", "land_area_m2", "floor_area_m2", "year_built", "condition",
                   "current_use", "status", "manager", "former_unit_id"]


def _clean_facility(data: dict, commune) -> dict:
    clean = dict(data)
    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            raise DomainError(_("Tên cơ sở không được để trống."), field="name")
    if "address" in clean:
        clean["address"] = (clean["address"] or "").strip()
        if not clean["address"]:
            raise DomainError(_("Địa chỉ không được để trống."), field="address")
    if "kind" in clean:
        _choice(clean["kind"], FacilityKind, "kind", _("Loại cơ sở"))
    if "condition" in clean:
        _choice(clean["condition"], Condition, "condition", _("Hiện trạng"))
    if "status" in clean:
        _choice(clean["status"], FacilityStatus, "status", _("Tình trạng sử dụng"))
    if "land_area_m2" in clean:
        clean["land_area_m2"] = _decimal(clean["land_area_m2"], "land_area_m2", _("Diện tích đất"))
    if "floor_area_m2" in clean:
        clean["floor_area_m2"] = _decimal(clean["floor_area_m2"], "floor_area_m2", _("Diện tích sàn"))
    if clean.get("year_built") is not None:
        year = _count(clean["year_built"], "year_built", _("Năm xây dựng"))
        if year < 1800 or year > timezone.localdate().year:
            raise DomainError(_("Năm xây dựng phải từ 1800 đến %(year)s.") % {"year": timezone.localdate().year},
                              field="year_built")
        clean["year_built"] = year
    former = clean.pop("former_unit", None)
    if former is not None:
        if former.commune_id != commune.pk:
            raise DomainError(_("Đơn vị cũ không thuộc xã, phường, đặc khu này."), field="former_unit")
        clean["former_unit_id"] = former.pk
    return clean


@transaction.atomic
def facility_create(*, actor, commune, name: str, address: str, land_area_m2, floor_area_m2,
                    kind: str = FacilityKind.HEADQUARTERS, year_built: int | None = None,
                    condition: str = Condition.FAIR, current_use: str = "", status: str = FacilityStatus.IN_USE,
                    manager: str = "", former_unit=None, submission_key: str = "") -> Facility:
    """Record a premises of `commune` (or of one of the former units merged into it)."""
    _require(permissions.may_create_in(actor, commune))
    data = _clean_facility(dict(name=name, address=address, land_area_m2=land_area_m2, floor_area_m2=floor_area_m2,
                                kind=kind, year_built=year_built, condition=condition, current_use=current_use or "",
                                status=status, manager=manager or "", former_unit=former_unit), commune)

    def create(key: str) -> Facility:
        facility = Facility.objects.create(province_id=commune.province_id, commune=commune, created_by=actor,
                                           submission_key=key, **data)
        audit_record(actor=actor, action="create", obj=facility, after=_snapshot(facility, FACILITY_FIELDS))
        readiness_refresh(commune=commune)
        return facility

    return create_once(Facility, author=actor, key=submission_key, create=create)


@transaction.atomic
def facility_update(*, actor, facility: Facility, version: int | None = None, **changes) -> Facility:
    """Change a facility's description or status, from the `version` the editor read."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    _require(permissions.may_edit_in(actor, facility.commune))
    check_version(facility, version)
    unknown = set(changes) - set(FACILITY_FIELDS) - {"former_unit"}
    if unknown:
        raise DomainError(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    data = _clean_facility(changes, facility.commune)
    if (data.get("status") == FacilityStatus.IN_USE and facility.status != FacilityStatus.IN_USE
            and facility.plan_state in (PlanState.PROPOSED, PlanState.APPROVED)):
        raise DomainError(_("Cơ sở đang có phương án xử lý chưa hoàn thành; hủy phương án trước khi chuyển sang "
                            "“Đang sử dụng”."), field="status")
    before = _snapshot(facility, FACILITY_FIELDS)
    for key, value in data.items():
        setattr(facility, key, value)
    if "former_unit" in changes and changes["former_unit"] is None:
        facility.former_unit_id = None
    bump(facility)
    facility.save()
    audit_record(actor=actor, action="update", obj=facility, before=before, after=_snapshot(facility, FACILITY_FIELDS))
    readiness_refresh(commune=facility.commune)
    return facility


@transaction.atomic
def facility_document_add(*, actor, facility: Facility, upload, content_type: str, title: str = "") -> FacilityDocument:
    """Attach a photo or document (already checked by `validate_upload`) to a facility."""
    _require(permissions.may_edit_in(actor, facility.commune))
    document = FacilityDocument.objects.create(
        facility=facility, province_id=facility.province_id, commune_id=facility.commune_id, file=upload,
        original_name=(upload.name or "tep")[:255], content_type=content_type, size=upload.size,
        title=(title or "").strip()[:200], uploaded_by=actor)
    audit_record(actor=actor, action="attach", obj=facility,
                 changes={"document": document.original_name, "size": document.size})
    return document
