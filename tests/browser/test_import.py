"""The staff import in a real browser: template → dry run → annotated file → confirm → progress → result."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.browser.fixtures import screenshot
from thongsuot.staffing.exports import MEMBERS

pytestmark = pytest.mark.browser


def _row(name, joined="01/08/2025"):
    values = {"full_name": name, "gender": "Nam", "birth_year": 1991, "category": "Công chức",
              "position": "Chuyên viên", "field": "Công nghệ thông tin", "commune": "00070", "commute_km": "2,5",
              "status": "Đang làm việc", "joined_on": joined}
    return [values.get(c.key) for c in MEMBERS.columns]


def _file(tmp_path, name, rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append([str(c.header) for c in MEMBERS.columns])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return str(path)


def test_staff_import_from_template_to_result(page, sign_in_as, tmp_path):
    sign_in_as("demo.tinh")
    page.goto(f"{page.base_url}/nhap-excel/can-bo/")
    with page.expect_download() as template:
        page.click("#import-template")
    sheet = load_workbook(io.BytesIO(template.value.path().read_bytes())).worksheets[0]
    assert sheet["A1"].value == "Họ và tên (*)"

    names = [f"Trình Duyệt Thử {n}" for n in range(3)]
    page.set_input_files("input[type=file]", _file(tmp_path, "co-loi.xlsx",
                                                   [_row(names[0]), _row(names[1], joined="31/02/2025"),
                                                    _row(names[2])]))
    page.click("button[type=submit].primary")
    assert "Lỗi: 1" in page.locator("#import-counts").inner_text()
    assert "Dòng 3, cột “Ngày bắt đầu” (M)" in page.locator("#import-rows").inner_text()
    with page.expect_download() as annotated:
        page.click("#import-annotated")
    marked = load_workbook(io.BytesIO(annotated.value.path().read_bytes())).active
    assert "không có thật" in marked.cell(row=3, column=len(MEMBERS.columns) + 1).value

    page.goto(f"{page.base_url}/nhap-excel/can-bo/")
    page.set_input_files("input[type=file]", _file(tmp_path, "da-sua.xlsx", [_row(name) for name in names]))
    page.click("button[type=submit].primary")
    assert "Thêm mới: 3" in page.locator("#import-counts").inner_text()
    page.click("#import-confirm button[name=confirm]")
    page.wait_for_url("**/cong-viec/**")
    assert page.locator("#job-progress").count() == 1
    page.wait_for_selector("#job-progress .badge.ok", timeout=120_000)
    assert "Đã nhập: 3 thêm mới" in page.locator("#job-progress").inner_text()
    screenshot(page, "imports-staff-result")
    page.goto(f"{page.base_url}/nhap-excel/")
    assert "da-sua.xlsx" in page.locator("#import-history").inner_text()
