"""Decentralised tasks in both directions: the owning ministry records the guidance it issued (several per
task, with a file), everyone who sees the task reads it; each task lists the communes reporting trouble
within the reader's view; a commune reads and reports its own status."""

import random
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thongsuot.decentralisation import services
from thongsuot.decentralisation.demo import catalogue_seed
from thongsuot.decentralisation.models import DecentralisedTask, TaskGuidance

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="huong-dan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def tasks(db):
    catalogue_seed(random.Random(1))
    return {"bnv": DecentralisedTask.objects.filter(owning_ministry__code="BNV").order_by("code").first(),
            "other": DecentralisedTask.objects.exclude(owning_ministry__code="BNV").order_by("code").first()}


def _guidance(persona, task, number="1234/BNV-CQĐP", **extra):
    return services.guidance_record(actor=persona("demo.bo"), task=task, number=number, signed_on=date(2025, 9, 1),
                                    excerpt="Hướng dẫn thực hiện nhiệm vụ ở cấp xã.", upload=pdf(), **extra)


def _report(persona, username, task, state="difficult"):
    return services.task_state_set(actor=persona(username), task=task, state=state,
                                   cause="procedure" if state == "difficult" else "", note="Chưa có quy trình.")


# ---------------------------------------------------------------- guidance


def test_the_owning_ministry_records_guidance_through_the_page_and_everyone_reads_it(client_for, tasks):
    task = tasks["bnv"]
    bo = client_for("demo.bo")
    assert "Ghi văn bản hướng dẫn" in bo.get(task.get_absolute_url()).content.decode()
    response = bo.post(f"/phan-cap/{task.code}/huong-dan/moi/", {
        "number": "Số: 1234/BNV-CQĐP", "signed_on": "2025-09-01", "excerpt": "Hướng dẫn thực hiện ở cấp xã",
        "file": pdf(), "submission_key": "g-1"})
    assert response.status_code == 302
    guidance = TaskGuidance.objects.get(task=task)
    assert guidance.number == "1234/BNV-CQĐP" and guidance.file_name == "huong-dan.pdf"
    task.refresh_from_db()
    assert task.guidance_issued and task.guidance_document == "1234/BNV-CQĐP ngày 01/09/2025"
    for reader in ("demo.xa", "demo.tinh", "demo.quocgia", "demo.bo"):
        page = client_for(reader).get(task.get_absolute_url()).content.decode()
        assert "1234/BNV-CQĐP" in page and "Hướng dẫn thực hiện ở cấp xã" in page
    download = client_for("demo.xa").get(f"/phan-cap/{task.code}/huong-dan/{guidance.pk}/tep/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_several_guidance_documents_per_task_the_latest_names_the_task(persona, tasks):
    task = tasks["bnv"]
    _guidance(persona, task, "10/BNV-CQĐP")
    services.guidance_record(actor=persona("demo.bo"), task=task, number="20/BNV-CQĐP", signed_on=date(2025, 10, 1),
                             excerpt="Hướng dẫn bổ sung.")
    task.refresh_from_db()
    assert task.guidance.count() == 2 and task.guidance_document.startswith("20/BNV-CQĐP")


@pytest.mark.parametrize("username", ["demo.xa", "demo.tinh", "demo.quocgia"])
def test_only_the_owning_ministry_records_guidance(client_for, tasks, username):
    task = tasks["bnv"]
    assert "Ghi văn bản hướng dẫn" not in client_for(username).get(task.get_absolute_url()).content.decode()
    assert client_for(username).get(f"/phan-cap/{task.code}/huong-dan/moi/").status_code == 403


def test_a_ministry_records_no_guidance_for_another_ministrys_task(client_for, api_for, tasks):
    other = tasks["other"]
    assert client_for("demo.bo").get(f"/phan-cap/{other.code}/huong-dan/moi/").status_code == 403
    response = api_for("demo.bo").post(f"/api/decentralisation/tasks/{other.code}/guidance/", {
        "number": "1/BNV-CQĐP", "signed_on": "2025-09-01", "excerpt": "x"}, format="json")
    assert response.status_code == 403
    assert response.data["detail"] == "Chỉ bộ, ngành chủ trì nhiệm vụ ghi văn bản hướng dẫn của nhiệm vụ."


def test_guidance_input_is_checked_naming_the_field(api_for, tasks):
    url = f"/api/decentralisation/tasks/{tasks['bnv'].code}/guidance/"
    bad_number = api_for("demo.bo").post(url, {"number": "abc", "signed_on": "2025-09-01", "excerpt": "x"},
                                         format="json")
    assert bad_number.status_code == 400 and bad_number.data["field"] == "number"
    future = api_for("demo.bo").post(url, {"number": "1/BNV-CQĐP", "signed_on": "2999-01-01", "excerpt": "x"},
                                     format="json")
    assert future.status_code == 400 and future.data["field"] == "signed_on"
    exe = api_for("demo.bo").post(url, {"number": "1/BNV-CQĐP", "signed_on": "2025-09-01", "excerpt": "x",
                                        "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" * 50)}, format="multipart")
    assert exe.status_code == 400 and exe.data["field"] == "file"
    assert not TaskGuidance.objects.exists()


def test_the_guidance_api_lists_and_creates_once_per_key(api_for, tasks):
    url = f"/api/decentralisation/tasks/{tasks['bnv'].code}/guidance/"
    body = {"number": "77/BNV-CQĐP", "signed_on": "2025-09-01", "excerpt": "Hướng dẫn.", "file": pdf()}
    first = api_for("demo.bo").post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and first.data["has_file"] is True
    again = api_for("demo.bo").post(url, {**body, "file": pdf()}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.data["id"] == first.data["id"]
    listed = api_for("demo.xa").get(url)
    assert listed.status_code == 200 and [g["number"] for g in listed.data] == ["77/BNV-CQĐP"]


def test_a_guidance_file_is_found_only_under_its_own_task(persona, client_for, tasks):
    guidance = _guidance(persona, tasks["bnv"])
    assert client_for("demo.xa").get(f"/phan-cap/{tasks['other'].code}/huong-dan/{guidance.pk}/tep/").status_code == 404


# ---------------------------------------------------------------- communes reporting trouble


def test_each_task_lists_the_communes_reporting_trouble_within_the_readers_view(persona, client_for, api_for, tasks):
    task = tasks["bnv"]
    _report(persona, "demo.xa", task)                                   # Hoàn Kiếm, Hà Nội
    _report(persona, "demo.xa2", task, state="cannot_implement")        # Ba Đình, Hà Nội
    _report(persona, "demo.xa3", task)                                  # Bát Xát, Lào Cai
    url = f"/api/decentralisation/tasks/{task.code}/troubles/"

    def communes(username):
        return sorted(row["commune_code"] for row in api_for(username).get(url).data["results"])

    assert communes("demo.tinh") == ["00004", "00070"]                  # a province: its communes
    assert communes("demo.tinh2") == ["02683"]
    assert communes("demo.bo") == ["00004", "00070", "02683"]          # the owning ministry: all
    assert communes("demo.quocgia") == ["00004", "00070", "02683"]
    assert communes("demo.xa") == ["00070"]                            # a commune: itself
    page = client_for("demo.tinh").get(task.get_absolute_url()).content.decode()
    assert "Phường Ba Đình" in page and "Xã Bát Xát" not in page


def test_a_ministry_sees_no_trouble_with_another_ministrys_task(persona, api_for, tasks):
    other = tasks["other"]
    _report(persona, "demo.xa", other)
    assert api_for("demo.bo").get(f"/api/decentralisation/tasks/{other.code}/troubles/").data["count"] == 0
    assert api_for("demo.quocgia").get(f"/api/decentralisation/tasks/{other.code}/troubles/").data["count"] == 1


# ---------------------------------------------------------------- a commune's own status


def test_a_commune_sees_its_own_status_per_task_and_reports_it_from_the_page(persona, client_for, tasks):
    task = tasks["bnv"]
    _report(persona, "demo.xa2", task, state="cannot_implement")        # another commune's report
    xa = client_for("demo.xa")
    listing = xa.get("/phan-cap/").content.decode()
    assert "Tình trạng của xã" in listing and "Chưa báo cáo" in listing
    assert 'badge bad">Không thể thực hiện' not in listing                 # not Ba Đình's state
    page = xa.get(task.get_absolute_url()).content.decode()
    assert "Xã chưa báo cáo tình hình thực hiện nhiệm vụ này." in page and 'id="report"' in page
    response = xa.post(task.get_absolute_url(), {"state": "implemented", "cause": "", "note": "", "version": 0})
    assert response.status_code == 302
    page = xa.get(task.get_absolute_url()).content.decode()
    assert 'id="own-state"' in page and 'badge ok">Đã thực hiện' in page
    assert 'badge ok">Đã thực hiện' in xa.get("/phan-cap/").content.decode()


def test_the_api_lists_a_communes_own_statuses_only(persona, api_for, tasks):
    _report(persona, "demo.xa", tasks["bnv"])
    _report(persona, "demo.xa2", tasks["other"])
    mine = api_for("demo.xa").get("/api/decentralisation/my-states/")
    assert mine.status_code == 200
    assert [(r["task_code"], r["commune_code"], r["state"]) for r in mine.data["results"]] == [
        (tasks["bnv"].code, "00070", "difficult")]
    assert mine.data["results"][0]["version"] == 1
    for username in ("demo.tinh", "demo.bo", "demo.quocgia"):
        assert api_for(username).get("/api/decentralisation/my-states/").status_code == 403
