"""A regime's periods follow Decree 09/2019: the monthly period runs from the 15th to the 14th, the
quarterly one from the 15th of the month before the quarter to the 14th of its last month."""

from datetime import date

from thongsuot.reports.models import Frequency, ReportingRegime, Weekday
from thongsuot.reports.periods import last_closed_period, period_ending_after, period_starting, periods_until


def regime(**fields) -> ReportingRegime:
    values = {"frequency": Frequency.WEEKLY, "cutoff_weekday": Weekday.THURSDAY, "cutoff_day": 14,
              "commune_deadline_days": 1, "province_deadline_days": 2, "starts_on": date(2025, 11, 24)}
    return ReportingRegime(**{**values, **fields})


def test_weekly_periods_end_on_the_cut_off_weekday_with_each_levels_deadline():
    weekly = regime()
    period = period_ending_after(weekly, date(2025, 12, 1))  # a Monday
    assert (period.start, period.end) == (date(2025, 11, 28), date(2025, 12, 4))
    assert period.commune_deadline == date(2025, 12, 5) and period.province_deadline == date(2025, 12, 6)
    assert period_ending_after(weekly, date(2025, 12, 4)).end == date(2025, 12, 4)
    assert last_closed_period(weekly, date(2025, 12, 5)).end == date(2025, 12, 4)
    assert last_closed_period(weekly, date(2025, 12, 4)).end == date(2025, 11, 27)
    assert period_starting(weekly, date(2025, 11, 28)) == period
    assert period_starting(weekly, date(2025, 11, 29)) is None


def test_monthly_periods_run_from_the_15th_to_the_14th():
    monthly = regime(frequency=Frequency.MONTHLY, starts_on=date(2025, 1, 1))
    period = period_ending_after(monthly, date(2025, 12, 20))
    assert (period.start, period.end) == (date(2025, 12, 15), date(2026, 1, 14))
    january = period_ending_after(monthly, date(2026, 1, 3))
    assert (january.start, january.end) == (date(2025, 12, 15), date(2026, 1, 14))
    assert [p.end for p in periods_until(monthly, date(2025, 3, 1))] == [
        date(2025, 3, 14), date(2025, 2, 14), date(2025, 1, 14)]


def test_quarterly_periods_run_from_the_15th_of_the_month_before_to_the_14th_of_the_last_month():
    quarterly = regime(frequency=Frequency.QUARTERLY, starts_on=date(2025, 1, 1))
    period = period_ending_after(quarterly, date(2025, 2, 1))
    assert (period.start, period.end) == (date(2024, 12, 15), date(2025, 3, 14))
    fourth = period_ending_after(quarterly, date(2025, 12, 14))
    assert (fourth.start, fourth.end) == (date(2025, 9, 15), date(2025, 12, 14))
    assert period_ending_after(quarterly, date(2025, 12, 15)).end == date(2026, 3, 14)


def test_an_ad_hoc_regime_has_one_period():
    ad_hoc = regime(frequency=Frequency.AD_HOC, starts_on=date(2025, 12, 1), ends_on=date(2025, 12, 10))
    assert [(p.start, p.end) for p in periods_until(ad_hoc, date(2026, 1, 1))] == [
        (date(2025, 12, 1), date(2025, 12, 10))]
