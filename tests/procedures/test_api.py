"""The API follows the same rules as the pages."""

from rest_framework.test import APIClient

from thongsuot.procedures.models import Dossier, Status

from .conftest import at

APPLICANT = ("Nguyễn Thị Hoa", "0912345678", "12 Hàng Bạc, Hoàn Kiếm")


def test_intake_and_steps_through_the_api(api_for, procedure):
    procedure(2, code="2.000001")
    client = api_for("demo.xa")
    response = client.post("/api/procedures/dossiers/", {"procedure": "2.000001", "channel": 2,
                                                         "applicant_name": "Lê Văn An"}, format="json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert response.json()["status"] == Status.RECEIVED
    assert response.json()["applicant"]["name"] == "Lê Văn An"
    step = client.post(f"/api/procedures/dossiers/{code}/steps/", {"kind": "finish"}, format="json")
    assert step.status_code == 200 and step.json()["status"] == Status.PROCESSED
    assert step.json()["outcome"] == "early"
    refused = client.post(f"/api/procedures/dossiers/{code}/steps/", {"kind": "finish"}, format="json")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "Không thể “Xử lý xong” khi hồ sơ đang ở trạng thái “Đã xử lý xong”.",
                              "code": "invalid_transition"}


def test_api_intake_reports_the_bad_field(api_for):
    response = api_for("demo.xa").post("/api/procedures/dossiers/", {"procedure": "0.0", "channel": 9},
                                       format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"procedure", "channel", "applicant_name"}
    assert Dossier.objects.count() == 0


def test_api_refuses_intake_outside_a_commune(api_for, procedure):
    procedure(2, code="2.000002")
    response = api_for("demo.tinh").post("/api/procedures/dossiers/", {
        "procedure": "2.000002", "channel": 1, "applicant_name": "Lê Văn An"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ công chức của xã, phường, đặc khu mới tiếp nhận được hồ sơ."


def test_api_scopes_and_hides_applicants(api_for, intake):
    dossier = intake()
    assert api_for("demo.xa").get(f"/api/procedures/dossiers/{dossier.code}/").json()["applicant"]["phone"] == \
        "0912345678"
    province = api_for("demo.tinh").get(f"/api/procedures/dossiers/{dossier.code}/")
    assert province.status_code == 200 and province.json()["applicant"] is None
    for username in ("demo.xa2", "demo.tinh2", "demo.bo"):
        client = api_for(username)
        assert client.get(f"/api/procedures/dossiers/{dossier.code}/").status_code == 404
        assert client.get("/api/procedures/dossiers/").json()["count"] == 0
        assert client.post(f"/api/procedures/dossiers/{dossier.code}/steps/", {"kind": "process"},
                           format="json").status_code == 404
    assert api_for("demo.tinh").get("/api/procedures/dossiers/?status=abc").status_code == 400


def test_figures_api(api_for, intake):
    intake(when=at(2025, 11, 3))
    body = api_for("demo.quocgia").get("/api/procedures/figures/?start=2025-11-01&end=2025-11-30"
                                       "&group_by=province").json()
    assert body["total"]["received"] == 1
    assert [row["label"] for row in body["rows"]] == ["Thành phố Hà Nội"]
    assert api_for("demo.quocgia").get("/api/procedures/figures/?start=x").status_code == 400


def test_public_lookup_api_needs_no_login_and_leaks_nothing(intake):
    dossier = intake()
    client = APIClient()
    response = client.get(f"/api/procedures/lookup/{dossier.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert response.json()["status"] == Status.RECEIVED
    assert set(response.json()) == {"code", "procedure", "commune", "province", "status", "status_label",
                                    "received_on", "appointment_date", "finished_on", "returned_on", "steps"}
    assert set(response.json()["steps"][0]) == {"kind", "label", "at", "new_appointment"}
    for secret in (*APPLICANT, "demo.xa", "Ngô Thị Xuân"):
        assert secret not in body
    unknown = client.get("/api/procedures/lookup/X00070-000000-0000/")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Không tìm thấy hồ sơ với mã đã nhập.", "code": "not_found"}


def test_api_schema_lists_the_endpoints(api_for):
    schema = api_for("demo.quocgia").get("/api/schema/?format=json").json()
    assert "/api/procedures/dossiers/{code}/steps/" in schema["paths"]
    assert "/api/procedures/lookup/{code}/" in schema["paths"]


def test_proposals_through_the_api(api_for, procedure):
    procedure(5, code="3.000001")
    filed = api_for("demo.xa").post("/api/procedures/procedures/3.000001/proposals/",
                                    {"kind": "merge", "content": "Gộp với thủ tục 3.000002"}, format="json")
    assert filed.status_code == 201 and filed.json()["proposed_by"] == "X00070"
    pk = filed.json()["id"]
    refused = api_for("demo.tinh").post(f"/api/procedures/proposals/{pk}/decision/", {"state": "accepted"},
                                        format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ lãnh đạo cấp trung ương mới xử lý đề xuất."
    accepted = api_for("demo.quocgia").post(f"/api/procedures/proposals/{pk}/decision/", {"state": "accepted"},
                                            format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = api_for("demo.quocgia").post(f"/api/procedures/proposals/{pk}/decision/", {"state": "rejected"},
                                         format="json")
    assert again.status_code == 409
    listed = api_for("demo.xa2").get("/api/procedures/procedures/3.000001/proposals/").json()
    assert [p["state"] for p in listed["results"]] == ["accepted"]


def test_public_lookup_api_is_rate_limited_in_vietnamese(intake, monkeypatch):
    from thongsuot.procedures.throttling import PublicLookupThrottle

    monkeypatch.setattr(PublicLookupThrottle, "THROTTLE_RATES", {"public_lookup": "2/min"})
    monkeypatch.setattr(PublicLookupThrottle, "timer", lambda self: 1_800_000_030.0)
    dossier = intake()
    client = APIClient()
    assert [client.get(f"/api/procedures/lookup/{dossier.code}/").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"/api/procedures/lookup/{dossier.code}/")
    assert refused.status_code == 429 and refused["Retry-After"] == "30"
    assert refused.json() == {"detail": "Quá nhiều yêu cầu. Vui lòng thử lại sau 30 giây.", "code": "throttled"}
    assert client.post(f"/api/procedures/lookup/{dossier.code}/").status_code in (405, 429)


def test_api_intake_resent_with_the_same_key_returns_the_first_dossier(api_for, procedure):
    """The Idempotency-Key header (core.resubmission): 201 for the first submission, 200 and the same dossier after."""
    procedure(2, code="2.000003")
    client = api_for("demo.xa")
    body = {"procedure": "2.000003", "channel": 1, "applicant_name": "Lê Văn An"}
    first = client.post("/api/procedures/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="api-key-1")
    again = client.post("/api/procedures/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="api-key-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
