"""Decentralised tasks in English: the catalogue, a task with the commune's report, the export."""

import random
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.accounts.models import Agency
from thongsuot.core.vocabulary import Sector
from thongsuot.decentralisation import services
from thongsuot.decentralisation.models import DecentralisedTask

NOTE = "Chưa có quy trình nội bộ."


@pytest.fixture
def tasks(db, persona):
    from thongsuot.decentralisation.demo import catalogue_seed

    catalogue_seed(random.Random(1))
    services.task_state_set(actor=persona("demo.xa"), task=DecentralisedTask.objects.get(code="PC-035"),
                            state="difficult", cause="procedure", note=NOTE)
    return DecentralisedTask.objects.all()


def _data(tasks) -> set[str]:
    """The catalogue's own text, the ministries' names, and the ministries' sectors that the
    project-wide catalogue (accounts) has no English for yet."""
    with translation.override("en"):
        sectors = {str(label) for _value, label in Sector.choices}
    rows = tasks.values_list("name", "legal_basis", "guidance_document")
    return {*(text for row in rows for text in row if text), *sectors, *people_and_places("demo.xa"),
            *Agency.objects.filter(level="ministry").values_list("name", flat=True)}


def test_the_catalogue_reads_in_english(english, tasks):
    page = page_of(english("demo.xa").get("/phan-cap/"))
    for label in ("Tasks decentralised to communes", "without ministry guidance", "Lead ministry", "Guidance",
                  "Implemented", "Facing difficulties", "Cannot be implemented", "No guidance yet", "Sector"):
        assert label in page, label
    for label in ("Nhiệm vụ phân cấp cho cấp xã", "Bộ, ngành chủ trì", "Chưa có hướng dẫn", "Đã thực hiện"):
        assert label not in page, label
    assert vietnamese_left(page, _data(tasks)) == []


def test_a_task_and_the_communes_report_read_in_english(english, tasks):
    client = english("demo.xa")
    page = page_of(client.get("/phan-cap/PC-035/"))
    for label in ("Legal basis", "Your commune's status", "Commune's report",
                  "Implementation status", "— Choose a status —", "Cause (if difficult)", "Process and formalities"):
        assert label in page, label
    assert "Báo cáo của xã" not in page and "Tình trạng thực hiện" not in page
    assert vietnamese_left(page, {NOTE, *_data(tasks)}) == []
    response = client.post("/phan-cap/PC-001/", {"state": "difficult", "cause": "", "note": "x", "version": "0"})
    assert response.status_code == 400
    assert "Choose the cause of the difficulty (interpretation, process and formalities, or administrative " \
           "procedures)." in page_of(response)


def test_the_excel_export_works_and_has_english_headers(english, tasks):
    response = english("demo.quocgia").get("/phan-cap/?xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[3]]
    assert headers == ["Code", "Task", "Sector", "Lead ministry", "Basis", "Guidance", "Implemented",
                       "Facing difficulties", "Cannot be implemented", "Recommendation or proposal"]
