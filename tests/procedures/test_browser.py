"""A desk officer takes a dossier from intake to result; a citizen looks it up without signing in."""

import pytest

from tests.browser.fixtures import click_and_wait, screenshot

pytestmark = pytest.mark.browser


def _step(tab, kind: str, note: str = ""):
    if note:
        tab.fill(f"#note-{kind}", note)
    click_and_wait(tab, f"button[data-step={kind}]")


def test_intake_supplement_result_and_public_lookup(page, sign_in_as, browser):  # noqa: F811
    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/thu-tuc/ho-so/tiep-nhan/")
    page.fill("#id_procedure", "M.001193")
    page.select_option("#id_channel", "1")
    page.fill("#id_applicant_name", "Phan Thị Bích Ngọc")
    page.fill("#id_applicant_phone", "0911222333")
    click_and_wait(page)
    code = page.locator("h1").inner_text().removeprefix("Hồ sơ ").strip()
    assert code.startswith("X00070-")
    assert "Đã tiếp nhận hồ sơ" in page.locator(".messages").inner_text()
    screenshot(page, "procedures-dossier-received")

    _step(page, "supplement_request", "Bổ sung bản sao giấy chứng sinh")
    assert page.locator("#status").inner_text() == "Yêu cầu bổ sung"
    _step(page, "supplement_received")
    _step(page, "finish")
    assert page.locator("#status").inner_text() == "Đã xử lý xong"
    _step(page, "return_result")
    assert page.locator("#status").inner_text() == "Đã trả kết quả"
    screenshot(page, "procedures-dossier-returned")

    public = browser.new_context(locale="vi-VN").new_page()
    public.goto(f"{page.base_url}/tra-cuu/")
    public.fill("#ma", code)
    click_and_wait(public)
    assert public.locator("#status").inner_text() == "Đã trả kết quả"
    body = public.content()
    assert code in body
    for secret in ("Phan Thị Bích Ngọc", "0911222333", "giấy chứng sinh", "Ngô Thị Xuân"):
        assert secret not in body
    screenshot(public, "procedures-public-lookup")
    public.context.close()
