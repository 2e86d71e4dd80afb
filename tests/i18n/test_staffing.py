"""Staffing in English: the commune's figures and apparatus, staff, the forms, the exports."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import services
from thongsuot.staffing.models import OrgUnit, StaffMember

#: Kinds of commune, which the project-wide catalogue deliberately keeps in Vietnamese.
KINDS = {"Xã", "Phường", "Đặc khu"}
RECRUIT = {"kind": "recruitment", "full_name": "Phạm Thị Số", "gender": "female", "birth_year": "1995",
           "category": "cong_chuc", "position": "Chuyên viên chuyển đổi số", "field": "it", "org_unit_kind": "office",
           "qualification": "Kỹ sư CNTT", "commute_km": "12", "decision_number": "45/QĐ-UBND",
           "decision_date": "01/08/2025", "effective_date": "15/08/2025"}


@pytest.fixture
def hoan_kiem(db):
    commune = Commune.objects.get(code="00070")
    commune.population, commune.is_mountainous = 23_675, False
    commune.save()
    return commune


def _recruit(persona, commune, by: str) -> StaffMember:
    return services.staff_recruit(
        actor=persona(by), province=commune.province, commune=commune, full_name="Nguyễn Văn Thử", gender="male",
        birth_year=1990, category="cong_chuc", position="Chuyên viên", field="it", decision_number="1/QĐ-UBND",
        decision_date=date(2025, 8, 1), effective_date=date(2025, 8, 1), commute_km=Decimal("25"))


def _units(commune) -> set[str]:
    return set(OrgUnit.objects.filter(commune=commune).values_list("name", flat=True))


def test_the_commune_pages_read_in_english_and_its_units_keep_vietnamese_names(english, hoan_kiem):
    assert not OrgUnit.objects.filter(commune=hoan_kiem).exists()
    client = english("demo.xa")
    page = page_of(client.get("/nhan-su/xa/00070/"))     # the page shows the statutory units before they are saved
    services.org_units_ensure(commune=hoan_kiem)         # ... which the commune's first write then makes
    assert _units(hoan_kiem) >= {"Văn phòng HĐND và UBND", "Phòng Kinh tế, Hạ tầng và Đô thị",
                                  "Trung tâm Phục vụ hành chính công", "Trung tâm Dịch vụ tổng hợp Phường Hoàn Kiếm"}
    for label in ("Quotas and staff in post by field", "Shortfall (+) / surplus (−)", "Organisation",
                  "Statutory (Decree 150/2025/NĐ-CP)", "Share trained this year", "Information technology",
                  "population 23,675; maximum quota 70"):
        assert label in page, label
    assert "Tổ chức bộ máy" not in page and "Định biên" not in page
    data = {*_units(hoan_kiem), *KINDS, *people_and_places("demo.xa")}
    assert vietnamese_left(page, data) == []

    page = page_of(client.get("/nhan-su/"))
    for label in ("Staffing", "Recruit, sign a contract", "quota", "in post", "gap", "Field"):
        assert label in page, label
    assert vietnamese_left(page, data) == []


def test_staff_pages_and_the_recruitment_form_read_in_english(english, persona, hoan_kiem):
    member = _recruit(persona, hoan_kiem, by="demo.xa")
    client = english("demo.xa")
    data = {member.full_name, member.position, *_units(hoan_kiem), *people_and_places("demo.xa")}

    page = page_of(client.get("/nhan-su/can-bo/"))
    for label in ("Officials and civil servants", "Category", "Civil servant", "Travel support (VND/month)",
                  "In post", "Year of birth"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/nhan-su/can-bo/{member.pk}/"))
    for label in ("Employment history", "Recruitment", "Field of expertise", "Commuting distance", "VND/month",
                  "Leaving, retirement"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get("/nhan-su/can-bo/tuyen-dung/"))
    for label in ("Year of birth", "Day/month/year, for example 01/08/2025.", "Office of the People's Council and "
                  "People's Committee", "— not assigned —", "Place of residence (commune code)"):
        assert label in page, label
    assert vietnamese_left(page, data) == []
    response = client.post("/nhan-su/can-bo/tuyen-dung/", {**RECRUIT, "birth_year": "1930"})
    assert response.status_code == 400 and "The year of birth must be 1940 or later." in page_of(response)
    response = client.post("/nhan-su/can-bo/tuyen-dung/", RECRUIT, follow=True)
    assert "Recorded: recruitment of Phạm Thị Số." in page_of(response)
    hired = StaffMember.objects.get(full_name="Phạm Thị Số")
    assert hired.org_unit.name == "Văn phòng HĐND và UBND"
    # Dates are read day first in English too: 01/08/2025 is 1 August, not 8 January.
    decision = hired.actions.get()
    assert (decision.decision_date, decision.effective_date) == (date(2025, 8, 1), date(2025, 8, 15))


def test_the_province_pages_and_exports_read_in_english(english, persona, hoan_kiem):
    _recruit(persona, hoan_kiem, by="demo.tinh")
    client = english("demo.tinh")
    hanoi = Province.objects.get(code="01")
    data = {hanoi.short_name, *KINDS, *Commune.objects.filter(province=hanoi).values_list("name", flat=True),
            *people_and_places("demo.tinh")}
    page = page_of(client.get("/nhan-su/"))
    for label in ("By field", "Shortfalls by commune and field", "Largest shortfalls", "Staffing formula",
                  "Limits on the commune apparatus", "Communes short"):
        assert label in page, label
    assert vietnamese_left(page, data) == []
    page = page_of(client.get("/nhan-su/phu-cap-di-lai/"))
    assert "Travel support policies" in page and "No policies yet." in page
    assert vietnamese_left(page, data) == []

    sheet = load_workbook(BytesIO(client.get("/nhan-su/thieu-hut/?xuat=xlsx").content)).active
    assert sheet["A1"].value == "Staff shortfalls"
    assert [cell.value for cell in sheet[3]] == ["Province", "Commune code", "Communes", "Kind", "Mountainous",
                                                 "Field", "Quota", "In post", "Shortfall"]
    sheet = load_workbook(BytesIO(client.get("/nhan-su/can-bo/?xuat=xlsx").content)).active
    assert [cell.value for cell in sheet[3]][:5] == ["Full name", "Sex", "Year of birth", "Category", "Position"]
