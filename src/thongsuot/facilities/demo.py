"""Demo data: the personas' communes through the services (so their history and audit are real),
the rest of Hà Nội and Lào Cai generated in bulk."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from thongsuot.accounts.models import User
from thongsuot.facilities import generate, services
from thongsuot.facilities.models import Facility, ProcurementState
from thongsuot.geo.models import Commune, FormerUnit
from thongsuot.geo.selectors import communes_sample

DEMO_PROVINCES = ("01", "15")
REASON = ("Đã lấy ý kiến Trung tâm y tế, Phòng Văn hóa - Xã hội và Công an phường: không có nhu cầu; "
          "diện tích nhỏ, xen kẹt trong khu dân cư.")


def _former_names(commune, fallback: list[str]) -> list[str]:
    names = list(FormerUnit.objects.filter(commune=commune).values_list("name", flat=True)[:4])
    return names + fallback[len(names):]


def _equipment_and_network(actor: User, commune, needs: list[tuple[str, int, int]], **connectivity) -> None:
    """A commune's equipment needs, as (category, required, available), and its connectivity."""
    for category, required, available in needs:
        services.equipment_need_set(actor=actor, commune=commune, category=category, required=required,
                                    available=available)
    services.connectivity_set(actor=actor, commune=commune, **connectivity)


def _hoan_kiem(xa: User, tinh: User) -> None:
    commune = Commune.objects.get(code="00070")
    today = timezone.localdate()
    names = _former_names(commune, ["Phường Hàng Bạc", "Phường Tràng Tiền", "Phường Hàng Trống", "Phường Lý Thái Tổ"])
    create = services.facility_create
    create(actor=xa, commune=commune, name="Trụ sở HĐND và UBND phường Hoàn Kiếm", address="126 Hàng Trống",
           land_area_m2="2150", floor_area_m2="3400", year_built=2003, condition="tot",
           current_use="Trụ sở HĐND và UBND", status="dang_su_dung", manager="Văn phòng HĐND và UBND")
    first = create(actor=xa, commune=commune, name=f"Trụ sở UBND {names[0]} (cũ)", address=f"{names[0]}, Hoàn Kiếm",
                   land_area_m2="540", floor_area_m2="820.5", year_built=1998, condition="kha", current_use="Bỏ trống",
                   status="du_doi", manager="UBND phường Hoàn Kiếm")
    plan = services.handling_plan_propose(actor=xa, facility=first, method="chuyen_giao_duc",
                                          deadline=today + timedelta(days=40), note="Làm điểm trường mầm non")
    services.handling_plan_approve(actor=tinh, plan=plan, decision_number="4521/QĐ-UBND",
                                   approval_date=today - timedelta(days=20))
    second = create(actor=xa, commune=commune, name=f"Trụ sở UBND {names[1]} (cũ)", address=f"{names[1]}, Hoàn Kiếm",
                    land_area_m2="610", floor_area_m2="900", year_built=2001, condition="kha",
                    current_use="Bỏ trống", status="du_doi", manager="UBND phường Hoàn Kiếm")
    plan = services.handling_plan_propose(actor=xa, facility=second, method="chuyen_van_hoa_the_thao",
                                          deadline=today + timedelta(days=10))
    services.handling_plan_approve(actor=tinh, plan=plan, decision_number="3980/QĐ-UBND",
                                   approval_date=today - timedelta(days=60))
    services.handling_plan_complete(actor=xa, plan=plan, done_date=today - timedelta(days=5),
                                    note="Đã bàn giao cho Trung tâm Văn hóa - Thể thao phường")
    third = create(actor=xa, commune=commune, name=f"Nhà văn hóa {names[2]} (cũ)", kind="nha_van_hoa",
                   address=f"{names[2]}, Hoàn Kiếm", land_area_m2="180", floor_area_m2="240", year_built=1992,
                   condition="xuong_cap", current_use="Bỏ trống", status="du_doi")
    services.handling_plan_propose(actor=xa, facility=third, method="cho_thue", deadline=today + timedelta(days=90),
                                   reason_not_priority=REASON)
    create(actor=xa, commune=commune, name=f"Trụ sở UBND {names[3]} (cũ)", address=f"{names[3]}, Hoàn Kiếm",
           land_area_m2="450", floor_area_m2="700", year_built=1996, condition="kha", current_use="Bỏ trống",
           status="du_doi")
    create(actor=xa, commune=commune, name="Nhà kho 5 Hàng Gai", kind="khac", address="5 Hàng Gai",
           land_area_m2="90", floor_area_m2="120", condition="xuong_cap", current_use="Lưu trữ hồ sơ",
           status="su_dung_mot_phan")
    _equipment_and_network(xa, commune, [("may_tinh", 65, 58), ("may_in", 20, 18), ("may_quet", 10, 6),
                                          ("mang", 6, 6), ("hop_truc_tuyen", 2, 2), ("xe_o_to", 2, 1)],
                           broadband_mbps="300", mobile_coverage="5g", government_network=True,
                           video_conference_ready=True)
    for system, connected in [("quan_ly_van_ban", True), ("mot_cua", True), ("chu_ky_so", False)]:
        services.platform_set(actor=xa, commune=commune, system=system, connected_to_province=connected)
    now = timezone.now()
    services.outage_record(actor=xa, commune=commune, started_at=now - timedelta(days=12, hours=3),
                           ended_at=now - timedelta(days=12, hours=1, minutes=20), cause="Đứt cáp quang do thi công")
    services.outage_record(actor=xa, commune=commune, started_at=now - timedelta(hours=2),
                           cause="Sự cố đường truyền mạng chuyên dùng")
    request = services.procurement_request_create(actor=xa, commune=commune, category="may_quet", quantity=4,
                                                  estimated_cost=96_000_000,
                                                  justification="Số hóa hồ sơ tại Bộ phận một cửa")
    services.procurement_request_move(actor=xa, request=request, to_state=ProcurementState.SUBMITTED)


def _ba_dinh(xa2: User) -> None:
    commune = Commune.objects.get(code="00004")
    names = _former_names(commune, ["Phường Quán Thánh", "Phường Trúc Bạch"])
    services.facility_create(actor=xa2, commune=commune, name="Trụ sở HĐND và UBND phường Ba Đình",
                             address="25 Liễu Giai", land_area_m2="1800", floor_area_m2="2600", year_built=2008,
                             condition="tot", current_use="Trụ sở", status="dang_su_dung")
    for name in names[:2]:
        services.facility_create(actor=xa2, commune=commune, name=f"Trụ sở UBND {name} (cũ)",
                                 address=f"{name}, Ba Đình", land_area_m2="520", floor_area_m2="760", year_built=1999,
                                 condition="kha", current_use="Bỏ trống", status="du_doi")
    _equipment_and_network(xa2, commune, [("may_tinh", 55, 50), ("may_in", 15, 15), ("xe_o_to", 1, 1)],
                           broadband_mbps="200", mobile_coverage="5g", government_network=True,
                           video_conference_ready=True)


def _mountain_commune(xa3: User) -> None:
    commune = Commune.objects.get(code="02683")
    services.facility_create(actor=xa3, commune=commune, name=f"Trụ sở HĐND và UBND {commune.name}",
                             address=f"Trung tâm {commune.name}", land_area_m2="3200", floor_area_m2="900",
                             year_built=1997, condition="hu_hong", current_use="Trụ sở (tạm)", status="dang_su_dung")
    names = _former_names(commune, ["Xã Bản Vược"])
    services.facility_create(actor=xa3, commune=commune, name=f"Trụ sở UBND {names[0]} (cũ)",
                             address=f"{names[0]}", land_area_m2="1500", floor_area_m2="400", year_built=2005,
                             condition="kha", current_use="Bỏ trống", status="du_doi")
    _equipment_and_network(xa3, commune, [("may_tinh", 34, 20), ("may_in", 8, 5), ("may_quet", 3, 1),
                                          ("mang", 2, 1), ("hop_truc_tuyen", 1, 0), ("xe_o_to", 1, 0)],
                           broadband_mbps="8", mobile_coverage="yeu", government_network=False,
                           video_conference_ready=False)
    services.platform_set(actor=xa3, commune=commune, system="mot_cua", connected_to_province=False)


def seed_demo(personas: dict, out) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[
        "demo.xa", "demo.tinh", "demo.xa2", "demo.xa3"])}
    if len(users) < 4:
        out.write("  Cơ sở vật chất: thiếu tài khoản mẫu, bỏ qua.")
        return
    if not Facility.objects.filter(commune__code="00070").exists():
        _hoan_kiem(users["demo.xa"], users["demo.tinh"])
    if not Facility.objects.filter(commune__code="00004").exists():
        _ba_dinh(users["demo.xa2"])
    if not Facility.objects.filter(commune__code="02683").exists():
        _mountain_commune(users["demo.xa3"])
    others = Commune.objects.filter(province__code__in=DEMO_PROVINCES).exclude(code__in=["00070", "00004", "02683"])
    counts = generate.generate(others, seed=7)
    out.write(f"  Cơ sở vật chất: {counts['facilities']} cơ sở nhà đất, {counts['plans']} phương án mẫu "
              f"cho {counts['communes']} xã của Hà Nội và Lào Cai (ngoài các xã của tài khoản mẫu).")
    sample = generate.generate(communes_sample(per_province=3, seed=34, exclude_provinces=DEMO_PROVINCES), seed=34)
    if sample["communes"]:
        out.write(f"  Cơ sở vật chất mẫu ở {sample['communes']} xã của 32 tỉnh còn lại: {sample['facilities']} "
                  f"cơ sở nhà đất (số liệu mẫu).")
