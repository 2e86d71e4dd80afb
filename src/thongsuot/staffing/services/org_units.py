"""Staffing services: organisation units."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version, version_of
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import (
    OrgSettings,
    OrgUnit,
)
from thongsuot.staffing.permissions import may_add_unit, may_edit_unit, may_manage_province
from thongsuot.staffing.services._common import _require

#: Đặc khu organised like a phường (Decree 370/2025: Phú Quốc has the urban economic office).
URBAN_DAC_KHU = {"31078"}


def statutory_units(commune: Commune) -> list[tuple[str, str]]:
    """Return (kind, name) of the units Decree 150/2025 gives a commune of this kind."""
    urban = commune.kind == Commune.Kind.PHUONG or commune.code in URBAN_DAC_KHU
    economic = OrgUnit.Kind.ECONOMIC_URBAN if urban else OrgUnit.Kind.ECONOMIC
    # Unit names are records: Vietnamese, whichever language the page that creates them is in.
    with translation.override("vi"):
        return [
            (OrgUnit.Kind.OFFICE, str(OrgUnit.Kind.OFFICE.label)),
            (economic, str(economic.label)),
            (OrgUnit.Kind.CULTURE_SOCIAL, str(OrgUnit.Kind.CULTURE_SOCIAL.label)),
            (OrgUnit.Kind.SERVICE_CENTRE, str(OrgUnit.Kind.SERVICE_CENTRE.label)),
            (OrgUnit.Kind.PUBLIC_SERVICE, f"Trung tâm Dịch vụ tổng hợp {commune.name}"),
        ]


def org_units_build(commune: Commune) -> list[OrgUnit]:
    """Return unsaved statutory units for a commune (for bulk creation)."""
    return [OrgUnit(province_id=commune.province_id, commune=commune, kind=kind, name=name, is_statutory=True,
                    order=index) for index, (kind, name) in enumerate(statutory_units(commune))]


def org_units_ensure(*, commune: Commune) -> list[OrgUnit]:
    """Create the commune's statutory units if it has none yet; return its units.

    Called by the writes that need them (pages show `org_units_build` unsaved instead)."""
    units = list(OrgUnit.objects.filter(commune=commune))
    if not units:
        with transaction.atomic():
            OrgUnit.objects.bulk_create(org_units_build(commune))
        units = list(OrgUnit.objects.filter(commune=commune))
    return units


def org_unit_of_kind(commune: Commune | None, kind: str) -> OrgUnit | None:
    """Return the commune's (first) unit of a statutory kind, making the statutory units if needed."""
    if not kind or commune is None:
        return None
    org_units_ensure(commune=commune)
    if kind in (OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN):
        kinds = [OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN]
    else:
        kinds = [kind]
    return OrgUnit.objects.filter(commune=commune, kind__in=kinds).order_by("order").first()


def org_settings_version(province_id: int) -> int:
    """The version of the province's limits an edit starts from (0: it has set none yet)."""
    return version_of(OrgSettings.objects.filter(province_id=province_id).first())


def unit_limit(province_id: int) -> int:
    settings_row = OrgSettings.objects.filter(province_id=province_id).first()
    return settings_row.max_units_per_commune if settings_row else OrgSettings._meta.get_field(
        "max_units_per_commune").default


@transaction.atomic
def org_unit_create(*, actor, commune: Commune, name: str, kind: str = OrgUnit.Kind.OTHER,
                    submission_key: str = "") -> OrgUnit:
    """Add a unit to a commune, within the number of units its province allows. A resent form (same
    `submission_key` from the same user) returns the unit the first one added."""
    _require(may_add_unit(actor, commune))
    name = nfc(name).strip()
    if not name:
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")

    def create(key: str) -> OrgUnit:
        org_units_ensure(commune=commune)
        limit = unit_limit(commune.province_id)
        if OrgUnit.objects.filter(commune=commune).count() >= limit:
            raise DomainError(_("Tỉnh cho phép tối đa %(limit)s đơn vị mỗi xã; %(commune)s đã đủ.") % {
                "limit": limit, "commune": commune.name}, field="name")
        if OrgUnit.objects.filter(commune=commune, name__iexact=name).exists():
            raise DomainError(_("%(commune)s đã có đơn vị “%(name)s”.") % {"commune": commune.name, "name": name},
                              field="name")
        order = (OrgUnit.objects.filter(commune=commune).order_by("-order").values_list("order", flat=True).first()
                 or 0)
        unit = OrgUnit.objects.create(province_id=commune.province_id, commune=commune, name=name, kind=kind,
                                      order=order + 1, created_by=actor, submission_key=key)
        audit_record(actor=actor, action="create", obj=unit,
                     after={"name": name, "kind": kind, "commune": commune.code})
        return unit

    return create_once(OrgUnit, author=actor, key=submission_key, create=create)


@transaction.atomic
def org_unit_rename(*, actor, unit: OrgUnit, name: str, version: int | None = None) -> OrgUnit:
    """Rename a unit, from the `version` the editor read."""
    _require(may_edit_unit(actor, unit))
    name = nfc(name).strip()
    if not name:
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_version(unit, version)
    if OrgUnit.objects.filter(commune_id=unit.commune_id, name__iexact=name).exclude(pk=unit.pk).exists():
        raise DomainError(_("Đã có đơn vị “%(name)s”.") % {"name": name}, field="name")
    before = {"name": unit.name}
    unit.name = name
    bump(unit)
    unit.save(update_fields=["name", "version", "updated_at"])
    audit_record(actor=actor, action="update", obj=unit, before=before, after={"name": name})
    return unit


@transaction.atomic
def org_unit_delete(*, actor, unit: OrgUnit) -> None:
    _require(may_edit_unit(actor, unit))
    if unit.is_statutory:
        raise DomainError(_("Không thể xóa đơn vị bắt buộc theo Nghị định 150/2025/NĐ-CP."))
    if unit.staff.exists():
        raise DomainError(_("Đơn vị còn cán bộ, công chức; hãy chuyển họ sang đơn vị khác trước."))
    audit_record(actor=actor, action="delete", obj=unit, before={"name": unit.name})
    unit.delete()


@transaction.atomic
def org_settings_set(*, actor, province: Province, max_units_per_commune: int,
                     version: int | None = None) -> OrgSettings:
    """Set the province's limits, from the `version` the editor read (0: none set yet)."""
    _require(may_manage_province(actor, province.pk))
    if not 5 <= max_units_per_commune <= 12:
        raise DomainError(_("Số đơn vị tối đa mỗi xã phải từ 5 đến 12."), field="max_units_per_commune")
    row = OrgSettings.objects.select_for_update().filter(province=province).first()
    check_version(row, version)
    if row is None:
        row = OrgSettings(province=province)
    else:
        bump(row)
    before = {"max_units_per_commune": row.max_units_per_commune}
    row.max_units_per_commune = max_units_per_commune
    row.save()
    audit_record(actor=actor, action="update", obj=row, object_repr=f"Giới hạn tổ chức {province.name}",
                 before=before, after={"max_units_per_commune": max_units_per_commune})
    return row
