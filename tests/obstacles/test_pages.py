"""What users do, through HTTP, as the demo personas."""

import pytest

from tests.obstacles.factories import file_case, pdf
from thongsuot.audit.models import AuditEvent
from thongsuot.notifications.models import Notification
from thongsuot.obstacles.models import Obstacle, ObstacleEvent, Status

FILING = {"title": "Trụ sở UBND phường xuống cấp, thấm dột", "domain": "hq_assets", "severity": "high",
          "classification": "", "facility_subject": "premises", "description": "Trụ sở cũ của phường Hàng Trống bị thấm dột, cần sửa chữa.",
          "submission_key": "form-key-1"}


def _version(pk):
    return Obstacle.objects.get(pk=pk).version


def test_the_full_ladder_over_http(client_for):
    """demo.xa files, demo.xa.lanhdao sends up, demo.tinh escalates in writing to Bộ Nội vụ,
    demo.bo answers, demo.xa closes."""
    xa = client_for("demo.xa")
    response = xa.post("/kho-khan/moi/", {**FILING, "attachment": pdf("anh-tru-so.pdf")})
    assert response.status_code == 302
    obstacle = Obstacle.objects.get(title=FILING["title"])
    assert response["Location"] == f"/kho-khan/{obstacle.pk}/"
    assert obstacle.attachments.get().name == "anh-tru-so.pdf"

    leader = client_for("demo.xa.lanhdao")
    page = leader.get(f"/kho-khan/{obstacle.pk}/chuyen-len/")
    assert "Lý do chuyển cấp tỉnh" in page.content.decode()
    response = leader.post(f"/kho-khan/{obstacle.pk}/chuyen-len/",
                           {"message": "Vượt khả năng kinh phí của phường.", "version": _version(obstacle.pk)})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.level, obstacle.responsible_agency.code, obstacle.status) == ("province", "T01", "escalated")

    tinh = client_for("demo.tinh")
    assert FILING["title"] in tinh.get("/kho-khan/cho-xu-ly/").content.decode()
    page = tinh.get(f"/kho-khan/{obstacle.pk}/chuyen-len/").content.decode()
    assert "Bộ Nội vụ" in page and "Ban Chỉ đạo Trung ương" in page
    response = tinh.post(f"/kho-khan/{obstacle.pk}/chuyen-len/", {
        "to": "BNV", "number": "Số: 123/UBND-NV", "signed_on": "2025-11-24", "signer_name": "Hoàng Văn Tỉnh",
        "signer_title": "Phó Chủ tịch UBND Thành phố Hà Nội", "content": "Đề nghị Bộ Nội vụ hướng dẫn.",
        "file": pdf("cv-123.pdf"), "version": _version(obstacle.pk)})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.level, obstacle.responsible_agency.code, obstacle.ministry.code) == ("ministry", "BNV", "BNV")

    bo = client_for("demo.bo")
    detail = bo.get(f"/kho-khan/{obstacle.pk}/").content.decode()
    assert "Số: 123/UBND-NV" in detail
    request = obstacle.requests.get()
    download = bo.get(f"/kho-khan/{obstacle.pk}/van-ban/de-nghi/{request.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    response = bo.post(f"/kho-khan/{obstacle.pk}/tra-loi/", {
        "number": "456/BNV-CQĐP", "signed_on": "2025-11-25", "signer_name": "Phạm Minh Bộ",
        "signer_title": "Vụ trưởng", "guidance": "Bố trí kinh phí từ nguồn cải cách tiền lương.",
        "file": pdf("cv-456.pdf"), "version": _version(obstacle.pk)})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.responsible_agency.code) == ("answered", "T01")
    response = tinh.post(f"/kho-khan/{obstacle.pk}/thao-tac/pass_down/", {"version": _version(obstacle.pk),
                                                                           "message": ""})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.responsible_agency.code) == ("answered", "X00070")

    response = xa.post(f"/kho-khan/{obstacle.pk}/thao-tac/close/", {"version": _version(obstacle.pk), "message": ""})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.status == Status.CLOSED
    timeline = xa.get(f"/kho-khan/{obstacle.pk}/").content.decode()
    for text in ("Phản ánh", "Chuyển cấp trên", "Trả lời bằng văn bản", "Bố trí kinh phí từ nguồn cải cách",
                 "Ngô Thị Xuân", "Hoàng Văn Tỉnh"):
        assert text in timeline
    assert list(obstacle.events.values_list("kind", flat=True)) == [
        "create", "attachment", "escalate", "escalate", "answer", "pass_down", "close"]
    assert Notification.objects.filter(key__startswith=f"obstacles:{obstacle.pk}:", user__username="demo.bo").exists()


def test_the_commune_leader_returns_a_case_with_a_reason(client_for, persona):
    obstacle = file_case(persona("demo.xa"))
    leader = client_for("demo.xa.lanhdao")
    response = leader.post(f"/kho-khan/{obstacle.pk}/thao-tac/return/", {"version": obstacle.version, "message": ""})
    assert response.status_code == 400
    assert "Cần ghi nội dung khi “Trả lại, yêu cầu bổ sung”." in response.content.decode()
    response = leader.post(f"/kho-khan/{obstacle.pk}/thao-tac/return/",
                           {"version": obstacle.version, "message": "Bổ sung số máy tính hiện có."})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.status == Status.RETURNED


def test_an_illegal_move_over_http_gets_a_clear_message(client_for, persona):
    obstacle = file_case(persona("demo.xa"))
    response = client_for("demo.xa").post(f"/kho-khan/{obstacle.pk}/thao-tac/close/", {"version": obstacle.version})
    assert response.status_code == 409
    assert "Không thể “Đóng” khi khó khăn đang ở trạng thái “Mới”." in response.content.decode()


def test_a_second_person_on_a_stale_page_is_told_to_reload(client_for, persona):
    obstacle = file_case(persona("demo.xa"))
    stale = obstacle.version
    leader = client_for("demo.xa.lanhdao")
    assert leader.post(f"/kho-khan/{obstacle.pk}/thao-tac/acknowledge/", {"version": stale}).status_code == 302
    response = leader.post(f"/kho-khan/{obstacle.pk}/thao-tac/start/", {"version": stale}, follow=True)
    assert "vừa được người khác thay đổi. Vui lòng tải lại trang" in response.content.decode()
    obstacle.refresh_from_db()
    assert obstacle.status == Status.ACKNOWLEDGED


def test_a_form_sent_twice_files_one_case(client_for):
    xa = client_for("demo.xa")
    first = xa.post("/kho-khan/moi/", FILING)
    second = xa.post("/kho-khan/moi/", FILING)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Obstacle.objects.filter(title=FILING["title"]).count() == 1
    assert ObstacleEvent.objects.filter(obstacle__title=FILING["title"], kind="create").count() == 1


def test_filing_errors_name_the_field_and_save_nothing(client_for):
    response = client_for("demo.xa").post("/kho-khan/moi/", {**FILING, "title": "", "domain": "",
                                                            "attachment": pdf("virus.exe")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa lưu được" in body and "Tiêu đề" in body and "Lĩnh vực" in body
    assert "không đúng định dạng cho phép" in body
    assert not Obstacle.objects.filter(description=FILING["description"]).exists()


def test_a_fake_pdf_is_refused_by_content(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client_for("demo.xa").post("/kho-khan/moi/", {**FILING, "attachment": fake})
    assert response.status_code == 400
    assert "định dạng được xác định theo nội dung tệp" in response.content.decode()


@pytest.mark.parametrize("username", ["demo.xa2", "demo.tinh2", "demo.bo"])
def test_others_cannot_see_the_case_of_hoan_kiem(client_for, persona, username):
    obstacle = file_case(persona("demo.xa"))
    client = client_for(username)
    assert client.get(f"/kho-khan/{obstacle.pk}/").status_code == 404
    assert obstacle.title not in client.get("/kho-khan/").content.decode()
    assert client.get(f"/nhat-ky/obstacles.obstacle/{obstacle.pk}/").status_code == 404


def test_a_ministry_sees_only_what_is_addressed_to_it(client_for, persona):
    from tests.obstacles.factories import REQUEST
    from thongsuot.accounts.models import Agency
    from thongsuot.obstacles import services

    to_bnv = file_case(persona("demo.xa"), title="Thiếu biên chế công chức địa chính")
    to_btc = file_case(persona("demo.xa"), title="Thiếu kinh phí sửa trụ sở")
    for obstacle, code in ((to_bnv, "BNV"), (to_btc, "BTC")):
        obstacle = services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                              version=obstacle.version, message="Vượt thẩm quyền.")
        services.obstacle_escalate(actor=persona("demo.tinh"), obstacle=obstacle, version=obstacle.version,
                                   to_ministry=Agency.objects.get(code=code), **REQUEST)
    listing = client_for("demo.bo").get("/kho-khan/").content.decode()
    assert "Thiếu biên chế công chức địa chính" in listing
    assert "Thiếu kinh phí sửa trụ sở" not in listing
    assert client_for("demo.bo").get(f"/kho-khan/{to_btc.pk}/").status_code == 404


def test_the_province_and_the_nation_see_it_and_the_province_sees_its_queue(client_for, persona):
    obstacle = file_case(persona("demo.xa"))
    assert client_for("demo.tinh").get(f"/kho-khan/{obstacle.pk}/").status_code == 200
    assert client_for("demo.quocgia").get(f"/kho-khan/{obstacle.pk}/").status_code == 200
    assert obstacle.title not in client_for("demo.tinh").get("/kho-khan/cho-xu-ly/").content.decode()
    assert obstacle.title in client_for("demo.xa.lanhdao").get("/kho-khan/cho-xu-ly/").content.decode()


def test_list_filters_fold_diacritics_and_export_to_excel(client_for, persona):
    from io import BytesIO

    from openpyxl import load_workbook

    file_case(persona("demo.xa"), title="Thiếu máy tính bộ phận một cửa")
    file_case(persona("demo.xa"), title="Trụ sở thấm dột", domain="hq_assets", description="Mái tôn bị thủng.")
    xa = client_for("demo.xa")
    body = xa.get("/kho-khan/?q=may+tinh").content.decode()
    assert "Thiếu máy tính bộ phận một cửa" in body and "Trụ sở thấm dột" not in body
    body = xa.get("/kho-khan/?domain=hq_assets").content.decode()
    assert "Trụ sở thấm dột" in body and "Thiếu máy tính" not in body
    response = xa.get("/kho-khan/?q=tham+dot&xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert titles == ["Trụ sở thấm dột"]
    assert AuditEvent.objects.filter(action="export", object_type="obstacles.obstacle").exists()


def test_home_page_shows_counts_and_the_queue(client_for, persona):
    file_case(persona("demo.xa"))
    body = client_for("demo.xa.lanhdao").get("/").content.decode()
    assert "Chờ cơ quan tôi xử lý: 1" in body
    assert "Thiếu máy tính cho bộ phận một cửa" in body


def test_attachments_are_served_only_to_those_who_may_see_the_case(client_for, persona):
    obstacle = file_case(persona("demo.xa"), files=[pdf("bien-ban.pdf")])
    attachment = obstacle.attachments.get()
    url = f"/kho-khan/{obstacle.pk}/tep/{attachment.pk}/"
    assert client_for("demo.tinh").get(url).status_code == 200
    assert client_for("demo.xa2").get(url).status_code == 404


def test_the_agency_whose_turn_it_is_gets_an_email_after_commit(persona, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        obstacle = file_case(persona("demo.xa"))
    # One message to the members of the agency whose turn it is (shared notifications), not the filer.
    assert [sorted(m.to) for m in mailoutbox] == [["demo.xa.lanhdao@demo.thongsuot.vn"]]
    assert obstacle.title in mailoutbox[0].subject


def test_case_notices_are_listed_in_the_one_inbox_and_marked_read_only_by_a_post(client_for, persona):
    from thongsuot.obstacles.selectors import unread_notifications

    obstacle = file_case(persona("demo.xa"))
    leader = persona("demo.xa.lanhdao")
    assert unread_notifications(user=leader).count() == 1
    client = client_for("demo.xa.lanhdao")
    old = client.get("/kho-khan/thong-bao/")
    assert old.status_code == 301 and old["Location"] == "/thong-bao/?chua-doc=1"
    body = client.get(old["Location"]).content.decode()
    assert f"Có khó khăn mới cần tiếp nhận: {obstacle.code}" in body
    assert unread_notifications(user=leader).count() == 1      # reading the list changes nothing
    assert client.post("/thong-bao/da-doc-tat-ca/").status_code == 302
    assert unread_notifications(user=leader).count() == 0


def test_the_escalation_form_names_each_missing_part_of_the_written_request(client_for, persona):
    from tests.obstacles.factories import put_case

    obstacle = put_case(file_case(persona("demo.xa")), status="in_progress", level="province")
    response = client_for("demo.tinh").post(f"/kho-khan/{obstacle.pk}/chuyen-len/", {
        "to": "BNV", "number": "123-UBND", "signed_on": "", "signer_name": "", "signer_title": "Phó Chủ tịch",
        "content": "Đề nghị.", "version": obstacle.version})
    assert response.status_code == 400
    body = response.content.decode()
    for label in ("Ngày văn bản", "Người ký", "Tệp văn bản (bản scan có chữ ký)"):
        assert label in body
    obstacle.refresh_from_db()
    assert obstacle.level == "province" and not obstacle.requests.exists()


def test_the_escalation_and_answer_pages_send_back_those_whose_turn_it_is_not(client_for, persona):
    obstacle = file_case(persona("demo.xa"))
    response = client_for("demo.xa").get(f"/kho-khan/{obstacle.pk}/chuyen-len/", follow=True)
    assert response.redirect_chain[-1][0] == f"/kho-khan/{obstacle.pk}/"
    assert "Vai trò “Chuyên viên” không được phép “Chuyển cấp trên”." in response.content.decode()
    response = client_for("demo.xa.lanhdao").get(f"/kho-khan/{obstacle.pk}/tra-loi/", follow=True)
    assert "Không thể “Trả lời bằng văn bản” khi khó khăn đang ở trạng thái “Mới”." in response.content.decode()
    assert client_for("demo.xa.lanhdao").get(f"/kho-khan/{obstacle.pk}/chuyen-len/").status_code == 200


def test_two_requests_racing_with_one_key_file_one_case(persona):
    """There is no look-up before the insert: the unique (author, key) constraint refuses the
    second insert — however close the two requests are — and it returns the first one's case."""
    first = file_case(persona("demo.xa"), submission_key="race-1")
    second = file_case(persona("demo.xa"), submission_key="race-1")
    assert second.pk == first.pk
    assert Obstacle.objects.filter(submission_key="race-1").count() == 1
    assert ObstacleEvent.objects.filter(obstacle=first, kind="create").count() == 1
