"""The API: same rules, same scopes, Vietnamese messages."""

from datetime import timedelta

from django.utils import timezone

from thongsuot.facilities.models import Facility, HandlingPlan

from .conftest import BA_DINH, HOAN_KIEM, days_ago

FACILITY = {"name": "Trụ sở phường Cửa Đông cũ", "address": "5 Cửa Đông", "land_area_m2": "600",
            "floor_area_m2": "900", "status": "du_doi", "kind": "tru_so"}


def test_commune_creates_and_province_follows_a_plan_to_completion(api_for):
    xa, tinh = api_for("demo.xa"), api_for("demo.tinh")
    response = xa.post("/api/facilities/facilities/", FACILITY, format="json")
    assert response.status_code == 201, response.json()
    facility = response.json()
    assert facility["commune_code"] == HOAN_KIEM and facility["status"] == "du_doi"
    deadline = (timezone.localdate() + timedelta(days=45)).isoformat()
    response = xa.post(f"/api/facilities/facilities/{facility['id']}/plans/", {"method": "cho_thue",
                                                                             "deadline": deadline}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "reason_not_priority"
    response = xa.post(f"/api/facilities/facilities/{facility['id']}/plans/", {"method": "chuyen_van_hoa_the_thao",
                                                                             "deadline": deadline}, format="json")
    plan = response.json()
    assert response.status_code == 201 and plan["state"] == "de_xuat"
    assert xa.post(f"/api/facilities/plans/{plan['id']}/approve/", {
        "decision_number": "9/QĐ", "approval_date": days_ago(2).isoformat()}, format="json").status_code == 403
    response = tinh.post(f"/api/facilities/plans/{plan['id']}/approve/", {
        "decision_number": "9/QĐ-UBND", "approval_date": days_ago(2).isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "da_phe_duyet"
    response = xa.post(f"/api/facilities/plans/{plan['id']}/complete/", {"done_date": days_ago(3).isoformat()},
                       format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ngày hoàn thành không được trước ngày phê duyệt")
    response = xa.post(f"/api/facilities/plans/{plan['id']}/complete/", {"done_date": days_ago(1).isoformat()},
                       format="json")
    assert response.json()["state"] == "hoan_thanh"
    assert [e["kind"] for e in response.json()["events"]] == ["propose", "approve", "complete"]
    summary = tinh.get("/api/facilities/summary/").json()
    assert summary["surplus"]["total"] == 1 and summary["surplus"]["handled"] == 1
    assert summary["surplus"]["by_method"] == [{"method": "chuyen_van_hoa_the_thao", "label": "Chuyển sang văn hóa, thể thao",
                                                "handled": 1, "remaining": 0}]
    assert api_for("demo.tinh2").get("/api/facilities/summary/").json()["surplus"]["total"] == 0
    assert "provinces" not in summary
    national = api_for("demo.quocgia").get("/api/facilities/summary/").json()
    assert [(p["code"], p["surplus"], p["handled"]) for p in national["provinces"]] == [("01", 1, 1)]


def test_negative_area_and_unknown_category_over_the_api(api_for):
    xa = api_for("demo.xa")
    response = xa.post("/api/facilities/facilities/", {**FACILITY, "floor_area_m2": "-1"}, format="json")
    assert response.status_code == 400 and response.json() == {"detail": "Diện tích sàn không được âm.",
                                                                "code": "invalid", "field": "floor_area_m2"}
    response = xa.post("/api/facilities/equipment/", {"category": "truc_thang", "required": 1, "available": 0},
                       format="json")
    assert response.status_code == 400 and "Loại thiết bị “truc_thang” không có trong danh mục." == response.json()["detail"]
    assert not Facility.objects.exists()


def test_scopes_over_the_api(api_for):
    created = api_for("demo.xa").post("/api/facilities/facilities/", FACILITY, format="json").json()
    assert api_for("demo.xa2").get(f"/api/facilities/facilities/{created['id']}/").status_code == 404
    assert api_for("demo.xa2").get("/api/facilities/facilities/").json()["count"] == 0
    assert api_for("demo.tinh2").get(f"/api/facilities/facilities/{created['id']}/").status_code == 404
    assert api_for("demo.tinh2").get("/api/facilities/readiness/", {"province": "01"}).json()["count"] == 0
    assert api_for("demo.tinh").get("/api/facilities/facilities/").json()["count"] == 1
    assert api_for("demo.bo").get("/api/facilities/facilities/").json()["count"] == 0
    # A commune officer cannot write into a neighbour's territory by naming its code.
    response = api_for("demo.xa2").post("/api/facilities/facilities/", {**FACILITY, "commune": HOAN_KIEM},
                                        format="json")
    assert response.status_code == 400 and response.json()["field"] == "commune"


def test_outage_and_connectivity_over_the_api(api_for):
    xa = api_for("demo.xa")
    start = timezone.now() - timedelta(hours=3)
    response = xa.post("/api/facilities/outages/", {"started_at": start.isoformat(),
                                                    "ended_at": (start - timedelta(minutes=5)).isoformat(),
                                                    "cause": "Đứt cáp"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "ended_at"
    response = xa.post("/api/facilities/outages/", {"started_at": start.isoformat(),
                                                    "ended_at": (start + timedelta(minutes=90)).isoformat(),
                                                    "cause": "Đứt cáp"}, format="json")
    assert response.status_code == 201 and response.json()["duration_minutes"] == 90
    assert xa.get(f"/api/facilities/connectivity/{HOAN_KIEM}/").status_code == 404  # none recorded: version 0
    read = 0
    response = xa.put(f"/api/facilities/connectivity/{HOAN_KIEM}/", {"broadband_mbps": "150", "mobile_coverage": "5g",
                                                                     "government_network": True,
                                                                     "video_conference_ready": True,
                                                                     "version": read}, format="json")
    assert response.status_code == 200
    row = api_for("demo.tinh").get("/api/facilities/readiness/").json()["results"]
    assert any(r["commune_code"] == HOAN_KIEM and r["connectivity_score"] == "30.0" for r in row)
    assert xa.put(f"/api/facilities/connectivity/{BA_DINH}/", {"broadband_mbps": "1", "mobile_coverage": "5g",
                                                               "version": 1}, format="json").status_code == 404


def test_schema_lists_the_facilities_endpoints(api_for):
    schema = api_for("demo.quocgia").get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/facilities/plans/{id}/approve/" in schema and "/api/facilities/readiness/" in schema
    assert HandlingPlan.objects.count() == 0


def test_documents_and_proposal_edit_over_the_api(api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    xa = api_for("demo.xa")
    facility = xa.post("/api/facilities/facilities/", FACILITY, format="json").json()
    url = f"/api/facilities/facilities/{facility['id']}/documents/"
    response = xa.post(url, {"file": SimpleUploadedFile("anh.png", b"MZ not a png")}, format="multipart")
    assert response.status_code == 400 and "không đúng định dạng" in response.json()["detail"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = xa.post(url, {"file": SimpleUploadedFile("ho-so.pdf", pdf), "title": "Hồ sơ đất"}, format="multipart")
    assert response.status_code == 201 and response.json()["content_type"] == "application/pdf"
    assert [d["title"] for d in xa.get(url).json()] == ["Hồ sơ đất"]
    assert api_for("demo.xa2").get(url).status_code == 404
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    plan = xa.post(f"/api/facilities/facilities/{facility['id']}/plans/", {"method": "giu_lai", "deadline": deadline},
                   format="json").json()
    response = xa.put(f"/api/facilities/plans/{plan['id']}/", {"method": "chuyen_cong_an", "deadline": deadline,
                                                            "version": plan["version"]}, format="json")
    assert response.status_code == 200 and response.json()["method"] == "chuyen_cong_an"


def test_equipment_procurement_platforms_over_the_api(api_for):
    xa, tinh = api_for("demo.xa"), api_for("demo.tinh")
    response = xa.post("/api/facilities/equipment/", {"category": "xe_o_to", "required": 2, "available": 0},
                       format="json")
    assert response.status_code == 200 and response.json()["gap"] == 2
    assert tinh.get("/api/facilities/readiness/", {"no_vehicle": "1"}).json()["results"][0]["commune_code"] == HOAN_KIEM
    item = xa.post("/api/facilities/procurement/", {"category": "xe_o_to", "quantity": 1,
                                                    "justification": "Chưa có xe phục vụ công tác"},
                   format="json").json()
    assert item["state"] == "du_thao"
    assert xa.post(f"/api/facilities/procurement/{item['id']}/move/", {"to": "da_duyet"},
                   format="json").status_code == 403
    assert xa.post(f"/api/facilities/procurement/{item['id']}/move/", {"to": "da_gui"}, format="json").status_code == 200
    assert tinh.post(f"/api/facilities/procurement/{item['id']}/move/", {"to": "da_duyet"},
                     format="json").json()["state"] == "da_duyet"
    assert xa.post(f"/api/facilities/procurement/{item['id']}/move/", {"to": "da_cap"},
                   format="json").json()["state"] == "da_cap"
    assert tinh.get("/api/facilities/readiness/", {"no_vehicle": "1"}).json()["count"] == 0
    response = tinh.post("/api/facilities/platforms/", {"commune": BA_DINH, "system": "mot_cua",
                                                        "connected_to_province": True}, format="json")
    assert response.status_code == 200 and response.json()["commune_code"] == BA_DINH
    assert api_for("demo.xa2").get("/api/facilities/platforms/").json()["count"] == 1
    assert xa.get("/api/facilities/platforms/").json()["count"] == 0


def test_a_resent_creation_returns_the_first_record(api_for):
    xa = api_for("demo.xa")
    first = xa.post("/api/facilities/facilities/", FACILITY, format="json", HTTP_IDEMPOTENCY_KEY="lan-1")
    again = xa.post("/api/facilities/facilities/", FACILITY, format="json", HTTP_IDEMPOTENCY_KEY="lan-1")
    assert first.status_code == 201 and again.status_code == 200 and again.json()["id"] == first.json()["id"]
    # The key is the author's own: another official's submission with the same key makes its own record.
    other = api_for("demo.xa2").post("/api/facilities/facilities/", {**FACILITY, "submission_key": "lan-1"},
                                     format="json")
    assert other.status_code == 201 and Facility.objects.count() == 2
