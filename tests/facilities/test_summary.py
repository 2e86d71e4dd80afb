"""The province and national figures: surplus by method and deadline, vehicles, connectivity threshold."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from thongsuot.facilities import selectors, services

from .conftest import BA_DINH, BAT_XAT, days_ago


def _plan(persona, facility, *, method="chuyen_giao_duc", approve_days_ago=None, deadline, done=False):
    plan = services.handling_plan_propose(actor=persona("demo.xa" if facility.commune.code != BA_DINH else "demo.xa2"),
                                          facility=facility, method=method, deadline=deadline)
    if approve_days_ago is not None:
        services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="1/QĐ",
                                       approval_date=days_ago(approve_days_ago))
    if done:
        services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(0))
    return plan


def test_surplus_by_method_and_deadline(persona, make_facility):
    today = timezone.localdate()
    _plan(persona, make_facility(name="quá hạn"), approve_days_ago=40, deadline=today - timedelta(days=3))
    _plan(persona, make_facility(name="sắp đến hạn"), approve_days_ago=5, deadline=today + timedelta(days=12))
    _plan(persona, make_facility(name="còn hạn"), deadline=today + timedelta(days=90))
    _plan(persona, make_facility(name="xong"), method="giu_lai", approve_days_ago=9, deadline=today, done=True)
    make_facility(name="chưa có phương án")
    make_facility(name="đang dùng", status="dang_su_dung")
    make_facility(BAT_XAT, by="demo.xa3", name="Lào Cai")
    summary = selectors.surplus_summary(user=persona("demo.tinh"))
    assert {k: summary[k] for k in ("total", "handled", "remaining", "no_plan", "proposed", "approved", "overdue",
                                     "soon", "later")} == {
        "total": 5, "handled": 1, "remaining": 4, "no_plan": 1, "proposed": 1, "approved": 2, "overdue": 1,
        "soon": 1, "later": 1}
    assert summary["by_method"] == [
        {"method": "giu_lai", "label": "Giữ lại sử dụng", "handled": 1, "remaining": 0},
        {"method": "chuyen_giao_duc", "label": "Chuyển sang giáo dục", "handled": 0, "remaining": 3}]
    assert summary["handled_pct"] == 20.0
    user = persona("demo.tinh")
    for bucket, name in (("overdue", "quá hạn"), ("soon", "sắp đến hạn"), ("later", "còn hạn")):
        assert [f.name for f in selectors.facility_list(user=user, deadline=bucket)] == [name]
    assert selectors.facility_list(user=user, plan_state="remaining").count() == 4
    assert selectors.surplus_summary(user=persona("demo.quocgia"))["total"] == 6
    assert selectors.surplus_summary(user=persona("demo.xa2"))["total"] == 0


def test_vehicle_and_connectivity_lists(persona, commune):
    services.equipment_need_set(actor=persona("demo.xa2"), commune=commune(BA_DINH), category="xe_o_to", required=1,
                                available=0)
    services.connectivity_set(actor=persona("demo.xa2"), commune=commune(BA_DINH), broadband_mbps="40",
                              mobile_coverage="3g", government_network=False, video_conference_ready=False)
    tinh = persona("demo.tinh")
    assert [r.commune.code for r in selectors.readiness_list(user=tinh, no_vehicle=True)] == [BA_DINH]
    # connectivity 4 + 3 = 7: below 15, not below 7
    assert [r.commune.code for r in selectors.readiness_list(user=tinh, below_threshold=True)] == [BA_DINH]
    assert not selectors.readiness_list(user=tinh, below_threshold=True, threshold=Decimal(7)).exists()
    assert not selectors.readiness_list(user=persona("demo.tinh2"), no_vehicle=True).exists()
    rows = selectors.province_table(user=persona("demo.quocgia"))
    hanoi = next(r for r in rows if r["province"].code == "01")
    assert hanoi["no_vehicle"] == 1 and hanoi["below_threshold"] == 1 and hanoi["communes"] == 1
    summary = selectors.readiness_summary(user=tinh)
    assert summary["communes"] == 1 and summary["without_data"] == 125


def test_overview_exports_the_weekly_report(client_for, make_facility):
    from io import BytesIO

    from openpyxl import load_workbook

    make_facility()
    national = load_workbook(BytesIO(client_for("demo.quocgia").get("/co-so-vat-chat/?xuat=xlsx").content)).active
    rows = list(national.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1 and rows[0][:5] == ("01", "Thành phố Hà Nội", 1, 0, 1)
    city = load_workbook(BytesIO(client_for("demo.tinh").get("/co-so-vat-chat/?xuat=xlsx").content)).active
    assert list(city.iter_rows(min_row=4, values_only=True))[-2:] == [("Chưa có phương án", 0, 1),
                                                                      ("Tổng cộng", 0, 1)]
