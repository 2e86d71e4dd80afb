"""What the staffing lists take out as Excel: one column specification per list (`?xuat=xlsx`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.importing import Boolean, Choice, DateValue, DecimalNumber, Integer, Text, UnitRef
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.core.vocabulary import StaffField
from thongsuot.staffing.models import Enrollment, OrgUnit, StaffMember

#: Read back by the import (`services.MemberImport`): a row is found by name, birth year and workplace.
MEMBERS = ExportSpec(
    filename="can-bo-cong-chuc", title=_("Cán bộ, công chức"), object_type="staffing.staffmember", columns=(
        Column("full_name", _("Họ và tên"), parse=Text(max_length=150), required=True, natural_key=True),
        Column("gender", _("Giới tính"), lambda m: m.get_gender_display(),
               parse=Choice(StaffMember.Gender.choices), required=True),
        Column("birth_year", _("Năm sinh"), parse=Integer(min_value=1940, max_value=2015), required=True,
               natural_key=True),
        Column("category", pgettext_lazy("staff category", "Loại"), lambda m: m.get_category_display(),
               parse=Choice(StaffMember.Category.choices), required=True),
        Column("position", _("Chức vụ"), parse=Text(max_length=150), required=True),
        Column("org_unit", _("Đơn vị"), lambda m: m.org_unit.name if m.org_unit else ""),
        Column("field", pgettext_lazy("specialty field", "Lĩnh vực"), lambda m: m.get_field_display(),
               parse=Choice(StaffField.choices), required=True),
        Column("qualification", _("Trình độ"), parse=Text(max_length=150)),
        Column("commune", _("Nơi làm việc"), lambda m: m.commune.name if m.commune else m.province.name,
               parse=UnitRef("commune"), required=True, natural_key=True),
        Column("commute_km", _("Quãng đường (km)"), lambda m: float(m.commute_km),
               parse=DecimalNumber(decimal_places=1, min_value=0, max_value=99999)),
        Column("travel_allowance", _("Hỗ trợ đi lại")),
        Column("status", _("Trạng thái"), lambda m: m.get_status_display(), parse=Choice(StaffMember.Status.choices)),
        Column("joined_on", _("Ngày bắt đầu"), parse=DateValue(min_year=1960)),
    ))

SHORTAGES = ExportSpec(
    filename="thieu-hut-nhan-su", title=_("Thiếu hụt nhân sự"), object_type="staffing.staffingquota", columns=(
        Column("province", _("Tỉnh, thành phố"), lambda r: r.province.name),
        Column("commune.code", _("Mã xã")),
        Column("commune", _("Xã, phường, đặc khu"), lambda r: r.commune.name),
        Column("commune.kind", _("Loại"), lambda r: r.commune.get_kind_display()),
        Column("commune.is_mountainous", _("Miền núi"), lambda r: str(_("Có")) if r.commune.is_mountainous else ""),
        Column("field", pgettext_lazy("specialty field", "Lĩnh vực"), lambda r: r.get_field_display()),
        Column("headcount", _("Định biên")),
        Column("active_count", _("Đang làm việc")),
        Column("gap", _("Thiếu")),
    ))


def _yes(flag: bool) -> str:
    return str(_("Có")) if flag else str(_("Không"))


#: The figures every commune's quota rests on; read back by `services.CommuneFiguresImport` (found by code).
COMMUNE_FIGURES = ExportSpec(
    filename="dan-so-xa", title=_("Dân số, vùng của xã"), object_type="geo.commune", columns=(
        Column("province", _("Tỉnh, thành phố"), lambda c: c.province.name),
        Column("code", _("Mã xã"), parse=UnitRef("commune"), required=True, natural_key=True),
        Column("name", _("Xã, phường, đặc khu")),
        Column("population", _("Dân số"), parse=Integer(min_value=0, max_value=5_000_000)),
        Column("is_mountainous", _("Miền núi"), lambda c: _yes(c.is_mountainous), parse=Boolean()),
        Column("is_island", _("Hải đảo"), lambda c: _yes(c.is_island), parse=Boolean()),
    ))


#: A commune's organisation units; read back by `services.OrgUnitImport` (found by commune and name).
ORG_UNITS = ExportSpec(
    filename="don-vi-to-chuc", title=_("Đơn vị tổ chức của xã"), object_type="staffing.orgunit", columns=(
        Column("commune", _("Xã, phường, đặc khu"), lambda u: u.commune.name, parse=UnitRef("commune"), required=True,
               natural_key=True),
        Column("name", _("Tên đơn vị"), parse=Text(max_length=200), required=True, natural_key=True),
        Column("kind", _("Loại đơn vị"), lambda u: u.get_kind_display(), parse=Choice(OrgUnit.Kind.choices),
               required=True),
        Column("is_statutory", _("Đơn vị bắt buộc"), lambda u: _yes(u.is_statutory)),
    ))

#: The province's headcount per field and commune; read back by `services.QuotaOverrideImport`.
QUOTA_OVERRIDES = ExportSpec(
    filename="dinh-bien", title=_("Định biên theo lĩnh vực"), object_type="staffing.staffingquota", columns=(
        Column("commune", _("Xã, phường, đặc khu"), lambda q: q.commune.name, parse=UnitRef("commune"),
               required=True, natural_key=True),
        Column("field", pgettext_lazy("specialty field", "Lĩnh vực"), lambda q: q.get_field_display(),
               parse=Choice(StaffField.choices), required=True, natural_key=True),
        Column("default_headcount", _("Theo công thức")),
        Column("headcount", _("Định biên"), parse=Integer(min_value=0, max_value=200), required=True),
        Column("override_reason", _("Lý do điều chỉnh"), parse=Text(max_length=1000)),
    ))

#: Who attends which course; read back by `services.EnrollmentImport` (course code, and the person as
#: the staff list finds them: name, birth year, workplace).
ENROLLMENTS = ExportSpec(
    filename="hoc-vien", title=_("Học viên các khóa đào tạo"), object_type="staffing.enrollment", columns=(
        Column("course", _("Mã khóa"), lambda e: e.course_id, parse=Integer(min_value=1), required=True,
               natural_key=True),
        Column("course.title", _("Tên khóa học")),
        Column("full_name", _("Họ và tên"), lambda e: e.member.full_name, parse=Text(max_length=150), required=True,
               natural_key=True),
        Column("birth_year", _("Năm sinh"), lambda e: e.member.birth_year,
               parse=Integer(min_value=1940, max_value=2015), required=True, natural_key=True),
        Column("commune", _("Nơi làm việc"), lambda e: e.member.commune.name if e.member.commune else "",
               parse=UnitRef("commune"), required=True, natural_key=True),
        Column("status", _("Trạng thái"), lambda e: e.get_status_display(), parse=Choice(Enrollment.Status.choices)),
        Column("completed_on", _("Ngày hoàn thành"), parse=DateValue(min_year=2000)),
    ))
