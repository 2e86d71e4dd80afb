"""Staff members imported from a spreadsheet: dry run, errors naming row and column, confirm, idempotence."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.imports.helpers import check, counts, errors, run, stage
from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import Forbidden
from thongsuot.imports import services
from thongsuot.jobs.models import Job
from thongsuot.staffing.exports import MEMBERS
from thongsuot.staffing.models import StaffingQuota, StaffMember

HEADERS = [str(c.header) for c in MEMBERS.columns]
SLUG = "can-bo"


def row(name, commune="00070", joined="01/08/2025", birth=1990, field="Công nghệ thông tin"):
    values = {"full_name": name, "gender": "Nam", "birth_year": birth, "category": "Công chức",
              "position": "Chuyên viên", "field": field, "commune": commune, "commute_km": "3,5",
              "status": "Đang làm việc", "joined_on": joined}
    return [values.get(c.key) for c in MEMBERS.columns]


def workbook(rows, *, title=True) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows():
    return [row(f"Nguyễn Văn Nhập {n}", commune=("00070", "00004", "Phường Ba Đình")[n % 3]) for n in range(6)]


def bad_file():
    rows = good_rows()
    rows[1] = row("Trần Thị Ngày", joined="31/02/2025")         # row 4: a date that does not exist
    rows[2] = row("Lê Văn Ngoài", commune="02683")               # row 5: a commune of Lào Cai
    rows.append(rows[0])                                          # row 9: row 3 again
    return workbook(rows)


@pytest.mark.django_db
def test_dry_run_names_exactly_the_three_errors_and_writes_nothing(persona):
    plan = check(persona("demo.tinh"), SLUG, bad_file())
    found = errors(plan)
    assert [e[:3] for e in found] == [(4, "Ngày bắt đầu", "M"), (5, "Nơi làm việc", "I"), (9, "", "")]
    assert "không có thật" in found[0][3]
    assert "Lào Cai" in found[1][3] and "ngoài địa bàn" in found[1][3]
    assert "trùng với dòng 3" in found[2][3]
    assert plan["counts"] == {"created": 4, "updated": 0, "unchanged": 0, "error": 3}
    assert not StaffMember.objects.filter(full_name__startswith="Nguyễn Văn Nhập").exists()


@pytest.mark.django_db
def test_all_or_nothing_refuses_a_file_with_errors(persona):
    from thongsuot.core.errors import DomainError

    with pytest.raises(DomainError, match="3 dòng lỗi"):
        run(persona("demo.tinh"), SLUG, bad_file())
    assert not StaffMember.objects.filter(full_name__startswith="Nguyễn Văn Nhập").exists()


@pytest.mark.django_db
def test_only_valid_rows_imports_the_others(persona):
    done = run(persona("demo.tinh"), SLUG, bad_file(), only_valid=True)
    assert done.created == 4 and done.errors == 3
    assert StaffMember.objects.filter(full_name__startswith="Nguyễn Văn Nhập").count() == 4


@pytest.mark.django_db
def test_fixed_file_imports_changes_shortages_and_again_is_unchanged(persona):
    quota = StaffingQuota.objects.filter(commune__code="00070", field="it")
    before = quota.first().active_count if quota.exists() else 0
    done = run(persona("demo.tinh"), SLUG, workbook(good_rows()))
    assert counts(done) == {"created": 6, "updated": 0, "unchanged": 0, "error": 0}
    assert quota.get().active_count == before + 2
    member = StaffMember.objects.get(full_name="Nguyễn Văn Nhập 0")
    assert member.joined_on == date(2025, 8, 1) and member.commune.code == "00070"
    event = AuditEvent.objects.filter(action="import").get()
    assert event.changes["created"] == 6 and len(event.changes["sha256"]) == 64
    again = check(persona("demo.tinh"), SLUG, workbook(good_rows()))
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 6, "error": 0}
    edited = good_rows()
    edited[0][MEMBERS.keys.index("position")] = "Phó Trưởng phòng"
    plan = check(persona("demo.tinh"), SLUG, workbook(edited))
    assert plan["counts"]["updated"] == 1 and plan["rows"][0]["changes"] == {"Chức vụ": "Phó Trưởng phòng"}


@pytest.mark.django_db
def test_commune_officer_imports_only_their_commune(persona):
    plan = check(persona("demo.xa2"), SLUG, workbook(good_rows()))
    assert plan["counts"]["error"] == 2     # the rows of Hoàn Kiếm (00070), not Ba Đình
    assert all("ngoài địa bàn" in e[3] for e in errors(plan))


@pytest.mark.django_db
def test_viewer_may_not_import(persona):
    with pytest.raises(Forbidden):
        check(persona("demo.xa.xem"), SLUG, workbook(good_rows()))


@pytest.mark.django_db
def test_annotated_workbook_marks_the_bad_cells(persona):
    actor = persona("demo.tinh")
    token = stage(actor, bad_file())
    services.import_check(actor=actor, slug=SLUG, token=token)
    sheet = load_workbook(io.BytesIO(services.import_annotated(actor=actor, slug=SLUG, token=token))).active
    assert sheet.cell(row=2, column=len(HEADERS) + 1).value == "Lỗi"
    assert "không có thật" in sheet.cell(row=4, column=len(HEADERS) + 1).value
    assert sheet["M4"].fill.fgColor.rgb.endswith("FFC7CE") and sheet["M4"].comment is not None
    assert sheet.cell(row=3, column=len(HEADERS) + 1).value is None


@pytest.mark.django_db
def test_template_has_drop_downs_and_instructions(client, persona):
    client.force_login(persona("demo.tinh"))
    response = client.get("/nhap-excel/can-bo/mau.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Họ và tên (*)" and sheet["A2"].value == "Nguyễn Văn An"
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(ranges) >= {"B2", "D2", "F2", "H2", "J2"}    # gender, category, field, commune, status
    lists = book["Danh sách"]
    communes = [c.value for c in lists["H"] if c.value]
    assert "Phường Hoàn Kiếm" in communes and len(communes) > 100
    assert "Hướng dẫn nhập" in book["Hướng dẫn"]["A1"].value


@pytest.mark.django_db
def test_upload_dry_run_confirm_as_a_job(client, persona, run_tasks):
    client.force_login(persona("demo.tinh"))
    bad = SimpleUploadedFile("can-bo.xlsx", bad_file())
    response = client.post("/nhap-excel/can-bo/", {"file": bad})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lỗi: 3" in text and "Dòng 4, cột “Ngày bắt đầu” (M)" in text
    annotated = client.get(response["Location"] + "loi.xlsx")
    assert annotated.status_code == 200 and annotated["Content-Type"].endswith("sheet")
    good = SimpleUploadedFile("can-bo.xlsx", workbook(good_rows()))
    result_url = client.post("/nhap-excel/can-bo/", {"file": good})["Location"]
    confirm = client.post(result_url, {"confirm": "1"})
    assert confirm.status_code == 302 and "/cong-viec/" in confirm["Location"]
    run_tasks()
    job = Job.objects.get()
    assert job.status == "done" and job.result["created"] == 6
    assert StaffMember.objects.filter(full_name__startswith="Nguyễn Văn Nhập").count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["demo.xa.xem", "demo.bo"])
def test_pages_refuse_those_who_may_not_recruit(client, persona, username):
    client.force_login(persona(username))
    assert client.get("/nhan-su/nhap-excel/")["Location"] == "/nhap-excel/can-bo/"
    assert client.get("/nhap-excel/can-bo/").status_code == 403
    assert client.get("/nhap-excel/can-bo/mau.xlsx").status_code == 403


@pytest.mark.django_db
def test_another_users_token_finds_nothing(client, persona):
    client.force_login(persona("demo.tinh"))
    url = client.post("/nhap-excel/can-bo/", {"file": SimpleUploadedFile("a.xlsx", workbook(good_rows()))})["Location"]
    client.force_login(persona("demo.tinh.chuyenvien"))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_api_dry_run_then_confirm_gives_a_job(client, persona, run_tasks):
    client.force_login(persona("demo.tinh"))
    response = client.post("/api/imports/can-bo/", {"file": SimpleUploadedFile("a.xlsx", bad_file())})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["counts"] == {"created": 4, "updated": 0, "unchanged": 0, "error": 3}
    assert [(r["row"], r["errors"][0]["column"]) for r in body["rows"][:3]] == [
        (4, "Ngày bắt đầu"), (5, "Nơi làm việc"), (9, "")]
    confirm = client.post(f"/api/imports/can-bo/{body['token']}/confirm/", {"only_valid": True},
                          content_type="application/json")
    assert confirm.status_code == 202
    run_tasks()
    assert Job.objects.get(pk=confirm.json()["job"]).result["created"] == 4
    client.force_login(persona("demo.xa.xem"))
    refused = client.post("/api/imports/can-bo/", {"file": SimpleUploadedFile("a.xlsx", bad_file())})
    assert refused.status_code == 403
