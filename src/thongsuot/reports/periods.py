"""A regime's periods, computed from its frequency and cut-off (Decree 09/2019, Art. 12).

- weekly: seven days ending on the cut-off weekday;
- monthly: from the day after the cut-off day of the previous month to the cut-off day (the 15th to the 14th);
- quarterly: from the day after the cut-off day of the month before the quarter to the cut-off day of its
  last month;
- ad hoc: one period, from the regime's first day to its `ends_on`.
The deadline of each level is counted in days after the cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from thongsuot.reports.models import Frequency, ReportingRegime, ReportLevel


@dataclass(frozen=True)
class Period:
    start: date
    end: date                 # the cut-off day
    commune_deadline: date
    province_deadline: date

    def deadline_for(self, level: str) -> date:
        return self.commune_deadline if level == ReportLevel.COMMUNE else self.province_deadline

    @property
    def key(self) -> str:
        return self.start.isoformat()


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _make(regime: ReportingRegime, start: date, end: date) -> Period:
    return Period(start=start, end=end, commune_deadline=end + timedelta(days=regime.commune_deadline_days),
                  province_deadline=end + timedelta(days=regime.province_deadline_days))


def period_ending_after(regime: ReportingRegime, day: date) -> Period:
    """The period that contains `day`."""
    if regime.frequency == Frequency.AD_HOC:
        return _make(regime, regime.starts_on, regime.ends_on)
    if regime.frequency == Frequency.WEEKLY:
        end = day + timedelta(days=(regime.cutoff_weekday - day.weekday()) % 7)
        return _make(regime, end - timedelta(days=6), end)
    cut = regime.cutoff_day
    year, month = day.year, day.month
    if day.day > cut:
        year, month = _month_shift(year, month, 1)
    if regime.frequency == Frequency.QUARTERLY:
        while month % 3:
            year, month = _month_shift(year, month, 1)
        first_year, first_month = _month_shift(year, month, -3)
    else:
        first_year, first_month = _month_shift(year, month, -1)
    return _make(regime, date(first_year, first_month, cut) + timedelta(days=1), date(year, month, cut))


def periods_until(regime: ReportingRegime, day: date, *, limit: int = 60) -> list[Period]:
    """The regime's periods that have begun by `day`, newest first (at most `limit`)."""
    if regime.starts_on > day:
        return []
    if regime.frequency == Frequency.AD_HOC:
        return [period_ending_after(regime, day)]
    last_day = min(day, regime.ends_on) if regime.ends_on else day
    result = []
    period = period_ending_after(regime, last_day)
    while period.end >= regime.starts_on and len(result) < limit:
        result.append(period)
        period = period_ending_after(regime, period.start - timedelta(days=1))
    return result


def period_starting(regime: ReportingRegime, start: date) -> Period | None:
    """The period that begins on `start`, or None when no period of the regime does."""
    period = period_ending_after(regime, start)
    if period.start != start or period.end < regime.starts_on:
        return None
    return period


def last_closed_period(regime: ReportingRegime, day: date) -> Period | None:
    """The most recent period whose cut-off day is before `day` (the one being reported on)."""
    for period in periods_until(regime, day):
        if period.end < day:
            return period
    return None
