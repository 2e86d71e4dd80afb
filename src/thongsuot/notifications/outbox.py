"""Sending the e-mails that `notify_agency` queued, outside the request that queued them.

`kick()` runs after the queuing transaction commits and wakes the process's sender thread
(started on first use), which delivers every message that is due; it also wakes every minute
for retries. At exit (a command such as `remind`, a gunicorn worker stopping) `flush` lets it
send what is queued first. With `THONGSUOT_EMAIL_DELIVERY=inline` (the tests) messages are sent
at once, in the caller's thread.

A message is claimed before it is sent (a token written by a short UPDATE), so two senders —
two gunicorn workers, or a worker and `thongsuot send-mail` run by cron — never send it twice.
A failed message is retried after 1, 2, 4 … minutes (at most an hour), `MAX_ATTEMPTS` times.
A claim older than `STALE_CLAIM` (a sender that died mid-send) is taken over.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from thongsuot.notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=10)
BATCH = 20


def _due(now):
    return (OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
            .filter(Q(claim="") | Q(claimed_at__lt=now - STALE_CLAIM)))


def _claim(now) -> list[OutgoingEmail]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(_due(now).order_by("id").values_list("id", flat=True)[:BATCH])
        if not ids:
            return []
        # The conditions again in the UPDATE: a row another sender claimed meanwhile is not taken.
        _due(now).filter(id__in=ids).update(claim=token, claimed_at=now)
    return list(OutgoingEmail.objects.filter(claim=token).order_by("id"))


def deliver_pending() -> int:
    """Send every message that is due; return how many were sent."""
    sent = 0
    while True:
        now = timezone.now()
        batch = _claim(now)
        if not batch:
            return sent
        with get_connection(fail_silently=False) as mail_connection:
            for message in batch:
                try:
                    EmailMessage(message.subject, message.body, message.from_email, message.recipients,
                                 connection=mail_connection).send()
                except Exception as exc:  # noqa: BLE001 - any failure of the mail server is retried later
                    delay = min(timedelta(hours=1), timedelta(minutes=2 ** message.attempts))
                    OutgoingEmail.objects.filter(pk=message.pk).update(
                        attempts=message.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:500],
                        next_attempt_at=timezone.now() + delay, claim="", claimed_at=None)
                    logger.warning("E-mail %s not sent (attempt %s): %s", message.pk, message.attempts + 1, exc)
                    continue
                OutgoingEmail.objects.filter(pk=message.pk).update(
                    sent_at=timezone.now(), attempts=message.attempts + 1, last_error="", claim="")
                sent += 1


_lock = threading.Lock()
_state: dict = {"thread": None, "pid": None, "wake": threading.Event(), "stop": False}
#: The sender also wakes on its own this often, to retry messages whose delay has passed.
IDLE_WAKE_SECONDS = 60


def kick() -> None:
    """Have the queued messages sent: at once when delivery is inline, else by the sender thread."""
    if getattr(settings, "EMAIL_DELIVERY", "background") == "inline":
        deliver_pending()
        return
    _ensure_sender()
    _state["wake"].set()


def _ensure_sender() -> None:
    # One sender per process, started on first use (after gunicorn forks its workers). It keeps
    # its own database connection between messages, so sending costs no new connection.
    with _lock:
        thread = _state["thread"]
        if thread is not None and thread.is_alive() and _state["pid"] == os.getpid():
            return
        _state.update(pid=os.getpid(), stop=False, wake=threading.Event())
        _state["thread"] = threading.Thread(target=_sender, name="thongsuot-mail", daemon=True)
        _state["thread"].start()


def _sender() -> None:
    wake = _state["wake"]
    while True:
        wake.wait(IDLE_WAKE_SECONDS)
        wake.clear()
        try:
            close_old_connections()             # drop the connection if it is too old or broken
            deliver_pending()
        except Exception:  # noqa: BLE001 - the next wake or `send-mail` tries again
            logger.exception("E-mail sender failed")
        if _state["stop"]:
            connection.close()
            return


@atexit.register
def flush() -> None:
    """At exit (a command such as `remind`, a gunicorn worker stopping), send what is queued first."""
    thread = _state["thread"]
    if thread is None or not thread.is_alive() or _state["pid"] != os.getpid():
        return
    _state["stop"] = True
    _state["wake"].set()
    thread.join(30)
