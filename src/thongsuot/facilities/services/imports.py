"""The facilities registries imported from spreadsheets: registries of the one import flow
(`thongsuot.imports`, listed in `FacilitiesConfig.import_registries`).

Each reads the column specification its list exports (`facilities.exports`), finds a row's record by
its natural key within the row's commune, and writes through the services the forms use, so the
checks, the optimistic version, the audit event of each record and the commune's readiness scores
stay as they are with a form:

- premises `tru-so` (`FACILITIES`): commune + name (case and diacritics ignored) → `facility_create` /
  `facility_update`;
- handling plans `phuong-an` (`PLANS`): commune + premises name → the premises' live plan: a new one is
  proposed (`handling_plan_propose`), a proposal corrected (`handling_plan_update`); approval, completion
  and their dates are decisions recorded on the plan's page, refused from a file;
- equipment `thiet-bi` (`EQUIPMENT`): commune + category → `equipment_need_set`;
- connectivity `ket-noi` (`CONNECTIVITY`): commune → `connectivity_set`;
- platforms `nen-tang` (`PLATFORMS`): commune + system + name → `platform_set`.

A row's commune is found by its code, else its name (`Registry.commune`); a commune outside the
importer's territory is an error of the row, not skipped.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.core.importing.plan import ImportPlan, RowOutcome, RowRefused
from thongsuot.core.text import fold
from thongsuot.facilities import exports, permissions, selectors
from thongsuot.facilities.models import (
    Condition,
    Connectivity,
    DigitalPlatform,
    EquipmentCategory,
    EquipmentNeed,
    Facility,
    FacilityKind,
    FacilityStatus,
    HandlingPlan,
    MobileCoverage,
    PlanMethod,
    PlanState,
    PlatformSystem,
)
from thongsuot.facilities.services.connectivity import connectivity_set, platform_set
from thongsuot.facilities.services.equipment import equipment_need_set
from thongsuot.facilities.services.plans import handling_plan_propose, handling_plan_update
from thongsuot.facilities.services.premises import facility_create, facility_update
from thongsuot.geo.models import FormerUnit
from thongsuot.imports.registry import Registry


class _FacilitiesRegistry(Registry):
    """What every facilities registry shares: the row's commune, the records per commune."""

    label_key = "commune.name"
    refusal = gettext_lazy("Vai trò của bạn không được nhập danh mục này từ tệp.")
    #: The province column is the export's; the import finds the commune by code or name.
    template_skip: tuple[str, ...] = ("province.name",)
    #: The permission rule the importer needs in the row's commune.
    may_in = staticmethod(permissions.may_edit_in)
    permission = staticmethod(permissions.may_edit_equipment)
    by_commune = True

    def __init__(self, actor, *, answers=None):
        super().__init__(actor, answers=answers)
        self._allowed: dict[int, bool] = {}

    def template_choices(self) -> dict[str, list[str]]:
        choices = super().template_choices()
        choices.pop("commune.code", None)  # a code column offers no names
        return choices

    def example(self) -> dict:
        communes = self.template_choices().get("commune.name") or [""]
        return {"commune.name": communes[0], **self.example_values()}

    def example_values(self) -> dict:
        return {}

    # The row's commune -------------------------------------------------------------------------

    def resolve(self, values) -> None:
        code, name = values.get("commune.code"), values.get("commune.name")
        column, text = ("commune.code", code) if code else ("commune.name", name)
        if not text:
            raise RowRefused("commune.name", _("cần ghi mã xã hoặc tên xã, phường, đặc khu."))
        commune = self.commune(text, column)
        allowed = self._allowed.get(commune.pk)
        if allowed is None:
            allowed = self._allowed[commune.pk] = bool(self.may_in(self.actor, commune))
        if not allowed:
            raise RowRefused(column, _("“%(name)s” ngoài địa bàn của bạn.") % {"name": commune.name})
        values["commune"] = commune
        self.commune_index(commune)

    def describe(self, values) -> str:
        commune = values.get("commune")
        return str(getattr(commune, "name", None) or values.get("commune.name") or values.get("commune.code") or "")


def _given(values, key: str, current):
    """A change of one field, or None when the cell is empty (an empty optional cell leaves the field)."""
    value = values.get(key)
    return None if value is None or value == current else value


class EquipmentImport(_FacilitiesRegistry):
    """How many of each category a commune needs and has."""

    slug = "thiet-bi"
    title = gettext_lazy("Nhu cầu thiết bị của xã")
    spec = exports.EQUIPMENT
    template_skip = ("province.name", "gap")
    notes = (gettext_lazy("Mỗi xã một dòng cho mỗi loại thiết bị (xã và “Loại thiết bị” không được trùng); dòng "
                          "đã có sẽ được cập nhật số cần có, hiện có."),)

    def export_objects(self):
        return selectors.equipment_list(user=self.actor)

    def example_values(self) -> dict:
        return {"category": str(EquipmentCategory.COMPUTERS.label), "required": 25, "available": 18, "note": ""}

    def describe(self, values) -> str:
        labels = dict(EquipmentCategory.choices)
        return f"{super().describe(values)} · {labels.get(values.get('category'), values.get('category') or '')}"

    def key(self, values) -> tuple:
        return values["commune"].pk, values["category"]

    def index_existing(self, commune=None) -> dict:
        return {(commune.pk, n.category): n for n in EquipmentNeed.objects.filter(commune=commune)}

    def changes(self, need, values) -> dict:
        fields = {"required": values["required"], "available": values["available"], "note": values.get("note")}
        if need is None:
            return {**fields, "note": fields["note"] or ""}
        return {k: v for k, v in fields.items() if v is not None and v != getattr(need, k)}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        need, values = row.record, row.values
        current = {"required": need.required, "available": need.available, "note": need.note} if need else {}
        equipment_need_set(actor=self.actor, commune=values["commune"], category=values["category"],
                           **{**current, **row.changes}, version=need.version if need else 0)


class ConnectivityImport(_FacilitiesRegistry):
    """A commune's connections (one row per commune)."""

    slug = "ket-noi"
    title = gettext_lazy("Kết nối của xã")
    spec = exports.CONNECTIVITY
    notes = (gettext_lazy("Mỗi xã một dòng; dòng của xã đã có số liệu sẽ cập nhật số liệu đó."),)

    def export_objects(self):
        return selectors.connectivity_list(user=self.actor)

    def example_values(self) -> dict:
        return {"broadband_mbps": "150,5", "mobile_coverage": str(MobileCoverage.G4.label),
                "government_network": _("Có"), "video_conference_ready": _("Có")}
    FIELDS = ("broadband_mbps", "mobile_coverage", "government_network", "video_conference_ready")

    def key(self, values) -> tuple:
        return (values["commune"].pk,)

    def index_existing(self, commune=None) -> dict:
        connectivity = Connectivity.objects.filter(commune=commune).first()
        return {(commune.pk,): connectivity} if connectivity is not None else {}

    def changes(self, connectivity, values) -> dict:
        if connectivity is None:
            return {k: values[k] for k in self.FIELDS}
        return {k: values[k] for k in self.FIELDS if values[k] != getattr(connectivity, k)}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        record = row.record
        current = {k: getattr(record, k) for k in self.FIELDS} if record else {}
        connectivity_set(actor=self.actor, commune=row.values["commune"], **{**current, **row.changes},
                         version=record.version if record else 0)


class PlatformImport(_FacilitiesRegistry):
    """The systems a commune runs, and whether each is connected to the province's platform."""

    slug = "nen-tang"
    title = gettext_lazy("Nền tảng số của xã")
    spec = exports.PLATFORMS
    notes = (gettext_lazy("Một hệ thống được nhận ra theo xã, “Hệ thống” và “Tên”; “Hệ thống khác” phải ghi "
                          "tên."),)

    def export_objects(self):
        return selectors.platform_list(user=self.actor)

    def example_values(self) -> dict:
        return {"system": str(PlatformSystem.ONE_STOP.label), "name": "", "connected_to_province": _("Có")}

    def describe(self, values) -> str:
        labels = dict(PlatformSystem.choices)
        name = values.get("name") or labels.get(values.get("system"), values.get("system") or "")
        return f"{super().describe(values)} · {name}"

    def key(self, values) -> tuple:
        return values["commune"].pk, values["system"], fold(values.get("name") or "")

    def index_existing(self, commune=None) -> dict:
        return {(commune.pk, p.system, fold(p.name)): p for p in DigitalPlatform.objects.filter(commune=commune)}

    def changes(self, platform, values) -> dict:
        connected = values["connected_to_province"]
        if platform is None:
            return {"connected_to_province": connected}
        return {"connected_to_province": connected} if connected != platform.connected_to_province else {}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        record, values = row.record, row.values
        platform_set(actor=self.actor, commune=values["commune"], system=values["system"],
                     name=record.name if record else (values.get("name") or ""),
                     connected_to_province=values["connected_to_province"], version=record.version if record else 0)


class FacilityImport(_FacilitiesRegistry):
    """Premises of the communes."""

    slug = "tru-so"
    title = gettext_lazy("Cơ sở nhà, đất của xã")
    spec = exports.FACILITIES
    label_key = "name"
    template_skip = ("province.name", "plan_method", "plan_state", "plan_deadline")
    notes = (gettext_lazy("Một cơ sở được nhận ra theo xã và “Tên cơ sở” (không phân biệt hoa thường, dấu): dòng "
                          "trùng cơ sở đã có sẽ cập nhật cơ sở đó."),
             gettext_lazy("“Đơn vị cũ” ghi tên xã, phường cũ đã sáp nhập vào xã; để trống nếu không có."))
    may_in = staticmethod(permissions.may_create_in)

    permission = staticmethod(permissions.may_create_records)

    def export_objects(self):
        return selectors.facility_list(user=self.actor)

    def example_values(self) -> dict:
        return {"name": "Trụ sở UBND xã cũ", "kind": str(FacilityKind.HEADQUARTERS.label), "address": "Thôn 1",
                "land_area_m2": "1.250,5", "floor_area_m2": 640, "year_built": 2001,
                "condition": str(Condition.FAIR.label), "current_use": "Bỏ trống",
                "status": str(FacilityStatus.SURPLUS.label)}

    def describe(self, values) -> str:
        return f"{values.get('name') or ''} · {super().describe(values)}"
    FIELDS = ("kind", "address", "land_area_m2", "floor_area_m2", "year_built", "condition", "current_use",
              "status")
    DEFAULTS = {"kind": FacilityKind.HEADQUARTERS, "condition": Condition.FAIR, "status": FacilityStatus.IN_USE,
                "current_use": "", "year_built": None}

    def resolve(self, values) -> None:
        super().resolve(values)
        same = self.commune_index(values["commune"]).get(self.key(values))
        if isinstance(same, list):
            raise RowRefused("name", _("xã có %(count)d cơ sở cùng tên “%(name)s”; sửa tên trên trang của cơ sở "
                                       "cho khác nhau trước khi nhập.") % {"count": len(same), "name": values["name"]})

    def key(self, values) -> tuple:
        return values["commune"].pk, fold(values["name"])

    def index_existing(self, commune=None) -> dict:
        found: dict = {}
        for facility in Facility.objects.filter(commune=commune).select_related("former_unit"):
            key = commune.pk, fold(facility.name)
            found[key] = [found[key], facility] if key in found else facility
        return found

    def _former(self, values, facility):
        """The former unit the row names: None when the cell is empty or names the current one."""
        text = values.get("former_unit.name")
        current = facility.former_unit if facility is not None else None
        if not text or (current is not None and fold(current.name) == fold(text)):
            return None
        commune = values["commune"]
        units = [u for u in FormerUnit.objects.filter(commune=commune) if fold(u.name) == fold(text)]
        if len(units) != 1:
            raise RowRefused("former_unit.name", _("“%(text)s” không phải một đơn vị cũ đã sáp nhập vào %(commune)s.")
                             % {"text": text, "commune": commune.name})
        return units[0]

    def changes(self, facility, values) -> dict:
        former = self._former(values, facility)
        if facility is None:
            data = {k: values.get(k) if values.get(k) is not None else self.DEFAULTS.get(k) for k in self.FIELDS}
            return {**data, "name": values["name"], "former_unit": former}
        changes = {k: v for k in self.FIELDS if (v := _given(values, k, getattr(facility, k))) is not None}
        if former is not None:
            changes["former_unit"] = former
        return changes

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        if row.record is not None:
            facility_update(actor=self.actor, facility=row.record, version=row.record.version, **row.changes)
            return
        facility_create(actor=self.actor, commune=row.values["commune"], **row.changes)


class PlanImport(_FacilitiesRegistry):
    """Handling plans of surplus premises: proposals from a file; decisions stay on the plan's page."""

    slug = "phuong-an"
    title = gettext_lazy("Phương án xử lý nhà, đất dôi dư")
    spec = exports.PLANS
    label_key = "facility.name"
    notes = (gettext_lazy("Một phương án được nhận ra theo xã và “Cơ sở” (tên cơ sở đã có): dòng mới là một đề "
                          "xuất; đề xuất đã có được sửa phương án, hạn và lý do."),
             gettext_lazy("Phê duyệt, hoàn thành, hủy phương án và số, ngày quyết định ghi trên trang của phương "
                          "án, không qua nhập tệp."),
             gettext_lazy("Bán đấu giá, cho thuê, thanh lý phải ghi lý do không bố trí cho mục đích công cộng ưu "
                          "tiên."))
    may_in = staticmethod(permissions.may_create_in)

    permission = staticmethod(permissions.may_create_records)

    def export_objects(self):
        return selectors.plan_list(user=self.actor)

    def example_values(self) -> dict:
        return {"facility.name": "Trụ sở UBND xã cũ", "method": str(PlanMethod.TO_EDUCATION.label),
                "state": str(PlanState.PROPOSED.label), "deadline": "31/12/2026"}

    def describe(self, values) -> str:
        return f"{values.get('facility.name') or ''} · {super().describe(values)}"

    def resolve(self, values) -> None:
        super().resolve(values)
        facility = self.commune_index(values["commune"]).get(("facility", *self.key(values)))
        if facility is None:
            raise RowRefused("facility.name", _("%(commune)s không có cơ sở “%(name)s”.")
                             % {"commune": values["commune"].name, "name": values["facility.name"]})
        if isinstance(facility, list):
            raise RowRefused("facility.name", _("xã có %(count)d cơ sở cùng tên “%(name)s”; sửa tên trên trang của "
                                                "cơ sở cho khác nhau trước khi nhập.")
                             % {"count": len(facility), "name": values["facility.name"]})
        values["facility"] = facility

    def key(self, values) -> tuple:
        return values["commune"].pk, fold(values["facility.name"])

    def index_existing(self, commune=None) -> dict:
        found: dict = {}
        for facility in Facility.objects.filter(commune=commune):
            key = "facility", commune.pk, fold(facility.name)
            found[key] = [found[key], facility] if key in found else facility
        for plan in HandlingPlan.objects.filter(commune=commune).exclude(state=PlanState.CANCELLED).select_related(
                "facility"):
            found[commune.pk, fold(plan.facility.name)] = plan
        return found

    def changes(self, plan, values) -> dict:
        state = values.get("state")
        if plan is None:
            if values["facility"].status == FacilityStatus.IN_USE:
                raise RowRefused("facility.name", _("cơ sở đang sử dụng; chỉ lập phương án cho cơ sở dôi dư hoặc "
                                                    "chỉ sử dụng một phần."))
            if state not in (None, PlanState.PROPOSED):
                raise RowRefused("state", _("phương án mới được nhập ở bước đề xuất; phê duyệt, hoàn thành ghi trên "
                                            "trang của phương án."))
            for key in ("decision_number", "approval_date", "done_date"):
                if values.get(key):
                    raise RowRefused(key, _("phương án mới chưa có quyết định; để trống cột này."))
            return {"method": values["method"], "deadline": values["deadline"],
                    "reason_not_priority": values.get("reason_not_priority") or ""}
        if state is not None and state != plan.state:
            raise RowRefused("state", _("đổi trạng thái phương án (phê duyệt, hoàn thành, hủy) ghi trên trang của "
                                        "phương án, không qua nhập tệp."))
        for key in ("decision_number", "approval_date", "done_date"):
            if values.get(key) is not None and values[key] != getattr(plan, key):
                raise RowRefused(key, _("quyết định và ngày của phương án ghi trên trang của phương án, không qua "
                                        "nhập tệp."))
        changes = {k: v for k in ("method", "deadline", "reason_not_priority")
                   if (v := _given(values, k, getattr(plan, k))) is not None}
        if changes and plan.state != PlanState.PROPOSED:
            raise RowRefused("method", _("chỉ sửa được phương án đang ở bước đề xuất (phương án này: %(state)s).")
                             % {"state": plan.get_state_display()})
        return changes

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        plan = row.record
        if plan is None:
            handling_plan_propose(actor=self.actor, facility=row.values["facility"], **row.changes)
            return
        current = {"method": plan.method, "deadline": plan.deadline, "reason_not_priority": plan.reason_not_priority,
                   "note": plan.note}
        handling_plan_update(actor=self.actor, plan=plan, version=plan.version, **{**current, **row.changes})


#: The facilities registries by slug (the lists link to `/nhap-excel/<slug>/` for whoever may import).
REGISTRIES = {registry.slug: registry for registry in (FacilityImport, PlanImport, EquipmentImport,
                                                       ConnectivityImport, PlatformImport)}
