"""Every API endpoint that creates a record once per submission key (the `Idempotency-Key` header or
the body's `submission_key`, `core.resubmission`) answers 201 the first time and 200 with the very
same record for a replay, and makes nothing more. The schema says both."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from thongsuot.facilities.models import Facility, Outage, ProcurementRequest
from thongsuot.geo.models import Commune
from thongsuot.obstacles.models import Obstacle
from thongsuot.procedures.models import Dossier, OnlineLevel, Procedure, ProcedureField
from thongsuot.staffing import services as staffing
from thongsuot.staffing.models import PersonnelAction, StaffMember, TrainingCourse, TravelAllowancePolicy

pytestmark = pytest.mark.django_db

DECIDED = "2025-08-01"
RECRUIT = {"full_name": "Hoàng Văn Gửi Lại", "gender": "male", "birth_year": 1992, "category": "cong_chuc",
           "position": "Chuyên viên", "field": "it", "decision_number": "50/QĐ-UBND", "decision_date": DECIDED,
           "effective_date": DECIDED, "commute_km": "3"}


def _member(persona):
    from datetime import date

    hoan_kiem = Commune.objects.get(code="00070")
    return staffing.staff_recruit(actor=persona("demo.tinh"), province=hoan_kiem.province, commune=hoan_kiem,
                                  full_name="Trần Thị Chuyển", gender="female", birth_year=1990,
                                  category="cong_chuc", position="Chuyên viên", field="finance",
                                  decision_number="1/QĐ-UBND", decision_date=date(2025, 8, 1),
                                  effective_date=date(2025, 8, 1), commute_km=Decimal(0))


def _procedure(persona):
    Procedure.objects.create(code="9.000009", name="Thủ tục gửi lại", sector=ProcedureField.CIVIL_STATUS,
                             time_limit_days=3, online_level=OnlineLevel.FULL)
    return "/api/procedures/dossiers/"


STARTED = (timezone.now() - timedelta(hours=2)).isoformat()

#: name: (who sends it, setup(persona) -> URL, body, model made)
ENDPOINTS = {
    "premises": ("demo.xa", lambda p: "/api/facilities/facilities/", {
        "name": "Trụ sở gửi lại", "address": "1 Hàng Gai", "land_area_m2": "100", "floor_area_m2": "80"}, Facility),
    "procurement request": ("demo.xa", lambda p: "/api/facilities/procurement/", {
        "category": "may_in", "quantity": 2, "justification": "Máy in hỏng"}, ProcurementRequest),
    "outage": ("demo.xa", lambda p: "/api/facilities/outages/", {"started_at": STARTED, "cause": "Đứt cáp"}, Outage),
    "staff member": ("demo.xa", lambda p: "/api/staffing/members/", RECRUIT, StaffMember),
    "move": ("demo.tinh", lambda p: f"/api/staffing/members/{_member(p).pk}/move/", {
        "kind": "transfer", "to_commune": "00004", "decision_number": "77/QĐ-UBND", "decision_date": "2025-09-01",
        "effective_date": "2025-09-01"}, PersonnelAction),
    "leaving": ("demo.tinh", lambda p: f"/api/staffing/members/{_member(p).pk}/leave/", {
        "decision_number": "78/QĐ-UBND", "decision_date": "2025-10-01", "effective_date": "2025-10-01"},
        PersonnelAction),
    "training course": ("demo.tinh", lambda p: "/api/staffing/courses/", {
        "title": "Chuyển đổi số cấp xã", "field": "it", "organiser": "Sở KH&CN", "starts_on": "2025-09-01",
        "ends_on": "2025-09-05", "mode": "online", "capacity": 30}, TrainingCourse),
    "travel policy": ("demo.tinh", lambda p: "/api/staffing/travel-policies/", {
        "name": "Hỗ trợ đi lại", "legal_basis": "", "valid_from": "2025-07-01", "valid_to": None,
        "mountain_reduction_km": "0", "bands": [{"min_km": "20", "amount": 3000000}]}, TravelAllowancePolicy),
    "obstacle": ("demo.xa", lambda p: "/api/obstacles/", {
        "title": "Thiếu công chức địa chính", "description": "Phường chưa có công chức địa chính - xây dựng.",
        "domain": "org_staff", "severity": "high", "staff_field": "land", "headcount_needed": 1}, Obstacle),
    "dossier": ("demo.xa", _procedure, {"procedure": "9.000009", "channel": 2, "applicant_name": "Lê Văn An"},
                Dossier),
}


@pytest.mark.parametrize("how", ["header", "body"])
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_a_replay_answers_200_with_the_first_record(name, how, persona, api_for):
    who, setup, body, model = ENDPOINTS[name]
    url = setup(persona)
    client = api_for(who)
    if how == "header":
        send = lambda: client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=f"replay-{name}")  # noqa: E731
    else:
        send = lambda: client.post(url, {**body, "submission_key": f"replay-{name}"}, format="json")  # noqa: E731
    made = model.objects.count()
    first = send()
    assert first.status_code == 201, first.content
    again = send()
    assert again.status_code == 200, again.content
    key = "code" if "id" not in first.json() else "id"
    assert again.json()[key] == first.json()[key]
    assert model.objects.count() == made + 1


def test_the_schema_promises_200_for_a_replay(api_for):
    schema = api_for("demo.tinh").get("/api/schema/?format=json").json()
    for path in ("/api/facilities/facilities/", "/api/facilities/procurement/", "/api/facilities/outages/",
                 "/api/staffing/members/", "/api/staffing/members/{id}/move/", "/api/staffing/members/{id}/leave/",
                 "/api/staffing/courses/", "/api/staffing/travel-policies/", "/api/obstacles/",
                 "/api/procedures/dossiers/", "/api/staffing/org-units/"):
        assert {"200", "201"} <= set(schema["paths"][path]["post"]["responses"]), path
