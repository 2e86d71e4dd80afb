import pytest
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


def _queue(agency_code: str = "X00070", title: str = "Có khó khăn mới cần xử lý"):
    from thongsuot.notifications.models import OutgoingEmail

    notify_agency(agency=Agency.objects.get(code=agency_code), title=title, url="/kho-khan/1/")
    return OutgoingEmail.objects.latest("id")


def test_mail_is_queued_with_the_notice_and_not_sent_for_work_that_rolls_back(db):
    from django.db import transaction

    from thongsuot.notifications.models import OutgoingEmail

    class Abort(Exception):
        pass

    try:
        with transaction.atomic():
            _queue(title="Không được gửi")
            raise Abort
    except Abort:
        pass
    assert not OutgoingEmail.objects.filter(subject__contains="Không được gửi").exists()
    assert mail.outbox == []


def test_a_failed_send_is_kept_and_retried_later(db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from thongsuot.notifications import outbox

    queued = _queue()
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages",
                        lambda self, messages: (_ for _ in ()).throw(ConnectionRefusedError("máy chủ thư không trả lời")))
    assert outbox.deliver_pending() == 0
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 1 and "không trả lời" in queued.last_error
    assert queued.next_attempt_at > timezone.now() and queued.claim == ""
    monkeypatch.undo()
    assert outbox.deliver_pending() == 0                      # not due yet
    type(queued).objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert outbox.deliver_pending() == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 2 and queued.last_error == ""
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == queued.subject
    assert outbox.deliver_pending() == 0                      # sent once only


def test_a_message_claimed_by_another_sender_is_not_sent_twice(db):
    from datetime import timedelta

    from django.utils import timezone

    from thongsuot.notifications import outbox

    queued = _queue()
    type(queued).objects.filter(pk=queued.pk).update(claim="other-sender", claimed_at=timezone.now())
    assert outbox.deliver_pending() == 0
    # A sender that died mid-send: its claim goes stale and the message is taken over.
    type(queued).objects.filter(pk=queued.pk).update(claimed_at=timezone.now() - outbox.STALE_CLAIM
                                                     - timedelta(seconds=1))
    assert outbox.deliver_pending() == 1


def test_a_new_outbox_row_enqueues_a_delivery_task_on_commit(db, settings, run_tasks,
                                                             django_capture_on_commit_callbacks):
    """Outside the tests mail goes through the task queue: a task on the "mail" queue after commit,
    run by the worker, sends what is due."""
    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_DELIVERY = "queue"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = _queue(title="Qua hàng đợi")
    assert not DBTaskResult.objects.exists()                 # nothing before commit
    for callback in callbacks:
        callback()
    task = DBTaskResult.objects.get()
    assert (task.status, task.queue_name, task.task_path) == (
        "READY", "mail", "thongsuot.notifications.outbox.deliver_outbox")
    assert mail.outbox == []                                 # the request sent nothing itself
    assert run_tasks() == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and [m.subject for m in mail.outbox] == [queued.subject]
    assert DBTaskResult.objects.get().return_value == 1


def test_mail_that_rolls_back_enqueues_no_task(db, settings, django_capture_on_commit_callbacks):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_DELIVERY = "queue"
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _queue(title="Không gửi")
        raise RuntimeError
    assert not DBTaskResult.objects.exists()


def test_send_mail_command_reports_what_is_waiting(db):
    from io import StringIO

    from django.core.management import call_command

    _queue()
    out = StringIO()
    call_command("send_mail", stdout=out)
    assert "Đã gửi 1 thư" in out.getvalue() and "còn chờ gửi lại 0" in out.getvalue()


def test_many_agencies_are_notified_in_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    from thongsuot.notifications.models import OutgoingEmail
    from thongsuot.notifications.services import Notice, notify_many

    communes = list(Agency.objects.filter(level="commune").order_by("pk")[:200])
    notices = [Notice(agency=a, title="Điều chỉnh thời hạn", body=f"Kính gửi {a.name}", key=f"k:{a.pk}")
               for a in communes] + [Notice(agency=Agency.objects.get(code="X00070"), title="Điều chỉnh thời hạn",
                                             key="k:demo")]
    with django_assert_max_num_queries(6):
        made = notify_many(notices)
    demo = [n for n in made if n.key == "k:demo"]
    assert {n.user.username for n in demo} >= {"demo.xa", "demo.xa.lanhdao"}
    assert OutgoingEmail.objects.filter(body__contains="Kính gửi").count() == sum(
        1 for a in communes if a.email or any(n.agency_id == a.pk for n in made))
    assert notify_many(notices) == []               # the same keys again: nobody twice


def test_an_unreachable_mail_server_releases_the_whole_batch_for_later(db, monkeypatch):
    from thongsuot.notifications import outbox

    first, second = _queue(title="Thư một"), _queue(title="Thư hai")

    def refuse(self):
        raise ConnectionRefusedError("không kết nối được máy chủ thư")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.open", refuse, raising=False)
    assert outbox.deliver_pending() == 0
    for queued in (first, second):
        queued.refresh_from_db()
        assert queued.sent_at is None and queued.attempts == 1 and queued.claim == ""
        assert "không kết nối được" in queued.last_error
    assert mail.outbox == []
