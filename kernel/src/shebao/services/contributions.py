"""Use cases of premiums and the individual account: pay, inquire, credit retirees."""

import datetime as dt

import attrs

from shebao import plugins
from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.account import Account, AccountEntry, EntryKind
from shebao.model.contribution import Contribution, ContributionChannel
from shebao.money import Fen
from shebao.periods import Month
from shebao.plugins import Facade
from shebao.rules.contribution import (
    assess_contribution,
    check_contribution_period,
    check_employer_of_record,
    retiree_credit_due,
)
from shebao.rules.register import check_month_insured
from shebao.services.people import get_employer, get_person
from shebao.store.ports import UnitOfWork


@attrs.frozen
class PayContribution:
    citizen_id: CitizenId
    period: Month
    base: Fen  # the contribution base, yuan on input
    channel: ContributionChannel
    employer_uscc: str | None = None
    receipt: str | None = None


@attrs.frozen
class RetireeCredits:
    month: Month
    credited: int
    total: Fen
    already: int  # retirees credited for this month before


def pay_contribution(
    uow: UnitOfWork, command: PayContribution, today: dt.date, hooks: Facade = plugins
) -> tuple[Contribution, bool]:
    """Record a month's premium and credit the account. Returns the contribution and
    whether it is new: the same payment (same receipt) recorded again changes nothing."""
    check_contribution_period(command.period, command.base, today)
    with uow:
        person = get_person(uow, command.citizen_id.number)
        check_month_insured(uow.person_history.events(person.citizen_id.number), command.period)
        employer_uscc = get_employer(uow, command.employer_uscc).uscc if command.employer_uscc else None
        existing = uow.contributions.get(person.citizen_id.number, command.period)
        if existing is not None:
            if command.receipt and existing.receipt == command.receipt:
                return existing, False
            raise RuleViolation("pay-once-per-month", _("{period} is already paid for this person").format(period=command.period))
        if employer_uscc is not None:
            check_employer_of_record(
                uow.employers.employments(employer_uscc, person.citizen_id.number), employer_uscc, command.period
            )
        region = hooks.region(person.insured_region)
        policy = hooks.policy(region, person.scheme, command.period.year)
        assessment = assess_contribution(person, command.base, policy.contribution, employer_paid=employer_uscc is not None)
        channel = ContributionChannel.PAYROLL if employer_uscc is not None else command.channel
        if employer_uscc is None and channel is ContributionChannel.PAYROLL:
            raise RuleViolation("self-paying", _("payroll remittance needs an employer"))
        contribution = Contribution(
            citizen_id=person.citizen_id.number,
            period=command.period,
            assessment=assessment,
            channel=channel,
            paid_on=today,
            employer_uscc=employer_uscc,
            receipt=command.receipt,
        )
        book_contribution(uow, contribution)
        uow.audit.record(
            "contribution.pay",
            person.citizen_id.number,
            period=str(command.period),
            employer_part=assessment.employer_part,
            individual_part=assessment.individual_part,
            account_credit=assessment.account_credit,
            channel=channel.value,
        )
        uow.commit()
    return contribution, True


def book_contribution(uow: UnitOfWork, contribution: Contribution) -> None:
    """Store a paid contribution and credit its share to the individual account, if any."""
    uow.contributions.add(contribution)
    credit = contribution.assessment.account_credit
    if credit and uow.accounts.get(contribution.citizen_id) is not None:
        reference = f"contribution:{contribution.period}"
        if uow.accounts.has_entry(contribution.citizen_id, EntryKind.CONTRIBUTION_CREDIT, reference):
            # the month was paid before and that payment refunded: this credit is the new payment's
            reference += f":{contribution.receipt or contribution.paid_on.isoformat()}"
        uow.accounts.post(
            AccountEntry(contribution.citizen_id, contribution.paid_on, EntryKind.CONTRIBUTION_CREDIT, credit, reference)
        )


def contributions(uow: UnitOfWork, citizen_id: str, first: Month | None, last: Month | None) -> list[Contribution]:
    """The payment record of a person over a period (Social Insurance Law art. 4)."""
    person = get_person(uow, citizen_id)
    return uow.contributions.of_person(person.citizen_id.number, first, last)


def credit_retirees(uow: UnitOfWork, month: Month, today: dt.date, hooks: Facade = plugins) -> RetireeCredits:
    """Give every retired employee the policy's fixed monthly credit, once per month."""
    if month > Month.of(today):
        raise RuleViolation("no-future-period", _("{month} has not begun on {today}").format(month=month, today=today))
    credited, already, total = 0, 0, 0
    reference = f"retiree-credit:{month}"
    with uow:
        for person in list(uow.persons.retirees()):
            number = person.citizen_id.number
            if uow.accounts.get(number) is None:
                continue
            if uow.accounts.has_entry(number, EntryKind.RETIREE_CREDIT, reference):
                already += 1
                continue
            policy = hooks.policy(hooks.region(person.insured_region), person.scheme, month.year)
            amount = retiree_credit_due(person, policy.contribution)
            if amount:
                uow.accounts.post(AccountEntry(number, today, EntryKind.RETIREE_CREDIT, amount, reference))
                credited += 1
                total += amount
        uow.audit.record("account.credit-retirees", str(month), credited=credited, total=total)
        uow.commit()
    return RetireeCredits(month, credited, Fen(total), already)


def account(uow: UnitOfWork, citizen_id: str) -> tuple[Account, list[AccountEntry]]:
    person = get_person(uow, citizen_id)
    found = uow.accounts.get(person.citizen_id.number)
    if found is None:
        raise RuleViolation("employee-account", _("only employee medical insurance has an individual account"))
    return found, uow.accounts.entries(person.citizen_id.number)
