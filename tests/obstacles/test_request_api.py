"""The written-request API: the same services and rules as the pages — a scoped register, a draft
replayed safely (201 then 200), the leader's approval, an item-by-item answer, the response times."""

import pytest

from tests.obstacles.test_requests import TODAY
from thongsuot.obstacles import services
from thongsuot.obstacles.models import EscalationRequest, Status


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


def test_draft_approve_answer_over_the_api(api_for, two_cases):
    hoan_kiem, ba_dinh = two_cases
    officer = api_for("demo.tinh.chuyenvien")
    body = {"cases": [hoan_kiem.pk, ba_dinh.pk], "to": "BNV", "excerpt": "đề nghị hướng dẫn",
            "content": "Kính đề nghị Bộ Nội vụ hướng dẫn.", "answer_days": 15}
    first = officer.post("/api/obstacles/requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="draft-1")
    assert first.status_code == 201, first.data
    again = officer.post("/api/obstacles/requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="draft-1")
    assert (again.status_code, again.data["id"]) == (200, first.data["id"])
    assert EscalationRequest.objects.count() == 1
    pk, version = first.data["id"], first.data["version"]
    assert [c["id"] for c in first.data["cases"]] == [hoan_kiem.pk, ba_dinh.pk]
    bad = officer.post("/api/obstacles/requests/", {**body, "to": "XYZ"}, format="json")
    assert bad.status_code == 400 and bad.data["detail"] == "Không có cơ quan nhận mã “XYZ”."

    approval = {"version": version, "number": "05/UBND-NV", "signed_on": "2025-11-24",
                "signer_name": "Hoàng Văn Tỉnh", "signer_title": "Phó Chủ tịch"}
    refused = officer.post(f"/api/obstacles/requests/{pk}/approve/", approval, format="json")
    assert refused.status_code == 403 and "không được duyệt, ký" in refused.data["detail"]
    assert api_for("demo.bo").post(f"/api/obstacles/requests/{pk}/approve/", approval,
                                   format="json").status_code == 404          # a draft is the drafter's own
    approved = api_for("demo.tinh").post(f"/api/obstacles/requests/{pk}/approve/", approval, format="json")
    assert approved.status_code == 200, approved.data
    assert (approved.data["state"], approved.data["answer_due"]) == ("sent", "2025-12-15")

    ministry = api_for("demo.bo")
    listed = ministry.get("/api/obstacles/requests/?state=open")
    assert [r["id"] for r in listed.data["results"]] == [pk]
    assert ministry.get("/api/obstacles/requests/?state=bogus").status_code == 400
    assert api_for("demo.xa").get("/api/obstacles/requests/").status_code == 403
    assert api_for("demo.tinh2").get(f"/api/obstacles/requests/{pk}/").status_code == 404
    assert api_for("demo.tinh2").get("/api/obstacles/requests/").data["results"] == []

    answer = {"number": "456/BNV-CQĐP", "signed_on": "2025-11-24", "signer_name": "Phạm Minh Bộ",
              "signer_title": "Vụ trưởng", "case_answers": [{"case": ba_dinh.pk, "guidance": "Tuyển dụng bổ sung."}]}
    done = ministry.post(f"/api/obstacles/requests/{pk}/answer/", answer, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert done.status_code == 201, done.data
    replay = ministry.post(f"/api/obstacles/requests/{pk}/answer/", answer, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert replay.status_code == 200 and len(replay.data["answers"]) == 1
    cases = {c["id"]: c for c in done.data["cases"]}
    assert cases[ba_dinh.pk]["own_answer"] == "Tuyển dụng bổ sung." and cases[hoan_kiem.pk]["answer_id"] is None
    assert done.data["answered_on"] is None
    rest = ministry.post(f"/api/obstacles/requests/{pk}/answer/", {
        **answer, "number": "457/BNV-CQĐP", "case_answers": None, "guidance": "Bố trí theo Nghị định 33/2023."},
        format="json")
    assert rest.status_code == 201 and rest.data["answered_on"] == "2025-11-24" and rest.data["days_taken"] == 0
    hoan_kiem.refresh_from_db()
    assert hoan_kiem.status == Status.ANSWERED

    times = api_for("demo.quocgia").get("/api/obstacles/requests/response-times/?ministry=BNV")
    assert times.status_code == 200
    assert [(r["name"], r["answered"], r["median"]) for r in times.data] == [("Bộ Nội vụ", 1, 0)]
