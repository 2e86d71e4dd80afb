"""Vietnam's working-day calendar, shared by every time limit in the platform.

A day is a working day when it is Monday to Friday and not a public holiday, or when it
is a Saturday/Sunday that the government swapped into a working day. The `holidays`
package supplies holidays (Tết included) and known swapped days; `CalendarDay` rows
add or override days by decision. Counting conventions follow administrative practice:
a time limit of N working days starting on day D ends on the N-th working day after D.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.cache import caches

from thongsuot.core.models import CalendarDay

_CACHE_KEY = "core.calendar.overrides"


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset[date], frozenset[date]]:
    vn = holidays.country_holidays("VN", years=[year])
    workdays = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return frozenset(vn.keys()), workdays


def _cache():
    # A per-process cache when there is no shared one: the overrides change a few times a
    # year, so five minutes of staleness in another worker is acceptable.
    return caches["local" if "local" in settings.CACHES else "default"]


def _overrides() -> dict[date, str]:
    overrides = _cache().get(_CACHE_KEY)
    if overrides is None:
        overrides = dict(CalendarDay.objects.values_list("date", "kind"))
        _cache().set(_CACHE_KEY, overrides, 300)
    return overrides


def clear_cache() -> None:
    """Forget cached overrides; called by every service that changes a CalendarDay."""
    _cache().delete(_CACHE_KEY)


def is_working_day(day: date) -> bool:
    """Return whether `day` is a working day for state agencies."""
    override = _overrides().get(day)
    if override is not None:
        return override == "working_day"
    holiday_days, swapped_workdays = _statutory(day.year)
    if day in swapped_workdays:
        return True
    return day.weekday() < 5 and day not in holiday_days


def holiday_name(day: date) -> str | None:
    """Return the name of the public holiday on `day`, in Vietnamese, if there is one."""
    return holidays.country_holidays("VN", years=[day.year], language="vi").get(day)


def add_working_days(start: date, days: int) -> date:
    """Return the date `days` working days after `start` (before it when negative)."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Count working days after `start` up to and including `end` (negative if end < start)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    current = low
    while current < high:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return sign * count


def next_working_day(day: date) -> date:
    """Return `day` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
