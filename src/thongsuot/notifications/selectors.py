from django.db.models import Count, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from thongsuot.notifications.models import Notification, OutgoingEmail
from thongsuot.notifications.outbox import MAX_ATTEMPTS


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """Return the user's own notices, newest first (nobody sees anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notices = Notification.objects.filter(user=user)
    return notices.filter(read_at__isnull=True) if unread_only else notices


#: The attribute on a request's user that holds its unread count as read with the user (`unread_subquery`).
UNREAD_AT_LOAD = "_thongsuot_unread"


def unread_count(user) -> int:
    """The user's unread notices: counted with the user at the start of the request when the loader did
    (every signed-in page shows it), else counted now."""
    loaded = getattr(user, UNREAD_AT_LOAD, None)
    if loaded is not None:
        return loaded
    return notification_list(user=user, unread_only=True).count()


def unread_subquery(user_ref=None):
    """The unread count of the user `user_ref` (default: the outer query's row) as a subquery expression,
    for a query that loads users."""
    rows = Notification.objects.filter(user_id=user_ref if user_ref is not None else OuterRef("pk"),
                                       read_at__isnull=True).order_by().values("user_id")
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")), 0)


def outbox_backlog(*, now=None) -> dict:
    """Return the mail outbox's backlog for /healthz: messages due and unsent, the oldest one's wait in
    minutes (None when nothing is due), and messages given up after `outbox.MAX_ATTEMPTS` attempts."""
    now = now or timezone.now()
    unsent = OutgoingEmail.objects.filter(sent_at__isnull=True)
    # Served by outgoing_email_due_idx (sent_at, next_attempt_at): a few index entries, not a scan.
    due = unsent.filter(next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS).aggregate(
        count=Count("id"), oldest=Min("created_at"))
    oldest = due["oldest"]
    return {"due": due["count"],
            "oldest_age_minutes": round((now - oldest).total_seconds() / 60, 1) if oldest else None,
            "given_up": unsent.filter(attempts__gte=MAX_ATTEMPTS).count()}
