from django.db.models import QuerySet

from thongsuot.notifications.models import Notification


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """Return the user's own notices, newest first (nobody sees anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notices = Notification.objects.filter(user=user)
    return notices.filter(read_at__isnull=True) if unread_only else notices


def unread_count(user) -> int:
    return notification_list(user=user, unread_only=True).count()
