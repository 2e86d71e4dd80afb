"""Columns of each Excel export, one spec per list page (`?xuat=xlsx`, answered by `audit.exports`).

A column's key is the model field (or attribute) it carries, and the import of the registry
(`services.imports`) reads the same spec back: `parse`, `required` and `natural_key` are what the
import needs; columns without `parse` (computed figures, the province) are read as text and ignored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thongsuot.core.importing import Boolean, Choice, DateValue, DecimalNumber, Integer, Text, UnitRef
from thongsuot.core.listing import Column, ExportSpec
from thongsuot.facilities.choices import (
    Condition,
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    MobileCoverage,
    PlanMethod,
    PlanState,
    PlatformSystem,
)


def _yes(value: bool) -> str:
    return str(_("Có")) if value else str(_("Không"))


def _number(key: str):
    return lambda obj: float(getattr(obj, key)) if getattr(obj, key) is not None else None


def _shown(key: str):
    """The label of a choice field, empty when the field is."""
    return lambda obj: getattr(obj, f"get_{key}_display")() if getattr(obj, key) else ""


PROVINCE = Column("province.name", _("Tỉnh, thành phố"))
#: An import finds the commune by its code, else by its name (one of the two is needed).
COMMUNE_CODE = Column("commune.code", _("Mã xã"), parse=UnitRef("commune"))
COMMUNE = Column("commune.name", _("Xã, phường, đặc khu"), parse=UnitRef("commune"), natural_key=True)
AREA = DecimalNumber(decimal_places=1, min_value=0, max_value=10**10)

FACILITIES = ExportSpec("co-so-nha-dat", _("Cơ sở nhà, đất"), "facilities.facility", (
    PROVINCE, COMMUNE_CODE, COMMUNE,
    Column("name", _("Tên cơ sở"), parse=Text(max_length=200), required=True, natural_key=True),
    Column("kind", _("Loại"), _shown("kind"), parse=Choice(FacilityKind.choices)),
    Column("address", _("Địa chỉ"), parse=Text(max_length=255), required=True),
    Column("former_unit.name", _("Đơn vị cũ"), lambda f: f.former_unit.name if f.former_unit else "",
           parse=Text(max_length=200)),
    Column("land_area_m2", _("Diện tích đất (m²)"), _number("land_area_m2"), parse=AREA, required=True),
    Column("floor_area_m2", _("Diện tích sàn (m²)"), _number("floor_area_m2"), parse=AREA, required=True),
    Column("year_built", _("Năm xây dựng"), parse=Integer(min_value=1800, max_value=2100)),
    Column("condition", _("Hiện trạng"), _shown("condition"), parse=Choice(Condition.choices)),
    Column("current_use", _("Đang dùng vào việc"), parse=Text(max_length=255)),
    Column("status", _("Tình trạng"), _shown("status"), parse=Choice(FacilityStatus.choices)),
    Column("plan_method", _("Phương án"), _shown("plan_method")),
    Column("plan_state", _("Trạng thái phương án"), _shown("plan_state")),
    Column("plan_deadline", _("Hạn xử lý"))))

PLANS = ExportSpec("phuong-an-xu-ly", _("Phương án xử lý nhà, đất dôi dư"), "facilities.handlingplan", (
    PROVINCE, COMMUNE,
    Column("facility.name", _("Cơ sở"), parse=Text(max_length=200), required=True, natural_key=True),
    Column("method", _("Phương án"), _shown("method"), parse=Choice(PlanMethod.choices), required=True),
    Column("state", _("Trạng thái"), _shown("state"), parse=Choice(PlanState.choices)),
    Column("decision_number", _("Số quyết định"), parse=Text(max_length=60)),
    Column("approval_date", _("Ngày phê duyệt"), parse=DateValue(min_year=1990)),
    Column("deadline", _("Hạn hoàn thành"), parse=DateValue(min_year=1990), required=True),
    Column("done_date", _("Ngày hoàn thành"), parse=DateValue(min_year=1990)),
    Column("reason_not_priority", _("Lý do không bố trí mục đích ưu tiên"), parse=Text(max_length=2000))))

EQUIPMENT = ExportSpec("nhu-cau-thiet-bi", _("Nhu cầu thiết bị"), "facilities.equipmentneed", (
    PROVINCE, COMMUNE_CODE, COMMUNE,
    Column("category", _("Loại thiết bị"), _shown("category"), parse=Choice(EquipmentCategory.choices),
           required=True, natural_key=True),
    Column("required", _("Cần có"), parse=Integer(min_value=0, max_value=1_000_000), required=True),
    Column("available", _("Hiện có"), parse=Integer(min_value=0, max_value=1_000_000), required=True),
    Column("gap", _("Còn thiếu")), Column("note", _("Ghi chú"), parse=Text(max_length=255))))

PROCUREMENT = ExportSpec("de-nghi-cap-thiet-bi", _("Đề nghị cấp thiết bị"), "facilities.procurementrequest", (
    PROVINCE, COMMUNE, Column("category", _("Loại thiết bị"), _shown("category")),
    Column("quantity", _("Số lượng")),
    Column("estimated_cost", _("Dự toán (đồng)"), lambda r: int(r.estimated_cost)),
    Column("justification", _("Lý do")), Column("state", _("Trạng thái"), _shown("state")),
    Column("decision_note", _("Ý kiến xử lý")), Column("created_at", _("Ngày lập"))))

CONNECTIVITY = ExportSpec("ket-noi", _("Kết nối của xã, phường, đặc khu"), "facilities.connectivity", (
    PROVINCE, COMMUNE_CODE, COMMUNE,
    Column("broadband_mbps", _("Băng rộng (Mbps)"), _number("broadband_mbps"),
           parse=DecimalNumber(decimal_places=1, min_value=0, max_value=100_000), required=True),
    Column("mobile_coverage", _("Sóng di động"), _shown("mobile_coverage"), parse=Choice(MobileCoverage.choices),
           required=True),
    Column("government_network", _("Mạng truyền số liệu chuyên dùng"), lambda c: _yes(c.government_network),
           parse=Boolean(), required=True),
    Column("video_conference_ready", _("Họp trực tuyến"), lambda c: _yes(c.video_conference_ready),
           parse=Boolean(), required=True)))

OUTAGES = ExportSpec("su-co-ket-noi", _("Sự cố mất kết nối"), "facilities.outage", (
    PROVINCE, COMMUNE, Column("started_at", _("Bắt đầu")), Column("ended_at", _("Kết thúc")),
    Column("duration_minutes", _("Thời gian (phút)")), Column("cause", _("Nguyên nhân"))))

PLATFORMS = ExportSpec("nen-tang-so", _("Nền tảng số của xã"), "facilities.digitalplatform", (
    PROVINCE, COMMUNE_CODE, COMMUNE,
    Column("system", _("Hệ thống"), _shown("system"), parse=Choice(PlatformSystem.choices), required=True,
           natural_key=True),
    Column("name", _("Tên"), parse=Text(max_length=150), natural_key=True),
    Column("connected_to_province", _("Đã kết nối nền tảng tỉnh"), lambda p: _yes(p.connected_to_province),
           parse=Boolean(), required=True)))

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
