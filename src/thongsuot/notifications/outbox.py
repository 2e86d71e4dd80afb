"""Sending the e-mails that `notify_agency` queued, outside the request that queued them.

`kick()` runs after the queuing transaction commits and enqueues `deliver_outbox` on the task
queue's "mail" queue; the worker (`thongsuot worker`) runs it and delivers every message that is
due. `thongsuot send-mail` (cron, or `--watch`) is the catch-up sweep for retries whose delay has
passed, and every worker start enqueues one round too. With `THONGSUOT_EMAIL_DELIVERY=inline`
(the tests) messages are sent at once, in the caller's thread.

A message is claimed before it is sent (a token written by a short UPDATE), so two senders —
two gunicorn workers, or a worker and `thongsuot send-mail` run by cron — never send it twice.
A failed message is retried after 1, 2, 4 … minutes (at most an hour), `MAX_ATTEMPTS` times.
A claim older than `STALE_CLAIM` (a sender that died mid-send) is taken over.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from thongsuot.notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)
BATCH = 20


@dataclass
class _Claimed:
    pk: int
    subject: str
    body: str
    from_email: str
    recipients: list[str]
    attempts: int


def _claim(now) -> list[_Claimed]:
    """Take up to BATCH due messages for this sender, in one statement (UPDATE … RETURNING).

    The conditions are in the UPDATE itself, so a message another sender claimed a moment
    earlier is not taken twice (PostgreSQL re-checks them on the locked row; SQLite writes one
    transaction at a time).
    """
    table = connection.ops.quote_name(OutgoingEmail._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    due = ("sent_at IS NULL AND attempts < %s AND next_attempt_at <= %s AND (claim = '' OR claimed_at < %s)")
    stale = now - STALE_CLAIM
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET claim = %s, claimed_at = %s WHERE id IN "
            f"(SELECT id FROM {table} WHERE {due} ORDER BY id LIMIT %s) AND {due} "
            f"RETURNING id, subject, body, from_email, recipients, attempts",
            [uuid.uuid4().hex, adapt(now), MAX_ATTEMPTS, adapt(now), adapt(stale), BATCH,
             MAX_ATTEMPTS, adapt(now), adapt(stale)])
        rows = cursor.fetchall()
    return sorted((_Claimed(pk, subject, body, sender, json.loads(to) if isinstance(to, str) else to, attempts)
                   for pk, subject, body, sender, to, attempts in rows), key=lambda m: m.pk)


def _failed(message: _Claimed, exc: Exception) -> None:
    """Release a message that could not be sent, to be tried again after a growing delay."""
    delay = min(timedelta(hours=1), timedelta(minutes=2 ** message.attempts))
    OutgoingEmail.objects.filter(pk=message.pk).update(
        attempts=message.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:500],
        next_attempt_at=timezone.now() + delay, claim="", claimed_at=None)
    logger.warning("E-mail %s not sent (attempt %s): %s", message.pk, message.attempts + 1, exc)


def deliver_pending() -> int:
    """Send every message that is due; return how many were sent.

    Delivery is at least once: a sender that dies between sending and recording a batch leaves
    it claimed, and after `STALE_CLAIM` another sender sends it again.
    """
    sent = 0
    while True:
        batch = _claim(timezone.now())
        if not batch:
            return sent
        delivered = []
        try:
            mail_connection = get_connection(fail_silently=False)
            mail_connection.open()
        except Exception as exc:  # noqa: BLE001 - the mail server is unreachable: retry the batch later
            for message in batch:
                _failed(message, exc)
            return sent
        try:
            for message in batch:
                try:
                    EmailMessage(message.subject, message.body, message.from_email, message.recipients,
                                 connection=mail_connection).send()
                except Exception as exc:  # noqa: BLE001 - any failure of the mail server is retried later
                    _failed(message, exc)
                    continue
                delivered.append(message.pk)
        finally:
            mail_connection.close()
        if delivered:
            OutgoingEmail.objects.filter(pk__in=delivered).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="", claim="")
            sent += len(delivered)
        if len(batch) < BATCH:
            return sent


@task(queue_name="mail")
def deliver_outbox() -> int:
    """The task queue's delivery round: send every message that is due (`deliver_pending`)."""
    return deliver_pending()


def kick() -> None:
    """Have the queued messages sent: at once when delivery is inline, else by a task on the queue."""
    if getattr(settings, "EMAIL_DELIVERY", "queue") == "inline":
        deliver_pending()
        return
    deliver_outbox.enqueue()
