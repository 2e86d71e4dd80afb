"""Procedures in English: dossiers, a dossier, intake, the catalogue, figures, the public lookup.
The printed receipt stays a Vietnamese legal form whatever the page's language."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.procedures import pdf, selectors
from thongsuot.procedures.models import Channel, OnlineLevel, Procedure
from thongsuot.procedures.services import dossier_intake

PROCEDURE = "Đăng ký khai sinh"
APPLICANT = ("Nguyễn Thị Hoa", "0912345678", "12 Hàng Bạc, Hoàn Kiếm")


@pytest.fixture
def dossier(db, persona):
    procedure = Procedure.objects.create(code="1.001193", name=PROCEDURE, sector=ProcedureField.CIVIL_STATUS,
                                         time_limit_days=3, online_level=OnlineLevel.FULL)
    return dossier_intake(actor=persona("demo.xa"), procedure=procedure, channel=Channel.IN_PERSON,
                          applicant_name=APPLICANT[0], applicant_phone=APPLICANT[1], applicant_address=APPLICANT[2],
                          at=datetime(2025, 11, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


def _data() -> set[str]:
    return {PROCEDURE, *APPLICANT, *people_and_places("demo.xa")}


def test_the_dossier_list_and_a_dossier_read_in_english(english, dossier):
    client = english("demo.xa")
    page = page_of(client.get("/thu-tuc/ho-so/"))
    for label in ("Administrative procedure dossiers", "Receive dossier", "Dossier code or procedure name",
                  "Submission channel", "In person", "Receiving commune", "In progress", "Export to Excel"):
        assert label in page, label
    for label in ("Hồ sơ thủ tục hành chính", "Tiếp nhận hồ sơ", "Hình thức nộp", "Đang xử lý"):
        assert label not in page, label
    assert vietnamese_left(page, _data()) == []

    page = page_of(client.get(f"/thu-tuc/ho-so/{dossier.code}/"))
    for label in ("Processing history", "Dossier registered", "Send for processing", "Request a supplement",
                  "Print the receipt and appointment slip (PDF)", "(3 working days)", "Due date", "Applicant"):
        assert label in page, label
    assert "Quá trình xử lý" not in page and "ngày làm việc" not in page
    assert vietnamese_left(page, _data()) == []
    refused = client.post(f"/thu-tuc/ho-so/{dossier.code}/xu-ly/",
                          {"kind": "supplement_request", "version": dossier.version, "note": ""}, follow=True)
    assert "Please enter the reason or details." in page_of(refused)


def test_intake_the_catalogue_and_the_figures_read_in_english(english, dossier):
    client = english("demo.xa")
    page = page_of(client.get("/thu-tuc/ho-so/tiep-nhan/"))
    for label in ("Receive dossier", "Procedure code", "Applicant's full name", "Public postal service",
                  "Register only (online dossier awaiting receipt)", "Receive and issue a dossier code"):
        assert label in page, label
    assert vietnamese_left(page, _data()) == []
    response = client.post("/thu-tuc/ho-so/tiep-nhan/", {"procedure": "9.999", "channel": "1",
                                                         "applicant_name": "Trần Văn Bình"})
    assert "No procedure in force has this code." in page_of(response)

    page = page_of(client.get("/thu-tuc/"))
    for label in ("Catalogue of commune-level administrative procedures", "Sector", "Time limit",
                  "3 working days", "Civil status", "Fully online public service", "Free of charge"):
        assert label in page, label
    assert vietnamese_left(page, _data()) == []

    page = page_of(client.get("/thu-tuc/so-lieu/?start=2025-11-01&end=2025-11-30"))
    for label in ("Dossier processing figures", "Show", "Carried over", "Received in the period", "Withdrawn",
                  "On time (Decision 766)", "On-time rate"):
        assert label in page, label
    assert "Viewer" not in page          # the role's English, which the button once borrowed
    assert vietnamese_left(page, _data()) == []

    sheet = load_workbook(BytesIO(client.get("/thu-tuc/ho-so/?xuat=xlsx").content)).active
    assert sheet["A1"].value == "List of administrative procedure dossiers"
    assert [cell.value for cell in sheet[3]][:5] == ["Dossier code", "Procedure", "Communes", "Method", "Status"]


def test_the_public_lookup_reads_in_english(dossier, monkeypatch):
    # The lookup keeps unit and procedure names per process; a rolled-back test may have left a
    # name under the id this procedure reuses.
    monkeypatch.setitem(selectors._names_cache, "at", None)
    visitor = Client()
    visitor.get("/ngon-ngu/en/?next=/tra-cuu/")
    page = page_of(visitor.get(f"/tra-cuu/?ma={dossier.code}"))
    for label in ("Look up a dossier's status", "Received", "Result due on", "Steps", "Receive dossier",
                  "This lookup shows only the status and key dates, never the applicant's details."):
        assert label in page, label
    assert vietnamese_left(page, {PROCEDURE, "Phường Hoàn Kiếm", "Thành phố Hà Nội"}) == []


def test_the_printed_receipt_stays_vietnamese_in_english(english, dossier, monkeypatch):
    printed = []
    original = pdf._Form.line_item
    monkeypatch.setattr(pdf._Form, "line_item",
                        lambda form, label, value: (printed.append((label, value)), original(form, label, value)))
    response = english("demo.xa").get(f"/thu-tuc/ho-so/{dossier.code}/bien-nhan.pdf")
    assert response.status_code == 200
    assert ("Hình thức nộp", "Trực tiếp") in printed
    assert ("Thời hạn giải quyết", "3 ngày làm việc") in printed
