"""The API runs the same loop with the same rules: issue, assign, cascade, report, approve, matrix."""

import pytest

from thongsuot.directives.models import Directive

pytestmark = pytest.mark.django_db


def test_loop_end_to_end_over_the_api(api_for):
    boss = api_for("demo.quocgia")
    response = boss.post("/api/directives/", {
        "number": "30/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "thuong_khan", "title": "Thử API",
        "signer_name": "Nguyễn Văn Quốc", "signer_title": "Phó Trưởng Ban"}, format="json")
    assert response.status_code == 201, response.json()
    directive_id = response.json()["id"]
    response = boss.post(f"/api/directives/{directive_id}/tasks/", {
        "title": "Bổ sung công chức", "deadline": "2025-12-31", "domain": "org_staff", "lead_agency": "BNV",
        "figures": [{"name": "Số công chức còn thiếu", "unit": "người"}]}, format="json")
    assert response.status_code == 201, response.json()
    task = response.json()
    figure_id = task["figures"][0]["id"]
    assert boss.post(f"/api/directives/{directive_id}/issue/").json()["status"] == "issued"
    response = boss.post(f"/api/directives/tasks/{task['id']}/assign/", {"provinces": ["01", "15"]}, format="json")
    assert response.status_code == 201 and len(response.json()) == 2

    province = api_for("demo.tinh")
    mine = province.get("/api/directives/assignments/?mine=1").json()["results"]
    assert [a["agency"] for a in mine] == ["T01"]
    response = province.post(f"/api/directives/assignments/{mine[0]['id']}/cascade/", {"communes": ["00070"]},
                             format="json")
    assert response.status_code == 201 and response.json()[0]["commune"] == "00070"

    commune = api_for("demo.xa")
    mine = commune.get("/api/directives/assignments/?mine=1").json()["results"]
    assert [a["agency"] for a in mine] == ["X00070"]
    response = commune.post(f"/api/directives/assignments/{mine[0]['id']}/reports/", {
        "period_start": "2025-11-24", "period_end": "2025-11-30", "narrative": "Đã rà soát", "progress": 100,
        "figures": {str(figure_id): "2"}}, format="json")
    assert response.status_code == 201, response.json()
    report_id = response.json()["id"]
    resent = commune.post(f"/api/directives/assignments/{mine[0]['id']}/reports/", {
        "period_start": "2025-11-24", "period_end": "2025-11-30", "narrative": "Đã rà soát", "progress": 100,
        "figures": {str(figure_id): "2"}}, format="json", HTTP_IDEMPOTENCY_KEY="bao-cao-1")
    assert resent.status_code == 201 and resent.json()["id"] != report_id
    again = commune.post(f"/api/directives/assignments/{mine[0]['id']}/reports/", {
        "period_start": "2025-11-24", "period_end": "2025-11-30", "narrative": "Đã rà soát", "progress": 100,
        "figures": {str(figure_id): "2"}}, format="json", HTTP_IDEMPOTENCY_KEY="bao-cao-1")
    assert again.status_code == 200 and again.json()["id"] == resent.json()["id"]
    assert commune.post(f"/api/directives/reports/{report_id}/approve/").status_code == 403
    response = api_for("demo.xa.lanhdao").post(f"/api/directives/reports/{report_id}/approve/", {"note": "OK"},
                                                format="json")
    assert response.json()["status"] == "approved"

    matrix = boss.get(f"/api/directives/{directive_id}/matrix/").json()
    hanoi = next(row for row in matrix["rows"] if row["place"] == "01")["cells"][0]
    assert (hanoi["units"], hanoi["done"], hanoi["progress"]) == (2, 1, 50.0)
    assert hanoi["figures"] == {str(figure_id): "2.00"}
    assert matrix["total"][0]["progress"] == 25.0
    drill = boss.get(f"/api/directives/{directive_id}/matrix/01/").json()
    assert [row["place"] for row in drill["rows"]] == [None, "00070"]


def test_api_refusals_in_vietnamese(api_for, issued):
    response = api_for("demo.xa").post("/api/directives/", {
        "number": "1/CV", "issued_on": "2025-11-23", "urgency": "thuong", "title": "X", "signer_name": "A",
        "signer_title": "B"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."
    response = api_for("demo.quocgia").post(f"/api/directives/{issued.pk}/issue/")
    assert response.status_code == 409 and "Không thể chuyển" in response.json()["detail"]
    task = issued.tasks.first()
    response = api_for("demo.quocgia").post(f"/api/directives/tasks/{task.pk}/assign/", {"provinces": ["99"]},
                                            format="json")
    assert response.status_code == 400 and response.json()["detail"] == "Không có provinces mã: 99."


def test_api_scoping(api_for, cascaded, persona):
    from datetime import date

    from thongsuot.directives import services

    child = cascaded.children.get(commune__code="00070")
    report = services.report_submit(actor=persona("demo.xa"), assignment=child, period_start=date(2025, 11, 24),
                                    period_end=date(2025, 11, 30), narrative="x", progress=10,
                                    figures={f.pk: 1 for f in child.task.figures.all()})
    assert api_for("demo.tinh2").get(f"/api/directives/reports/{report.pk}/").status_code == 404
    assert api_for("demo.xa2").get(f"/api/directives/assignments/{child.pk}/").status_code == 404
    codes = {a["agency"] for a in api_for("demo.tinh2").get("/api/directives/assignments/").json()["results"]}
    assert codes == {"T15"}
    assert api_for("demo.tinh").get(f"/api/directives/{cascaded.directive_id}/matrix/15/").status_code == 404
    assert Directive.objects.count() == 1
