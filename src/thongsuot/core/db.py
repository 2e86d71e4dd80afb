"""Heavy reads on PostgreSQL streaming replicas, with read-your-writes (decisions record 47).

Off by default: without `THONGSUOT_REPLICA_URLS` no router or middleware is installed and nothing
here runs. With replicas listed, three rules decide where a read goes:

- Only reads marked heavy may leave the primary: a view wrapped in `replica_reads` (dashboards,
  scorecards, matrices, reports' tables, the public lookup) or code inside `read_from_replica()`
  (exports). Every other read and every write stays on the primary.
- A client that has just written is pinned to the primary for `REPLICA_PIN_SECONDS`: any non-safe
  request sets a short cookie (django-multidb-router's pattern) and, for an API client that signs
  each request with a token header instead of a session, a mark in the shared cache under a digest
  of that header; reads inside a transaction on the primary stay there too. Nobody reads a replica
  that has not yet replayed their own change.
- A replica that lags more than `REPLICA_MAX_LAG_SECONDS`, or does not answer, is skipped. Its lag is
  asked at most once every `REPLICA_CHECK_SECONDS` per process; a heavy view that meets a dead
  replica connection is run again on the primary (it only reads).

Sessions, the cache table, the task queue and the OTP devices are never read from a replica: they
are written on almost every request and read right after.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

from thongsuot.core.context import value_set

#: The cookie that pins a browser to the primary after it wrote something.
PIN_COOKIE = "ts_pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Models read and written on nearly every request: always the primary.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "django_tasks_db", "otp_totp", "otp_static",
                               "authtoken", "contenttypes", "auth", "admin"})

_heavy: ContextVar[bool] = ContextVar("replica_heavy", default=False)
_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)
_chosen: ContextVar[frozenset] = ContextVar("replica_chosen", default=frozenset())

# alias → (checked at, lag in seconds or None when it did not answer); per process.
_status: dict[str, tuple[float, float | None]] = {}
_status_lock = threading.Lock()

#: Lag of a streaming replica: 0 when it has replayed all it received (an idle primary sends nothing,
#: so the last replayed transaction's age would grow forever), else the age of that transaction.
LAG_SQL = ("SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
           "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END")


def replica_aliases() -> list[str]:
    return list(getattr(settings, "REPLICA_DATABASES", ()))


def measure_lag(alias: str) -> float | None:
    """Ask the replica for its lag now; None when it does not answer or is not a standby."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError:
        connection.close()
        return None
    return float(lag) if in_recovery else None


def replica_lag(alias: str) -> float | None:
    """The replica's lag as last measured in this process (measured again when older than the check interval)."""
    now = time.monotonic()
    with _status_lock:
        known = _status.get(alias)
    if known is not None and now - known[0] < settings.REPLICA_CHECK_SECONDS:
        return known[1]
    lag = measure_lag(alias)
    with _status_lock:
        _status[alias] = (time.monotonic(), lag)
    return lag


def mark_down(alias: str) -> None:
    """Skip this replica until its next check."""
    with _status_lock:
        _status[alias] = (time.monotonic(), None)
    connections[alias].close()


def forget_replica_status() -> None:
    """Drop what this process knows of the replicas' lag (tests)."""
    with _status_lock:
        _status.clear()


def usable_replica() -> str | None:
    """A replica that answers and lags less than the threshold, or None."""
    healthy = [alias for alias in replica_aliases()
               if (lag := replica_lag(alias)) is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS]
    return random.choice(healthy) if healthy else None


def replica_report() -> dict[str, dict]:
    """Each replica's lag measured now, for /healthz."""
    report = {}
    for alias in replica_aliases():
        lag = measure_lag(alias)
        with _status_lock:
            _status[alias] = (time.monotonic(), lag)
        report[alias] = {"ok": lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS,
                         "lag_seconds": None if lag is None else round(lag, 3)}
    return report


def read_from_replica():
    """Let the reads inside go to a replica (when one is usable and the browser is not pinned)."""
    return value_set(_heavy, True)


def pinned_to_primary():
    return value_set(_pinned, True)


def replica_reads(view: Callable) -> Callable:
    """Mark a read-only view as heavy: its safe requests may read from a replica.

    If a replica connection dies under it, the replica is skipped and the view answers again from
    the primary.
    """
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not replica_aliases() or request.method not in SAFE_METHODS or _pinned.get():
            return view(request, *args, **kwargs)
        chosen = _chosen.set(frozenset())
        try:
            with read_from_replica():
                return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            failed = _chosen.get()
            if not failed:
                raise
            for alias in failed:
                mark_down(alias)
            return view(request, *args, **kwargs)
        finally:
            _chosen.reset(chosen)

    return wrapped


class ReplicaRouter:
    """Heavy reads to a usable replica; everything else, and every migration, on the primary."""

    def db_for_read(self, model, **hints):
        if not _heavy.get() or _pinned.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a read inside a write's transaction sees that transaction
        alias = usable_replica()
        if alias is None:
            return DEFAULT_DB_ALIAS
        _chosen.set(_chosen.get() | {alias})
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def read_alias(model) -> str:
    """The alias a raw SQL read of `model` should use (the router's answer, or the primary)."""
    return ReplicaRouter().db_for_read(model) if replica_aliases() else DEFAULT_DB_ALIAS


def _client_pin_key(request) -> str | None:
    """The shared cache's key pinning an API client that sends credentials in a header (a token:
    no cookie comes back), or None for a browser. Keyed by a digest of the header, so the mark is
    read before the view authenticates anything and no token is stored."""
    credentials = request.META.get("HTTP_AUTHORIZATION", "")
    if not credentials:
        return None
    return "ts_pin:" + hashlib.sha256(credentials.encode()).hexdigest()


class ReplicaPinMiddleware:
    """Pin a client that has just written to the primary for `REPLICA_PIN_SECONDS`.

    A non-safe request reads from the primary. A browser gets the pin cookie on its answer; the
    cookie's own lifetime ends the pin. An API client authenticated by a header (a token) gets a
    mark in the shared cache under a digest of that header, with the same lifetime, set only when
    the credentials named a user; its next reads find the mark and stay on the primary. A forged
    cookie or header only costs its bearer replica reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        client_key = _client_pin_key(request)
        pinned = writes or PIN_COOKIE in request.COOKIES
        if not pinned and client_key is not None:
            pinned = bool(caches["default"].get(client_key))
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
            user = getattr(request, "user", None)      # DRF sets the token's user here too
            if client_key is not None and user is not None and user.is_authenticated:
                caches["default"].set(client_key, 1, timeout=settings.REPLICA_PIN_SECONDS)
        return response
