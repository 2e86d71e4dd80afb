"""In a real browser: a commune records a surplus headquarters and a plan; the city sees its count move."""

import re
from datetime import date, timedelta

import pytest

try:  # main registers the browser fixtures suite-wide in tests/browser/fixtures.py: import only `screenshot`
    from tests.browser.fixtures import screenshot
except ImportError:  # this branch's foundation: the fixtures live in tests/browser/conftest.py
    from tests.browser.conftest import browser, live_platform, page, screenshot, sign_in_as  # noqa: F401

pytestmark = pytest.mark.browser


def _number(locator) -> int:
    return int(re.sub(r"\D", "", locator.inner_text()))


def test_commune_records_surplus_and_plan_and_city_sees_the_count_change(page, sign_in_as, browser, live_platform):  # noqa: F811
    sign_in_as("demo.tinh")
    page.goto(f"{live_platform}/co-so-vat-chat/")
    total_before = _number(page.locator("#surplus-total"))
    remaining_before = _number(page.locator("#surplus-remaining"))

    commune = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    xa = commune.new_page()
    xa.goto(f"{live_platform}/dang-nhap/")
    xa.fill("#id_username", "demo.xa")
    xa.fill("#id_password", "thongsuot-demo")
    xa.click("button[type=submit].primary")
    xa.goto(f"{live_platform}/co-so-vat-chat/tru-so/them/")
    xa.fill("#id_name", "Trụ sở UBND phường Cửa Nam (cũ)")
    xa.select_option("#id_kind", "tru_so")
    xa.fill("#id_address", "37 Cửa Nam")
    xa.fill("#id_land_area_m2", "-10")
    xa.fill("#id_floor_area_m2", "820")
    xa.select_option("#id_status", "du_doi")
    xa.click("button[type=submit].primary")
    assert "Diện tích đất không được âm." in xa.locator(".error-summary").inner_text()
    xa.fill("#id_land_area_m2", "640")
    xa.click("button[type=submit].primary")
    assert xa.locator("h1").inner_text().startswith("Trụ sở UBND phường Cửa Nam (cũ)")
    xa.click("text=Lập phương án xử lý")
    xa.select_option("#id_method", "chuyen_y_te")
    xa.fill("#id_deadline", (date.today() + timedelta(days=45)).isoformat())
    xa.click("button[type=submit].primary")
    assert "Chuyển sang y tế" in xa.locator("main").inner_text()
    assert "Đề xuất phương án" in xa.locator(".timeline").inner_text()
    screenshot(xa, "facilities-commune-plan")
    commune.close()

    page.reload()
    assert _number(page.locator("#surplus-total")) == total_before + 1
    assert _number(page.locator("#surplus-remaining")) == remaining_before + 1
    screenshot(page, "facilities-city-overview")
