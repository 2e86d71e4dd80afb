"""Sign-in: throttling of failed attempts and the two-factor rule.

Failures are counted per account name and per client address in the shared cache
(the database cache table, or Redis when configured), so every web process sees the
same counts. The message shown when throttled is the same whether or not the account
exists, so it reveals nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from thongsuot.accounts.models import Level, Role
from thongsuot.accounts.permissions import scope_of
from thongsuot.core.text import fold


def _keys(username: str, ip: str | None) -> tuple[str, str]:
    return f"signin:acct:{fold(username)[:150]}", f"signin:ip:{ip or 'unknown'}"


def _bump(key: str) -> int:
    if cache.add(key, 1, settings.SIGNIN_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.SIGNIN_WINDOW_SECONDS)
        return 1


def is_throttled(username: str, ip: str | None) -> bool:
    """Return whether further attempts for this account or address must wait."""
    account_key, ip_key = _keys(username, ip)
    return (cache.get(account_key, 0) >= settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT
            or cache.get(ip_key, 0) >= settings.SIGNIN_MAX_FAILURES_PER_IP)


def record_failure(username: str, ip: str | None) -> None:
    for key in _keys(username, ip):
        _bump(key)


def clear_failures(username: str) -> None:
    cache.delete(_keys(username, None)[0])


def throttle_minutes() -> int:
    return max(1, settings.SIGNIN_WINDOW_SECONDS // 60)


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
