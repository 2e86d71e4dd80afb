"""What users do through the pages, and what each of them may see."""

from datetime import date

import pytest

from thongsuot.directives import services
from thongsuot.directives.models import Assignment, Directive, ProgressReport

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)


def report_on(persona, assignment, username="demo.xa", progress=30):
    figures = {f.pk: 1 for f in assignment.task.figures.all()}
    return services.report_submit(actor=persona(username), assignment=assignment, period_start=START,
                                  period_end=END, narrative="Báo cáo tuần", progress=progress, figures=figures)


def test_national_leader_creates_directive_adds_task_issues_and_assigns(client_for):
    client = client_for("demo.quocgia")
    response = client.post("/chi-dao/moi/", {
        "number": "Số: 21/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "hoa_toc", "title": "Tháo gỡ khó khăn",
        "signer_name": "Nguyễn Văn Quốc", "signer_title": "Phó Trưởng Ban"})
    directive = Directive.objects.get(number="21/CĐ-BCĐ")
    assert response.status_code == 302 and response["Location"] == f"/chi-dao/{directive.pk}/"
    response = client.post(f"/chi-dao/{directive.pk}/them-nhiem-vu/", {
        "title": "Bổ sung công chức", "domain": "org_staff", "deadline": "31/12/2025",
        "figures": "Số công chức CNTT còn thiếu | người\nSố lớp bồi dưỡng | lớp"})
    assert response.status_code == 302
    task = directive.tasks.get()
    assert [(f.name, f.unit) for f in task.figures.all()] == [("Số công chức CNTT còn thiếu", "người"),
                                                            ("Số lớp bồi dưỡng", "lớp")]
    assert client.post(f"/chi-dao/{directive.pk}/ban-hanh/").status_code == 302
    directive.refresh_from_db()
    assert directive.status == "issued"
    response = client.post(f"/chi-dao/nhiem-vu/{task.pk}/", {"target": "all"})
    assert response.status_code == 302
    assert task.assignments.count() == 34
    page = client.get(f"/chi-dao/{directive.pk}/")
    assert "Tỉnh Lào Cai" in page.content.decode() and "0%" in page.content.decode()


def test_form_errors_are_listed_in_vietnamese_and_nothing_saved(client_for):
    response = client_for("demo.quocgia").post("/chi-dao/moi/", {"number": "", "issued_on": "31/02/2025",
                                                                 "urgency": "hoa_toc"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được. Vui lòng sửa các lỗi sau:" in html
    assert "Ngày không hợp lệ" in html and "Số, ký hiệu" in html
    assert not Directive.objects.exists()


def test_task_figure_lines_need_a_unit(client_for, national_directive):
    response = client_for("demo.quocgia").post(f"/chi-dao/{national_directive.pk}/them-nhiem-vu/", {
        "title": "X", "domain": "other", "deadline": "2025-12-31", "figures": "Số lớp"})
    assert "Dòng 1: cần có tên chỉ tiêu và đơn vị tính" in response.content.decode()


def test_commune_cannot_open_the_directive_form(client_for):
    assert client_for("demo.xa").get("/chi-dao/moi/").status_code == 403


def test_draft_is_invisible_below_the_issuer(client_for, national_directive):
    assert client_for("demo.tinh").get(f"/chi-dao/{national_directive.pk}/").status_code == 404
    assert client_for("demo.quocgia").get(f"/chi-dao/{national_directive.pk}/").status_code == 200


def test_province_sees_its_row_only_and_drills_into_its_communes(client_for, cascaded):
    directive = cascaded.directive
    html = client_for("demo.tinh").get(f"/chi-dao/{directive.pk}/").content.decode()
    assert "Thành phố Hà Nội" in html and "Tỉnh Lào Cai" not in html
    drill = client_for("demo.tinh").get(f"/chi-dao/{directive.pk}/tinh/01/").content.decode()
    assert "Phường Hoàn Kiếm" in drill and "Phường Ba Đình" in drill
    assert client_for("demo.tinh2").get(f"/chi-dao/{directive.pk}/tinh/01/").status_code == 404


def test_commune_sees_only_its_assignment(client_for, cascaded):
    directive = cascaded.directive
    html = client_for("demo.xa").get(f"/chi-dao/{directive.pk}/").content.decode()
    assert "UBND Phường Hoàn Kiếm" in html and "UBND Phường Ba Đình" not in html
    ba_dinh = cascaded.children.get(commune__code="00004")
    assert client_for("demo.xa").get(f"/chi-dao/giao/{ba_dinh.pk}/").status_code == 404
    assert client_for("demo.xa").get(f"/chi-dao/giao/{cascaded.pk}/").status_code == 404
    assert client_for("demo.xa3").get(f"/chi-dao/{directive.pk}/").status_code == 404


def test_tinh2_cannot_see_hanoi_communes_reports(client_for, persona, cascaded):
    report = report_on(persona, cascaded.children.get(commune__code="00070"))
    assert client_for("demo.tinh2").get(f"/chi-dao/bao-cao/{report.pk}/").status_code == 404
    assert client_for("demo.xa2").get(f"/chi-dao/bao-cao/{report.pk}/").status_code == 404
    assert client_for("demo.tinh").get(f"/chi-dao/bao-cao/{report.pk}/").status_code == 200


def test_ministry_sees_directives_naming_it_only(client_for, issued):
    assert client_for("demo.bo").get(f"/chi-dao/{issued.pk}/").status_code == 200   # BNV leads task 1
    assert "15/CĐ-BCĐ" in client_for("demo.bo").get("/chi-dao/").content.decode()


def test_province_cascades_through_the_form(client_for, hanoi_assignment):
    client = client_for("demo.tinh")
    response = client.post(f"/chi-dao/giao/{hanoi_assignment.pk}/giao-tiep/", {"target": "chosen"})
    assert "Chưa chọn nơi nhận nào." in response.content.decode()
    response = client.post(f"/chi-dao/giao/{hanoi_assignment.pk}/giao-tiep/",
                           {"target": "all", "deadline": "2026-01-15"})
    assert "không được muộn hơn thời hạn tỉnh được giao" in response.content.decode()
    assert not hanoi_assignment.children.exists()
    response = client.post(f"/chi-dao/giao/{hanoi_assignment.pk}/giao-tiep/", {"target": "all"})
    assert response.status_code == 302
    assert hanoi_assignment.children.count() == 126
    assert client_for("demo.tinh2").post(f"/chi-dao/giao/{hanoi_assignment.pk}/giao-tiep/",
                                         {"target": "all"}).status_code == 404


def test_commune_reports_and_leader_approves_through_pages(client_for, cascaded):
    mine = cascaded.children.get(commune__code="00070")
    first, second = mine.task.figures.all()
    officer = client_for("demo.xa")
    assert "Bổ sung công chức chuyên môn" in officer.get("/chi-dao/duoc-giao/").content.decode()
    form = officer.get(f"/chi-dao/giao/{mine.pk}/bao-cao/").content.decode()
    assert "Số công chức CNTT còn thiếu (người)" in form
    data = {"period_start": "2025-11-24", "period_end": "2025-11-30", "progress": "60", "narrative": "Đã tuyển 1",
            f"figure_{first.pk}": "2", f"figure_{second.pk}": "1", "submission_key": "tok-1"}
    response = officer.post(f"/chi-dao/giao/{mine.pk}/bao-cao/", data)
    assert response.status_code == 302
    officer.post(f"/chi-dao/giao/{mine.pk}/bao-cao/", data)   # resent after a dropped connection
    report = ProgressReport.objects.get()
    leader = client_for("demo.xa.lanhdao")
    assert "Báo cáo chờ duyệt" in leader.get("/chi-dao/duoc-giao/").content.decode()
    assert officer.post(f"/chi-dao/bao-cao/{report.pk}/duyet/").status_code == 403
    response = leader.post(f"/chi-dao/bao-cao/{report.pk}/duyet/", {"note": "Đồng ý"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.state, mine.progress) == (Assignment.State.IN_PROGRESS, 60)
    html = client_for("demo.quocgia").get(f"/chi-dao/{cascaded.directive_id}/tinh/01/").content.decode()
    assert "60%" in html


def test_report_form_errors(client_for, cascaded):
    mine = cascaded.children.get(commune__code="00070")
    response = client_for("demo.xa").post(f"/chi-dao/giao/{mine.pk}/bao-cao/", {
        "period_start": "2025-11-30", "period_end": "2025-11-24", "progress": "120", "narrative": ""})
    html = response.content.decode()
    assert "Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu." in html
    assert "Tiến độ phải từ 0 đến 100." in html and "Chưa nhập số liệu này." in html
    assert not ProgressReport.objects.exists()


def test_return_without_reason_is_refused_then_with_reason_and_revise(client_for, persona, cascaded):
    report = report_on(persona, cascaded.children.get(commune__code="00070"))
    leader = client_for("demo.xa.lanhdao")
    response = leader.post(f"/chi-dao/bao-cao/{report.pk}/tra-lai/", {"note": ""}, follow=True)
    assert "Cần ghi rõ lý do trả lại báo cáo." in response.content.decode()
    leader.post(f"/chi-dao/bao-cao/{report.pk}/tra-lai/", {"note": "Thiếu số liệu"})
    report.refresh_from_db()
    assert report.status == "returned"
    figures = {f"figure_{f.pk}": "4" for f in report.assignment.task.figures.all()}
    form = {"period_start": "2025-11-24", "period_end": "2025-11-30", "progress": "50", "narrative": "Bổ sung",
            "version": str(report.version), **figures}
    response = client_for("demo.xa").post(f"/chi-dao/bao-cao/{report.pk}/sua/", form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress) == ("submitted", 50)


def test_a_correction_from_an_old_page_meets_the_newer_report_409(client_for, persona, cascaded):
    """A colleague corrected the returned report meanwhile: the old page (or offline draft) is refused
    with 409, and the page shows the server's version beside what was typed; nothing is overwritten."""
    report = report_on(persona, cascaded.children.get(commune__code="00070"))
    client_for("demo.xa.lanhdao").post(f"/chi-dao/bao-cao/{report.pk}/tra-lai/", {"note": "Thiếu số liệu"})
    report.refresh_from_db()
    figures = {f"figure_{f.pk}": "4" for f in report.assignment.task.figures.all()}
    form = {"period_start": "2025-11-24", "period_end": "2025-11-30", "progress": "60",
            "narrative": "Bản của đồng nghiệp", "version": str(report.version), **figures}
    officer = client_for("demo.xa")
    assert officer.post(f"/chi-dao/bao-cao/{report.pk}/sua/", form).status_code == 302
    stale = officer.post(f"/chi-dao/bao-cao/{report.pk}/sua/", {**form, "narrative": "Bản nháp cũ", "progress": "10"})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Báo cáo này đã được sửa hoặc duyệt sau khi bạn mở trang" in html
    assert "data-server-version" in html and "Bản của đồng nghiệp" in html and "Bản nháp cũ" in html
    report.refresh_from_db()
    assert (report.narrative, report.progress) == ("Bản của đồng nghiệp", 60)


def test_matrix_and_list_export_to_excel(client_for, cascaded):
    client = client_for("demo.quocgia")
    response = client.get(f"/chi-dao/{cascaded.directive_id}/?xuat=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    places = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert places == ["Thành phố Hà Nội", "Tỉnh Lào Cai", "Tổng hợp"]
    assert client.get("/chi-dao/?xuat=xlsx").status_code == 200
    assert client_for("demo.xa").get(f"/chi-dao/{cascaded.directive_id}/?xuat=xlsx").status_code == 404


def test_home_pages_show_the_panel(client_for, cascaded):
    assert "Chỉ đạo, điều hành" in client_for("demo.quocgia").get("/").content.decode()
    html = client_for("demo.xa").get("/").content.decode()
    assert "nhiệm vụ chưa hoàn thành" in html


def test_draft_is_edited_then_frozen_once_issued(client_for, national_directive):
    client = client_for("demo.quocgia")
    data = {"number": "15/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "thuong_khan", "title": "Trích yếu mới",
            "signer_name": "Nguyễn Văn Quốc", "signer_title": "Phó Trưởng Ban"}
    assert 'name="version" value="1"' in client.get(f"/chi-dao/{national_directive.pk}/sua/").content.decode()
    assert client.post(f"/chi-dao/{national_directive.pk}/sua/", {**data, "version": 1}).status_code == 302
    national_directive.refresh_from_db()
    assert (national_directive.title, national_directive.urgency, national_directive.version) == (
        "Trích yếu mới", "thuong_khan", 2)
    stale = client.post(f"/chi-dao/{national_directive.pk}/sua/", {**data, "title": "Trích yếu cũ", "version": 1})
    assert stale.status_code == 409 and "Bản ghi đã được người khác sửa" in stale.content.decode()
    assert "Trích yếu cũ" in stale.content.decode()
    national_directive.refresh_from_db()
    assert (national_directive.title, national_directive.version) == ("Trích yếu mới", 2)
    assert client_for("demo.tinh").get(f"/chi-dao/{national_directive.pk}/sua/").status_code == 404
    client.post(f"/chi-dao/{national_directive.pk}/ban-hanh/")
    assert client.get(f"/chi-dao/{national_directive.pk}/sua/").status_code == 403


def test_province_directs_chosen_communes_and_sees_them_in_its_matrix(client_for):
    from thongsuot.geo.models import Commune

    client = client_for("demo.tinh2")
    client.post("/chi-dao/moi/", {"number": "88/CĐ-UBND", "issued_on": "2025-11-25", "urgency": "khan",
                                  "title": "Lào Cai triển khai", "signer_name": "Giàng A Lào",
                                  "signer_title": "Phó Chủ tịch"})
    directive = Directive.objects.get(number="88/CĐ-UBND")
    assert directive.province.code == "15"
    client.post(f"/chi-dao/{directive.pk}/them-nhiem-vu/", {"title": "Rà soát trụ sở", "domain": "hq_assets",
                                                            "deadline": "2025-12-20"})
    client.post(f"/chi-dao/{directive.pk}/ban-hanh/")
    task = directive.tasks.get()
    bat_xat = Commune.objects.get(code="02683")
    response = client.post(f"/chi-dao/nhiem-vu/{task.pk}/", {"target": "chosen", "places": [bat_xat.pk]})
    assert response.status_code == 302
    assert list(task.assignments.values_list("agency__code", flat=True)) == ["X02683"]
    html = client.get(f"/chi-dao/{directive.pk}/").content.decode()
    assert "Xã Bát Xát" in html and "Tiến độ theo xã, phường, đặc khu" in html
    assert client_for("demo.xa3").get(f"/chi-dao/{directive.pk}/").status_code == 200
    assert client_for("demo.tinh").get(f"/chi-dao/{directive.pk}/").status_code == 404
    assert client_for("demo.xa").get(f"/chi-dao/{directive.pk}/").status_code == 404


def test_pages_speak_english_when_asked(client_for, cascaded):
    from django.utils import translation

    client = client_for("demo.quocgia")
    # English is an explicit choice (the language selector's cookie), not the browser's header.
    client.cookies["django_language"] = "en"
    with translation.override("vi"):   # the request activates English; give the thread back Vietnamese
        response = client.get(f"/chi-dao/{cascaded.directive_id}/")
    html = response.content.decode()
    assert "Progress by province" in html and "Nationwide" in html and "Tiến độ theo tỉnh" not in html


def test_ministry_sees_nothing_not_addressed_to_it(client_for, api_for, persona, issued):
    boss = persona("demo.quocgia")
    other = services.directive_create(actor=boss, number="40/CĐ-BCĐ", issued_on=START, urgency="thuong",
                                      title="Chỉ việc của Bộ Xây dựng", signer_name="A", signer_title="B")
    from thongsuot.accounts.models import Agency

    task = services.task_create(actor=boss, directive=other, title="Quy hoạch", deadline=END,
                                lead_agency=Agency.objects.get(code="BXD"))
    services.directive_issue(actor=boss, directive=other)
    services.task_assign(actor=boss, task=task)
    assert client_for("demo.bo").get(f"/chi-dao/{other.pk}/").status_code == 404
    assert "40/CĐ-BCĐ" not in client_for("demo.bo").get("/chi-dao/").content.decode()
    tasks = {a["task"] for a in api_for("demo.bo").get("/api/directives/assignments/?page_size=500").json()["results"]}
    assert tasks == {issued.tasks.get(position=1).pk}   # BNV leads task 1 only; task 2 names no ministry


def test_directive_file_is_checked_by_content_and_served_only_to_those_who_see_it(client_for, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("demo.quocgia")
    base = {"number": "50/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "khan", "title": "Có tệp",
            "signer_name": "A", "signer_title": "B"}
    fake = SimpleUploadedFile("cong-dien.pdf", b"not really a pdf", content_type="application/pdf")
    response = client.post("/chi-dao/moi/", {**base, "files": [fake]})
    assert "không đúng định dạng cho phép" in response.content.decode()
    assert not Directive.objects.exists()
    pdf = SimpleUploadedFile("cong-dien.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    assert client.post("/chi-dao/moi/", {**base, "files": [pdf]}).status_code == 302
    directive = Directive.objects.get()
    attachment = directive.attachments.get()
    download = client.get(f"/chi-dao/{directive.pk}/tep/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for("demo.tinh").get(f"/chi-dao/{directive.pk}/tep/{attachment.pk}/").status_code == 404  # a draft


def test_assigned_list_exports_to_excel(client_for, cascaded):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("demo.xa").get("/chi-dao/duoc-giao/?xuat=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=4, values_only=True))
    assert [(r[2], r[3]) for r in rows] == [("Bổ sung công chức chuyên môn", "UBND Phường Hoàn Kiếm")]
