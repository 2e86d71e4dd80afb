"""Notices to the agency whose turn it is, through the shared notifications app (in the app
and, after commit, by e-mail)."""

from __future__ import annotations

from contextvars import ContextVar

from django.utils.translation import gettext_noop

from thongsuot.core.context import value_set
from thongsuot.notifications.services import notify_agency

_EMAIL_MUTED: ContextVar[bool] = ContextVar("obstacle_email_muted", default=False)


def emails_muted():
    """Create in-app notices but send no e-mail (demo and bulk data), inside a `with` block."""
    return value_set(_EMAIL_MUTED, True)


#: Catalogue messages: the notice keeps the Vietnamese text, each reader sees their own language.
MESSAGES = {
    "create": gettext_noop("Có khó khăn mới cần tiếp nhận: %(case)s"),
    "escalate": gettext_noop("Có khó khăn được chuyển đến cơ quan bạn: %(case)s"),
    "return": gettext_noop("Khó khăn bị trả lại, cần bổ sung: %(case)s"),
    "resubmit": gettext_noop("Khó khăn đã được bổ sung, gửi lại: %(case)s"),
    "answer": gettext_noop("Đã có văn bản trả lời cho khó khăn: %(case)s"),
    "pass_down": gettext_noop("Cấp trên đã chuyển hướng dẫn xuống cho khó khăn: %(case)s"),
    "resolve": gettext_noop("Khó khăn đã được giải quyết, chờ đóng: %(case)s"),
    "reopen": gettext_noop("Khó khăn được mở lại: %(case)s"),
    "overdue": gettext_noop("Khó khăn quá hạn xử lý: %(case)s"),
}


#: To the agency that filed the case, when the answer went to the agency that asked on its behalf.
INFORMED = gettext_noop("Khó khăn do cơ quan bạn phản ánh đã có văn bản trả lời, gửi %(holder)s: %(case)s")


def queue(obstacle, *, kind: str, actor=None) -> int:
    """Notify the officers and leaders of the agency that must act next (shared notifications),
    except the actor: nobody is told of a move they made themselves."""

    template = MESSAGES.get(kind)
    if template is None or obstacle.responsible_agency_id is None:
        return 0
    notices = notify_agency(agency=obstacle.responsible_agency, title=template, actor=actor,
                            params={"case": f"{obstacle.code} — {obstacle.title}"}, url=obstacle.get_absolute_url(),
                            key=notice_key(obstacle, kind), email=not _EMAIL_MUTED.get())
    return len(notices)


def inform_origin(obstacle, *, actor=None) -> int:
    """Tell the agency that filed the case that it was answered, when the answer went to another
    agency (the province that wrote the request): informed, it does not hold the case."""
    if obstacle.origin_agency_id == obstacle.responsible_agency_id:
        return 0
    notices = notify_agency(agency=obstacle.origin_agency, title=INFORMED, actor=actor,
                            params={"case": f"{obstacle.code} — {obstacle.title}",
                                    "holder": obstacle.responsible_agency.name},
                            url=obstacle.get_absolute_url(), key=notice_key(obstacle, "answer-informed"),
                            email=not _EMAIL_MUTED.get())
    return len(notices)


def notice_key(obstacle, kind: str) -> str:
    """One notice per case, move and version: a retried job never notifies twice."""
    return f"{KEY_PREFIX}{obstacle.pk}:{obstacle.version}:{kind}"


KEY_PREFIX = "obstacles:"
