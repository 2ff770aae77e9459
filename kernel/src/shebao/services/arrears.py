"""Employers' arrears, the agency's assessment of premiums for unregistered employees, and an
employer's payment record."""

import datetime as dt

import attrs

from shebao import plugins
from shebao.errors import InputError, RuleViolation
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.contribution import Contribution
from shebao.model.employer import Employment
from shebao.model.person import Scheme
from shebao.model.register import MonthsInArrears, PremiumAssessment
from shebao.money import Fen, apply_ratio
from shebao.periods import Month
from shebao.plugins import Facade
from shebao.policy import ContributionPolicy
from shebao.rules.arrears import arrears, check_assessable, months_between
from shebao.rules.contribution import check_base_bounds
from shebao.rules.register import check_month_insured
from shebao.services.people import get_employer, get_person, insure_as_employee
from shebao.store.ports import UnitOfWork


def employer_arrears(uow: UnitOfWork, as_of: dt.date, employer_uscc: str | None = None) -> list[MonthsInArrears]:
    """Months due and unpaid per employer and employee, as of a day; assessed months included."""
    code = get_employer(uow, employer_uscc).uscc if employer_uscc else None
    employments = uow.employers.employments(employer_uscc=code)
    paid = {number: {c.period for c in uow.contributions.of_person(number)} for number in {e.citizen_id for e in employments}}
    assessments = uow.assessments.search(employer_uscc=code)
    for assessment in assessments:
        paid.setdefault(assessment.citizen_id, {c.period for c in uow.contributions.of_person(assessment.citizen_id)})
    return arrears(employments, paid, assessments, as_of)


@attrs.frozen
class AssessPremiums:
    employer_uscc: str
    citizen_id: CitizenId
    first: Month
    last: Month
    base: Fen  # the base the agency set, yuan on input


def assess_premiums(uow: UnitOfWork, command: AssessPremiums, today: dt.date, hooks: Facade = plugins) -> list[PremiumAssessment]:
    """The agency assesses the premiums an employer owes for an employee it never registered:
    each month's employer and individual parts on the base, recorded once; the employment is
    recorded (unregistered, so the registration is flagged as missing) if it was not."""
    if command.first > command.last:
        raise InputError(
            _("months {first} to {last}: the first is after the last").format(first=command.first, last=command.last)
        )
    if command.last >= Month.of(today):
        raise RuleViolation(
            "assess-past-months", _("only months that have ended are assessed; {last} has not").format(last=command.last)
        )
    with uow:
        employer = get_employer(uow, command.employer_uscc)
        person = get_person(uow, command.citizen_id.number)
        number = person.citizen_id.number
        jobs = uow.employers.employments(employer.uscc, number)
        check_assessable(person, jobs, employer.uscc, command.first)
        if not jobs:
            employment = Employment(employer.uscc, number, command.first.first_day, None)
            uow.employers.add_employment(employment)
            if not [e for e in uow.employers.employments(citizen_id=number) if e.ended_on is None and e != employment]:
                insure_as_employee(uow, person, employer, employment.started_on, today)
        policy = hooks.policy(hooks.region(employer.region), Scheme.EMPLOYEE, command.first.year).contribution
        check_base_bounds(command.base, policy)
        assessed = _assess_months(uow, employer.uscc, number, command, policy, today)
        if not assessed:
            raise RuleViolation(
                "assess-unpaid-only",
                _("every month from {first} to {last} is paid").format(first=command.first, last=command.last),
            )
        uow.audit.record(
            "contribution.assess",
            number,
            employer=employer.uscc,
            months=[str(a.period) for a in assessed],
            base=command.base,
            total=sum(a.total for a in assessed),
        )
        uow.commit()
    return assessed


def _assess_months(
    uow: UnitOfWork, uscc: str, number: str, command: AssessPremiums, policy: ContributionPolicy, today: dt.date
) -> list[PremiumAssessment]:
    """Each unpaid month's assessment, recorded; a month assessed before is refused."""
    assessed = []
    history = uow.person_history.events(number)
    for month in months_between(command.first, command.last):
        check_month_insured(history, month)
        if uow.contributions.get(number, month) is not None:
            continue  # paid: nothing owed
        if uow.assessments.get(uscc, number, month) is not None:
            raise RuleViolation("assess-once", _("{month} is already assessed for this employee").format(month=month))
        assessment = PremiumAssessment(
            uscc,
            number,
            month,
            command.base,
            apply_ratio(command.base, policy.employer_rate),
            apply_ratio(command.base, policy.individual_rate),
            today,
        )
        uow.assessments.add(assessment)
        assessed.append(assessment)
    return assessed


@attrs.frozen
class EmployerPayments:
    """An employer's payment record: what it remitted, by month, and what it still owes."""

    paid: list[Contribution]
    assessed: list[PremiumAssessment]


def employer_payments(uow: UnitOfWork, employer_uscc: str) -> EmployerPayments:
    employer = get_employer(uow, employer_uscc)
    return EmployerPayments(uow.contributions.of_employer(employer.uscc), uow.assessments.search(employer_uscc=employer.uscc))
