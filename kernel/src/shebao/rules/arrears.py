"""Which months an employer owes premiums for: every month of an employment that has ended
by the day asked about (a month's premium is due within the month), none paid."""

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.employer import Employment
from shebao.model.person import Person, Status
from shebao.model.register import MonthsInArrears, PremiumAssessment
from shebao.money import Fen
from shebao.periods import Month


def next_month(month: Month) -> Month:
    return Month(month.year + month.month // 12, month.month % 12 + 1)


def months_between(first: Month, last: Month) -> Iterator[Month]:
    month = first
    while month <= last:
        yield month
        month = next_month(month)


def months_due(employment: Employment, as_of: dt.date) -> list[Month]:
    """The employment's months whose premium was due by ``as_of``: from the month it started
    to the month it ended, none later than the month before ``as_of``."""
    current = Month.of(as_of)
    last_due = Month(current.year - 1, 12) if current.month == 1 else Month(current.year, current.month - 1)
    if employment.ended_on is not None:
        last_due = min(last_due, Month.of(employment.ended_on))
    return list(months_between(Month.of(employment.started_on), last_due))


def arrears(
    employments: Iterable[Employment],
    paid: Mapping[str, set[Month]],
    assessments: Iterable[PremiumAssessment],
    as_of: dt.date,
) -> list[MonthsInArrears]:
    """Per employer and employee, the months due and unpaid (``paid``: months paid per person
    by that employer); assessed amounts beside them."""
    assessed: dict[tuple[str, str, Month], Fen] = {(a.employer_uscc, a.citizen_id, a.period): a.total for a in assessments}
    owed: dict[tuple[str, str], set[Month]] = {}
    for employment in employments:
        key = (employment.employer_uscc, employment.citizen_id)
        unpaid = set(months_due(employment, as_of)) - paid.get(employment.citizen_id, set())
        owed.setdefault(key, set()).update(unpaid)
    for uscc, number, period in assessed:
        if period not in paid.get(number, set()) and period <= Month.of(as_of):
            owed.setdefault((uscc, number), set()).add(period)
    found = []
    for (uscc, number), months in sorted(owed.items()):
        if months:
            total = sum(assessed.get((uscc, number, month), 0) for month in months)
            found.append(MonthsInArrears(uscc, number, tuple(sorted(months)), Fen(total)))
    return found


def check_assessable(person: Person, jobs: list[Employment], uscc: str, first: Month) -> None:
    """The agency assesses premiums for an employee never registered, and never for a retiree:
    a registered employment's unpaid months are arrears."""
    if person.status is Status.RETIRED:
        raise RuleViolation("retirees-do-not-pay", _("a retiree pays no premium"))
    if any(e.registered_on is not None and e.started_on <= first.last_day for e in jobs):
        raise RuleViolation(
            "assess-unregistered-only",
            _("the employment with {uscc} is registered: its unpaid months are arrears, not an assessment").format(uscc=uscc),
        )
