from datetime import date

from thongsuot.core import calendar
from thongsuot.core.models import CalendarDay
from thongsuot.portal.services import calendar_day_set


def test_weekends_and_tet_are_not_working_days(db):
    assert not calendar.is_working_day(date(2026, 2, 14))  # Saturday
    assert not calendar.is_working_day(date(2026, 2, 17))  # Tết Nguyên Đán
    assert calendar.is_working_day(date(2026, 2, 23))


def test_adding_working_days_skips_tet_2026(db):
    # Friday 13/02/2026 + 1 working day: 16–20/02 are Tết holidays, so Monday 23/02.
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_swapped_saturday_is_a_working_day(db):
    # Saturday 26/04/2025 was worked in exchange for Friday 02/05/2025.
    assert calendar.is_working_day(date(2025, 4, 26))
    assert not calendar.is_working_day(date(2025, 5, 2))


def test_working_days_between_counts_after_start_up_to_end(db):
    assert calendar.working_days_between(date(2025, 11, 24), date(2025, 11, 28)) == 4
    assert calendar.working_days_between(date(2025, 11, 28), date(2025, 11, 24)) == -4


def test_a_declared_day_off_overrides_the_package(db, persona):
    monday = date(2025, 12, 1)
    assert calendar.is_working_day(monday)
    calendar_day_set(actor=persona("demo.quantri"), day=monday, kind=CalendarDay.Kind.DAY_OFF,
                     reason="Nghỉ theo quyết định địa phương (thử nghiệm)")
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_days(date(2025, 11, 28), 1) == date(2025, 12, 2)
