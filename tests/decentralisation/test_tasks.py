"""Decentralised tasks: communes report; difficulty opens a linked case; the nation sees counts."""

from io import StringIO

import pytest

from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.decentralisation import services
from thongsuot.decentralisation.demo import seed_demo
from thongsuot.decentralisation.models import CommuneTaskState, DecentralisedTask
from thongsuot.obstacles.models import Obstacle


@pytest.fixture
def catalogue(db):
    import random

    from thongsuot.decentralisation.demo import catalogue_seed

    catalogue_seed(random.Random(1))
    return DecentralisedTask.objects


def test_marking_a_task_difficult_opens_one_linked_case(persona, catalogue):
    task = catalogue.get(code="PC-035")
    row = services.task_state_set(actor=persona("demo.xa"), task=task, state="difficult", cause="procedure",
                                  note="Chưa có quy trình nội bộ.")
    case = row.obstacle
    assert case.domain == "decentralisation" and case.classification == "difficult_procedure"
    assert case.title.startswith("Nhiệm vụ phân cấp PC-035") and case.commune.code == "00070"
    row = services.task_state_set(actor=persona("demo.xa"), task=task, state="cannot_implement",
                                  note="Không đủ nhân lực.", version=row.version)
    assert row.obstacle_id == case.pk
    assert Obstacle.objects.filter(domain="decentralisation").count() == 1


def test_implemented_and_proposal_open_no_case(persona, catalogue):
    row = services.task_state_set(actor=persona("demo.xa"), task=catalogue.get(code="PC-001"), state="implemented")
    assert row.obstacle is None
    row = services.task_state_set(actor=persona("demo.xa"), task=catalogue.get(code="PC-002"), state="proposal",
                                  note="Đề nghị giao thêm biên chế.")
    assert row.obstacle is None and not Obstacle.objects.exists()


def test_difficult_needs_a_cause_and_a_note(persona, catalogue):
    with pytest.raises(DomainError) as caught:
        services.task_state_set(actor=persona("demo.xa"), task=catalogue.get(code="PC-001"), state="difficult",
                                note="Khó.")
    assert caught.value.field == "cause"
    assert not CommuneTaskState.objects.exists()


def test_only_commune_officers_report(persona, catalogue):
    for username in ("demo.tinh", "demo.xa.xem"):
        with pytest.raises(Forbidden):
            services.task_state_set(actor=persona(username), task=catalogue.get(code="PC-001"), state="implemented")


def test_commune_reports_through_the_page(client_for, catalogue):
    response = client_for("demo.xa").post("/phan-cap/PC-045/", {"state": "cannot_implement", "cause": "",
                                                                 "note": "Trạm y tế chưa đủ nhân lực.", "version": 0})
    assert response.status_code == 302
    row = CommuneTaskState.objects.get(task__code="PC-045")
    assert row.obstacle.classification == "cannot_implement"
    page = client_for("demo.xa").get("/phan-cap/PC-045/").content.decode()
    assert row.obstacle.code in page
    case_page = client_for("demo.xa").get(f"/kho-khan/{row.obstacle_id}/").content.decode()
    assert "PC-045 — Quản lý trạm y tế cấp xã" in case_page
    bad = client_for("demo.xa").post("/phan-cap/PC-045/", {"state": "difficult", "cause": "", "note": "x",
                                                            "version": row.version})
    assert bad.status_code == 400 and "Chọn nguyên nhân khó khăn" in bad.content.decode()


def test_national_page_counts_states_and_lists_tasks_without_guidance(client_for, persona, catalogue):
    seed_demo({}, StringIO())
    body = client_for("demo.quocgia").get("/phan-cap/?missing=1").content.decode()
    missing = list(catalogue.filter(guidance_issued=False).values_list("code", flat=True))
    assert missing and all(code in body for code in missing[:10])
    issued = catalogue.filter(guidance_issued=True).first()
    assert f">{issued.code}<" not in body
    api = client_for("demo.quocgia").get("/api/decentralisation/tasks/?page_size=200").json()
    total = sum(sum(t["counts"].values()) for t in api["results"])
    assert total == CommuneTaskState.objects.count() > 0


def test_states_are_scoped(api_for, persona, catalogue):
    seed_demo({}, StringIO())

    def total(username):
        data = api_for(username).get("/api/decentralisation/tasks/?page_size=200").json()
        return sum(sum(t["counts"].values()) for t in data["results"])

    assert total("demo.xa") == CommuneTaskState.objects.filter(commune__code="00070").count() == 4
    assert total("demo.xa2") == CommuneTaskState.objects.filter(commune__code="00004").count()
    assert total("demo.tinh2") == CommuneTaskState.objects.filter(province__code="15").count()
    assert total("demo.bo") == CommuneTaskState.objects.filter(task__owning_ministry__code="BNV").count()
    assert total("demo.bo") < CommuneTaskState.objects.count()


def test_report_over_the_api(api_for, catalogue):
    response = api_for("demo.xa").put("/api/decentralisation/tasks/PC-035/state/",
                                      {"state": "difficult", "cause": "tthc", "note": "Thủ tục chưa rõ.", "version": 0},
                                      format="json")
    assert response.status_code == 200 and response.data["obstacle_id"]
    assert api_for("demo.tinh").put("/api/decentralisation/tasks/PC-035/state/", {"state": "implemented",
                                    "version": 0}, format="json").status_code == 403


def test_a_stale_report_is_refused(persona, catalogue):
    from thongsuot.core.errors import StaleVersion

    task = catalogue.get(code="PC-001")
    row = services.task_state_set(actor=persona("demo.xa"), task=task, state="implemented")
    services.task_state_set(actor=persona("demo.xa"), task=task, state="proposal", note="Giao thêm biên chế.",
                            version=row.version)
    with pytest.raises(StaleVersion):
        services.task_state_set(actor=persona("demo.xa"), task=task, state="implemented", version=row.version)
    assert CommuneTaskState.objects.get(task=task).state == "proposal"


def test_a_stale_report_answers_409_on_the_page_and_in_the_api_and_a_fresh_one_counts(api_for, client_for, catalogue):
    """core.versioning: 0 says "nothing reported yet"; a report made in between is not overwritten."""
    api = api_for("demo.xa")
    url = "/api/decentralisation/tasks/PC-001/state/"
    assert api.put(url, {"state": "implemented", "version": 0}, format="json").json()["version"] == 1
    stale = api.put(url, {"state": "proposal", "note": "Cần thêm biên chế.", "version": 0}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    page = client_for("demo.xa").post("/phan-cap/PC-001/", {"state": "proposal", "cause": "",
                                                            "note": "Kiến nghị gõ trên trang", "version": 0})
    assert page.status_code == 409 and "Kiến nghị gõ trên trang" in page.content.decode()
    assert CommuneTaskState.objects.get(task__code="PC-001").state == "implemented"
    missing = api.put(url, {"state": "implemented"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    fresh = api.put(url, {"state": "proposal", "note": "Cần thêm biên chế.", "version": 1}, format="json")
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
