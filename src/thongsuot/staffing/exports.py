"""What the staffing lists take out as Excel: one column specification per list (`?xuat=xlsx`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.listing import Column, ExportSpec

MEMBERS = ExportSpec(
    filename="can-bo-cong-chuc", title=_("Cán bộ, công chức"), object_type="staffing.staffmember", columns=(
        Column("full_name", _("Họ và tên")),
        Column("gender", _("Giới tính"), lambda m: m.get_gender_display()),
        Column("birth_year", _("Năm sinh")),
        Column("category", pgettext_lazy("staff category", "Loại"), lambda m: m.get_category_display()),
        Column("position", _("Chức vụ")),
        Column("org_unit", _("Đơn vị"), lambda m: m.org_unit.name if m.org_unit else ""),
        Column("field", pgettext_lazy("specialty field", "Lĩnh vực"), lambda m: m.get_field_display()),
        Column("qualification", _("Trình độ")),
        Column("commune", _("Nơi làm việc"), lambda m: m.commune.name if m.commune else m.province.name),
        Column("commute_km", _("Quãng đường (km)"), lambda m: float(m.commute_km)),
        Column("travel_allowance", _("Hỗ trợ đi lại")),
        Column("status", _("Trạng thái"), lambda m: m.get_status_display()),
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
