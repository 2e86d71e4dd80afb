"""The ladder in a real browser, with screenshots of each step."""

import re

import pytest

from tests.browser.fixtures import click_and_wait, screenshot, sign_out

pytestmark = pytest.mark.browser


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _act(page, sign_in_as, username, url):
    sign_in_as(username)
    page.goto(url)
    return page


def test_the_ladder_in_the_browser(page, sign_in_as):
    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/kho-khan/moi/")
    page.fill("#id_title", "Thiếu máy chủ lưu trữ hồ sơ số hóa")
    page.select_option("#id_domain", "equipment_it")
    page.select_option("#id_facility_subject", "equipment")
    page.select_option("#id_equipment_category", "may_tinh")
    page.select_option("#id_severity", "high")
    page.fill("#id_description", "Phường cần máy chủ để lưu hồ sơ đã số hóa; hiện lưu trên máy cá nhân.")
    page.set_input_files("#id_attachment", files=[{"name": "bao-gia.pdf", "mimeType": "application/pdf",
                                                   "buffer": PDF}])
    page.click("button[type=submit].primary")
    # The filing form is a draft form: drafts.js sends it with fetch and navigates when the server
    # answers, after the click has returned, so wait for the case's address rather than a load state.
    page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
    case_url = page.url
    assert "Đã ghi nhận khó khăn" in page.locator(".messages").inner_text()
    screenshot(page, "obstacles-1-filed-demo.xa")
    sign_out(page)

    _act(page, sign_in_as, "demo.xa.lanhdao", case_url)
    page.click("text=Chuyển cấp trên")
    page.fill("#id_message", "Vượt khả năng kinh phí của phường.")
    click_and_wait(page)
    assert "UBND Thành phố Hà Nội" in page.locator("#responsible").inner_text()
    screenshot(page, "obstacles-2-sent-up-demo.xa.lanhdao")
    sign_out(page)

    _act(page, sign_in_as, "demo.tinh", f"{page.base_url}/kho-khan/cho-xu-ly/")
    page.click("text=Thiếu máy chủ lưu trữ hồ sơ số hóa")
    page.click("#next-actions >> text=Chuyển cấp trên")
    page.select_option("#id_to", "BNV")
    page.fill("#id_number", "Số: 215/UBND-NV")
    page.fill("#id_signed_on", "2025-11-24")
    page.fill("#id_signer_name", "Hoàng Văn Tỉnh")
    page.fill("#id_signer_title", "Phó Chủ tịch UBND Thành phố Hà Nội")
    page.fill("#id_content", "UBND Thành phố Hà Nội đề nghị Bộ Nội vụ hướng dẫn.")
    page.set_input_files("#id_file", files=[{"name": "cv-215.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    screenshot(page, "obstacles-3-written-request-demo.tinh")
    click_and_wait(page)
    assert "Bộ Nội vụ" in page.locator("#responsible").inner_text()
    sign_out(page)

    _act(page, sign_in_as, "demo.bo", case_url)
    assert "Số: 215/UBND-NV" in page.content()
    page.click("text=Trả lời bằng văn bản")
    page.fill("#id_number", "512/BNV-CQĐP")
    page.fill("#id_signed_on", "2025-11-25")
    page.fill("#id_signer_name", "Phạm Minh Bộ")
    page.fill("#id_signer_title", "Vụ trưởng Vụ Chính quyền địa phương")
    page.fill("#id_guidance", "Mua sắm theo Nghị định 125/2025/NĐ-CP, từ dự toán chi thường xuyên của phường.")
    page.set_input_files("#id_file", files=[{"name": "cv-512.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    click_and_wait(page)
    assert "Đã có văn bản trả lời" in page.locator(".facts").inner_text()
    screenshot(page, "obstacles-4-answered-demo.bo")
    assert "UBND Thành phố Hà Nội" in page.locator("#responsible").inner_text()   # back to the asker
    sign_out(page)

    _act(page, sign_in_as, "demo.tinh", case_url)
    page.fill("#msg-pass_down", "Đề nghị phường thực hiện theo hướng dẫn của Bộ Nội vụ.")
    click_and_wait(page, "button[value=pass_down]")
    assert "UBND Phường Hoàn Kiếm" in page.locator("#responsible").inner_text()
    sign_out(page)

    _act(page, sign_in_as, "demo.xa", case_url)
    assert "Nghị định 125/2025/NĐ-CP" in page.locator("#guidance").inner_text()
    click_and_wait(page, "button[value=close]")
    assert "Đã đóng" in page.locator(".facts").inner_text()
    timeline = page.locator("#timeline").inner_text()
    for step in ("Phản ánh", "Chuyển cấp trên", "Trả lời bằng văn bản", "Đóng"):
        assert step in timeline
    screenshot(page, "obstacles-5-closed-demo.xa")


def test_overview_and_decentralised_tasks_for_the_nation(page, sign_in_as):
    sign_in_as("demo.quocgia")
    page.goto(f"{page.base_url}/kho-khan/tong-hop/")
    assert "Thành phố Hà Nội" in page.content()
    screenshot(page, "obstacles-overview-demo.quocgia")
    page.goto(f"{page.base_url}/phan-cap/?missing=1")
    assert page.locator("table.table tbody tr").count() > 10
    screenshot(page, "decentralisation-missing-guidance-demo.quocgia")
