"""English chosen in the footer of a real browser, with screenshots of a case and the dossier list."""

import os
import subprocess
import sys

import pytest

import thongsuot
from tests.browser.fixtures import click_and_wait, screenshot

pytestmark = pytest.mark.browser


def _served_checkout() -> str:
    """Return where the live platform's subprocess imports the code from (the same environment)."""
    found = subprocess.run([sys.executable, "-c", "import thongsuot; print(thongsuot.__file__)"], env=os.environ,
                           capture_output=True, text=True, check=True)
    return found.stdout.strip()


@pytest.fixture(autouse=True)
def _this_checkout_is_served():
    # pytest puts src/ first on its own path only; the live platform is a subprocess and imports
    # whatever checkout the environment has installed (another worktree's, for instance).
    served = _served_checkout()
    if served != thongsuot.__file__:
        pytest.skip(f"the live platform would serve {served}, not this checkout: set PYTHONPATH=src")


def _choose_english(page):
    click_and_wait(page, "footer nav.lang a[hreflang=en]")
    assert page.locator("footer nav.lang [aria-current]").inner_text() == "English"


def test_an_obstacle_and_the_dossier_list_in_english(page, sign_in_as):
    sign_in_as("demo.xa")
    _choose_english(page)
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto(f"{page.base_url}/kho-khan/")
    click_and_wait(page, page.locator("table.table tbody tr a").first)
    screenshot(page, "i18n-obstacle-case-en")
    text = page.locator("main").inner_text()
    for label in ("Status", "Current level", "Agency handling it", "Case history", "Attachments", "Reported"):
        assert label in text, label
    for label in ("Trạng thái", "Cấp đang xử lý", "Diễn biến xử lý", "Tài liệu đính kèm"):
        assert label not in text, label

    page.goto(f"{page.base_url}/thu-tuc/ho-so/")
    screenshot(page, "i18n-dossier-list-en")
    text = page.locator("main").inner_text()
    for label in ("Administrative procedure dossiers", "Receive dossier", "Dossier code", "Submission channel",
                  "Outcome"):
        assert label in text, label
    for label in ("Hồ sơ thủ tục hành chính", "Tiếp nhận hồ sơ", "Mã hồ sơ", "Hình thức nộp", "Kết quả"):
        assert label not in text, label
    assert "Dossiers" in page.locator("nav.mainnav").inner_text()
