"""Seeding hooks: how each app adds its part to `seed-demo` and `seed-national`, and the demo's clock.

An app that has demo data provides `<app>/demo.py` with `seed_demo(personas, out)`;
one with national-scale volumes provides `<app>/national.py` with
`seed_national(options, out)` and, optionally, `add_arguments(parser)`. The commands
call them in INSTALLED_APPS order, so an app may rely on the ones listed before it.

The demo is a campaign in progress on the day it is seeded: the steering committee's letter
was issued three weeks before that day and its deadline lies weeks ahead. `demo_calendar()`
gives every app the same dates; `happened_at(moment)` runs a step of the scripted history
through the real services at the moment it happened (the process clock is moved with
time-machine), so events, audit rows and summary tables carry consistent times.
`seed-demo --as-of DAY` seeds the campaign as it stood on DAY.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import import_module
from importlib.util import find_spec

import time_machine
from django.apps import apps
from django.utils import timezone


def app_modules(name: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("thongsuot."):
            continue
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)


#: How long before the seeding day the letter was issued, and how long it gave (the real letter:
#: 23/11 → 31/12/2025, 38 days).
ISSUED_DAYS_BEFORE = 21
CAMPAIGN_DAYS = 38


@dataclass(frozen=True)
class DemoCalendar:
    """The demo campaign's dates, counted from the day the demo is seeded."""

    as_of: date

    @property
    def issued_on(self) -> date:
        """The letter's date, three weeks before the seeding day (an urgent letter may bear a Sunday's
        date, as the real one did: `--as-of 2025-12-14` gives its 23/11/2025)."""
        return self.as_of - timedelta(days=ISSUED_DAYS_BEFORE)

    @property
    def deadline(self) -> date:
        return self.issued_on + timedelta(days=CAMPAIGN_DAYS)

    def day(self, offset: int) -> date:
        """The day `offset` days after the letter was issued."""
        return self.issued_on + timedelta(days=offset)

    def week(self, number: int) -> tuple[date, date]:
        """The reporting week `number` (1, 2, …): seven days, the first starting the day after the letter."""
        start = self.issued_on + timedelta(days=1 + 7 * (number - 1))
        return start, start + timedelta(days=6)

    def weeks_done(self) -> list[tuple[date, date]]:
        """The reporting weeks that have ended by the seeding day."""
        weeks, number = [], 1
        while self.week(number)[1] < self.as_of:
            weeks.append(self.week(number))
            number += 1
        return weeks

    def moment(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        """An aware moment on `day`, never later than the seeding moment."""
        return min(timezone.make_aware(datetime.combine(day, time(hour, minute))), timezone.now())


_calendar: ContextVar[DemoCalendar | None] = ContextVar("demo_calendar", default=None)


def demo_calendar() -> DemoCalendar:
    """Return the calendar of the demo being seeded (today's, outside `seeding_as_of`)."""
    return _calendar.get() or DemoCalendar(timezone.localdate())


@contextmanager
def seeding_as_of(as_of: date | None):
    """Seed as if today were `as_of`: the clock is moved there (same time of day) unless it is today."""
    today = timezone.localdate()
    as_of = as_of or today
    token = _calendar.set(DemoCalendar(as_of))
    try:
        if as_of == today:
            yield _calendar.get()
        else:
            moved = timezone.make_aware(datetime.combine(as_of, timezone.localtime().time()))
            with time_machine.travel(moved, tick=True):
                yield _calendar.get()
    finally:
        _calendar.reset(token)


@contextmanager
def happened_at(moment: datetime):
    """Run the enclosed services as if it were `moment` (never after the seeding moment)."""
    with time_machine.travel(min(moment, timezone.now()), tick=True):
        yield
