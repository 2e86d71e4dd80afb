"""Staff members imported from a spreadsheet: the registry that the one import flow drives
(`imports.registry`, `core.importing.plan`).

A row is found by its natural key — name (case and diacritics ignored), birth year and workplace —
among the members of the importer's territory. A new row is a recruitment (`staff_recruit`, its
decision number naming the file), a changed row a correction (`staff_update`): the services' checks,
counters and audit events stay. A change of category, status or start date is a personnel decision
and is refused with that reason instead of being written behind the decision log.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.core.importing.plan import ImportPlan, RowOutcome, RowRefused
from thongsuot.core.text import fold
from thongsuot.core.vocabulary import StaffField
from thongsuot.imports.registry import Registry
from thongsuot.staffing.exports import MEMBERS
from thongsuot.staffing.models import StaffMember
from thongsuot.staffing.permissions import may_import_members
from thongsuot.staffing.services.members import (
    staff_recruit,
    staff_recruit_batch,
    staff_update,
    staff_update_batch,
)
from thongsuot.staffing.services.quotas import quotas_recount

#: The fields a row may correct on an existing member (a subset of `members.EDITABLE`).
UPDATABLE = ("gender", "position", "qualification", "commute_km", "field")


class MemberImport(Registry):
    """The staff-members registry for one importer."""

    slug = "can-bo"
    title = gettext_lazy("Cán bộ, công chức")
    spec = MEMBERS
    label_key = "full_name"
    template_skip = ("org_unit", "travel_allowance")
    refusal = gettext_lazy("Chỉ người được tuyển dụng, sửa thông tin cán bộ mới được nhập tệp.")
    notes = (gettext_lazy("Dòng người mới được ghi là tuyển dụng với ngày bắt đầu làm ngày quyết định. Đổi loại "
                          "cán bộ, trạng thái hoặc ngày bắt đầu của người đã có cần quyết định nhân sự, không sửa "
                          "qua nhập tệp."),)

    permission = staticmethod(may_import_members)

    def __init__(self, actor, *, answers=None):
        super().__init__(actor, answers=answers)
        self.today = timezone.localdate()
        #: The communes the import touched, whose quota counters `finish_import` recounts.
        self.touched: dict[int, object] = {}

    def export_objects(self):
        members = StaffMember.objects.select_related("commune", "province", "org_unit")
        if self.scope is None or not self.scope.province_id:
            return members.none() if self.scope is None or not self.scope.is_central else members
        members = members.filter(province_id=self.scope.province_id)
        if self.scope.commune_id:
            members = members.filter(commune_id=self.scope.commune_id)
        return members.order_by("commune__code", "full_name")

    def existing_records(self):
        return self.export_objects().select_related(None).select_related("commune").order_by()

    def record_key(self, member) -> tuple:
        return fold(member.full_name), member.birth_year, member.commune_id

    def example(self) -> dict:
        communes = self.template_choices().get("commune") or [""]
        return {"full_name": "Nguyễn Văn An", "gender": str(StaffMember.Gender.MALE.label), "birth_year": 1990,
                "category": str(StaffMember.Category.CONG_CHUC.label), "position": _("Chuyên viên"),
                "field": str(StaffField.choices[0][1]), "qualification": _("Đại học"), "commune": communes[0],
                "commute_km": 3.5, "status": str(StaffMember.Status.ACTIVE.label), "joined_on": "01/08/2025"}

    def resolve(self, values) -> None:
        values["commune"] = self.commune(values["commune"])

    def key(self, values) -> tuple:
        return fold(values["full_name"]), values["birth_year"], values["commune"].pk

    def changes(self, member: StaffMember | None, values) -> dict:
        joined_on, status = values.get("joined_on"), values.get("status")
        if joined_on is not None and joined_on > self.today:
            raise RowRefused("joined_on", _("ngày bắt đầu sau hôm nay."))
        if (values.get("commute_km") or 0) < 0:
            raise RowRefused("commute_km", _("Quãng đường đi làm không được âm."))
        if member is None:
            if joined_on is None:
                raise RowRefused("joined_on", _("bắt buộc khi thêm người mới."))
            if not 1940 <= values["birth_year"] <= self.today.year - 18:
                raise RowRefused("birth_year", _("Năm sinh phải từ 1940 đến %(year)s.") % {"year": self.today.year - 18})
            if status == StaffMember.Status.LEFT:
                raise RowRefused("status", _("chỉ nhập được người đang làm việc; người đã nghỉ ghi bằng quyết định "
                                             "thôi việc."))
            return {key: values.get(key) for key in (*UPDATABLE, "category", "joined_on")}
        if values["category"] != member.category:
            raise RowRefused("category", _("đổi loại cán bộ cần quyết định nhân sự, không sửa qua nhập tệp."))
        if status is not None and status != member.status:
            raise RowRefused("status", _("đổi trạng thái cần quyết định thôi việc, không sửa qua nhập tệp."))
        if joined_on is not None and joined_on != member.joined_on:
            raise RowRefused("joined_on", _("ngày bắt đầu của người đã có không sửa qua nhập tệp (đang là "
                                            "%(date)s).") % {"date": member.joined_on.strftime("%d/%m/%Y")})
        changes = {}
        for key in UPDATABLE:
            value = values.get(key)
            if value is None:
                continue  # an empty optional cell leaves the field as it is
            if value != getattr(member, key):
                changes[key] = value
        return changes

    def decision_number(self, source) -> str:
        return _("Nhập từ tệp %(hash)s") % {"hash": source.sha256[:12]}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        """One row through the services the forms use (the flow's fallback when a batch is refused)."""
        values = row.values
        self.touched[values["commune"].pk] = values["commune"]
        if row.record is not None:
            staff_update(actor=self.actor, member=row.record, version=row.record.version, **row.changes)
            return
        commune = values["commune"]
        staff_recruit(actor=self.actor, province=commune.province, commune=commune,
                      full_name=values["full_name"], gender=values["gender"], birth_year=values["birth_year"],
                      category=values["category"], position=values["position"], field=values["field"],
                      qualification=values.get("qualification") or "", commute_km=values.get("commute_km") or 0,
                      decision_number=self.decision_number(source),
                      decision_date=values["joined_on"], effective_date=values["joined_on"])

    def apply_rows(self, rows: list[RowOutcome], *, source: ImportPlan) -> None:
        """A batch: the new people recruited and the corrections written with one bulk query each."""
        hires, corrections = [], []
        for row in rows:
            values = row.values
            commune = values["commune"]
            self.touched[commune.pk] = commune
            if row.record is not None:
                corrections.append((row.record, row.changes))
                continue
            hires.append(StaffMember(
                province_id=commune.province_id, commune=commune, full_name=values["full_name"],
                gender=values["gender"], birth_year=values["birth_year"], category=values["category"],
                position=values["position"], field=values["field"], qualification=values.get("qualification") or "",
                commute_km=values.get("commute_km") or 0, joined_on=values["joined_on"]))
        staff_recruit_batch(actor=self.actor, members=hires, decision_number=self.decision_number(source))
        staff_update_batch(actor=self.actor, changes=corrections)

    def finish_import(self, *, source) -> None:
        """The quota counters of the communes the file touched, recounted once."""
        quotas_recount(communes=self.touched.values())
