"""Use cases that keep a person's record current: details, retirement, stop and resumption
of insurance (停保/续保), transfer between pooling areas (转移接续), end of employment (减员)
and death. Each is one transaction, kept in the person's history and audited with the
fields before and after."""

import datetime as dt
from typing import Any

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.errors import InputError, RuleViolation
from shebao.i18n import _
from shebao.ids import Phone
from shebao.model.employer import Employment
from shebao.model.person import Person, Standing, Status
from shebao.model.register import PersonEvent, RecordChange
from shebao.plugins import Facade
from shebao.rules.register import check_change, check_retirement, check_stop, check_transfer, employment_ending
from shebao.services.history import record_change
from shebao.services.people import get_employer, get_person, hukou_region
from shebao.store.ports import UnitOfWork


@attrs.frozen
class UpdateDetails:
    """The personal details a counter may correct; None leaves a field as it is."""

    name: str | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.max_len(60)))
    phone: str | None = None
    address: str | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.max_len(200)))
    hukou_region: str | None = None


def update_person(uow: UnitOfWork, citizen_id: str, details: UpdateDetails, today: dt.date, hooks: Facade = plugins) -> Person:
    changes: dict[str, Any] = {}
    if details.name is not None:
        if not details.name.strip():
            raise InputError(_("name must not be empty"))
        changes["name"] = details.name.strip()
    if details.phone is not None:
        changes["phone"] = parse_input(Phone, details.phone, "phone").number
    if details.address is not None:
        changes["address"] = details.address.strip() or None
    if details.hukou_region is not None:
        changes["hukou_region"] = hukou_region(details.hukou_region, hooks=hooks)
    if not changes:
        raise InputError(_("nothing to update: give --name, --phone, --address or --hukou-region"))
    with uow:
        person = get_person(uow, citizen_id)
        changes = {field: value for field, value in changes.items() if getattr(person, field) != value}
        if not changes:
            raise RuleViolation("record-unchanged", _("the record already holds these details"))
        updated = record_change(uow, person, RecordChange.DETAILS, today, today, **changes)
        uow.commit()
    return updated


def retire_person(uow: UnitOfWork, citizen_id: str, on: dt.date, today: dt.date) -> Person:
    """Retirement: a retired employee pays no premium; the account gets the monthly credit.
    Open employments end the day before."""
    with uow:
        person = get_person(uow, citizen_id)
        check_retirement(person)
        _end_open_employments(uow, person, on - dt.timedelta(days=1))
        retired = record_change(uow, person, RecordChange.RETIRED, on, today, status=Status.RETIRED)
        uow.commit()
    return retired


def stop_insurance(uow: UnitOfWork, citizen_id: str, on: dt.date, reason: str, today: dt.date) -> Person:
    """停保: not insured from ``on``; the record and the account stay."""
    if not reason.strip():
        raise InputError(_("a stop needs a --reason"))
    with uow:
        person = get_person(uow, citizen_id)
        check_stop(uow.employers.employments(citizen_id=person.citizen_id.number))
        stopped = record_change(uow, person, RecordChange.STOPPED, on, today, reason=reason.strip(), standing=Standing.STOPPED)
        uow.commit()
    return stopped


def resume_insurance(uow: UnitOfWork, citizen_id: str, on: dt.date, today: dt.date) -> Person:
    """续保: insured again from ``on``."""
    with uow:
        person = get_person(uow, citizen_id)
        resumed = record_change(uow, person, RecordChange.RESUMED, on, today, standing=Standing.INSURED)
        uow.commit()
    return resumed


def transfer_person(
    uow: UnitOfWork, citizen_id: str, to_region: str, on: dt.date, today: dt.date, hooks: Facade = plugins
) -> Person:
    """转移接续: insured in another pooling area from ``on``. The individual account and the
    contribution record belong to the person, so balance and contribution years follow."""
    region = hooks.region(to_region)
    with uow:
        person = get_person(uow, citizen_id)
        check_transfer(person, region.code, uow.employers.employments(citizen_id=person.citizen_id.number))
        moved = _transfer(uow, person, region.code, on, today)
        uow.commit()
    return moved


def record_death(uow: UnitOfWork, citizen_id: str, on: dt.date, today: dt.date) -> Person:
    """The insurance ends on the date of death, and with it any open employment; the account
    balance stays for the heirs."""
    with uow:
        person = get_person(uow, citizen_id)
        _end_open_employments(uow, person, on)
        died = record_change(uow, person, RecordChange.DIED, on, today, standing=Standing.DECEASED)
        uow.commit()
    return died


def end_employment(uow: UnitOfWork, employer_uscc: str, citizen_id: str, on: dt.date, today: dt.date) -> Employment:
    """减员: the employment ends on ``on`` (its last day). The person stays insured, now
    unemployed, until stopped, hired again or transferred."""
    with uow:
        employer = get_employer(uow, employer_uscc)
        person = get_person(uow, citizen_id)
        check_change(person, uow.person_history.events(person.citizen_id.number), RecordChange.EMPLOYMENT_ENDED, on, today)
        employment = employment_ending(uow.employers.employments(employer.uscc, person.citizen_id.number), employer.uscc, on)
        uow.employers.end_employment(employment, on)
        ended = attrs.evolve(employment, ended_on=on)
        still_employed = any(
            e.ended_on is None for e in uow.employers.employments(citizen_id=person.citizen_id.number) if e != employment
        )
        changes: dict[str, Any] = {} if still_employed or person.status is not Status.EMPLOYED else {"status": Status.UNEMPLOYED}
        record_change(uow, person, RecordChange.EMPLOYMENT_ENDED, on, today, reason=f"employer {employer.uscc}", **changes)
        uow.commit()
    return ended


def history(uow: UnitOfWork, citizen_id: str) -> list[PersonEvent]:
    person = get_person(uow, citizen_id)
    return uow.person_history.events(person.citizen_id.number)


def _end_open_employments(uow: UnitOfWork, person: Person, last_day: dt.date) -> None:
    for employment in uow.employers.employments(citizen_id=person.citizen_id.number):
        if employment.ended_on is None:
            uow.employers.end_employment(employment, max(last_day, employment.started_on))


def _transfer(uow: UnitOfWork, person: Person, region: str, on: dt.date, today: dt.date) -> Person:
    """Move the insured place, recording what follows the person."""
    number = person.citizen_id.number
    account = uow.accounts.get(number)
    months = len(uow.contributions.of_person(number))
    reason = f"from {person.insured_region} to {region}"
    carried = {"account_balance": account.balance if account else None, "contribution_months": months}
    return record_change(uow, person, RecordChange.TRANSFERRED, on, today, reason=reason, carried=carried, insured_region=region)
