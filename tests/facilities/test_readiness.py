"""The readiness score, checked by hand on two communes and on the pure formula."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from thongsuot.facilities import services
from thongsuot.facilities.readiness import CommuneFigures, score

from .conftest import BAT_XAT, HOAN_KIEM, days_ago


def test_formula_on_figures():
    figures = CommuneFigures(has_working_hq=True, surplus_count=3, surplus_handled=1,
                             equipment={"may_tinh": (40, 30), "may_in": (10, 10), "xe_o_to": (1, 0)},
                             broadband_mbps=Decimal(50), mobile_coverage="3g", government_network=True,
                             video_conference_ready=False,
                             core_platforms={"quan_ly_van_ban": True, "mot_cua": False})
    result = score(figures)
    # facilities: 10 + 10 × 1/3 = 13.33 → 13.3
    assert result.facilities == Decimal("13.3")
    # equipment: (0.75 + 1 + 0) / 6 × 30 = 8.75 → 8.8 (half up)
    assert result.equipment == Decimal("8.8")
    # connectivity: 10 × 50/100 + 3 + 10 + 0 = 18
    assert result.connectivity == Decimal("18.0")
    # platforms: (4 + 2) + 4 = 10
    assert result.platforms == Decimal("10.0")
    assert result.total == Decimal("50.1")


def test_empty_commune_scores_ten_for_having_no_surplus():
    assert score(CommuneFigures()).total == Decimal("10.0")


def test_full_marks():
    full = CommuneFigures(has_working_hq=True, equipment={c: (2, 5) for c in
                                                          ("may_tinh", "may_in", "may_quet", "mang", "hop_truc_tuyen",
                                                           "xe_o_to")},
                          broadband_mbps=Decimal(300), mobile_coverage="5g", government_network=True,
                          video_conference_ready=True,
                          core_platforms={"quan_ly_van_ban": True, "mot_cua": True, "chu_ky_so": True},
                          other_connected=True)
    assert score(full).total == Decimal("100.0")


def test_hoan_kiem_by_hand(persona, commune, make_facility):
    """Hoàn Kiếm: a working headquarters, two surplus premises (one handled), some equipment,
    fair connections, two connected platforms — 15 + 11.3 + 24.2 + 12 = 62.5."""
    xa, tinh = persona("demo.xa"), persona("demo.tinh")
    hk = commune(HOAN_KIEM)
    make_facility(name="Trụ sở UBND phường Hoàn Kiếm", status="dang_su_dung", condition="tot")
    handled = make_facility(name="Trụ sở phường Hàng Trống cũ")
    make_facility(name="Trụ sở phường Tràng Tiền cũ")
    plan = services.handling_plan_propose(actor=xa, facility=handled, method="chuyen_giao_duc",
                                          deadline=timezone.localdate() + timedelta(days=30))
    services.handling_plan_approve(actor=tinh, plan=plan, decision_number="7/QĐ-UBND", approval_date=days_ago(9))
    services.handling_plan_complete(actor=xa, plan=plan, done_date=days_ago(2))
    services.equipment_need_set(actor=xa, commune=hk, category="may_tinh", required=60, available=45)  # 0.75
    services.equipment_need_set(actor=xa, commune=hk, category="may_in", required=20, available=20)    # 1
    services.equipment_need_set(actor=xa, commune=hk, category="xe_o_to", required=2, available=1)     # 0.5
    # equipment: (0.75 + 1 + 0.5) / 6 × 30 = 11.25 → 11.3
    services.connectivity_set(actor=xa, commune=hk, broadband_mbps="92", mobile_coverage="4g",
                              government_network=True, video_conference_ready=False)
    # connectivity: 9.2 + 5 + 10 + 0 = 24.2
    services.platform_set(actor=xa, commune=hk, system="quan_ly_van_ban", connected_to_province=True)   # 6
    services.platform_set(actor=xa, commune=hk, system="mot_cua", connected_to_province=True)           # 6
    services.platform_set(actor=xa, commune=hk, system="khac", name="Camera an ninh",
                          connected_to_province=False)                                                 # 0
    row = hk.readiness
    row.refresh_from_db()
    assert (row.facilities_score, row.equipment_score, row.connectivity_score, row.platform_score) == (
        Decimal("15.0"), Decimal("11.3"), Decimal("24.2"), Decimal("12.0"))
    assert row.total == Decimal("62.5")
    assert row.has_vehicle and (row.surplus_count, row.surplus_handled) == (2, 1)


def test_bat_xat_by_hand_no_vehicle_poorly_connected(persona, commune, make_facility):
    """Bát Xát: headquarters badly damaged, no car, 8 Mbps, weak mobile signal: 10 + 25 + 6.8 + 4 = 45.8."""
    xa3 = persona("demo.xa3")
    bx = commune(BAT_XAT)
    make_facility(BAT_XAT, by="demo.xa3", name="Trụ sở UBND xã", status="dang_su_dung", condition="hu_hong")
    for category, required, available in [("may_tinh", 30, 30), ("may_in", 8, 8), ("may_quet", 4, 4),
                                          ("mang", 2, 2), ("hop_truc_tuyen", 1, 1), ("xe_o_to", 1, 0)]:
        services.equipment_need_set(actor=xa3, commune=bx, category=category, required=required, available=available)
    services.connectivity_set(actor=xa3, commune=bx, broadband_mbps="8", mobile_coverage="yeu",
                              government_network=False, video_conference_ready=True)
    services.platform_set(actor=xa3, commune=bx, system="chu_ky_so", connected_to_province=False)
    row = bx.readiness
    row.refresh_from_db()
    # facilities 0 (damaged HQ) + 10 (no surplus); equipment 5/6 × 30 = 25; connectivity 0.8 + 1 + 0 + 5 = 6.8;
    # platforms 4
    assert (row.facilities_score, row.equipment_score, row.connectivity_score, row.platform_score) == (
        Decimal("10.0"), Decimal("25.0"), Decimal("6.8"), Decimal("4.0"))
    assert row.total == Decimal("45.8") and row.has_vehicle is False
