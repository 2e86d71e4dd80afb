"""Text that cannot harm a spreadsheet, and input that refuses invisible control characters."""

from io import BytesIO

from openpyxl import load_workbook

from tests.obstacles.factories import file_case
from thongsuot.core.exports import xlsx_bytes
from thongsuot.obstacles.models import Obstacle

FILING = {"title": "Trụ sở UBND phường xuống cấp", "domain": "hq_assets", "severity": "high",
          "classification": "", "facility_subject": "premises", "description": "Trụ sở cũ bị thấm dột, cần sửa chữa.",
          "submission_key": "text-safety-1"}


def test_a_text_that_looks_like_a_formula_is_written_as_text():
    content = xlsx_bytes(title="=Danh sách", headers=["Tiêu đề", "@Số"],
                         rows=[['=HYPERLINK("http://evil.example/","Bấm vào")', -5, "-5", "+84 912", "\tx", "Bình thường"]])
    sheet = load_workbook(BytesIO(content)).active
    formula = sheet["A4"]
    assert formula.value == '=HYPERLINK("http://evil.example/","Bấm vào")'
    assert formula.data_type == "s" and formula.quotePrefix
    assert [sheet[ref].data_type for ref in ("A1", "B3", "C4", "D4", "E4")] == ["s"] * 5
    assert all(sheet[ref].quotePrefix for ref in ("A1", "B3", "C4", "D4", "E4"))
    assert sheet["B4"].value == -5 and sheet["B4"].data_type == "n"
    assert sheet["F4"].value == "Bình thường" and not sheet["F4"].quotePrefix
    assert b"<f>" not in _sheet_xml(content)


def test_the_obstacle_export_writes_a_formula_title_as_text(client_for, persona):
    file_case(persona("demo.xa"), title='=HYPERLINK("http://evil.example/","Xem")')
    response = client_for("demo.xa").get("/kho-khan/?xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows(min_row=4) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert b"<f>" not in _sheet_xml(response.content)


def test_a_control_character_stored_in_a_title_does_not_break_the_export(client_for, persona):
    obstacle = file_case(persona("demo.xa"), title="Chuông báo")
    Obstacle.objects.filter(pk=obstacle.pk).update(title="Chuông\x07 báo\x1b[31m")
    response = client_for("demo.xa").get("/kho-khan/?xuat=xlsx")
    assert response.status_code == 200
    titles = [row[1] for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=4, values_only=True)]
    assert "Chuông\ufffd báo\ufffd[31m" in titles


def test_the_filing_form_refuses_a_control_character_and_names_the_field(client_for):
    response = client_for("demo.xa").post("/kho-khan/moi/", {**FILING, "title": "Trụ sở\x07 xuống cấp"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "“Tiêu đề” có ký tự điều khiển không được phép (U+0007, ở ký tự thứ 7)" in body
    assert not Obstacle.objects.filter(description=FILING["description"]).exists()


def test_the_filing_form_still_takes_tabs_and_line_breaks(client_for):
    response = client_for("demo.xa").post("/kho-khan/moi/", {**FILING, "description": "Dòng một\r\nDòng\thai"})
    assert response.status_code == 302
    assert Obstacle.objects.get(title=FILING["title"]).description == "Dòng một\r\nDòng\thai"


def test_the_api_refuses_a_control_character_and_names_the_field(api_for):
    case = {"title": "Thiếu công chức", "description": "Phường chưa có\x1b công chức địa chính.",
            "domain": "org_staff", "severity": "high", "staff_field": "land", "headcount_needed": 1}
    response = api_for("demo.xa").post("/api/obstacles/", case, format="json")
    assert response.status_code == 400
    [message] = response.json()["description"]
    assert "có ký tự điều khiển không được phép (U+001B, ở ký tự thứ 15)" in message
    assert not Obstacle.objects.filter(title="Thiếu công chức").exists()


def test_another_apps_api_refuses_c1_and_del_too(api_for):
    facility = {"name": "Trụ sở cũ", "address": "5 Cửa Đông\x9b", "land_area_m2": "600",
                "floor_area_m2": "900", "status": "du_doi", "kind": "tru_so"}
    response = api_for("demo.xa").post("/api/facilities/facilities/", facility, format="json")
    assert response.status_code == 400
    assert "(U+009B, ở ký tự thứ 11)" in response.json()["address"][0]
    response = api_for("demo.xa").post("/api/facilities/facilities/", {**facility, "address": "5\x7f"}, format="json")
    assert response.status_code == 400 and "U+007F" in response.json()["address"][0]


def _sheet_xml(content: bytes) -> bytes:
    from zipfile import ZipFile

    return ZipFile(BytesIO(content)).read("xl/worksheets/sheet1.xml")
