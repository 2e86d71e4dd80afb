"""Org units, quota overrides and training enrolments imported from a spreadsheet: registries of the one
import flow (`thongsuot.imports`), each writing through the staffing services that the forms use.

- Org units: found by commune and name (folded); a new name is a new unit (`org_unit_create`, within
  the province's limit); a unit's kind is not changed by a file.
- Quota overrides: found by commune and field; a changed headcount is the province's override
  (`quota_override`, its cap check and reason), the reason required as on the form.
- Enrolments: found by course code and the person (name, birth year, workplace, as the staff list);
  a new row enrols (`enrollment_create`), a changed status follows the enrolment's transitions.
"""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.core.importing.plan import ImportPlan, RowOutcome, RowRefused
from thongsuot.core.text import fold
from thongsuot.core.vocabulary import StaffField
from thongsuot.imports.registry import Registry
from thongsuot.staffing.exports import ENROLLMENTS, ORG_UNITS, QUOTA_OVERRIDES
from thongsuot.staffing.models import Enrollment, OrgUnit, StaffingQuota, StaffMember, TrainingCourse
from thongsuot.staffing.permissions import may_add_unit, may_manage_own_province
from thongsuot.staffing.services.org_units import org_unit_create
from thongsuot.staffing.services.quotas import quota_override, quotas_build, quotas_ensure
from thongsuot.staffing.services.training import (
    ENROLLMENT_TRANSITIONS,
    enrollment_create,
    enrollment_set_status,
)


def _territory(scope, queryset, *, province="province_id", commune="commune_id"):
    """The rows of the importer's territory: the nation all, a province its own, a commune its own."""
    if scope is None or scope.is_ministry:
        return queryset.none()
    if scope.is_central:
        return queryset
    queryset = queryset.filter(**{province: scope.province_id})
    return queryset.filter(**{commune: scope.commune_id}) if scope.is_commune else queryset


def _local_officer(actor, action: str) -> bool:
    scope = scope_of(actor)
    return bool(scope and (scope.is_province or scope.is_commune) and scope.allows(action))


class OrgUnitImport(Registry):
    slug = "don-vi-to-chuc"
    title = gettext_lazy("Đơn vị tổ chức của xã")
    spec = ORG_UNITS
    label_key = "name"
    template_skip = ("is_statutory",)
    refusal = gettext_lazy("Chỉ cán bộ cấp xã, cấp tỉnh được thêm đơn vị mới được nhập đơn vị tổ chức.")
    notes = (gettext_lazy("Đơn vị được nhận ra theo xã và tên: tên mới là đơn vị mới (trong giới hạn số đơn vị "
                          "tỉnh cho phép). Đổi tên, xoá đơn vị làm trên trang của xã."),)

    permission = staticmethod(partial(_local_officer, action=Action.CREATE))

    def record_key(self, unit) -> tuple:
        return unit.commune_id, fold(unit.name)

    def export_objects(self):
        return _territory(self.scope, OrgUnit.objects.select_related("commune")).order_by("commune__code", "order")

    def example(self) -> dict:
        communes = self.template_choices().get("commune") or [""]
        return {"commune": communes[0], "name": _("Tổ Chuyển đổi số"), "kind": str(OrgUnit.Kind.OTHER.label)}

    def resolve(self, values) -> None:
        commune = self.commune(values["commune"])
        if not may_add_unit(self.actor, commune):
            raise RowRefused("commune", _("“%(name)s” ngoài địa bàn của bạn.") % {"name": commune.name})
        values["commune"] = commune

    def key(self, values) -> tuple:
        return values["commune"].pk, fold(values["name"])

    def describe(self, values) -> str:
        commune = values.get("commune")
        return f"{values.get('name') or ''} · {getattr(commune, 'name', commune or '')}"

    def changes(self, unit: OrgUnit | None, values) -> dict:
        if unit is None:
            return {"name": values["name"], "kind": values["kind"]}
        if values["kind"] != unit.kind:
            raise RowRefused("kind", _("đơn vị đã có là “%(kind)s”; đổi loại đơn vị không sửa qua nhập tệp.")
                             % {"kind": unit.get_kind_display()})
        return {}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        org_unit_create(actor=self.actor, commune=row.values["commune"], name=row.values["name"],
                        kind=row.values["kind"])


class QuotaOverrideImport(Registry):
    slug = "dinh-bien"
    title = gettext_lazy("Định biên theo lĩnh vực")
    spec = QUOTA_OVERRIDES
    label_key = "field"
    template_skip = ("default_headcount",)
    refusal = gettext_lazy("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã.")
    notes = (gettext_lazy("Định biên khác số đang có là điều chỉnh của tỉnh: cần ghi lý do (ít nhất 5 ký tự) và "
                          "tổng định biên của xã không vượt mức tối đa. Dòng giữ nguyên số định biên không đổi gì."),)

    permission = staticmethod(may_manage_own_province)

    def record_key(self, quota) -> tuple:
        return quota.commune_id, quota.field

    def export_objects(self):
        quotas = StaffingQuota.objects.select_related("commune")
        if self.scope is not None and self.scope.is_province:
            quotas = quotas.filter(province_id=self.scope.province_id)
        elif self.scope is None or not self.scope.is_central:
            quotas = quotas.none()
        return quotas.order_by("commune__code", "field")

    def example(self) -> dict:
        communes = self.template_choices().get("commune") or [""]
        return {"commune": communes[0], "field": str(StaffField.choices[0][1]), "headcount": 3,
                "override_reason": _("Quyết định số 12/QĐ-UBND của UBND tỉnh")}

    def resolve(self, values) -> None:
        values["commune"] = self.commune(values["commune"])

    def key(self, values) -> tuple:
        return values["commune"].pk, values["field"]

    def describe(self, values) -> str:
        commune, field = values.get("commune"), values.get("field")
        labels = dict(StaffField.choices)
        return f"{getattr(commune, 'name', commune or '')} · {labels.get(field, field or '')}"

    def changes(self, quota: StaffingQuota | None, values) -> dict:
        if quota is None:  # the commune's rows are not laid out yet: start from the default rule
            quota = next(q for q in quotas_build(values["commune"]) if q.field == values["field"])
            self.natural_index[self.key(values)] = quota
        reason = (values.get("override_reason") or "").strip()
        changes = {}
        if values["headcount"] != quota.headcount:
            changes["headcount"] = values["headcount"]
        if reason and reason != quota.override_reason and (changes or quota.is_override):
            changes["override_reason"] = reason
        if changes and len(reason or quota.override_reason) < 5:
            raise RowRefused("override_reason", _("cần ghi lý do điều chỉnh (ít nhất 5 ký tự)."))
        return changes

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        commune = row.values["commune"]
        quotas_ensure(commune=commune)
        quota = StaffingQuota.objects.get(commune=commune, field=row.values["field"])
        quota_override(actor=self.actor, quota=quota, headcount=row.changes.get("headcount", quota.headcount),
                       reason=row.changes.get("override_reason") or quota.override_reason, version=quota.version)


class EnrollmentImport(Registry):
    slug = "hoc-vien"
    title = gettext_lazy("Học viên các khóa đào tạo")
    spec = ENROLLMENTS
    label_key = "full_name"
    template_skip = ("course.title",)
    refusal = gettext_lazy("Chỉ cán bộ cấp xã, cấp tỉnh được sửa thông tin cán bộ mới được nhập học viên.")
    notes = (gettext_lazy("“Mã khóa” là mã số của khóa học trên trang Đào tạo. Người học được nhận ra theo họ tên, "
                          "năm sinh và nơi làm việc như trong danh sách cán bộ. Trạng thái chỉ chuyển từ “Đã đăng "
                          "ký” sang “Đã hoàn thành” hoặc “Đã rút”."),)

    def __init__(self, actor, *, answers=None):
        super().__init__(actor, answers=answers)
        members = _territory(self.scope, StaffMember.objects.all())
        self.members = {(fold(m.full_name), m.birth_year, m.commune_id): m for m in members}
        courses = TrainingCourse.objects.all()
        if self.scope is not None and not self.scope.is_central:
            courses = courses.filter(province_id=self.scope.province_id)
        self.courses = {course.pk: course for course in courses}

    permission = staticmethod(partial(_local_officer, action=Action.EDIT))

    def record_key(self, enrollment) -> tuple:
        return enrollment.course_id, enrollment.member_id

    def export_objects(self):
        return (_territory(self.scope, Enrollment.objects.select_related("course", "member", "member__commune"))
                .order_by("course_id", "member__full_name"))

    def example(self) -> dict:
        communes = self.template_choices().get("commune") or [""]
        course = next(iter(self.courses), 1)
        return {"course": course, "full_name": "Nguyễn Văn An", "birth_year": 1990, "commune": communes[0],
                "status": str(Enrollment.Status.ENROLLED.label), "completed_on": ""}

    def resolve(self, values) -> None:
        commune = self.commune(values["commune"])
        values["commune"] = commune
        course = self.courses.get(values["course"])
        if course is None or (course.commune_id and self.scope.is_commune and course.commune_id != commune.pk):
            raise RowRefused("course", _("không có khóa học mã %(code)s trong địa bàn của bạn.")
                             % {"code": values["course"]})
        member = self.members.get((fold(values["full_name"]), values["birth_year"], commune.pk))
        if member is None:
            raise RowRefused("full_name", _("không có “%(name)s” sinh năm %(year)s làm việc tại %(commune)s.")
                             % {"name": values["full_name"], "year": values["birth_year"], "commune": commune.name})
        values["course"], values["member"] = course, member

    def key(self, values) -> tuple:
        return values["course"].pk, values["member"].pk

    def changes(self, enrollment: Enrollment | None, values) -> dict:
        status = values.get("status")
        if enrollment is None:
            status = status or Enrollment.Status.ENROLLED
            if status == Enrollment.Status.WITHDRAWN:
                raise RowRefused("status", _("người mới chỉ ghi được “Đã đăng ký” hoặc “Đã hoàn thành”."))
            return {"status": status, "completed_on": values.get("completed_on")}
        if status is None or status == enrollment.status:
            return {}
        if status not in ENROLLMENT_TRANSITIONS.get(enrollment.status, set()):
            raise RowRefused("status", _("không thể chuyển từ “%(a)s” sang “%(b)s”.") % {
                "a": enrollment.get_status_display(), "b": Enrollment.Status(status).label})
        return {"status": status, "completed_on": values.get("completed_on")}

    def apply(self, row: RowOutcome, *, source: ImportPlan) -> None:
        enrollment = row.record
        if enrollment is None:
            enrollment = enrollment_create(actor=self.actor, course=row.values["course"], member=row.values["member"])
            if row.changes["status"] == Enrollment.Status.ENROLLED:
                return
        enrollment_set_status(actor=self.actor, enrollment=enrollment, status=row.changes["status"],
                              on=row.changes.get("completed_on"))
