"""Notices to the agency whose turn it is, through the shared notifications app (in the app
and, after commit, by e-mail)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

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
    """Notify the officers and leaders of the agency that must act next (shared notifications)."""
    from thongsuot.notifications.services import notify_agency

    template = MESSAGES.get(kind)
    if template is None or obstacle.responsible_agency_id is None:
        return 0
    text = template.format(title=f"{obstacle.code} — {obstacle.title}")[:255]
    notices = notify_agency(agency=obstacle.responsible_agency, title=text, url=obstacle.get_absolute_url(),
                            key=notice_key(obstacle, kind), email=not _EMAIL_MUTED.get())
    return len(notices)


def notice_key(obstacle, kind: str) -> str:
    """One notice per case, move and version: a retried job never notifies twice."""
    return f"{KEY_PREFIX}{obstacle.pk}:{obstacle.version}:{kind}"


KEY_PREFIX = "obstacles:"
