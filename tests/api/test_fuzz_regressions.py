"""Inputs that Schemathesis found answering 500 (issue #14): each now answers a 4xx in the API's error body."""

from datetime import date
from decimal import Decimal

import pytest

from thongsuot.geo.models import Commune
from thongsuot.staffing import services

DECIDED = date(2025, 8, 1)


@pytest.fixture
def member(persona):
    commune = Commune.objects.get(code="00070")
    return services.staff_recruit(
        actor=persona("demo.tinh"), province=commune.province, commune=commune, full_name="Nguyễn Văn Thử",
        gender="male", birth_year=1990, category="cong_chuc", position="Chuyên viên", field="it",
        decision_number="1/QĐ-UBND", decision_date=DECIDED, effective_date=DECIDED, commute_km=Decimal("0"))


@pytest.fixture
def policy(persona):
    province = Commune.objects.get(code="00070").province
    return services.policy_create(actor=persona("demo.tinh"), province=province, name="Hỗ trợ đi lại",
                                  valid_from=date(2025, 7, 1), valid_to=None, mountain_reduction_km=Decimal("0"),
                                  bands=[(Decimal("20"), None, 3_000_000)])


def refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if field is not None:
        assert body["field"] == field and body["detail"], body
    return body


def test_travel_cost_year_out_of_range_is_a_400_naming_year(api_for):
    response = api_for("demo.tinh").get("/api/staffing/travel-cost/", {"province": "01", "year": "-107101"})
    body = refused(response, 400, "year")
    assert body["detail"] == "Tham số “year” phải là số nguyên từ 1900 đến 2100."


def test_travel_cost_without_province_is_a_400_naming_province(api_for):
    body = refused(api_for("demo.tinh").get("/api/staffing/travel-cost/"), 400, "province")
    assert body["detail"] == "Thiếu tham số “province”."


def test_enrolling_with_a_list_body_is_a_400(api_for, persona):
    course = services.course_create(actor=persona("demo.tinh"), province=Commune.objects.get(code="00070").province,
                                    commune=None, title="Kỹ năng số", field="it", organiser="Sở",
                                    starts_on=date(2025, 9, 1), ends_on=date(2025, 9, 5), mode="online", capacity=5)
    response = api_for("demo.tinh").post(f"/api/staffing/courses/{course.pk}/enrollments/", [None, None],
                                         format="json")
    refused(response, 400)


def test_transfer_without_a_destination_is_answered(api_for, member):
    response = api_for("demo.tinh").post(f"/api/staffing/members/{member.pk}/move/", {
        "kind": "transfer", "decision_number": "60/QĐ-UBND", "decision_date": "2025-09-01",
        "effective_date": "2025-09-01"}, format="json")
    assert response.status_code in (201, 400), response.content
    assert response["Content-Type"].startswith("application/json")


def test_a_commune_officer_changing_a_policy_is_refused_before_the_body_is_read(api_for, policy):
    body = {"name": "Đổi", "valid_from": "2025-07-01", "bands": [{"min_km": "20", "amount": 1}]}
    refused(api_for("demo.xa").put(f"/api/staffing/travel-policies/{policy.pk}/", body, format="json"), 403)
    refused(api_for("demo.xa").put(f"/api/staffing/travel-policies/{policy.pk}/", [None], format="json"), 403)
    # The province may leave out the optional fields of a whole replacement (the version it edits is required).
    changed = api_for("demo.tinh").put(f"/api/staffing/travel-policies/{policy.pk}/",
                                       {**body, "version": policy.version}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["valid_to"] is None


@pytest.mark.parametrize("value", ["27076330177283835822080", "-1", "abc"])
def test_assignments_filtered_by_an_impossible_directive_id_is_a_400(api_for, value):
    response = api_for("demo.quocgia").get("/api/directives/assignments/", {"directive": value})
    refused(response, 400, "directive")


def test_an_outage_in_the_year_315_is_a_400(api_for):
    # Stored, it came back with the zone's 1900s offset (+07:06:30), which no date-time reader accepts.
    response = api_for("demo.xa").post("/api/facilities/outages/", {
        "started_at": "0315-05-31T09:00:00Z", "cause": "Mất điện"}, format="json")
    body = refused(response, 400)
    assert body["started_at"] == ["Thời điểm phải trong khoảng năm 1970 đến 2100."]
