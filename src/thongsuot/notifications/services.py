"""Tell an agency that something needs it: in-app notices and, after commit, email."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Membership, Role
from thongsuot.notifications import outbox
from thongsuot.notifications.models import Notification, OutgoingEmail


@transaction.atomic(savepoint=False)   # part of the caller's transaction; no savepoint round trip
def notify_agency(*, agency: Agency, title: str, body: str = "", url: str = "", actor=None, key: str = "",
                  roles: tuple[str, ...] = (Role.OFFICER, Role.LEADER), email: bool = True) -> list[Notification]:
    """Notify the active members of `agency` with one of `roles`, except the actor.

    With a `key`, a member who already has a notice with that key gets no second one, so a
    job that runs daily (reminders, overdue escalation) can call this again safely. `email=False`
    keeps the notice in the app only (demo and bulk data). The e-mail is queued in the same
    transaction and sent after commit by the outbox's sender, never inside the request.
    """
    members = (Membership.objects.filter(agency=agency, role__in=roles, user__is_active=True)
               .exclude(user_id=getattr(actor, "pk", None)).select_related("user"))
    if key:
        already = set(Notification.objects.filter(key=key, agency=agency).values_list("user_id", flat=True))
        members = [m for m in members if m.user_id not in already]
    notices = Notification.objects.bulk_create([
        Notification(user=m.user, agency=agency, title=title[:255], body=body, url=url[:500], key=key[:120])
        for m in members])
    # An agency with its own mailbox (văn thư) gets the mail there; otherwise each notified member.
    recipients = [agency.email] if agency.email and notices else [m.user.email for m in members if m.user.email]
    if recipients and email:
        link = f"\n\n{settings.SITE_URL}{url}" if url and getattr(settings, "SITE_URL", "") else ""
        OutgoingEmail.objects.create(subject=f"[Thông Suốt] {title}"[:200], body=f"{body}{link}\n\n— Thông Suốt",
                                     from_email=settings.DEFAULT_FROM_EMAIL, recipients=recipients)
        transaction.on_commit(outbox.kick)
    return notices


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) as read; return how many changed."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        notices = notices.filter(pk=notification_id)
    return notices.update(read_at=timezone.now())
