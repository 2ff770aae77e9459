"""Pure rules of the register over time: which changes a record allows, the insurance periods
its history makes, and where a person stood on a given day."""

import datetime as dt
from collections.abc import Sequence

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.employer import Employment
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.model.register import InsurancePeriod, PersonEvent, RecordChange, RecordState
from shebao.periods import Month

_ONE_DAY = dt.timedelta(days=1)


def current_state(person: Person) -> RecordState:
    return RecordState(person.insured_region, person.scheme, person.status, person.standing)


def check_change(person: Person, history: Sequence[PersonEvent], change: RecordChange, on: dt.date, today: dt.date) -> None:
    """Refuse a change the record cannot take: after death, out of order, in the future,
    before registration, or one that does not change the standing it names."""
    if person.standing is Standing.DECEASED:
        raise RuleViolation(
            "deceased-record-closed", _("the person died; the record takes no {value} change").format(value=change.value)
        )
    if on > today:
        raise RuleViolation(
            "no-future-change", _("a change effective on {on} is after today ({today})").format(on=on, today=today)
        )
    latest = max((event.effective_on for event in _ordered(history)), default=person.registered_on)
    if change is not RecordChange.DETAILS and on < latest:
        raise RuleViolation(
            "changes-in-order",
            _("the record already has a change effective on {latest}; {on} is earlier").format(latest=latest, on=on),
        )
    if change is RecordChange.STOPPED and person.standing is not Standing.INSURED:
        raise RuleViolation("stop-insured-only", _("the insurance is already stopped"))
    if change is RecordChange.RESUMED and person.standing is not Standing.STOPPED:
        raise RuleViolation("resume-stopped-only", _("only a stopped insurance can be resumed"))
    if change is RecordChange.RETIRED and person.status is Status.RETIRED:
        raise RuleViolation("retire-once", _("the person is already retired"))


def state_on(history: Sequence[PersonEvent], day: dt.date) -> RecordState | None:
    """The record's state on ``day``: that of the last change effective on or before it
    (None: not registered yet). A death is effective the day after the date of death,
    which is still an insured day."""
    found: RecordState | None = None
    for event in _ordered(history):
        effective = event.effective_on + _ONE_DAY if event.change is RecordChange.DIED else event.effective_on
        if effective > day:
            break
        found = event.state
    return found


def insurance_periods(history: Sequence[PersonEvent]) -> list[InsurancePeriod]:
    """The days insured, one period per pooling area and scheme: a stop ends a period the day
    before it, a resumption starts one, a transfer ends one and starts the next, a death ends
    the last on the date of death."""
    periods: list[InsurancePeriod] = []
    open_since: dt.date | None = None
    state: RecordState | None = None
    for event in _ordered(history):
        new = event.state
        if state is not None and open_since is not None and _period_ends(state, new):
            last = event.effective_on if event.change is RecordChange.DIED else event.effective_on - _ONE_DAY
            if last >= open_since:
                periods.append(InsurancePeriod(state.insured_region, state.scheme, open_since, last, event.change))
            open_since = None
        if new.standing is Standing.INSURED and open_since is None:
            open_since = event.effective_on
        state = new
    if state is not None and state.standing is Standing.INSURED and open_since is not None:
        periods.append(InsurancePeriod(state.insured_region, state.scheme, open_since, None))
    return periods


def _period_ends(state: RecordState, new: RecordState) -> bool:
    """An insured period ends when the standing leaves "insured", or the place or scheme changes."""
    if state.standing is not Standing.INSURED:
        return False
    return new.standing is not Standing.INSURED or (new.insured_region, new.scheme) != (state.insured_region, state.scheme)


def insured_on(periods: Sequence[InsurancePeriod], day: dt.date) -> InsurancePeriod | None:
    """The period that covers ``day``, or None: not insured that day."""
    return next((period for period in periods if period.covers(day)), None)


def _ordered(history: Sequence[PersonEvent]) -> list[PersonEvent]:
    """The changes of place, scheme, status or standing in the order they took effect (stable:
    those of one day in the order recorded). A change of details moves none of them, so a
    backdated change (an employer's leave reported late) may follow one."""
    return sorted((event for event in history if event.change is not RecordChange.DETAILS), key=lambda event: event.effective_on)


def check_month_insured(history: Sequence[PersonEvent], month: Month) -> None:
    """A premium is for a month the person was insured in, at least one day of it: not a
    month wholly inside a stop or after death. Months before the first registration may be
    paid in arrears (an employee registered late)."""
    changes = _ordered(history)
    if not changes:
        return
    periods = insurance_periods(changes)
    first = month.first_day
    last = month.last_day
    registered = changes[0].effective_on
    if last < registered or any(p.first_day <= last and (p.last_day is None or first <= p.last_day) for p in periods):
        return
    state = state_on(history, last)
    why = "the record is closed by death" if state and state.standing is Standing.DECEASED else "the insurance was stopped"
    raise RuleViolation("insured-in-month", _("no premium for {month}: {why}").format(month=month, why=why))


def check_retirement(person: Person) -> None:
    """Retirement is into employee medical insurance."""
    if person.scheme is not Scheme.EMPLOYEE:
        raise RuleViolation("retire-from-employee-scheme", _("only a person in employee medical insurance retires into it"))


def check_stop(employments: Sequence[Employment]) -> None:
    """An employee's insurance is not stopped while employed: the employer ends the employment."""
    open_jobs = [e for e in employments if e.ended_on is None]
    if open_jobs:
        raise RuleViolation(
            "employer-ends-employment",
            _("the person is employed by {employer_uscc}: the employer ends it first (employer leave)").format(
                employer_uscc=open_jobs[-1].employer_uscc
            ),
        )


def check_transfer(person: Person, to_region: str, employments: Sequence[Employment]) -> None:
    """A transfer is to another pooling area, and an employee's follows the employer."""
    if to_region == person.insured_region:
        raise RuleViolation("transfer-elsewhere", _("the person is already insured in {code}").format(code=to_region))
    open_jobs = [e for e in employments if e.ended_on is None]
    if person.status is Status.EMPLOYED and open_jobs:
        raise RuleViolation(
            "insured-where-employed",
            _("an employee is insured where the employer is: end the employment with {employer_uscc} first").format(
                employer_uscc=open_jobs[-1].employer_uscc
            ),
        )


def employment_ending(employments: Sequence[Employment], employer_uscc: str, on: dt.date) -> Employment:
    """The open employment with the employer that ends on ``on``, not before it started."""
    open_jobs = [e for e in employments if e.ended_on is None]
    if not open_jobs:
        raise RuleViolation("open-employment", _("the person has no open employment with {uscc}").format(uscc=employer_uscc))
    employment = open_jobs[-1]
    if on < employment.started_on:
        raise RuleViolation(
            "end-after-start",
            _("the employment started on {started_on}, after {on}").format(started_on=employment.started_on, on=on),
        )
    return employment
