"""Notices to the agency whose turn it is, through the shared notifications app (in the app
and, after commit, by e-mail)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext_noop

from thongsuot.notifications.services import notify_agency

_EMAIL_MUTED: ContextVar[bool] = ContextVar("obstacle_email_muted", default=False)


@contextmanager
def emails_muted():
    """Create in-app notices but send no e-mail (demo and bulk data)."""
    token = _EMAIL_MUTED.set(True)
    try:
        yield
    finally:
        _EMAIL_MUTED.reset(token)


#: Catalogue messages: the notice keeps the Vietnamese text, each reader sees their own language.
MESSAGES = {
    "create": gettext_noop("Có khó khăn mới cần tiếp nhận: %(case)s"),
    "escalate": gettext_noop("Có khó khăn được chuyển đến cơ quan bạn: %(case)s"),
    "return": gettext_noop("Khó khăn bị trả lại, cần bổ sung: %(case)s"),
    "resubmit": gettext_noop("Khó khăn đã được bổ sung, gửi lại: %(case)s"),
    "answer": gettext_noop("Đã có văn bản trả lời cho khó khăn: %(case)s"),
    "resolve": gettext_noop("Khó khăn đã được giải quyết, chờ đóng: %(case)s"),
    "reopen": gettext_noop("Khó khăn được mở lại: %(case)s"),
    "overdue": gettext_noop("Khó khăn quá hạn xử lý: %(case)s"),
}


def queue(obstacle, *, kind: str) -> int:
    """Notify the officers and leaders of the agency that must act next (shared notifications)."""

    template = MESSAGES.get(kind)
    if template is None or obstacle.responsible_agency_id is None:
        return 0
    notices = notify_agency(agency=obstacle.responsible_agency, title=template,
                            params={"case": f"{obstacle.code} — {obstacle.title}"}, url=obstacle.get_absolute_url(),
                            key=notice_key(obstacle, kind), email=not _EMAIL_MUTED.get())
    return len(notices)


def notice_key(obstacle, kind: str) -> str:
    """One notice per case, move and version: a retried job never notifies twice."""
    return f"{KEY_PREFIX}{obstacle.pk}:{obstacle.version}:{kind}"


KEY_PREFIX = "obstacles:"
