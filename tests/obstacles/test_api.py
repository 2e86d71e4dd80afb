"""The same ladder and rules through the REST API."""

from tests.obstacles.factories import file_case, pdf
from thongsuot.obstacles.models import Obstacle

CASE = {"title": "Thiếu công chức địa chính", "description": "Phường chưa có công chức địa chính - xây dựng.",
        "domain": "org_staff", "severity": "high", "staff_field": "land", "headcount_needed": 1}


def test_the_ladder_over_the_api(api_for):
    created = api_for("demo.xa").post("/api/obstacles/", CASE, format="json")
    assert created.status_code == 201
    pk, version = created.data["id"], created.data["version"]
    assert created.data["status"] == "new" and created.data["responsible_agency_code"] == "X00070"

    sent = api_for("demo.xa.lanhdao").post(f"/api/obstacles/{pk}/escalate/",
                                           {"version": version, "message": "Vượt thẩm quyền."}, format="json")
    assert sent.status_code == 200 and sent.data["level"] == "province"

    written = api_for("demo.tinh").post(f"/api/obstacles/{pk}/escalate/", {
        "version": sent.data["version"], "to": "BNV", "number": "123/UBND-NV", "signed_on": "2025-11-24",
        "signer_name": "Hoàng Văn Tỉnh", "signer_title": "Phó Chủ tịch", "content": "Đề nghị hướng dẫn.",
        "file": pdf()}, format="multipart")
    assert written.status_code == 200, written.data
    assert (written.data["level"], written.data["ministry_code"]) == ("ministry", "BNV")
    assert written.data["requests"][0]["number"] == "123/UBND-NV"

    seen = api_for("demo.bo").get(f"/api/obstacles/{pk}/")
    assert seen.status_code == 200 and seen.data["next_actions"] == ["answer"]
    assert api_for("demo.tinh").get(f"/api/obstacles/{pk}/").data["next_actions"] == []
    answered = api_for("demo.bo").post(f"/api/obstacles/{pk}/answer/", {
        "version": written.data["version"], "number": "456/BNV-CQĐP", "signed_on": "2025-11-25",
        "signer_name": "Phạm Minh Bộ", "signer_title": "Vụ trưởng", "guidance": "Tuyển dụng theo Nghị định 170.",
        "file": pdf("tra-loi.pdf")}, format="multipart")
    assert answered.status_code == 200 and answered.data["status"] == "answered"
    assert answered.data["level"] == "province"   # to the province, which wrote the request

    assert api_for("demo.tinh").get(f"/api/obstacles/{pk}/").data["next_actions"] == [
        "start", "escalate", "pass_down", "resolve"]
    passed = api_for("demo.tinh").post(f"/api/obstacles/{pk}/transitions/", {
        "action": "pass_down", "version": answered.data["version"], "message": "Đề nghị phường thực hiện."},
        format="json")
    assert passed.status_code == 200 and passed.data["level"] == "commune"
    closed = api_for("demo.xa").post(f"/api/obstacles/{pk}/transitions/",
                                     {"action": "close", "version": passed.data["version"]}, format="json")
    assert closed.status_code == 200 and closed.data["status"] == "closed"
    assert [e["kind"] for e in closed.data["events"]] == [
        "create", "escalate", "escalate", "answer", "pass_down", "close"]


def test_a_written_request_needs_its_file(api_for, persona):
    from tests.obstacles.factories import put_case

    obstacle = put_case(file_case(persona("demo.xa")), status="in_progress", level="province")
    response = api_for("demo.tinh").post(f"/api/obstacles/{obstacle.pk}/escalate/", {
        "version": obstacle.version, "to": "BNV", "number": "123/UBND-NV", "signed_on": "2025-11-24",
        "signer_name": "Hoàng Văn Tỉnh", "signer_title": "Phó Chủ tịch", "content": "Đề nghị."}, format="json")
    assert response.status_code == 400
    assert response.data["file"] == ["Cần tệp văn bản đề nghị (bản scan có chữ ký)."]
    obstacle.refresh_from_db()
    assert obstacle.level == "province"


def test_the_same_request_sent_twice_files_one_case(api_for):
    client = api_for("demo.xa")
    first = client.post("/api/obstacles/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="retry-7f3a")
    second = client.post("/api/obstacles/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="retry-7f3a")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.data["id"] == second.data["id"]
    assert Obstacle.objects.filter(title=CASE["title"]).count() == 1
    # The key belongs to the user: another user's identical key files their own case.
    other = api_for("demo.xa2").post("/api/obstacles/", CASE, format="json", HTTP_IDEMPOTENCY_KEY="retry-7f3a")
    assert other.status_code == 201 and other.data["id"] != first.data["id"]


def test_a_stale_version_gets_409_and_a_reload_message(api_for, persona):
    obstacle = file_case(persona("demo.xa"))
    client = api_for("demo.xa.lanhdao")
    ok = client.post(f"/api/obstacles/{obstacle.pk}/transitions/", {"action": "acknowledge", "version": 1},
                     format="json")
    assert ok.status_code == 200
    stale = client.post(f"/api/obstacles/{obstacle.pk}/transitions/", {"action": "start", "version": 1},
                        format="json")
    assert stale.status_code == 409 and stale.data["code"] == "stale"
    assert "tải lại trang" in stale.data["detail"]


def test_refused_moves_say_why(api_for, persona):
    obstacle = file_case(persona("demo.xa"))
    illegal = api_for("demo.xa").post(f"/api/obstacles/{obstacle.pk}/transitions/",
                                      {"action": "close", "version": 1}, format="json")
    assert illegal.status_code == 409
    assert illegal.data["detail"] == "Không thể “Đóng” khi khó khăn đang ở trạng thái “Mới”."
    not_theirs = api_for("demo.tinh").post(f"/api/obstacles/{obstacle.pk}/transitions/",
                                           {"action": "acknowledge", "version": 1}, format="json")
    assert not_theirs.status_code == 403 and not_theirs.data["code"] == "forbidden"
    bad = api_for("demo.xa").post("/api/obstacles/", {**CASE, "domain": "weather"}, format="json")
    assert bad.status_code == 400 and "domain" in bad.data


def test_scoping_over_the_api(api_for, persona):
    obstacle = file_case(persona("demo.xa"))
    assert api_for("demo.xa2").get(f"/api/obstacles/{obstacle.pk}/").status_code == 404
    assert api_for("demo.tinh2").get("/api/obstacles/").data["count"] == 0
    assert api_for("demo.bo").get("/api/obstacles/").data["count"] == 0
    assert api_for("demo.tinh").get("/api/obstacles/").data["count"] == 1
    assert api_for("demo.xa.lanhdao").get("/api/obstacles/queue/").data["count"] == 1
    overview = api_for("demo.quocgia").get("/api/obstacles/overview/").data
    assert overview["total"] == 1 and overview["by_province"][0]["province__code"] == "01"


def test_the_endpoints_are_in_the_schema(api_for):
    schema = api_for("demo.xa").get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/obstacles/", "/api/obstacles/{id}/escalate/", "/api/obstacles/{id}/answer/",
                 "/api/obstacles/{id}/transitions/", "/api/obstacles/queue/"):
        assert path in schema


def test_documents_and_notices_over_the_api(api_for, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    obstacle = file_case(persona("demo.xa"))
    client = api_for("demo.xa")
    ok = client.post(f"/api/obstacles/{obstacle.pk}/attachments/", {"file": pdf("bien-ban.pdf")}, format="multipart")
    assert ok.status_code == 201 and ok.data["mime"] == "application/pdf"
    fake = SimpleUploadedFile("anh.png", b"not an image at all", content_type="image/png")
    bad = client.post(f"/api/obstacles/{obstacle.pk}/attachments/", {"file": fake}, format="multipart")
    assert bad.status_code == 400 and "không đúng định dạng" in bad.data["file"][0]
    assert api_for("demo.xa2").post(f"/api/obstacles/{obstacle.pk}/attachments/", {"file": pdf()},
                                    format="multipart").status_code == 404
    notices = api_for("demo.xa.lanhdao").get("/api/obstacles/notifications/?unread=1").data
    assert notices["count"] == 1 and notices["results"][0]["obstacle_id"] == obstacle.pk


def test_a_province_files_its_own_case_and_writes_to_a_ministry(api_for):
    created = api_for("demo.tinh.chuyenvien").post("/api/obstacles/", {
        "title": "Chưa có hướng dẫn xử lý trụ sở dôi dư", "description": "126 trụ sở dôi dư.",
        "domain": "hq_assets", "facility_subject": "premises"}, format="json")
    assert created.status_code == 201
    assert (created.data["level"], created.data["commune_code"], created.data["responsible_agency_code"]) == (
        "province", None, "T01")
    pk = created.data["id"]
    assert api_for("demo.xa").get(f"/api/obstacles/{pk}/").status_code == 404
    sent = api_for("demo.tinh").post(f"/api/obstacles/{pk}/escalate/", {
        "version": created.data["version"], "to": "BTC", "number": "88/UBND-KT", "signed_on": "2025-11-24",
        "signer_name": "Hoàng Văn Tỉnh", "signer_title": "Phó Chủ tịch", "content": "Đề nghị Bộ Tài chính hướng dẫn.",
        "file": pdf()}, format="multipart")
    assert sent.status_code == 200 and sent.data["ministry_code"] == "BTC"
    assert api_for("demo.bo").get(f"/api/obstacles/{pk}/").status_code == 404
    returned = api_for("demo.tinh").post(f"/api/obstacles/{pk}/transitions/",
                                         {"action": "return", "version": sent.data["version"], "message": "x"},
                                         format="json")
    assert returned.status_code == 403
