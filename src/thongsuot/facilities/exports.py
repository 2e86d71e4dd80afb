"""Columns of each Excel export, one spec per list page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ExportSpec:
    filename: str
    title: str
    object_type: str
    headers: tuple
    row: Callable


def _yes(value: bool) -> str:
    return str(_("Có")) if value else str(_("Không"))


SPECS = {
    "facilities": ExportSpec(
        "co-so-nha-dat", _("Cơ sở nhà, đất"), "facilities.facility",
        (_("Tỉnh, thành phố"), _("Mã xã"), _("Xã, phường, đặc khu"), _("Tên cơ sở"), _("Loại"), _("Địa chỉ"),
         _("Đơn vị cũ"), _("Diện tích đất (m²)"), _("Diện tích sàn (m²)"), _("Năm xây dựng"), _("Hiện trạng"),
         _("Đang dùng vào việc"), _("Tình trạng"), _("Phương án"), _("Trạng thái phương án"), _("Hạn xử lý")),
        lambda f: (f.province.name, f.commune.code, f.commune.name, f.name, f.get_kind_display(), f.address,
                   f.former_unit.name if f.former_unit else "", float(f.land_area_m2), float(f.floor_area_m2),
                   f.year_built, f.get_condition_display(), f.current_use, f.get_status_display(),
                   f.get_plan_method_display() if f.plan_method else "",
                   f.get_plan_state_display() if f.plan_state else "", f.plan_deadline)),
    "plans": ExportSpec(
        "phuong-an-xu-ly", _("Phương án xử lý nhà, đất dôi dư"), "facilities.handlingplan",
        (_("Tỉnh, thành phố"), _("Xã, phường, đặc khu"), _("Cơ sở"), _("Phương án"), _("Trạng thái"),
         _("Số quyết định"), _("Ngày phê duyệt"), _("Hạn hoàn thành"), _("Ngày hoàn thành"),
         _("Lý do không bố trí mục đích ưu tiên")),
        lambda p: (p.province.name, p.commune.name, p.facility.name, p.get_method_display(), p.get_state_display(),
                   p.decision_number, p.approval_date, p.deadline, p.done_date, p.reason_not_priority)),
    "equipment": ExportSpec(
        "nhu-cau-thiet-bi", _("Nhu cầu thiết bị"), "facilities.equipmentneed",
        (_("Tỉnh, thành phố"), _("Mã xã"), _("Xã, phường, đặc khu"), _("Loại thiết bị"), _("Cần có"), _("Hiện có"),
         _("Còn thiếu"), _("Ghi chú")),
        lambda n: (n.province.name, n.commune.code, n.commune.name, n.get_category_display(), n.required, n.available,
                   n.gap, n.note)),
    "procurement": ExportSpec(
        "de-nghi-cap-thiet-bi", _("Đề nghị cấp thiết bị"), "facilities.procurementrequest",
        (_("Tỉnh, thành phố"), _("Xã, phường, đặc khu"), _("Loại thiết bị"), _("Số lượng"), _("Dự toán (đồng)"),
         _("Lý do"), _("Trạng thái"), _("Ý kiến xử lý"), _("Ngày lập")),
        lambda r: (r.province.name, r.commune.name, r.get_category_display(), r.quantity, int(r.estimated_cost),
                   r.justification, r.get_state_display(), r.decision_note, r.created_at)),
    "connectivity": ExportSpec(
        "ket-noi", _("Kết nối của xã, phường, đặc khu"), "facilities.connectivity",
        (_("Tỉnh, thành phố"), _("Mã xã"), _("Xã, phường, đặc khu"), _("Băng rộng (Mbps)"), _("Sóng di động"),
         _("Mạng truyền số liệu chuyên dùng"), _("Họp trực tuyến")),
        lambda c: (c.province.name, c.commune.code, c.commune.name, float(c.broadband_mbps),
                   c.get_mobile_coverage_display(), _yes(c.government_network), _yes(c.video_conference_ready))),
    "outages": ExportSpec(
        "su-co-ket-noi", _("Sự cố mất kết nối"), "facilities.outage",
        (_("Tỉnh, thành phố"), _("Xã, phường, đặc khu"), _("Bắt đầu"), _("Kết thúc"), _("Thời gian (phút)"),
         _("Nguyên nhân")),
        lambda o: (o.province.name, o.commune.name, o.started_at, o.ended_at, o.duration_minutes, o.cause)),
    "platforms": ExportSpec(
        "nen-tang-so", _("Nền tảng số của xã"), "facilities.digitalplatform",
        (_("Tỉnh, thành phố"), _("Xã, phường, đặc khu"), _("Hệ thống"), _("Tên"), _("Đã kết nối nền tảng tỉnh")),
        lambda p: (p.province.name, p.commune.name, p.get_system_display(), p.name, _yes(p.connected_to_province))),
    "readiness": ExportSpec(
        "muc-do-san-sang", _("Mức độ sẵn sàng của xã, phường, đặc khu"), "facilities.communereadiness",
        (_("Tỉnh, thành phố"), _("Mã xã"), _("Xã, phường, đặc khu"), _("Điểm sẵn sàng"), _("Trụ sở (20)"),
         _("Thiết bị (30)"), _("Kết nối (30)"), _("Nền tảng (20)"), _("Có xe ô tô"), _("Băng rộng (Mbps)"),
         _("Nhà đất dôi dư"), _("Đã xử lý")),
        lambda r: (r.province.name, r.commune.code, r.commune.name, float(r.total), float(r.facilities_score),
                   float(r.equipment_score), float(r.connectivity_score), float(r.platform_score), _yes(r.has_vehicle),
                   float(r.broadband_mbps) if r.broadband_mbps is not None else None, r.surplus_count,
                   r.surplus_handled)),
}
