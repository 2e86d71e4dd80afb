"""The daily `remind` command: N working days before, on the day, once when overdue; never twice."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from thongsuot.directives.models import Assignment, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_after_tet(cascaded):
    """Hà Nội's and its two communes' assignments due Tuesday 24 February 2026 (after Tết); no others."""
    Assignment.objects.exclude(task=cascaded.task, province=cascaded.province).delete()
    Assignment.objects.update(deadline=date(2026, 2, 24))
    return cascaded


def run(day, days=3):
    out = StringIO()
    call_command("remind", f"--date={day.isoformat()}", f"--days={days}", stdout=out)
    return out.getvalue()


def test_counts_working_days_across_tet(due_after_tet):
    assert "Đã tạo 0 lời nhắc" in run(date(2026, 2, 11))    # 4 working days ahead: 12, 13, 23, 24
    assert "Đã tạo 3 lời nhắc" in run(date(2026, 2, 12))    # 3 working days ahead
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"before"}


def test_idempotent_and_one_per_kind(due_after_tet):
    run(date(2026, 2, 12))
    assert "Đã tạo 0 lời nhắc" in run(date(2026, 2, 13))
    assert "Đã tạo 3 lời nhắc" in run(date(2026, 2, 24))
    assert "Đã tạo 0 lời nhắc" in run(date(2026, 2, 24))
    assert "Đã tạo 3 lời nhắc" in run(date(2026, 2, 25))
    assert "Đã tạo 0 lời nhắc" in run(date(2026, 2, 26))
    counts = {k: Reminder.objects.filter(kind=k).count() for k in ("before", "due", "overdue")}
    assert counts == {"before": 3, "due": 3, "overdue": 3}


def test_done_assignments_and_other_tasks_are_not_reminded(due_after_tet):
    Assignment.objects.filter(task=due_after_tet.task, commune__code="00070").update(state="done", progress=100)
    run(date(2026, 2, 24))
    reminded = set(Reminder.objects.values_list("assignment__agency__code", flat=True))
    assert reminded == {"T01", "X00004"}


def test_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--date=24/02/2026")


def test_one_mail_per_agency_to_its_members(due_after_tet, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(date(2026, 2, 24))
    recipients = sorted(address for message in mailoutbox for address in message.to)
    # Hà Nội's officer and leader personas, Hoàn Kiếm's officer and leader; Ba Đình's officer (demo.xa2).
    assert "demo.xa@demo.thongsuot.vn" in recipients and "demo.xa.xem@demo.thongsuot.vn" not in recipients
    hoan_kiem = next(m for m in mailoutbox if "demo.xa@demo.thongsuot.vn" in m.to)
    assert "Đến hạn hôm nay (24/02/2026)" in hoan_kiem.body
    assert len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        run(date(2026, 2, 24))
    assert len(mailoutbox) == 3


def test_reminders_also_reach_the_agency_in_the_app(due_after_tet, client_for):
    from thongsuot.notifications.models import Notification

    run(date(2026, 2, 24))
    notice = Notification.objects.get(user__username="demo.xa")
    assert notice.title.startswith("Nhắc hạn") and notice.url == "/chi-dao/duoc-giao/"
    run(date(2026, 2, 24))
    assert Notification.objects.filter(user__username="demo.xa").count() == 1
    assert 'class="count"' in client_for("demo.xa").get("/").content.decode()
