"""Use cases of insured persons and employers: registration, employment, the 30-day rule."""

import datetime as dt
from typing import Any

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.errors import InputError, RuleViolation, must_exist
from shebao.i18n import _
from shebao.ids import CitizenId, Phone, Uscc
from shebao.model.employer import Employer, Employment
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.model.register import PersonEvent, RecordChange
from shebao.plugins import Facade
from shebao.regions import RegionCode, province_of
from shebao.rules.register import current_state
from shebao.rules.registration import (
    OverdueRegistration,
    check_working_age,
    overdue_registrations,
    registration_state,
)
from shebao.services.history import record_change
from shebao.store.ports import UnitOfWork


@attrs.frozen
class RegisterPerson:
    citizen_id: CitizenId
    name: str = attrs.field(validator=[attrs.validators.min_len(1), attrs.validators.max_len(60)])
    insured_region: str
    scheme: Scheme
    status: Status
    hukou_region: str | None = None  # defaults to the insured region
    nationality: str = "CHN"
    phone: str | None = None
    photo_on_file: bool = False


@attrs.frozen
class RegisterEmployer:
    uscc: str
    name: str = attrs.field(validator=[attrs.validators.min_len(1), attrs.validators.max_len(200)])
    region: str


@attrs.frozen
class HireEmployee:
    employer_uscc: str
    citizen_id: CitizenId
    started_on: dt.date
    register: bool = True  # False: the employment is reported, the registration still owed


def _checked_region(code: str, hooks: Facade = plugins) -> str:
    return hooks.region(code).code


def hukou_region(code: str, hooks: Facade = plugins) -> str:
    """A household registration may be any county code; its province must be known."""
    normalized = parse_input(RegionCode, code, "hukou_region").code
    hooks.region(province_of(normalized))
    return normalized


def register_person(uow: UnitOfWork, command: RegisterPerson, today: dt.date, hooks: Facade = plugins) -> Person:
    insured_region = _checked_region(command.insured_region, hooks=hooks)
    hukou = hukou_region(command.hukou_region, hooks=hooks) if command.hukou_region else insured_region
    if command.citizen_id.birth_date > today:
        raise InputError(
            _("citizen identity number {citizen_id}: birth date is in the future").format(citizen_id=command.citizen_id)
        )
    phone = parse_input(Phone, command.phone, "phone").number if command.phone else None
    if command.status in (Status.EMPLOYED, Status.RETIRED) and command.scheme is not Scheme.EMPLOYEE:
        raise RuleViolation(
            "employee-scheme-status",
            _("a person who is {value} is insured under employee medical insurance").format(value=command.status.value),
        )
    person = Person(
        citizen_id=command.citizen_id,
        name=command.name,
        nationality=command.nationality or "CHN",
        hukou_region=hukou,
        insured_region=insured_region,
        scheme=command.scheme,
        status=command.status,
        registered_on=today,
        phone=phone,
        photo_on_file=command.photo_on_file,
    )
    with uow:
        if uow.persons.get(person.citizen_id.number) is not None:
            raise RuleViolation(
                "register-once", _("person {masked} is already registered").format(masked=person.citizen_id.masked())
            )
        uow.persons.add(person)
        uow.person_history.add(
            PersonEvent(person.citizen_id.number, RecordChange.REGISTERED, today, today, current_state(person))
        )
        if person.scheme is Scheme.EMPLOYEE:
            uow.accounts.open(person.citizen_id.number, today)
        uow.audit.record(
            "person.register",
            person.citizen_id.number,
            insured_region=insured_region,
            scheme=person.scheme.value,
            status=person.status.value,
        )
        uow.commit()
    return person


def get_person(uow: UnitOfWork, citizen_id: str) -> Person:
    number = parse_input(CitizenId, citizen_id, "citizen_id").number
    return must_exist(uow.persons.get(number), "registered person", CitizenId(number).masked())


def register_employer(uow: UnitOfWork, command: RegisterEmployer, today: dt.date, hooks: Facade = plugins) -> Employer:
    uscc = parse_input(Uscc, command.uscc, "uscc").code
    employer = Employer(uscc=uscc, name=command.name, region=_checked_region(command.region, hooks=hooks), registered_on=today)
    with uow:
        if uow.employers.get(uscc) is not None:
            raise RuleViolation("register-once", _("employer {uscc} is already registered").format(uscc=uscc))
        uow.employers.add(employer)
        uow.audit.record("employer.register", uscc, name=employer.name, region=employer.region)
        uow.commit()
    return employer


def get_employer(uow: UnitOfWork, uscc: str) -> Employer:
    code = parse_input(Uscc, uscc, "uscc").code
    employer = must_exist(uow.employers.get(code), "registered employer", code)
    return employer


def hire_employee(uow: UnitOfWork, command: HireEmployee, today: dt.date) -> tuple[Employment, OverdueRegistration | None]:
    """Record an employment and (by default) register it today; late registration is flagged."""
    with uow:
        employer = get_employer(uow, command.employer_uscc)
        person = get_person(uow, command.citizen_id.number)
        if any(e.started_on == command.started_on for e in uow.employers.employments(employer.uscc, person.citizen_id.number)):
            raise RuleViolation("register-once", _("this employment is already recorded"))
        check_working_age(person, command.started_on)
        still_open = [
            e
            for e in uow.employers.employments(citizen_id=person.citizen_id.number)
            if e.ended_on is None or e.ended_on >= command.started_on
        ]
        if still_open:
            raise RuleViolation(
                "one-open-employment",
                _("the person is still employed by {employer_uscc}: that employer ends it first (employer leave)").format(
                    employer_uscc=still_open[-1].employer_uscc
                ),
            )
        employment = Employment(
            employer_uscc=employer.uscc,
            citizen_id=person.citizen_id.number,
            started_on=command.started_on,
            registered_on=today if command.register else None,
        )
        uow.employers.add_employment(employment)
        insure_as_employee(uow, person, employer, command.started_on, today)
        flag = _flag(employment, today)
        uow.audit.record(
            "employment.hire",
            person.citizen_id.number,
            employer=employer.uscc,
            started_on=command.started_on.isoformat(),
            registered=command.register,
            registration=registration_state(employment, today).value,
        )
        uow.commit()
    return employment, flag


def insure_as_employee(uow: UnitOfWork, person: Person, employer: Employer, started_on: dt.date, today: dt.date) -> None:
    """Hiring makes the person an employee insured where the employer is: an employer in
    another pooling area moves the insured place through a transfer (转移接续)."""
    if person.scheme is not Scheme.EMPLOYEE and uow.accounts.get(person.citizen_id.number) is None:
        uow.accounts.open(person.citizen_id.number, today)
    moved = employer.region != person.insured_region
    changes: dict[str, Any] = {
        "status": Status.EMPLOYED,
        "scheme": Scheme.EMPLOYEE,
        "insured_region": employer.region,
        "standing": Standing.INSURED,  # a stopped insurance runs again with the employment
    }
    if all(getattr(person, field) == value for field, value in changes.items()):
        return
    events = uow.person_history.events(person.citizen_id.number)
    latest = max((e.effective_on for e in events if e.change is not RecordChange.DETAILS), default=started_on)
    on = min(max(started_on, latest), today)  # an employment registered ahead changes the record today
    change = RecordChange.TRANSFERRED if moved else RecordChange.EMPLOYED
    reason = f"hired by {employer.uscc}" + (f": from {person.insured_region} to {employer.region}" if moved else "")
    record_change(uow, person, change, on, today, reason=reason, **changes)


def register_employment(
    uow: UnitOfWork, employer_uscc: str, citizen_id: str, today: dt.date
) -> tuple[Employment, OverdueRegistration | None]:
    """Register a reported employment whose registration is still owed."""
    with uow:
        employer = get_employer(uow, employer_uscc)
        person = get_person(uow, citizen_id)
        owed = [e for e in uow.employers.employments(employer.uscc, person.citizen_id.number) if e.registered_on is None]
        if not owed:
            raise RuleViolation("registration-owed", _("no unregistered employment of this person with this employer"))
        employment = owed[-1]
        uow.employers.set_registered(employment, today)
        registered = attrs.evolve(employment, registered_on=today)
        uow.audit.record(
            "employment.register",
            person.citizen_id.number,
            employer=employer.uscc,
            registration=registration_state(registered, today).value,
            before={"registered_on": None},
            after={"registered_on": today.isoformat()},
        )
        uow.commit()
    return registered, _flag(registered, today)


def _flag(employment: Employment, as_of: dt.date) -> OverdueRegistration | None:
    found = overdue_registrations([employment], as_of)
    return found[0] if found else None


def overdue(uow: UnitOfWork, as_of: dt.date, employer_uscc: str | None = None) -> list[OverdueRegistration]:
    code = get_employer(uow, employer_uscc).uscc if employer_uscc else None
    return overdue_registrations(uow.employers.employments(employer_uscc=code), as_of)
