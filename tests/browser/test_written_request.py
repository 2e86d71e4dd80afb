"""Issue #15 in a real browser: one written request from the province to Bộ Nội vụ covering a Hoàn Kiếm
case and a Ba Đình case, drafted by an officer, signed by the leader, answered by the ministry; the
province is notified and passes the guidance down; both communes are informed; the national register
shows the request answered with its working days taken."""

import re
from datetime import date

import pytest

from tests.browser.fixtures import click_and_wait, screenshot, sign_out

pytestmark = pytest.mark.browser


def _send_up(page, sign_in_as, leader: str, case_url: str):
    sign_in_as(leader)
    page.goto(case_url)
    page.click("#next-actions >> text=Chuyển cấp trên")
    page.fill("#id_message", "Vượt thẩm quyền giải quyết của phường.")
    click_and_wait(page)
    assert "UBND Thành phố Hà Nội" in page.locator("#responsible").inner_text()
    sign_out(page)


def test_one_written_request_from_two_communes_to_the_ministry_and_back(page, sign_in_as):
    sign_in_as("demo.xa")
    page.goto(f"{page.base_url}/kho-khan/moi/")
    page.fill("#id_title", "Thiếu công chức địa chính - xây dựng sau sắp xếp")
    page.select_option("#id_domain", "org_staff")
    page.select_option("#id_staff_field", "land")    # a staffing case names its specialty and headcount
    page.fill("#id_headcount_needed", "1")
    page.select_option("#id_severity", "high")
    page.fill("#id_description", "Phường chưa có công chức địa chính - xây dựng; cần hướng dẫn về biên chế.")
    page.click("button[type=submit].primary")
    # A draft form (drafts.js): sent by fetch, the page moves when the server answers.
    page.wait_for_url(re.compile(r"/kho-khan/\d+/$"))
    hoan_kiem_url = page.url
    hoan_kiem = int(hoan_kiem_url.rstrip("/").rsplit("/", 1)[1])
    sign_out(page)
    _send_up(page, sign_in_as, "demo.xa.lanhdao", hoan_kiem_url)

    # A Ba Đình case (from the demo data) goes up to the province too.
    sign_in_as("demo.xa2.lanhdao")
    page.goto(f"{page.base_url}/kho-khan/cho-xu-ly/")
    click_and_wait(page, "text=Thiếu phòng họp trực tuyến")
    ba_dinh_url = page.url
    ba_dinh = int(ba_dinh_url.rstrip("/").rsplit("/", 1)[1])
    sign_out(page)
    _send_up(page, sign_in_as, "demo.xa2.lanhdao", ba_dinh_url)

    # The province officer ticks both cases and drafts one request to Bộ Nội vụ.
    sign_in_as("demo.tinh.chuyenvien")
    page.goto(f"{page.base_url}/kho-khan/cho-xu-ly/")
    page.check(f"#draft-request input[name=case][value='{hoan_kiem}']")
    page.check(f"#draft-request input[name=case][value='{ba_dinh}']")
    click_and_wait(page, "#draft-request button[type=submit]")
    page.select_option("#id_to", "BNV")
    page.fill("#id_excerpt", "đề nghị hướng dẫn bố trí công chức và trang thiết bị cấp xã")
    assert "chi tiết tại Danh sách kèm theo" in page.input_value("#id_content")
    screenshot(page, "requests-1-draft-demo.tinh.chuyenvien")
    click_and_wait(page)
    assert re.search(r"/kho-khan/cong-van/\d+/$", page.url)
    request_url = page.url
    assert "Dự thảo" in page.locator(".facts").inner_text()
    sign_out(page)

    # The leader approves: number, date, signer pre-filled.
    sign_in_as("demo.tinh")
    page.goto(request_url)
    page.click("text=Duyệt, ký công văn")
    number = page.input_value("#id_number")
    assert re.match(r"\d+/UBND-NV$", number)
    click_and_wait(page)
    assert f"Số: {number}" in page.content()
    screenshot(page, "requests-2-signed-demo.tinh")
    sign_out(page)

    # The ministry answers the whole request.
    sign_in_as("demo.bo")
    page.goto(f"{page.base_url}/kho-khan/cong-van/")
    page.click(f"text={number}")
    page.click("text=Trả lời công văn")
    page.fill("#id_number", "512/BNV-CQĐP")
    page.fill("#id_signed_on", date.today().isoformat())
    page.fill("#id_signer_name", "Phạm Minh Bộ")
    page.fill("#id_signer_title", "Vụ trưởng Vụ Chính quyền địa phương")
    page.fill("#id_guidance", "Bố trí theo Nghị định 33/2023/NĐ-CP, trong tổng biên chế được giao của thành phố.")
    click_and_wait(page)
    assert "Đã có văn bản trả lời" in page.locator(".facts").inner_text()
    screenshot(page, "requests-3-answered-demo.bo")
    sign_out(page)

    # The province is notified, and passes the guidance down to each commune.
    sign_in_as("demo.tinh")
    page.goto(f"{page.base_url}/kho-khan/thong-bao/")
    assert "Đã có văn bản trả lời cho khó khăn" in page.content()
    for case_url in (hoan_kiem_url, ba_dinh_url):
        page.goto(case_url)
        page.fill("#msg-pass_down", "Đề nghị phường thực hiện theo hướng dẫn của Bộ Nội vụ.")
        click_and_wait(page, "button[value=pass_down]")
        assert "UBND Phường" in page.locator("#responsible").inner_text()
    sign_out(page)

    # Both communes are informed and read the guidance.
    for officer, case_url in (("demo.xa", hoan_kiem_url), ("demo.xa2", ba_dinh_url)):
        sign_in_as(officer)
        page.goto(f"{page.base_url}/kho-khan/thong-bao/")
        assert "Cấp trên đã chuyển hướng dẫn xuống" in page.content()
        page.goto(case_url)
        assert "Nghị định 33/2023/NĐ-CP" in page.locator("#guidance").inner_text()
        sign_out(page)

    # The national register shows it answered, with its working days taken.
    sign_in_as("demo.quocgia")
    page.goto(f"{page.base_url}/kho-khan/cong-van/?ministry=BNV&state=answered")
    row = page.locator("#request-register tbody tr", has_text=number)
    assert row.count() == 1
    cells = row.locator("td")
    assert "Đã trả lời" in cells.nth(6).inner_text() and re.fullmatch(r"\d+", cells.nth(7).inner_text().strip())
    screenshot(page, "requests-4-national-register-demo.quocgia")
    page.goto(f"{page.base_url}/kho-khan/cong-van/thoi-gian-tra-loi/")
    assert "Bộ Nội vụ" in page.locator("#response-times").inner_text()
