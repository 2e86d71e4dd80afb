import pytest

from tests.browser.fixtures import screenshot

pytestmark = pytest.mark.browser


def test_commune_officer_signs_in_and_sees_their_commune(page, sign_in_as):
    sign_in_as("demo.xa")
    assert page.url.rstrip("/") == page.base_url
    assert page.locator("h1").first.inner_text().startswith("Phường Hoàn Kiếm")
    assert "UBND Phường Hoàn Kiếm" in page.locator(".who").inner_text()
    assert screenshot(page, "foundation-home-demo.xa").exists()


def test_wrong_password_shows_the_error_summary(page, sign_in_as):
    sign_in_as("demo.xa", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.locator(".error-summary").inner_text()
