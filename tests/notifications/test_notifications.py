from django.core import mail

from thongsuot.accounts.models import Agency
from thongsuot.notifications.models import Notification
from thongsuot.notifications.services import notify_agency


def test_agency_members_are_notified_and_emailed_after_commit(db, persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notices = notify_agency(agency=Agency.objects.get(code="X00070"), title="Có khó khăn mới cần xử lý",
                                url="/kho-khan/1/", actor=persona("demo.xa"))
    recipients = {n.user.username for n in notices}
    assert recipients == {"demo.xa.lanhdao"}  # the actor and the viewer are not notified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["demo.xa.lanhdao@demo.thongsuot.vn"]
    assert "Có khó khăn mới" in mail.outbox[0].subject


def test_a_key_makes_repeated_notices_idempotent(db):
    agency = Agency.objects.get(code="T01")
    first = notify_agency(agency=agency, title="Sắp đến hạn", key="remind:task:1:2025-12-29")
    again = notify_agency(agency=agency, title="Sắp đến hạn", key="remind:task:1:2025-12-29")
    assert len(first) >= 1 and again == []


def test_unread_count_in_header_and_mark_read(client_for, persona):
    notify_agency(agency=Agency.objects.get(code="X00070"), title="Hồ sơ quá hạn", actor=persona("demo.xa.lanhdao"))
    client = client_for("demo.xa")
    page = client.get("/").content.decode()
    assert 'class="count"' in page and ">1<" in page
    notice = Notification.objects.get(user__username="demo.xa")
    client.post(f"/thong-bao/{notice.pk}/da-doc/")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'class="count"' not in client.get("/").content.decode()


def test_nobody_reads_or_marks_anothers_notices(client_for, api_for, persona):
    notify_agency(agency=Agency.objects.get(code="X00070"), title="Riêng phường Hoàn Kiếm",
                  actor=persona("demo.xa.lanhdao"))
    notice = Notification.objects.get(user__username="demo.xa")
    assert "Riêng phường Hoàn Kiếm" not in client_for("demo.xa2").get("/thong-bao/").content.decode()
    assert api_for("demo.xa2").post(f"/api/notifications/{notice.pk}/read/").json() == {"marked": 0}
    notice.refresh_from_db()
    assert notice.read_at is None
    assert api_for("demo.xa").get("/api/notifications/").json()["count"] == 1
