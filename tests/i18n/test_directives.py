"""Directives in English: the list, a directive and its matrix, an assignment and its report, the forms with
their refusals, the Excel exports."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.accounts.models import Agency
from thongsuot.directives import services
from thongsuot.geo.models import Commune, Province

NUMBER = "15/CĐ-BCĐ"
TITLE = "Về việc tháo gỡ khó khăn cho cấp xã"
SIGNER = ("Nguyễn Văn Quốc", "Phó Trưởng Ban Chỉ đạo")
TASKS = ("Bổ sung công chức chuyên môn", "Rà soát trụ sở dôi dư")
FIGURES = (("Số công chức CNTT còn thiếu", "người"), ("Số công chức đã tuyển", "người"))
NARRATIVE = "Đã tuyển 2 công chức."
#: Quoted as they are written on a Vietnamese document, in the form's hints: the "Số:" before the number,
#: a signer's title as printed.
AS_WRITTEN = ("“Số:”", "KT. TRƯỞNG BAN — PHÓ TRƯỞNG BAN")


@pytest.fixture
def directive(persona):
    """An issued national directive: its first task given to Hà Nội and Lào Cai, Hà Nội passing it on to
    Hoàn Kiếm (demo.xa), which has reported once."""
    boss = persona("demo.quocgia")
    directive = services.directive_create(actor=boss, number=NUMBER, issued_on=date(2025, 11, 23),
                                          urgency="hoa_toc", title=TITLE, signer_name=SIGNER[0],
                                          signer_title=SIGNER[1])
    task = services.task_create(actor=boss, directive=directive, title=TASKS[0], deadline=date(2025, 12, 31),
                                domain="org_staff", lead_agency=Agency.objects.get(code="BNV"), figures=FIGURES)
    services.task_create(actor=boss, directive=directive, title=TASKS[1], deadline=date(2025, 12, 31),
                         domain="hq_assets")
    services.directive_issue(actor=boss, directive=directive)
    services.task_assign(actor=boss, task=task, provinces=list(Province.objects.filter(code__in=["01", "15"])))
    hanoi = task.assignments.get(agency__code="T01")
    services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi,
                                communes=list(Commune.objects.filter(code__in=["00070"])))
    services.report_submit(actor=persona("demo.xa"), assignment=hanoi.children.get(), period_start=date(2025, 11, 24),
                           period_end=date(2025, 11, 30), narrative=NARRATIVE, progress=40,
                           figures={f.pk: 1 for f in task.figures.all()})
    return directive


def _data(*usernames) -> set[str]:
    """What the records say: the directive, its tasks and figures, agencies, people and places."""
    ministries = Agency.objects.filter(level="ministry").values_list("name", flat=True)
    return {TITLE, *SIGNER, *TASKS, *(name for name, _unit in FIGURES), "người", NARRATIVE, *ministries,
            *Province.objects.values_list("name", flat=True), *people_and_places(*usernames)}


def test_the_list_and_a_directive_read_in_english(english, directive):
    client = english("demo.quocgia")
    data = _data("demo.quocgia")

    page = page_of(client.get("/chi-dao/"))
    for label in ("Directives", "Draft a directive", "Export to Excel", "Number and symbol", "Issuing agency",
                  "Very urgent", "Express", "Issued", f"No. {NUMBER}"):
        assert label in page, label
    for label in ("Văn bản chỉ đạo", "Soạn văn bản", "Hỏa tốc", "Đã ban hành"):
        assert label not in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/chi-dao/{directive.pk}/"))
    for label in ("Export the matrix to Excel", "Date of issue", "Signed by", "Figures to report",
                  "Organisation and staff", "Premises and public assets", "Progress by province", "Nationwide"):
        assert label in page, label
    for label in ("Tiến độ theo tỉnh", "Cả nước", "Ngày ban hành"):
        assert label not in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/chi-dao/{directive.pk}/tinh/01/"))
    assert vietnamese_left(page, _data("demo.quocgia", "demo.xa")) == []


def test_an_assignment_and_its_report_read_in_english(english, directive):
    client = english("demo.xa")
    data = _data("demo.xa", "demo.tinh")
    assignment = directive.assignments.get(agency__code="X00070")

    page = page_of(client.get("/chi-dao/duoc-giao/"))
    for label in ("Tasks assigned to us", "Not started", "In progress", "Overdue", "Progress"):
        assert label in page, label
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/chi-dao/giao/{assignment.pk}/"))
    for label in ("Send a progress report", "Passed on from", "Progress report", "Period", "Sent by"):
        assert label in page, label
    assert "Gửi báo cáo" not in page and "Giao tiếp từ" not in page
    assert vietnamese_left(page, data) == []

    report = assignment.reports.get()
    page = page_of(client.get(f"/chi-dao/bao-cao/{report.pk}/"))
    assert vietnamese_left(page, data) == []

    page = page_of(client.get(f"/chi-dao/giao/{assignment.pk}/bao-cao/"))
    for label in ("Reporting period: from", "Progress (%)", "Results, difficulties, proposals", "Send report",
                  "PDF, images (JPG, PNG, WEBP)"):
        assert label in page, label
    assert vietnamese_left(page, data) == []
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(f"/chi-dao/giao/{assignment.pk}/bao-cao/", {
        "period_start": "2025-11-24", "period_end": tomorrow.isoformat(), "progress": "50", "narrative": "Tiếp tục.",
        **{f"figure_{f.pk}": "2" for f in assignment.task.figures.all()}})
    assert "The reporting period cannot end after today." in page_of(response)


def test_the_directive_form_and_its_refusals_are_in_english(english, directive):
    client = english("demo.quocgia")
    page = page_of(client.get("/chi-dao/moi/"))
    for label in ("Number and symbol", "Date of issue", "Urgency", "Subject", "Signer's title", "Save draft",
                  "Choose one or more files (at most 10 files at a time, each no larger than 20 MB)"):
        assert label in page, label
    assert vietnamese_left(page, {*AS_WRITTEN, *people_and_places("demo.quocgia")}) == []

    response = client.post("/chi-dao/moi/", {"number": "", "issued_on": "31/02/2025", "urgency": "hoa_toc"})
    page = page_of(response)
    assert "Not saved. Please correct the following:" in page and "This field is required." in page
    assert vietnamese_left(page, {*AS_WRITTEN, *people_and_places("demo.quocgia")}) == []

    response = client.post("/chi-dao/moi/", {"number": NUMBER, "issued_on": "2025-11-23", "urgency": "hoa_toc",
                                             "title": "Văn bản khác", "signer_name": "A", "signer_title": "B"})
    assert f"The agency already has a directive numbered “{NUMBER}”." in page_of(response)

    response = client.post(f"/chi-dao/{directive.pk}/them-nhiem-vu/", {
        "title": "Nhiệm vụ mới", "domain": "other", "deadline": "2025-01-01"})
    assert "The deadline cannot be before the directive's date of issue." in page_of(response)


def test_the_excel_exports_have_english_headers(english, directive):
    client = english("demo.quocgia")
    sheet = load_workbook(BytesIO(client.get("/chi-dao/?xuat=xlsx").content)).active
    assert sheet["A1"].value == "Directives"
    assert [cell.value for cell in sheet[3]] == ["Number and symbol", "Date of issue", "Urgency", "Issuing agency",
                                                 "Subject", "Signed by", "Status"]
    row = next(sheet.iter_rows(min_row=4, values_only=True))
    assert row[0] == f"No. {NUMBER}" and row[2] == "Express" and row[6] == "Issued"

    sheet = load_workbook(BytesIO(client.get(f"/chi-dao/{directive.pk}/?xuat=xlsx").content)).active
    assert sheet["A1"].value == "Progress 15-CĐ-BCĐ"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:3] == ["Province", f"1. {TASKS[0]} — status", "Progress (%)"]
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        "Thành phố Hà Nội", "Tỉnh Lào Cai", "Total"]

    sheet = load_workbook(BytesIO(english("demo.xa").get("/chi-dao/duoc-giao/?xuat=xlsx").content)).active
    assert sheet["A1"].value == "Tasks assigned to us"
    assert [cell.value for cell in sheet[3]] == ["Directive", "Position", "Task", "Unit", "Deadline",
                                                 "Due date (working days)", "Status", "Progress (%)"]
