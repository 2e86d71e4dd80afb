"""The whole loop in a browser: the nation issues, Hà Nội passes on, Hoàn Kiếm reports, its leader
approves, and the national matrix moves."""

from datetime import date, timedelta

import pytest

from tests.browser.fixtures import click_and_wait, screenshot, sign_out

pytestmark = pytest.mark.browser


def hanoi_row(tab):
    return tab.locator("table.matrix tbody tr", has_text="Thành phố Hà Nội")


def test_directive_loop_end_to_end(page, sign_in_as):  # noqa: F811
    base = page.base_url
    sign_in_as("demo.quocgia")
    page.goto(f"{base}/chi-dao/moi/")
    page.fill("#id_number", "99/CĐ-BCĐ")
    page.fill("#id_issued_on", "2025-11-23")
    page.select_option("#id_urgency", "hoa_toc")
    page.fill("#id_title", "Về việc bổ sung công chức công nghệ thông tin cho cấp xã")
    page.fill("#id_signer_name", "Nguyễn Văn Quốc")
    page.fill("#id_signer_title", "Phó Trưởng Ban Chỉ đạo")
    click_and_wait(page)
    assert "Số: 99/CĐ-BCĐ" in page.locator("h1").inner_text()
    directive_url = page.url
    page.get_by_role("link", name="Thêm nhiệm vụ").click()
    page.fill("#id_title", "Bố trí đủ công chức công nghệ thông tin")
    page.select_option("#id_domain", "org_staff")
    page.fill("#id_deadline", "2025-12-31")
    page.fill("#id_figures", "Số công chức CNTT còn thiếu | người")
    click_and_wait(page)
    click_and_wait(page, page.get_by_role("button", name="Ban hành"))
    assert "Đã ban hành văn bản" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Bố trí đủ công chức công nghệ thông tin").first.click()
    click_and_wait(page)   # "Tất cả 34 tỉnh, thành phố" is preselected
    assert "Đã giao nhiệm vụ cho 34 nơi mới." in page.locator(".messages").inner_text()
    page.goto(directive_url)
    assert "0%" in hanoi_row(page).inner_text()
    sign_out(page)

    sign_in_as("demo.tinh")
    page.goto(f"{base}/chi-dao/duoc-giao/")
    page.get_by_role("link", name="Bố trí đủ công chức công nghệ thông tin").click()
    page.get_by_role("link", name="Giao tiếp cho xã, phường, đặc khu").click()
    click_and_wait(page)
    assert "Đã giao tiếp cho 126 xã, phường, đặc khu." in page.locator(".messages").inner_text()
    sign_out(page)

    sign_in_as("demo.xa")
    page.goto(f"{base}/chi-dao/duoc-giao/")
    page.get_by_role("link", name="Bố trí đủ công chức công nghệ thông tin").click()
    page.get_by_role("link", name="Gửi báo cáo tiến độ").click()
    page.click("button[type=submit].primary")   # empty: the browser's own check (drafts.js) lists every field
    summary = page.locator(".error-summary").inner_text()
    assert "Chưa gửi được. Vui lòng sửa các lỗi sau:" in summary and "Kỳ báo cáo: từ ngày" in summary
    page.fill("#id_period_start", "2025-11-24")
    page.fill("#id_period_end", "2025-11-30")
    page.fill("#id_progress", "100")
    page.fill("#id_narrative", "Đã tiếp nhận 1 công chức CNTT điều động từ Sở Khoa học và Công nghệ.")
    page.get_by_label("Số công chức CNTT còn thiếu (người)").fill("0")
    page.click("button[type=submit].primary")
    assert "Đã gửi báo cáo; chờ lãnh đạo duyệt." in page.locator(".messages").inner_text()
    sign_out(page)

    sign_in_as("demo.xa.lanhdao")
    page.goto(f"{base}/chi-dao/duoc-giao/")
    page.locator("#cho-duyet").get_by_role("link", name="Bố trí đủ công chức công nghệ thông tin").click()
    page.fill("#id_note", "Đồng ý.")
    click_and_wait(page, page.get_by_role("button", name="Duyệt"))
    assert "Đã duyệt báo cáo." in page.locator(".messages").inner_text()
    sign_out(page)

    sign_in_as("demo.quocgia")
    page.goto(directive_url)
    row = hanoi_row(page).inner_text()
    assert "1/127 hoàn thành" in row and "1%" in row     # (100 + 0 × 126) / 127 ≈ 0.8 → 1 %
    hanoi_row(page).get_by_role("link", name="Thành phố Hà Nội").click()
    hoan_kiem = page.locator("table.matrix tbody tr", has_text="Phường Hoàn Kiếm").inner_text()
    assert "Hoàn thành" in hoan_kiem and "100%" in hoan_kiem
    assert screenshot(page, "directives-hanoi-drill-down").exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_report_with_several_files_registry_figures_and_task_edit(page, sign_in_as, tmp_path):  # noqa: F811
    """Hoàn Kiếm reports with several files (a bad one first refused by name), the nation sees the
    registries' figures beside the reports on the seeded letter, and moves a task's deadline."""
    base = page.base_url
    letter, annex, program = tmp_path / "bien-ban.pdf", tmp_path / "phu-luc.pdf", tmp_path / "cai-dat.pdf"
    letter.write_bytes(PDF)
    annex.write_bytes(PDF)
    program.write_bytes(b"MZ\x90\x00 not a document")

    sign_in_as("demo.xa")
    page.goto(f"{base}/chi-dao/duoc-giao/")
    page.get_by_role("link", name="Bảo đảm trang thiết bị, đường truyền và kết nối nền tảng số").first.click()
    page.get_by_role("link", name="Gửi báo cáo tiến độ").click()
    page.fill("#id_period_start", "2025-11-24")
    page.fill("#id_period_end", "2025-11-30")
    page.fill("#id_progress", "60")
    page.fill("#id_narrative", "Đã nhận 4 máy tính; đường truyền chuyên dùng đang thi công.")
    page.get_by_label("Số máy tính còn thiếu (chiếc)").fill("2")
    page.get_by_label("Số điểm chưa kết nối mạng truyền số liệu chuyên dùng (điểm)").fill("1")
    page.set_input_files("#id_files", [str(letter), str(program), str(annex)])
    page.click("button[type=submit].primary")
    summary = page.locator(".error-summary").inner_text()
    assert "Tệp “cai-dat.pdf” không đúng định dạng cho phép" in summary
    shot = screenshot(page, "directives-report-form-files")
    page.locator("section.card").screenshot(path=str(shot.with_name("directives-report-form-files-card.png")))
    page.get_by_label("Số máy tính còn thiếu (chiếc)").fill("2")
    page.get_by_label("Số điểm chưa kết nối mạng truyền số liệu chuyên dùng (điểm)").fill("1")
    page.set_input_files("#id_files", [str(letter), str(annex)])
    page.click("button[type=submit].primary")
    assert "Đã gửi báo cáo; chờ lãnh đạo duyệt." in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="bien-ban.pdf").count() == 1
    assert page.get_by_role("link", name="phu-luc.pdf").count() == 1
    sign_out(page)

    sign_in_as("demo.quocgia")
    page.goto(f"{base}/chi-dao/")
    page.get_by_role("link", name="24/CĐ-BCĐ").first.click()
    page.get_by_role("link", name="Bảo đảm trang thiết bị, đường truyền và kết nối nền tảng số").first.click()
    table = page.locator("table.table").first.inner_text()
    assert "Thiết bị còn thiếu — Máy tính (chiếc)" in table and "Điểm sẵn sàng bình quân (điểm/100)" in table
    assert screenshot(page, "directives-task-registry").exists()
    page.get_by_role("link", name="Sửa nhiệm vụ").click()
    later = date.today() + timedelta(days=40)      # the demo's deadlines follow the day it was seeded
    page.fill("#id_deadline", later.isoformat())
    click_and_wait(page, page.get_by_role("button", name="Lưu nhiệm vụ"))
    assert "Đã lưu nhiệm vụ." in page.locator(".messages").inner_text()
    assert f"{later:%d/%m/%Y}" in page.locator("dl.facts").inner_text()
