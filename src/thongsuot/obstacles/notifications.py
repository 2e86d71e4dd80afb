"""Notices to the agency whose turn it is: in-app rows now, e-mail after commit."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Membership, Role

_EMAIL_MUTED: ContextVar[bool] = ContextVar("obstacle_email_muted", default=False)


@contextmanager
def emails_muted():
    """Create in-app notices but send no e-mail (demo and bulk data)."""
    token = _EMAIL_MUTED.set(True)
    try:
        yield
    finally:
        _EMAIL_MUTED.reset(token)


MESSAGES = {
    "create": "Có khó khăn mới cần tiếp nhận: {title}",
    "escalate": "Có khó khăn được chuyển đến cơ quan bạn: {title}",
    "return": "Khó khăn bị trả lại, cần bổ sung: {title}",
    "resubmit": "Khó khăn đã được bổ sung, gửi lại: {title}",
    "answer": "Đã có văn bản trả lời cho khó khăn: {title}",
    "resolve": "Khó khăn đã được giải quyết, chờ đóng: {title}",
    "reopen": "Khó khăn được mở lại: {title}",
    "overdue": "Khó khăn quá hạn xử lý: {title}",
}


def queue(obstacle, *, kind: str) -> int:
    """Notify the members (officers and leaders) of the agency that must act next."""
    template = MESSAGES.get(kind)
    if template is None:
        return 0
    from thongsuot.obstacles.models import Notification

    members = list(Membership.objects.filter(agency_id=obstacle.responsible_agency_id, user__is_active=True,
                                             role__in=[Role.OFFICER, Role.LEADER])
                   .values_list("user_id", "user__email"))
    if not members:
        return 0
    text = template.format(title=f"{obstacle.code} — {obstacle.title}")[:300]
    now = timezone.now()
    Notification.objects.bulk_create([Notification(user_id=user_id, obstacle=obstacle, message=text, created_at=now)
                                      for user_id, _email in members])
    emails = [email for _user_id, email in members if email]
    if emails and not _EMAIL_MUTED.get():
        subject = f"[Thông Suốt] {text}"[:200]
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        body = f"{text}\n\nXem chi tiết: {site}{obstacle.get_absolute_url()}\n"
        transaction.on_commit(lambda: send_mass_mail([(subject, body, None, [e]) for e in emails],
                                                     fail_silently=True))
    return len(members)
