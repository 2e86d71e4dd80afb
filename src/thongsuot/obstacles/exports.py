"""The columns of the case list's Excel export (`?xuat=xlsx`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongsuot.core.listing import Column, ExportSpec

OBSTACLES = ExportSpec("kho-khan", _("Danh sách khó khăn, vướng mắc"), "obstacles.obstacle", columns=(
    Column("code", _("Mã")),
    Column("title", _("Tiêu đề")),
    Column("domain", _("Lĩnh vực"), lambda o: o.get_domain_display()),
    Column("severity", _("Mức độ"), lambda o: o.get_severity_display()),
    Column("status", _("Trạng thái"), lambda o: o.get_status_display()),
    Column("level", _("Cấp"), lambda o: o.get_level_display()),
    Column("province.name", _("Tỉnh, thành phố")),
    Column("commune.name", _("Xã, phường, đặc khu"), lambda o: o.commune.name if o.commune else ""),
    Column("responsible_agency.name", _("Cơ quan đang xử lý")),
    Column("created_at", _("Ngày phản ánh")),
    Column("due_date", _("Hạn xử lý")),
    Column("overdue", _("Quá hạn"), lambda o: str(_("Quá hạn")) if o.is_overdue() else ""),
))
