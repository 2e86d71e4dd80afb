"""Facilities in English: the overview, the lists, a premises, the forms with their refusals, the Excel export."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.facilities import services
from thongsuot.geo.models import Commune, FormerUnit, Province

NAME = "Trụ sở UBND phường Hàng Bạc cũ"
ADDRESS = "12 Hàng Bạc"
USE = "Bỏ trống"
DECISION = "125/QĐ-UBND"
#: The approval's event note is written by the service, in Vietnamese, and stored with the record.
DECISION_NOTE = f"Quyết định số {DECISION}"


@pytest.fixture
def hoan_kiem(db):
    return Commune.objects.get(code="00070")


@pytest.fixture
def surplus_premises(persona, hoan_kiem):
    """A surplus premises of Hoàn Kiếm, with a plan the city approved ten days ago."""
    today = timezone.localdate()
    facility = services.facility_create(actor=persona("demo.xa"), commune=hoan_kiem, status="du_doi", name=NAME,
                                        address=ADDRESS, land_area_m2="540", floor_area_m2="820.5", year_built=1998,
                                        current_use=USE)
    plan = services.handling_plan_propose(actor=persona("demo.xa"), facility=facility, method="chuyen_giao_duc",
                                          deadline=today + timedelta(days=60))
    services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number=DECISION,
                                   approval_date=today - timedelta(days=10))
    return facility


def _data(*usernames) -> set[str]:
    """What the records say: the premises, the people and places, the provinces' short names."""
    return {NAME, ADDRESS, USE, DECISION_NOTE, *Province.objects.values_list("short_name", flat=True),
            *people_and_places(*usernames)}


def test_the_overview_and_the_lists_read_in_english(english, surplus_premises):
    client = english("demo.tinh")
    data = _data("demo.tinh", "demo.xa")

    page = page_of(client.get("/co-so-vat-chat/"))
    for label in ("Headquarters, assets, equipment and connectivity", "Export report to Excel", "Surplus premises",
                  "Handling plan", "Equipment requests", "Digital platforms", "Least ready", "Without a car"):
        assert label in page, label
    for label in ("Nhà đất dôi dư", "Phương án xử lý", "Sẵn sàng", "Xã, phường, đặc khu"):
        assert label not in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get("/co-so-vat-chat/tru-so/"))
    for label in ("Headquarters and other premises", "Add premises", "Premises name", "Partly used", "Surplus",
                  "Convert to education", "Liquidate", "Land (m²)", "Filter"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get("/co-so-vat-chat/phuong-an/"))
    for label in ("Handling plans for surplus premises", "Approved", "Convert to education", "Decision", "Deadline"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get("/co-so-vat-chat/san-sang/"))
    assert "Scoring formula (100 points)" in page and "No matching units." not in page
    assert vietnamese_left(page, data) == []


def test_a_premises_reads_in_english(english, surplus_premises):
    page = page_of(english("demo.xa").get(f"/co-so-vat-chat/tru-so/{surplus_premises.pk}/"))
    for label in ("Kind of premises", "Headquarters", "Land area", "Year built", "Use status", "Surplus",
                  "Handling plan", "Plan proposed", f"No. {DECISION} of", "Record completion", "Audit log",
                  "Photos and documents", "Edit", "History"):
        assert label in page, label
    for label in ("Loại cơ sở", "Diện tích đất", "Phương án xử lý", "Ghi nhận hoàn thành", "Nhật ký", "Lịch sử"):
        assert label not in page, label
    assert vietnamese_left(page, _data("demo.xa", "demo.tinh")) == []


def test_the_forms_and_their_refusals_are_in_english(english, persona, hoan_kiem):
    client = english("demo.xa")
    former_units = {str(unit) for unit in FormerUnit.objects.filter(commune=hoan_kiem)}
    page = page_of(client.get("/co-so-vat-chat/tru-so/them/"))
    for label in ("Add premises", "Premises name", "Kind of premises", "Land area (m²)", "Fair, minor repairs",
                  "Former unit (before the merger)", "— None, the current commune —", "Save", "Cancel"):
        assert label in page, label
    assert vietnamese_left(page, {*former_units, *people_and_places("demo.xa")}) == []

    response = client.post("/co-so-vat-chat/tru-so/them/", {
        "name": "Trụ sở phường Lý Thái Tổ cũ", "kind": "tru_so", "address": "1 Lý Thái Tổ", "land_area_m2": "-5",
        "floor_area_m2": "300", "condition": "kha", "status": "du_doi"})
    assert response.status_code == 400
    assert "Land area cannot be negative." in page_of(response)

    storehouse = services.facility_create(actor=persona("demo.xa"), commune=hoan_kiem, status="du_doi",
                                          name="Kho cũ", address="x", land_area_m2="1", floor_area_m2="1")
    response = client.post(f"/co-so-vat-chat/tru-so/{storehouse.pk}/phuong-an/", {
        "method": "dau_gia", "deadline": (timezone.localdate() + timedelta(days=30)).isoformat()})
    assert response.status_code == 400
    assert ("An auction, lease or liquidation plan must say why the premises are not given to health, education, "
            "culture and sports, the commune police or another public use (at least 20 characters).") in page_of(response)

    response = client.post("/co-so-vat-chat/ket-noi/xa/00070/", {
        "form": "su-co", "started_at": "2025-10-02T10:00", "ended_at": "2025-10-02T09:00", "cause": "Mất điện"})
    assert response.status_code == 400
    assert "The end time must be after the start time." in page_of(response)


def test_the_excel_export_has_english_headers(english, surplus_premises):
    response = english("demo.xa").get("/co-so-vat-chat/tru-so/?xuat=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "Premises"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:5] == ["Province", "Commune code", "Communes", "Premises name", "Kind"]
    assert "Former unit" in headers and "Status" in headers
    row = next(sheet.iter_rows(min_row=4, values_only=True))
    assert row[3] == NAME and row[4] == "Headquarters"
