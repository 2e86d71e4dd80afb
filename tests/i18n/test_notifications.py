"""Notices are written once, in Vietnamese, and read in each reader's language."""

from django.utils import translation

from tests.i18n.conftest import page_of, people_and_places, vietnamese_left
from thongsuot.accounts.models import Agency
from thongsuot.notifications.models import Notification
from thongsuot.notifications.services import notify_agency
from thongsuot.obstacles.models import Obstacle

FILING = {"title": "Trụ sở UBND phường xuống cấp", "domain": "hq_assets", "severity": "high", "classification": "",
           "facility_subject": "premises",
          "description": "Trụ sở cũ bị thấm dột.", "submission_key": "i18n-notice"}


def test_a_case_filed_in_english_notifies_in_vietnamese_and_reads_in_each_language(
        english, client_for, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        assert english("demo.xa").post("/kho-khan/moi/", FILING).status_code == 302
    code = Obstacle.objects.get(title=FILING["title"]).code
    stored = f"Có khó khăn mới cần tiếp nhận: {code} — {FILING['title']}"
    notice = Notification.objects.get(user__username="demo.xa.lanhdao")
    assert notice.title == stored                       # the record and the mail: Vietnamese, whoever acted
    assert [m.subject for m in mailoutbox] == [f"[Thông Suốt] {stored}"]

    reader = english("demo.xa.lanhdao")
    inbox = page_of(reader.get("/thong-bao/"))
    assert f"New obstacle to acknowledge: {code} — {FILING['title']}" in inbox
    assert "Có khó khăn mới" not in inbox
    assert f"New obstacle to acknowledge: {code}" in page_of(reader.get("/kho-khan/thong-bao/", follow=True))
    with translation.override("vi"):
        assert stored in page_of(client_for("demo.xa.lanhdao").get("/thong-bao/"))


def test_the_inbox_reads_in_english_and_free_text_notices_stay_as_written(english):
    notify_agency(agency=Agency.objects.get(code="X00070"), title="Nhắc hạn 2 nhiệm vụ", body="Kính gửi UBND phường.")
    page = page_of(english("demo.xa").get("/thong-bao/"))
    for label in ("Notifications", "Mark all as read", "Unread only", "Message", "Time", "Unread", "Read"):
        assert label in page, label
    assert "Đánh dấu tất cả đã đọc" not in page and "Nội dung" not in page
    assert vietnamese_left(page, {"Nhắc hạn 2 nhiệm vụ", "Kính gửi UBND phường.",
                                  *people_and_places("demo.xa")}) == []


def test_a_translation_that_does_not_fit_its_parameters_shows_the_stored_text(db):
    notice = Notification(title="Có khó khăn mới cần tiếp nhận: KK-000001 — Thiếu máy tính",
                          message={"title": "Có khó khăn mới cần tiếp nhận: %(case)s", "params": {}})
    with translation.override("en"):
        assert notice.display_title == notice.title
    notice.message["params"] = {"case": "KK-000001 — Thiếu máy tính"}
    with translation.override("en"):
        assert notice.display_title == "New obstacle to acknowledge: KK-000001 — Thiếu máy tính"
