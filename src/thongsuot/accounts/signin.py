"""Sign-in: throttling of failed attempts and the two-factor rule.

Attempts are counted per account name and per client address (`core.context.client_ip`) in the
database (`SignInCounter`), so every web process sees the same counts. Each count lives in a
fixed window that opens with the first attempt and lasts `SIGNIN_WINDOW_SECONDS`; later attempts
never move its end. An attempt is reserved *before* the password is checked (`attempt_begin`): the
counter is incremented in one statement and read back in the same transaction, so of any number of
concurrent attempts at most the limit get their password checked. A successful sign-in gives its
reservation back (`attempt_succeeded`); a failed one keeps it. The refusal names the minutes left
until the window ends, and is the same whether or not the account exists, so it reveals nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thongsuot.accounts.models import Level, Role, SignInCounter
from thongsuot.accounts.permissions import scope_of
from thongsuot.core.text import fold


@dataclass(frozen=True)
class Attempt:
    """The counters one sign-in attempt holds a place in, or the time until which it is refused."""

    account_key: str
    held: tuple[tuple[str, datetime], ...] = ()
    refused_until: datetime | None = None

    @property
    def refused(self) -> bool:
        return self.refused_until is not None

    def retry_minutes(self) -> int:
        """Return the whole minutes until the window that refused this attempt ends (at least 1)."""
        left = (self.refused_until - timezone.now()).total_seconds() if self.refused_until else 0
        return max(1, math.ceil(left / 60))


def _keys(username: str, ip: str | None) -> tuple[str, str]:
    return f"signin:acct:{fold(username)[:150]}", f"signin:ip:{ip or 'unknown'}"


def _take(key: str) -> tuple[int, datetime]:
    """Count one more attempt on `key`; return the count including it and the window's end."""
    now = timezone.now()
    counters = SignInCounter.objects.filter(key=key)
    with transaction.atomic():
        for _try in range(3):
            if counters.filter(window_ends__gt=now).update(attempts=F("attempts") + 1):
                break
            ends = now + timedelta(seconds=settings.SIGNIN_WINDOW_SECONDS)
            if counters.filter(window_ends__lte=now).update(attempts=1, window_ends=ends):
                break       # the old window is over: this attempt opens a new one
            try:
                with transaction.atomic():
                    SignInCounter.objects.create(key=key, attempts=1, window_ends=ends)
                break
            except IntegrityError:      # a concurrent first attempt created it: count on it
                continue
        # The row is ours until commit (row lock on PostgreSQL, the write lock on SQLite): this
        # is the count our increment made, not a later one.
        return counters.values_list("attempts", "window_ends").get()


def _give_back(key: str, window_ends: datetime) -> None:
    SignInCounter.objects.filter(key=key, window_ends=window_ends, attempts__gt=0).update(
        attempts=F("attempts") - 1)


def attempt_begin(username: str, ip: str | None) -> Attempt:
    """Reserve a place for one password check, or refuse when the account or the address is over its limit."""
    account_key, ip_key = _keys(username, ip)
    held = []
    for key, limit in ((account_key, settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT),
                       (ip_key, settings.SIGNIN_MAX_FAILURES_PER_IP)):
        count, window_ends = _take(key)
        if count > limit:
            # A refused attempt checks no password: it gives back what it took, so it neither
            # uses up the address's allowance nor keeps the counts climbing.
            for taken in (*held, (key, window_ends)):
                _give_back(*taken)
            return Attempt(account_key, refused_until=window_ends)
        held.append((key, window_ends))
    _forget_expired()
    return Attempt(account_key, held=tuple(held))


def attempt_succeeded(attempt: Attempt) -> None:
    """The password was right: forget the account's failures and give the address its place back."""
    SignInCounter.objects.filter(key=attempt.account_key).delete()
    for key, window_ends in attempt.held:
        if key != attempt.account_key:
            _give_back(key, window_ends)


def _forget_expired() -> None:
    # Counters of windows long over, so that guessed names do not pile up; cheap through the index.
    SignInCounter.objects.filter(
        window_ends__lt=timezone.now() - timedelta(seconds=settings.SIGNIN_WINDOW_SECONDS)).delete()


def requires_two_factor(user) -> bool:
    """Leaders and admins at national, ministry and province level must use 2FA (when enforced)."""
    if not settings.REQUIRE_2FA:
        return False
    scope = scope_of(user)
    return bool(scope and scope.level in (Level.CENTRAL, Level.MINISTRY, Level.PROVINCE)
                and scope.role in (Role.LEADER, Role.ADMIN))


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)
