"""Columns of each Excel export, one spec per list page (`?xuat=xlsx`, answered by `audit.exports`).

A column's key is the model field (or attribute) it carries, so that an import can read the same spec.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongsuot.core.listing import Column, ExportSpec


def _yes(value: bool) -> str:
    return str(_("Có")) if value else str(_("Không"))


def _number(key: str):
    return lambda obj: float(getattr(obj, key)) if getattr(obj, key) is not None else None


def _shown(key: str):
    """The label of a choice field, empty when the field is."""
    return lambda obj: getattr(obj, f"get_{key}_display")() if getattr(obj, key) else ""


PROVINCE = Column("province.name", _("Tỉnh, thành phố"))
COMMUNE_CODE = Column("commune.code", _("Mã xã"))
COMMUNE = Column("commune.name", _("Xã, phường, đặc khu"))

FACILITIES = ExportSpec("co-so-nha-dat", _("Cơ sở nhà, đất"), "facilities.facility", (
    PROVINCE, COMMUNE_CODE, COMMUNE, Column("name", _("Tên cơ sở")), Column("kind", _("Loại"), _shown("kind")),
    Column("address", _("Địa chỉ")),
    Column("former_unit.name", _("Đơn vị cũ"), lambda f: f.former_unit.name if f.former_unit else ""),
    Column("land_area_m2", _("Diện tích đất (m²)"), _number("land_area_m2")),
    Column("floor_area_m2", _("Diện tích sàn (m²)"), _number("floor_area_m2")),
    Column("year_built", _("Năm xây dựng")), Column("condition", _("Hiện trạng"), _shown("condition")),
    Column("current_use", _("Đang dùng vào việc")), Column("status", _("Tình trạng"), _shown("status")),
    Column("plan_method", _("Phương án"), _shown("plan_method")),
    Column("plan_state", _("Trạng thái phương án"), _shown("plan_state")),
    Column("plan_deadline", _("Hạn xử lý"))))

PLANS = ExportSpec("phuong-an-xu-ly", _("Phương án xử lý nhà, đất dôi dư"), "facilities.handlingplan", (
    PROVINCE, COMMUNE, Column("facility.name", _("Cơ sở")), Column("method", _("Phương án"), _shown("method")),
    Column("state", _("Trạng thái"), _shown("state")), Column("decision_number", _("Số quyết định")),
    Column("approval_date", _("Ngày phê duyệt")), Column("deadline", _("Hạn hoàn thành")),
    Column("done_date", _("Ngày hoàn thành")),
    Column("reason_not_priority", _("Lý do không bố trí mục đích ưu tiên"))))

EQUIPMENT = ExportSpec("nhu-cau-thiet-bi", _("Nhu cầu thiết bị"), "facilities.equipmentneed", (
    PROVINCE, COMMUNE_CODE, COMMUNE, Column("category", _("Loại thiết bị"), _shown("category")),
    Column("required", _("Cần có")), Column("available", _("Hiện có")), Column("gap", _("Còn thiếu")),
    Column("note", _("Ghi chú"))))

PROCUREMENT = ExportSpec("de-nghi-cap-thiet-bi", _("Đề nghị cấp thiết bị"), "facilities.procurementrequest", (
    PROVINCE, COMMUNE, Column("category", _("Loại thiết bị"), _shown("category")),
    Column("quantity", _("Số lượng")),
    Column("estimated_cost", _("Dự toán (đồng)"), lambda r: int(r.estimated_cost)),
    Column("justification", _("Lý do")), Column("state", _("Trạng thái"), _shown("state")),
    Column("decision_note", _("Ý kiến xử lý")), Column("created_at", _("Ngày lập"))))

CONNECTIVITY = ExportSpec("ket-noi", _("Kết nối của xã, phường, đặc khu"), "facilities.connectivity", (
    PROVINCE, COMMUNE_CODE, COMMUNE, Column("broadband_mbps", _("Băng rộng (Mbps)"), _number("broadband_mbps")),
    Column("mobile_coverage", _("Sóng di động"), _shown("mobile_coverage")),
    Column("government_network", _("Mạng truyền số liệu chuyên dùng"), lambda c: _yes(c.government_network)),
    Column("video_conference_ready", _("Họp trực tuyến"), lambda c: _yes(c.video_conference_ready))))

OUTAGES = ExportSpec("su-co-ket-noi", _("Sự cố mất kết nối"), "facilities.outage", (
    PROVINCE, COMMUNE, Column("started_at", _("Bắt đầu")), Column("ended_at", _("Kết thúc")),
    Column("duration_minutes", _("Thời gian (phút)")), Column("cause", _("Nguyên nhân"))))

PLATFORMS = ExportSpec("nen-tang-so", _("Nền tảng số của xã"), "facilities.digitalplatform", (
    PROVINCE, COMMUNE, Column("system", _("Hệ thống"), _shown("system")), Column("name", _("Tên")),
    Column("connected_to_province", _("Đã kết nối nền tảng tỉnh"), lambda p: _yes(p.connected_to_province))))

READINESS = ExportSpec("muc-do-san-sang", _("Mức độ sẵn sàng của xã, phường, đặc khu"),
                       "facilities.communereadiness", (
    PROVINCE, COMMUNE_CODE, COMMUNE, Column("total", _("Điểm sẵn sàng"), _number("total")),
    Column("facilities_score", _("Trụ sở (20)"), _number("facilities_score")),
    Column("equipment_score", _("Thiết bị (30)"), _number("equipment_score")),
    Column("connectivity_score", _("Kết nối (30)"), _number("connectivity_score")),
    Column("platform_score", _("Nền tảng (20)"), _number("platform_score")),
    Column("has_vehicle", _("Có xe ô tô"), lambda r: _yes(r.has_vehicle)),
    Column("broadband_mbps", _("Băng rộng (Mbps)"), _number("broadband_mbps")),
    Column("surplus_count", _("Nhà đất dôi dư")), Column("surplus_handled", _("Đã xử lý"))))
