"""Working days on China's official calendar, with the weekends worked in exchange (调休).

The ``holidays`` package knows the State Council's schedule for the years it lists in
``special_public_holidays`` (2001-2026 in holidays 0.109); for a later year it only
computes the fixed-date and lunar holidays, without the substituted days. A date computed
over such a year is therefore marked as an estimate, never shown as certain.
"""

import datetime as dt
from functools import cache

import attrs
from holidays.countries.china import China

from shebao.i18n import _


@attrs.frozen
class WorkingDayResult:
    day: dt.date
    estimated: bool  # some year on the way has no announced schedule yet


class ChinaCalendar:
    def __init__(self) -> None:
        self._holidays = China()  # type: ignore[no-untyped-call]
        # years for which the library carries the announced schedule (substituted days)
        self.announced_years = frozenset(self._holidays.special_public_holidays)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._holidays:  # also loads the year, with its weekend working days
            return False
        if day.weekday() >= 5:
            return day in self._holidays.weekend_workdays
        return True

    def is_announced(self, year: int) -> bool:
        return year in self.announced_years


@cache
def china_calendar() -> ChinaCalendar:
    return ChinaCalendar()


def add_working_days(start: dt.date, days: int, calendar: ChinaCalendar | None = None) -> WorkingDayResult:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError(_("a number of working days is not negative"))
    cal = calendar or china_calendar()
    day, counted = start, 0
    years = {start.year}
    while counted < days:
        day += dt.timedelta(days=1)
        years.add(day.year)
        if cal.is_working_day(day):
            counted += 1
    return WorkingDayResult(day, estimated=not all(cal.is_announced(year) for year in years))
