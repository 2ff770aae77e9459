"""What a month's premium comes to, and what the individual account receives."""

import datetime as dt
from collections.abc import Sequence

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.contribution import ContributionAssessment
from shebao.model.employer import Employment
from shebao.model.person import SELF_PAYING, Person, Scheme, Standing, Status
from shebao.money import ZERO, Fen, apply_ratio, yuan
from shebao.periods import Month
from shebao.policy import ContributionPolicy


def assess_contribution(person: Person, base: Fen, policy: ContributionPolicy, employer_paid: bool) -> ContributionAssessment:
    """Employees: employer and individual parts on the base, the own part to the account
    (2021 reform). Flexible workers and individual businesses pay one rate themselves.
    Retirees pay nothing: their account gets a fixed monthly credit instead."""
    if person.scheme is not Scheme.EMPLOYEE:
        raise RuleViolation(
            "employee-scheme-contribution",
            _("monthly contributions on a base are for employee medical insurance; resident premiums are annual"),
        )
    if person.status is Status.RETIRED:
        raise RuleViolation("retirees-do-not-pay", _("a retiree pays no premium; the account gets the monthly credit"))
    if person.status is Status.UNEMPLOYED:
        raise RuleViolation("unemployed-insurance-pays", _("an unemployed person's premium is paid by unemployment insurance"))
    check_base_bounds(base, policy)
    if person.status is Status.EMPLOYED:
        if not employer_paid:
            raise RuleViolation("employer-pays-employee", _("an employee's contribution is remitted by the employer"))
        return ContributionAssessment(
            base=base,
            employer_part=apply_ratio(base, policy.employer_rate),
            individual_part=apply_ratio(base, policy.individual_rate),
            account_credit=apply_ratio(base, policy.account_share),
        )
    assert person.status in SELF_PAYING
    if employer_paid:
        raise RuleViolation("self-paying", _("a {value} person pays without an employer").format(value=person.status.value))
    return ContributionAssessment(
        base=base,
        employer_part=ZERO,
        individual_part=apply_ratio(base, policy.flexible_rate),
        account_credit=apply_ratio(base, policy.flexible_account_share),
    )


def check_base_bounds(base: Fen, policy: ContributionPolicy) -> None:
    """The base lies between the policy's floor and ceiling, both included."""
    bounds = policy.base_bounds()
    if bounds is not None and not bounds[0] <= base <= bounds[1]:
        raise RuleViolation(
            "contribution-base-bounds",
            _("base {base} is outside {describe_bounds}").format(base=yuan(base), describe_bounds=policy.describe_bounds()),
        )


def check_contribution_period(period: Month, base: Fen, today: dt.date) -> None:
    """A premium is for a month that has begun, on a base above zero."""
    if period > Month.of(today):
        raise RuleViolation("no-future-period", _("{period} has not begun on {today}").format(period=period, today=today))
    if base <= 0:
        raise RuleViolation("positive-base", _("the contribution base must be more than zero"))


def retiree_credit_due(person: Person, policy: ContributionPolicy) -> Fen:
    """The fixed monthly credit to a retired employee's account, none before registration."""
    if person.status is not Status.RETIRED or person.scheme is not Scheme.EMPLOYEE:
        return ZERO
    return policy.retiree_monthly_credit


def check_resident_premium(person: Person, year: int, today: dt.date) -> None:
    """A yearly premium is a living resident's, for a year of their life up to next year."""
    if person.scheme is not Scheme.RESIDENT:
        raise RuleViolation("resident-scheme-premium", _("yearly premiums are for urban-rural resident medical insurance"))
    if not person.birth_date.year <= year <= today.year + 1:  # next year's premium is collected from autumn
        raise RuleViolation(
            "premium-year",
            _("an insurance year between {year} and {value}").format(year=person.birth_date.year, value=today.year + 1),
        )
    if person.standing is Standing.DECEASED:
        raise RuleViolation("deceased-record-closed", _("the person died; no premium is recorded"))


def check_employer_of_record(employments: Sequence[Employment], employer_uscc: str, period: Month) -> None:
    """An employer remits a month for a person it employed in that month."""
    if not [e for e in employments if e.started_on <= period.last_day]:
        raise RuleViolation(
            "employer-of-record",
            _("the person was not employed by {employer_uscc} in {period}").format(employer_uscc=employer_uscc, period=period),
        )
