"""In a real browser: demo.xa recruits the IT specialist Hoàn Kiếm lacks; demo.tinh sees the gap close.

Playwright runs in a thread of its own: the sync API refuses to start while another sync
Playwright (the session-scoped `browser` of tests/browser, when the same worker ran those
tests first) is alive in this thread, so sharing that fixture would fail depending on
how tests are spread over workers.
"""

import threading

import pytest

from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS, click_and_wait, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


def in_browser(base_url: str, steps) -> None:
    """Run `steps(page, sign_in_as)` in a fresh Chromium on its own thread; re-raise what it raised."""
    failures: list[BaseException] = []

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.base_url = base_url

                try:
                    steps(page, lambda username: sign_in(page, username))
                finally:
                    context.close()
                    chromium.close()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run, name="staffing-browser")
    thread.start()
    thread.join(timeout=600)
    if failures:
        raise failures[0]
    assert not thread.is_alive(), "Trình duyệt không kết thúc trong 10 phút."


IT_ROW = '#shortage-table tr[data-commune="00070"][data-field="it"]'


def test_commune_recruits_an_it_specialist_and_the_province_sees_the_gap_close(live_platform):  # noqa: F811
    in_browser(live_platform, recruit_and_watch_the_gap_close)


def test_a_ministry_sees_counts_but_no_staff_list(live_platform):  # noqa: F811
    in_browser(live_platform, ministry_sees_counts_only)


def recruit_and_watch_the_gap_close(page, sign_in_as):
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
    click_and_wait(page)
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


def ministry_sees_counts_only(page, sign_in_as):
    sign_in_as("demo.bo")
    page.goto(f"{page.base_url}/nhan-su/")
    assert page.locator("h1").first.inner_text().startswith("Nhân sự")
    assert page.locator("text=Danh sách cán bộ, công chức").count() == 0
    response = page.goto(f"{page.base_url}/nhan-su/can-bo/")
    assert response.status == 403
