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
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import close_old_connections, connection
from django.db.models import F
from django.utils import timezone

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
                # Hand the interpreter back between messages: the requests this process serves
                # wait for no more than one message's worth of work.
                time.sleep(0)
        finally:
            mail_connection.close()
        if delivered:
            OutgoingEmail.objects.filter(pk__in=delivered).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="", claim="")
            sent += len(delivered)
        if len(batch) < BATCH:
            return sent


_lock = threading.Lock()
_state: dict = {"thread": None, "pid": None, "wake": threading.Event(), "stop": False}
#: The sender also wakes on its own this often, to retry messages whose delay has passed.
IDLE_WAKE_SECONDS = 60
#: After a wake the sender waits this long, so that the mail of a burst is sent as one batch.
COALESCE_SECONDS = 0.25


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
        if wake.wait(IDLE_WAKE_SECONDS) and not _state["stop"]:
            time.sleep(COALESCE_SECONDS)        # let a burst of notices gather into one batch
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
