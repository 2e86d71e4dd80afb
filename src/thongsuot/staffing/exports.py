"""What the staffing lists take out as Excel: one column specification per list (`?xuat=xlsx`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.importing import Choice, DateValue, DecimalNumber, Integer, Text, UnitRef
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.core.vocabulary import StaffField
from thongsuot.staffing.models import StaffMember

#: Read back by the import (`services.members_import`): a row is found by name, birth year and workplace.
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
