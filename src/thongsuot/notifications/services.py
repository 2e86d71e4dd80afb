"""Tell an agency that something needs it: in-app notices and, after commit, email."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Membership, Role
from thongsuot.notifications import outbox
from thongsuot.notifications.models import Notification, OutgoingEmail
from thongsuot.notifications.selectors import UNREAD_AT_LOAD


@dataclass(frozen=True)
class Notice:
    """One message for one agency (see `notify_many`).

    With `params`, `title` and `body` are catalogue messages (Vietnamese msgids marked with
    `gettext_noop`) filled from `params`: the notice and its mail keep the Vietnamese text,
    whoever acted, and each reader sees the notice in their own language.
    """

    agency: Agency
    title: str
    body: str = ""
    url: str = ""
    key: str = ""
    params: dict | None = None
    #: Only this member of the agency (a background job's starter), mailed at their own address.
    user_id: int | None = None

    def texts(self) -> tuple[str, str, dict]:
        """Return the Vietnamese title and body, and the message a page translates for its reader."""
        if self.params is None:
            return self.title, self.body, {}
        message = {"title": self.title, "params": self.params, **({"body": self.body} if self.body else {})}
        return self.title % self.params, self.body % self.params if self.body else "", message


def notify_agency(*, agency: Agency, title: str, body: str = "", url: str = "", actor=None, key: str = "",
                  roles: tuple[str, ...] = (Role.OFFICER, Role.LEADER), email: bool = True,
                  params: dict | None = None, user=None) -> list[Notification]:
    """Notify the active members of `agency` with one of `roles`, except the actor.

    With `user`, only that member is notified (a background job tells the one who started it).

    With a `key`, a member who already has a notice with that key gets no second one, so a
    job that runs daily (reminders, overdue escalation) can call this again safely. `email=False`
    keeps the notice in the app only (demo and bulk data). The e-mail is queued in the same
    transaction and sent after commit by the outbox's sender, never inside the request. With
    `params`, the title and body are catalogue messages read in each reader's language (see `Notice`).
    """
    return notify_many([Notice(agency=agency, title=title, body=body, url=url, key=key, params=params,
                               user_id=getattr(user, "pk", None))],
                       actor=actor, roles=roles, email=email)


@transaction.atomic(savepoint=False)   # part of the caller's transaction; no savepoint round trip
def notify_many(notices: list[Notice], *, actor=None, roles: tuple[str, ...] = (Role.OFFICER, Role.LEADER),
                email: bool = True) -> list[Notification]:
    """`notify_agency` for many agencies at once, in a fixed number of queries however many there are
    (a national deadline moved for 3,321 communes is four statements, not thirteen thousand)."""
    if not notices:
        return []
    agency_ids = {n.agency.pk for n in notices}
    members_of: dict[int, list[Membership]] = {}
    for member in (Membership.objects.filter(agency_id__in=agency_ids, role__in=roles, user__is_active=True)
                   .exclude(user_id=getattr(actor, "pk", None)).select_related("user").order_by("pk")):
        members_of.setdefault(member.agency_id, []).append(member)
    keys = {n.key[:120] for n in notices if n.key}          # as stored
    already = set(Notification.objects.filter(key__in=keys, agency_id__in=agency_ids)
                  .values_list("agency_id", "key", "user_id")) if keys else set()
    rows, mails = [], []
    site = getattr(settings, "SITE_URL", "")
    for notice in notices:
        agency = notice.agency
        title, body, message = notice.texts()
        members = [m for m in members_of.get(agency.pk, [])
                   if (not notice.key or (agency.pk, notice.key[:120], m.user_id) not in already)
                   and notice.user_id in (None, m.user_id)]
        made = [Notification(user=m.user, agency=agency, title=title[:255], body=body, url=notice.url[:500],
                             key=notice.key[:120], message=message) for m in members]
        rows.extend(made)
        # An agency with its own mailbox (văn thư) gets the mail there; otherwise each notified member.
        # A notice for one member goes to that member's own address.
        recipients = ([agency.email] if agency.email and made and notice.user_id is None
                      else [m.user.email for m in members if m.user.email])
        if recipients and email:
            link = f"\n\n{site}{notice.url}" if notice.url and site else ""
            mails.append(OutgoingEmail(subject=f"[Thông Suốt] {title}"[:200],
                                       body=f"{body}{link}\n\n— Thông Suốt",
                                       from_email=settings.DEFAULT_FROM_EMAIL, recipients=recipients))
    created = Notification.objects.bulk_create(rows, batch_size=2000)
    if mails:
        OutgoingEmail.objects.bulk_create(mails, batch_size=1000)
        transaction.on_commit(outbox.kick)
    return created


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) as read; return how many changed."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        notices = notices.filter(pk=notification_id)
    if getattr(user, UNREAD_AT_LOAD, None) is not None:
        delattr(user, UNREAD_AT_LOAD)  # the count read with the user is no longer true
    return notices.update(read_at=timezone.now())
