"""What a month's premium comes to, and what the individual account receives."""

import datetime as dt
from collections.abc import Sequence

from shebao.errors import RuleViolation
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
            "monthly contributions on a base are for employee medical insurance; resident premiums are annual",
        )
    if person.status is Status.RETIRED:
        raise RuleViolation("retirees-do-not-pay", "a retiree pays no premium; the account gets the monthly credit")
    if person.status is Status.UNEMPLOYED:
        raise RuleViolation("unemployed-insurance-pays", "an unemployed person's premium is paid by unemployment insurance")
    check_base_bounds(base, policy)
    if person.status is Status.EMPLOYED:
        if not employer_paid:
            raise RuleViolation("employer-pays-employee", "an employee's contribution is remitted by the employer")
        return ContributionAssessment(
            base=base,
            employer_part=apply_ratio(base, policy.employer_rate),
            individual_part=apply_ratio(base, policy.individual_rate),
            account_credit=apply_ratio(base, policy.account_share),
        )
    assert person.status in SELF_PAYING
    if employer_paid:
        raise RuleViolation("self-paying", f"a {person.status.value} person pays without an employer")
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
        raise RuleViolation("contribution-base-bounds", f"base {yuan(base)} is outside {policy.describe_bounds()}")


def check_contribution_period(period: Month, base: Fen, today: dt.date) -> None:
    """A premium is for a month that has begun, on a base above zero."""
    if period > Month.of(today):
        raise RuleViolation("no-future-period", f"{period} has not begun on {today}")
    if base <= 0:
        raise RuleViolation("positive-base", "the contribution base must be more than zero")


def retiree_credit_due(person: Person, policy: ContributionPolicy) -> Fen:
    """The fixed monthly credit to a retired employee's account, none before registration."""
    if person.status is not Status.RETIRED or person.scheme is not Scheme.EMPLOYEE:
        return ZERO
    return policy.retiree_monthly_credit


def check_resident_premium(person: Person, year: int, today: dt.date) -> None:
    """A yearly premium is a living resident's, for a year of their life up to next year."""
    if person.scheme is not Scheme.RESIDENT:
        raise RuleViolation("resident-scheme-premium", "yearly premiums are for urban-rural resident medical insurance")
    if not person.birth_date.year <= year <= today.year + 1:  # next year's premium is collected from autumn
        raise RuleViolation("premium-year", f"an insurance year between {person.birth_date.year} and {today.year + 1}")
    if person.standing is Standing.DECEASED:
        raise RuleViolation("deceased-record-closed", "the person died; no premium is recorded")


def check_employer_of_record(employments: Sequence[Employment], employer_uscc: str, period: Month) -> None:
    """An employer remits a month for a person it employed in that month."""
    if not [e for e in employments if e.started_on <= period.last_day]:
        raise RuleViolation("employer-of-record", f"the person was not employed by {employer_uscc} in {period}")
