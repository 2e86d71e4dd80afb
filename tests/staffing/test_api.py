"""The API follows the same rules as the pages."""

import pytest

from thongsuot.audit.models import AuditEvent
from thongsuot.staffing import services
from thongsuot.staffing.models import StaffMember

from .conftest import quota

pytestmark = pytest.mark.django_db

RECRUIT = {"full_name": "Hoàng Văn Mạng", "gender": "male", "birth_year": 1992, "category": "cong_chuc",
           "position": "Chuyên viên CNTT", "field": "it", "decision_number": "50/QĐ-UBND",
           "decision_date": "2025-08-01", "effective_date": "2025-08-01", "commute_km": "31.5"}


def test_commune_recruits_over_the_api_and_the_province_sees_the_gap_close(api_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    before = quota(hoan_kiem, "it").gap
    response = api_for("demo.xa").post("/api/staffing/members/", RECRUIT, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["commune_code"] == "00070"
    rows = api_for("demo.tinh").get("/api/staffing/shortages/?q=hoan kiem&all=1&field=it").json()["results"]
    assert [(r["commune_code"], r["gap"]) for r in rows] == [("00070", before - 1)]


def test_api_refusals_are_clear_and_save_nothing(api_for, hoan_kiem, bat_xat):
    bad = api_for("demo.xa").post("/api/staffing/members/", {**RECRUIT, "decision_date": "2025-02-31"}, format="json")
    assert bad.status_code == 400
    outside = api_for("demo.tinh").post("/api/staffing/members/", {**RECRUIT, "commune": "02683"}, format="json")
    assert outside.status_code == 400
    assert "Không có xã, phường mã “02683” trong phạm vi của bạn." in str(outside.json())
    future = api_for("demo.xa").post("/api/staffing/members/", {**RECRUIT, "decision_date": "2099-01-01",
                                                                "effective_date": "2099-01-01"}, format="json")
    assert future.status_code == 400 and "Ngày quyết định không được sau hôm nay." in str(future.json())
    assert not StaffMember.objects.exists()


def test_ministry_sees_counts_but_not_names(api_for, hoan_kiem, recruit):
    recruit(hoan_kiem, field="land")
    ministry = api_for("demo.bo")
    denied = ministry.get("/api/staffing/members/")
    assert denied.status_code == 403
    assert denied.json()["detail"] == "Cấp của bạn chỉ xem số liệu tổng hợp, không xem danh sách cá nhân."
    summary = ministry.get("/api/staffing/summary/fields/").json()
    land = next(r for r in summary if r["field"] == "land")
    assert land["active"] == 1
    assert api_for("demo.xa2").get("/api/staffing/members/").json()["count"] == 0
    assert api_for("demo.tinh").get("/api/staffing/members/").json()["count"] == 1


def test_quota_override_over_the_api_is_province_only_and_audited(api_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    row = quota(hoan_kiem, "other")
    url = f"/api/staffing/quotas/{row.pk}/override/"
    assert api_for("demo.xa").post(url, {"headcount": 1, "reason": "Giảm việc khác"}, format="json").status_code == 403
    assert api_for("demo.tinh2").post(url, {"headcount": 1, "reason": "Giảm việc khác"}, format="json").status_code == 404
    negative = api_for("demo.tinh").post(url, {"headcount": -1, "reason": "Giảm việc khác", "version": 1},
                                         format="json")
    assert negative.status_code == 400 and "Định biên không được nhỏ hơn 0." in str(negative.json())
    ok = api_for("demo.tinh").post(url, {"headcount": 1, "reason": "Giảm việc khác", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["gap"] == 1
    assert AuditEvent.objects.filter(action="quota_override", object_id=str(row.pk)).exists()


def test_transfer_and_leaving_over_the_api(api_for, hoan_kiem, ba_dinh, recruit):
    member = recruit(hoan_kiem, field="finance")
    move = api_for("demo.tinh").post(f"/api/staffing/members/{member.pk}/move/", {
        "kind": "rotation", "to_commune": "00004", "decision_number": "60/QĐ-UBND",
        "decision_date": "2025-09-01", "effective_date": "2025-09-01"}, format="json")
    assert move.status_code == 201, move.json()
    assert quota(ba_dinh, "finance").active_count == 1 and quota(hoan_kiem, "finance").active_count == 0
    leave = api_for("demo.xa2").post(f"/api/staffing/members/{member.pk}/leave/", {
        "decision_number": "61/QĐ-UBND", "decision_date": "2025-10-01", "effective_date": "2025-10-01"},
        format="json")
    assert leave.status_code == 201
    assert quota(ba_dinh, "finance").active_count == 0


def test_travel_policy_over_the_api_recomputes_and_reports_cost(api_for, hoan_kiem, recruit):
    recruit(hoan_kiem, commute_km=45)
    body = {"name": "Hỗ trợ đi lại", "legal_basis": "", "valid_from": "2025-07-01", "valid_to": "2027-06-30",
            "mountain_reduction_km": "5", "bands": [
                {"min_km": "20", "max_km": "30", "amount": 3000000}, {"min_km": "30", "max_km": "40", "amount": 3700000},
                {"min_km": "40", "max_km": "50", "amount": 4500000}, {"min_km": "50", "amount": 5200000}]}
    created = api_for("demo.tinh").post("/api/staffing/travel-policies/", body, format="json")
    assert created.status_code == 201, created.json()
    cost = api_for("demo.tinh").get("/api/staffing/travel-cost/?province=01&year=2026").json()
    assert (cost["monthly"], cost["months"], cost["yearly"]) == (4_500_000, 12, 54_000_000)
    body["bands"][2]["amount"] = 4_000_000
    assert api_for("demo.tinh").put(f"/api/staffing/travel-policies/{created.json()['id']}/",
                                    {**body, "version": created.json()["version"]}, format="json").status_code == 200
    assert api_for("demo.tinh").get("/api/staffing/travel-cost/?province=01").json()["monthly"] == 4_000_000
    assert api_for("demo.xa").post("/api/staffing/travel-policies/", body, format="json").status_code == 403
    assert api_for("demo.tinh2").get("/api/staffing/travel-cost/?province=01").status_code == 404


def test_schema_lists_the_staffing_endpoints(api_for):
    schema = api_for("demo.tinh").get("/api/schema/?format=json").json()
    assert "/api/staffing/shortages/" in schema["paths"] and "/api/staffing/members/{id}/move/" in schema["paths"]


def test_recompute_quotas_over_the_api_is_province_only(api_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    hoan_kiem.population, hoan_kiem.is_mountainous = 34_000, True
    hoan_kiem.save()
    assert api_for("demo.xa").post("/api/staffing/communes/00070/recompute-quotas/").status_code == 403
    assert api_for("demo.tinh2").post("/api/staffing/communes/00070/recompute-quotas/").status_code == 404
    rows = api_for("demo.tinh").post("/api/staffing/communes/00070/recompute-quotas/").json()
    assert sum(r["headcount"] for r in rows) == 50


def test_training_over_the_api(api_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="it")
    course = api_for("demo.tinh").post("/api/staffing/courses/", {
        "title": "Kỹ năng số", "field": "it", "organiser": "Sở KH&CN", "starts_on": "2025-09-01",
        "ends_on": "2025-09-05", "mode": "online", "capacity": 1}, format="json")
    assert course.status_code == 201, course.json()
    bad = api_for("demo.tinh").post("/api/staffing/courses/", {
        "title": "Sai", "field": "it", "organiser": "Sở", "starts_on": "2025-09-05", "ends_on": "2025-09-01",
        "mode": "online", "capacity": 1}, format="json")
    assert bad.status_code == 400 and "Ngày kết thúc phải từ ngày bắt đầu trở đi." in str(bad.json())
    url = f"/api/staffing/courses/{course.json()['id']}/enrollments/"
    enrolled = api_for("demo.xa").post(url, {"member": member.pk}, format="json")
    assert enrolled.status_code == 201
    full = api_for("demo.tinh").post(url, {"member": recruit(hoan_kiem, field="it").pk}, format="json")
    assert full.status_code == 400 and full.json()["detail"] == "Khóa học đã đủ 1 chỗ."
    done = api_for("demo.tinh").post(f"/api/staffing/enrollments/{enrolled.json()['id']}/status/",
                                     {"status": "completed", "on": "2025-09-05"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    again = api_for("demo.tinh").post(f"/api/staffing/enrollments/{enrolled.json()['id']}/status/",
                                      {"status": "withdrawn"}, format="json")
    assert again.status_code == 409


def test_org_units_and_decisions_over_the_api(api_for, hoan_kiem, recruit):
    services.org_units_ensure(commune=hoan_kiem)
    units = api_for("demo.bo").get("/api/staffing/org-units/?commune=00070").json()["results"]
    assert [u["name"] for u in units][:2] == ["Văn phòng HĐND và UBND", "Phòng Kinh tế, Hạ tầng và Đô thị"]
    created = api_for("demo.xa").post("/api/staffing/org-units/", {"commune": "00070", "name": "Tổ chuyển đổi số"},
                                      format="json")
    assert created.status_code == 201
    assert api_for("demo.xa2").post("/api/staffing/org-units/", {"commune": "00070", "name": "Tổ khác"},
                                    format="json").status_code == 400
    recruit(hoan_kiem)
    assert api_for("demo.xa").get("/api/staffing/actions/").json()["count"] == 1
    assert api_for("demo.quocgia").get("/api/staffing/actions/").status_code == 403
    assert api_for("demo.quocgia").get("/api/staffing/members/").status_code == 403


def test_quota_rule_over_the_api(api_for, hoan_kiem):
    url = "/api/staffing/provinces/01/quota-rule/"
    read = api_for("demo.xa").get(url).json()
    assert (read["base"], read["version"]) == (32, 0)
    body = {"base": 30, "threshold": 16000, "step_mountain": 1000, "step_lowland": 2000, "cap_xa": 50,
            "cap_urban": 70, "reason": "Nghị quyết HĐND", "version": read["version"]}
    assert api_for("demo.xa").put(url, body, format="json").status_code == 403
    assert api_for("demo.tinh2").put(url, body, format="json").status_code == 404
    response = api_for("demo.tinh").put(url, body, format="json")
    assert response.status_code == 200 and response.json()["base"] == 30
    services.quotas_ensure(commune=hoan_kiem)
    assert sum(r.headcount for r in hoan_kiem.staffing_quotas.all()) == 33  # 30 + 7,675 // 2,000


def test_patching_a_member_recomputes_the_travel_support(api_for, hoan_kiem, recruit, persona):
    from datetime import date
    from decimal import Decimal

    services.policy_create(actor=persona("demo.tinh"), province=hoan_kiem.province, name="Hỗ trợ",
                           valid_from=date(2025, 7, 1), valid_to=None, mountain_reduction_km=Decimal(0),
                           bands=[(Decimal(20), Decimal(30), 3_000_000), (Decimal(30), None, 3_700_000)])
    member = recruit(hoan_kiem, commute_km=Decimal(10))
    assert member.travel_allowance == 0
    response = api_for("demo.xa").patch(f"/api/staffing/members/{member.pk}/",
                                        {"commute_km": "30", "version": member.version}, format="json")
    assert response.status_code == 200 and response.json()["travel_allowance"] == 3_700_000
    negative = api_for("demo.xa").patch(f"/api/staffing/members/{member.pk}/",
                                        {"commute_km": "-1", "version": response.json()["version"]}, format="json")
    assert negative.status_code == 400
    assert api_for("demo.xa2").patch(f"/api/staffing/members/{member.pk}/", {"commute_km": "1", "version": 2},
                                     format="json").status_code == 404
