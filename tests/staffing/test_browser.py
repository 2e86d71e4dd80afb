# ruff: noqa: F811 - the fixtures imported above are used by name as arguments
"""In a real browser: demo.xa recruits the IT specialist Hoàn Kiếm lacks; demo.tinh sees the gap close."""

import pytest

from tests.browser.conftest import browser, live_platform, page, screenshot, sign_in_as  # noqa: F401

pytestmark = pytest.mark.browser

IT_ROW = '#shortage-table tr[data-commune="00070"][data-field="it"]'


def sign_out(page):
    page.click(".who button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_commune_recruits_an_it_specialist_and_the_province_sees_the_gap_close(page, sign_in_as):
    sign_in_as("demo.tinh")
    page.goto(f"{page.base_url}/nhan-su/thieu-hut/?field=it&q=hoan+kiem")
    assert page.locator(f"{IT_ROW} td.gap").inner_text() == "1"
    screenshot(page, "staffing-shortage-before")
    sign_out(page)

    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/nhan-su/")
    assert page.locator('#quota-table tr[data-field="it"] td.gap').inner_text() == "1"
    page.click("text=Tuyển dụng, ký hợp đồng")
    page.select_option("#id_field", "it")
    page.fill("#id_full_name", "Trịnh Thị Số Hóa")
    page.select_option("#id_gender", "female")
    page.fill("#id_birth_year", "1996")
    page.select_option("#id_category", "cong_chuc")
    page.fill("#id_position", "Chuyên viên chuyển đổi số")
    page.select_option("#id_org_unit_kind", "office")
    page.fill("#id_commute_km", "8")
    page.fill("#id_decision_number", "212/QĐ-UBND")
    page.fill("#id_decision_date", "03/11/2025")
    page.fill("#id_effective_date", "10/11/2025")
    screenshot(page, "staffing-recruit-form")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("Trịnh Thị Số Hóa")
    assert "Đã ghi nhận tuyển dụng Trịnh Thị Số Hóa." in page.locator(".messages").inner_text()
    page.goto(f"{page.base_url}/nhan-su/")
    assert page.locator('#quota-table tr[data-field="it"] td.gap').inner_text() == "0"
    sign_out(page)

    sign_in_as("demo.tinh")
    page.goto(f"{page.base_url}/nhan-su/thieu-hut/?field=it&q=hoan+kiem")
    assert page.locator(IT_ROW).count() == 0
    assert "Không có thiếu hụt nào phù hợp." in page.locator("#shortage-table").inner_text()
    screenshot(page, "staffing-shortage-after")


def test_a_ministry_sees_counts_but_no_staff_list(page, sign_in_as):
    sign_in_as("demo.bo")
    page.goto(f"{page.base_url}/nhan-su/")
    assert page.locator("h1").first.inner_text().startswith("Nhân sự")
    assert page.locator("text=Danh sách cán bộ, công chức").count() == 0
    response = page.goto(f"{page.base_url}/nhan-su/can-bo/")
    assert response.status == 403
