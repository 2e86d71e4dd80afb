"""The demo's calendar: a campaign dated from the day it is seeded."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from thongsuot.core.seeding import DemoCalendar, demo_calendar, happened_at, seeding_as_of


def test_the_letter_is_dated_three_weeks_before_the_seeding_day_and_due_38_days_after():
    when = DemoCalendar(date(2025, 12, 14))
    assert (when.issued_on, when.deadline) == (date(2025, 11, 23), date(2025, 12, 31))
    assert when.week(1) == (date(2025, 11, 24), date(2025, 11, 30))
    assert when.weeks_done() == [(date(2025, 11, 24), date(2025, 11, 30)), (date(2025, 12, 1), date(2025, 12, 7))]


def test_seeding_as_of_moves_the_clock_and_happened_at_never_goes_past_it():
    with seeding_as_of(date(2025, 11, 23)) as when:
        assert timezone.localdate() == date(2025, 11, 23) == demo_calendar().as_of
        with happened_at(when.moment(date(2025, 11, 2), 9)):
            assert timezone.localtime().date() == date(2025, 11, 2)
        with happened_at(when.moment(date(2026, 1, 1), 9)):      # the future is clipped to the seeding moment
            assert timezone.localdate() == date(2025, 11, 23)
    assert demo_calendar().as_of == timezone.localdate() != date(2025, 11, 23)


def test_an_invalid_as_of_day_is_refused_in_words(db):
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("seed_demo", "--as-of", "23/11/2025")
