"""Several files per report and per directive: checked together, kept all or none, served only to
those who may see the record."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError
from thongsuot.directives import attachments, services
from thongsuot.directives.models import Attachment, Directive, ProgressReport

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name="anh-hien-truong.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def fake(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"MZ this is a program, not a PDF", content_type="application/pdf")


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def report_form(assignment, files, **extra):
    figures = {f"figure_{f.pk}": "2" for f in assignment.task.figures.all()}
    return {"period_start": "2025-11-24", "period_end": "2025-11-30", "progress": "40",
            "narrative": "Đã bố trí 2 công chức", "files": files, **figures, **extra}


@pytest.fixture
def hoan_kiem(cascaded):
    return cascaded.children.get(commune__code="00070")


def test_report_form_takes_several_files_and_lists_them(client_for, hoan_kiem, media):
    form = client_for("demo.xa").get(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/").content.decode()
    assert 'type="file" name="files" multiple' in form
    response = client_for("demo.xa").post(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/",
                                          report_form(hoan_kiem, [pdf(), png(), pdf("phu-luc.pdf")]))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert [a.name for a in report.attachments.all()] == ["bao-cao.pdf", "anh-hien-truong.png", "phu-luc.pdf"]
    assert [a.mime for a in report.attachments.all()] == ["application/pdf", "image/png", "application/pdf"]
    assert len(stored_files(media)) == 3
    page = client_for("demo.xa").get(report.get_absolute_url()).content.decode()
    for attachment in report.attachments.all():
        assert f'href="/chi-dao/bao-cao/{report.pk}/tep/{attachment.pk}/"' in page
    event = AuditEvent.objects.filter(object_type="directives.progressreport", action="create").get()
    assert event.changes["files"] == [None, ["bao-cao.pdf", "anh-hien-truong.png", "phu-luc.pdf"]]


def test_one_bad_file_keeps_the_whole_report_out_and_names_the_file(client_for, hoan_kiem, media):
    response = client_for("demo.xa").post(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/",
                                          report_form(hoan_kiem, [pdf(), fake(), png()]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được. Vui lòng sửa các lỗi sau:" in html
    assert "Tệp “bien-ban.pdf” không đúng định dạng cho phép" in html
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_every_bad_file_is_named_with_its_reason(client_for, hoan_kiem, media):
    empty = SimpleUploadedFile("trong.pdf", b"", content_type="application/pdf")
    response = client_for("demo.xa").post(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/",
                                          report_form(hoan_kiem, [fake("a.docx"), empty]))
    html = response.content.decode()
    assert "Tệp “a.docx” không đúng định dạng cho phép" in html
    assert "Tệp “trong.pdf”: tệp rỗng." in html
    assert not ProgressReport.objects.exists()


def test_too_large_a_file_is_named(client_for, hoan_kiem, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("so-lieu.pdf", PDF + b" " * (1024 * 1024), content_type="application/pdf")
    html = client_for("demo.xa").post(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/",
                                      report_form(hoan_kiem, [pdf(), big])).content.decode()
    assert "Tệp “so-lieu.pdf” lớn hơn giới hạn 1 MB." in html
    assert not ProgressReport.objects.exists() and stored_files(media) == []


def test_more_than_ten_files_at_once_are_refused_naming_the_extra_ones(client_for, hoan_kiem, media):
    files = [pdf(f"tep-{n:02}.pdf") for n in range(1, 13)]
    html = client_for("demo.xa").post(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/",
                                      report_form(hoan_kiem, files)).content.decode()
    assert "Mỗi lần chỉ gửi được tối đa 10 tệp, bạn đã chọn 12 tệp: “tep-11.pdf”, “tep-12.pdf” vượt quá" in html
    assert not ProgressReport.objects.exists() and stored_files(media) == []


def test_a_storage_failure_midway_rolls_back_the_report_and_the_files_already_written(
        persona, hoan_kiem, media, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    real_save, calls = FileSystemStorage.save, []

    def failing_save(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content, max_length=max_length)

    monkeypatch.setattr(FileSystemStorage, "save", failing_save)
    figures = {f.pk: 1 for f in hoan_kiem.task.figures.all()}
    with pytest.raises(OSError):
        services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START, period_end=END,
                               narrative="x", progress=10, figures=figures, files=[pdf(), pdf("b.pdf"), png()])
    assert len(calls) == 2
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []     # the first file, already written, was taken back


def test_service_refuses_bad_files_for_callers_that_skip_the_form(persona, hoan_kiem, media):
    figures = {f.pk: 1 for f in hoan_kiem.task.figures.all()}
    with pytest.raises(DomainError) as refused:
        services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START, period_end=END,
                               narrative="x", progress=10, figures=figures, files=[pdf(), fake()])
    assert refused.value.field == "files" and "“bien-ban.pdf”" in refused.value.message
    assert not ProgressReport.objects.exists() and stored_files(media) == []


def test_report_files_are_served_only_to_those_who_see_the_report(client_for, api_for, persona, hoan_kiem, media):
    figures = {f.pk: 1 for f in hoan_kiem.task.figures.all()}
    report = services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START,
                                    period_end=END, narrative="x", progress=10, figures=figures, files=[pdf(), png()])
    first = report.attachments.first()
    url = f"/chi-dao/bao-cao/{report.pk}/tep/{first.pk}/"
    for username in ("demo.xa", "demo.xa.xem", "demo.tinh", "demo.quocgia"):
        response = client_for(username).get(url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
    for username in ("demo.xa2", "demo.xa3", "demo.tinh2"):   # another commune, another province
        assert client_for(username).get(url).status_code == 404, username
    api_url = f"/api/directives/reports/{report.pk}/files/{first.pk}/"
    assert api_for("demo.tinh").get(api_url).status_code == 200
    assert api_for("demo.tinh2").get(api_url).status_code == 404
    assert api_for("demo.xa2").get(api_url).status_code == 404
    # A file of another record under this report's address is not found either.
    other = services.report_submit(actor=persona("demo.xa2"), assignment=hoan_kiem.parent.children.get(
        commune__code="00004"), period_start=START, period_end=END, narrative="y", progress=5, figures=figures,
        files=[pdf("cua-xa-khac.pdf")])
    stranger = other.attachments.get()
    assert client_for("demo.xa").get(f"/chi-dao/bao-cao/{report.pk}/tep/{stranger.pk}/").status_code == 404
    assert client_for("demo.xa").get(f"/chi-dao/bao-cao/{other.pk}/tep/{stranger.pk}/").status_code == 404


def test_directive_takes_several_files_and_a_draft_can_add_and_drop_them(client_for, media,
                                                                         django_capture_on_commit_callbacks):
    client = client_for("demo.quocgia")
    base = {"number": "51/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "khan", "title": "Có phụ lục",
            "signer_name": "A", "signer_title": "B"}
    assert client.post("/chi-dao/moi/", {**base, "files": [pdf("cong-dien.pdf"), pdf("phu-luc-1.pdf")]}
                       ).status_code == 302
    directive = Directive.objects.get()
    assert [a.name for a in directive.attachments.all()] == ["cong-dien.pdf", "phu-luc-1.pdf"]
    detail = client.get(directive.get_absolute_url()).content.decode()
    assert "phu-luc-1.pdf" in detail
    edit = client.get(f"/chi-dao/{directive.pk}/sua/").content.decode()
    assert "Bỏ các tệp đã đính kèm" in edit
    dropped = directive.attachments.get(name="phu-luc-1.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/chi-dao/{directive.pk}/sua/", {
            **base, "remove_files": [dropped.pk], "files": [pdf("phu-luc-2.pdf")], "version": 1})
    assert response.status_code == 302
    assert [a.name for a in directive.attachments.all()] == ["cong-dien.pdf", "phu-luc-2.pdf"]
    event = AuditEvent.objects.filter(object_type="directives.directive", action="update").get()
    assert event.changes["files"] == [["cong-dien.pdf", "phu-luc-1.pdf"], ["cong-dien.pdf", "phu-luc-2.pdf"]]
    assert len(stored_files(media)) == 2     # the dropped file left the disk after commit
    assert client.get(f"/chi-dao/{directive.pk}/tep/{dropped.pk}/").status_code == 404


def test_returned_report_is_corrected_with_its_files(client_for, persona, hoan_kiem, media):
    figures = {f.pk: 1 for f in hoan_kiem.task.figures.all()}
    report = services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START,
                                    period_end=END, narrative="x", progress=10, figures=figures,
                                    files=[pdf("sai.pdf")])
    services.report_return(actor=persona("demo.xa.lanhdao"), report=report, note="Thiếu biên bản")
    wrong = report.attachments.get()
    response = client_for("demo.xa").post(f"/chi-dao/bao-cao/{report.pk}/sua/", report_form(
        hoan_kiem, [pdf("bien-ban.pdf"), png()], remove_files=[wrong.pk], version=ProgressReport.objects.get(pk=report.pk).version))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert [a.name for a in report.attachments.all()] == ["bien-ban.pdf", "anh-hien-truong.png"]


def test_a_record_holds_at_most_thirty_files(persona, hoan_kiem, media):
    figures = {f.pk: 1 for f in hoan_kiem.task.figures.all()}
    report = services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START,
                                    period_end=END, narrative="x", progress=10, figures=figures,
                                    files=[pdf(f"{n}.pdf") for n in range(10)])
    services.report_return(actor=persona("demo.xa.lanhdao"), report=report, note="Bổ sung")
    for round_ in range(2):
        services.report_revise(actor=persona("demo.xa"), report=report, period_start=START, period_end=END,
                               narrative="x", progress=10, figures=figures,
                               files=[pdf(f"{round_}-{n}.pdf") for n in range(10)])
        services.report_return(actor=persona("demo.xa.lanhdao"), report=report, note="Bổ sung")
    with pytest.raises(DomainError) as refused:
        services.report_revise(actor=persona("demo.xa"), report=report, period_start=START, period_end=END,
                               narrative="x", progress=10, figures=figures, files=[pdf("thua.pdf")])
    assert refused.value.message == "Mỗi hồ sơ có tối đa 30 tệp đính kèm; đã có 30 tệp, chỉ thêm được 0 tệp nữa."
    assert report.attachments.count() == 30 and len(stored_files(media)) == 30


def test_api_report_with_several_files_all_or_nothing(api_for, hoan_kiem, media):
    commune = api_for("demo.xa")
    figure_fields = {f"figures.{f.pk}": "3" for f in hoan_kiem.task.figures.all()}
    body = {"period_start": "2025-11-24", "period_end": "2025-11-30", "narrative": "Đã rà soát", "progress": "50",
            **figure_fields}
    url = f"/api/directives/assignments/{hoan_kiem.pk}/reports/"
    refused = commune.post(url, {**body, "files": [pdf(), fake()]}, format="multipart")
    assert refused.status_code == 400
    assert any("“bien-ban.pdf”" in message for message in refused.json()["files"])
    assert not ProgressReport.objects.exists() and stored_files(media) == []

    response = commune.post(url, {**body, "files": [pdf(), png()]}, format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [f["name"] for f in data["files"]] == ["bao-cao.pdf", "anh-hien-truong.png"]
    assert {v["value"] for v in data["values"]} == {"3.00"}
    listed = commune.get(url).json()["results"][0]["files"]
    assert [f["size"] for f in listed] == [len(PDF), len(PNG)]
    download = api_for("demo.tinh").get(listed[1]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert api_for("demo.tinh2").get(listed[1]["url"]).status_code == 404


def test_api_directive_with_files(api_for, media):
    boss = api_for("demo.quocgia")
    response = boss.post("/api/directives/", {
        "number": "52/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "khan", "title": "Qua API",
        "signer_name": "A", "signer_title": "B", "files": [pdf("cong-dien.pdf"), pdf("phu-luc.pdf")]},
        format="multipart")
    assert response.status_code == 201, response.json()
    assert [f["name"] for f in response.json()["files"]] == ["cong-dien.pdf", "phu-luc.pdf"]
    detail = boss.get(f"/api/directives/{response.json()['id']}/").json()
    assert [f["name"] for f in detail["files"]] == ["cong-dien.pdf", "phu-luc.pdf"]
    assert boss.get(detail["files"][0]["url"]).status_code == 200
    assert api_for("demo.tinh").get(detail["files"][0]["url"]).status_code == 404    # still a draft


def test_check_uploads_keeps_the_order_and_the_sniffed_types():
    checked = attachments.check_uploads([pdf(), png()])
    assert [(f.name, mime) for f, mime in checked] == [("bao-cao.pdf", "application/pdf"),
                                                      ("anh-hien-truong.png", "image/png")]
    assert attachments.check_uploads([]) == []
