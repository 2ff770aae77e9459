"""Giving test persons what entitlement needs, through the same use cases the benchmark's world
uses (``shebao_cli.bench.entitle``): a card issued, the account and electronic certificate
activated, premiums paid through an employer, or a retiree's years recognised."""

import datetime as dt
from pathlib import Path

from shebao.ids import CitizenId
from shebao.model.person import Status
from shebao.services.people import HireEmployee, RegisterEmployer, get_person, hire_employee, register_employer
from shebao.store.database import open_database
from shebao.store.engine import Database
from shebao.store.unit_of_work import SqliteUnitOfWork, unit_of_work
from shebao_cli.bench.entitle import entitle

EMPLOYER = "91440300MA5F000007"  # the tests' sample employer in Shenzhen
YEAR_2026 = tuple(f"2026-{month:02d}" for month in range(1, 13))


def make_entitled(
    db_path: str | Path,
    *citizen_ids: str,
    day: dt.date = dt.date(2026, 1, 12),
    months: tuple[str, ...] = YEAR_2026,
    account: bool = True,
) -> None:
    """Each person entitled through 2026: contributions for ``months`` paid on 31 December (a
    premium is paid for a month that has begun), the card, account and certificate on ``day``."""
    database = open_database(db_path)
    try:
        entitle_on(database, *citizen_ids, day=day, months=months, account=account)
    finally:
        database.close()


def entitle_on(
    database: Database,
    *citizen_ids: str,
    day: dt.date = dt.date(2026, 1, 12),
    months: tuple[str, ...] = YEAR_2026,
    account: bool = True,
) -> None:
    """``make_entitled`` on an open database (one a test keeps at an older schema, say)."""

    def uow() -> SqliteUnitOfWork:
        return unit_of_work(database, "tester", dt.datetime.combine(day, dt.time(9)))

    for citizen_id in citizen_ids:
        person = get_person(uow(), citizen_id)
        employer = None
        if person.status is Status.EMPLOYED:
            employer = EMPLOYER
            if uow().employers.get(EMPLOYER) is None:
                register_employer(uow(), RegisterEmployer(EMPLOYER, "样例公司", person.insured_region), day)
            if not uow().employers.employments(EMPLOYER, person.citizen_id.number):
                hire_employee(uow(), HireEmployee(EMPLOYER, CitizenId(person.citizen_id.number), person.registered_on), day)
        entitle(uow, citizen_id, day, employer=employer, months=months, account=account, paid_on=dt.date(2026, 12, 31))


def register_entitled_retiree(uow: SqliteUnitOfWork, citizen_id: str) -> None:
    """A retired employee registered in Shenzhen on 10 January 2026, entitled through the year."""
    from shebao.convert import structure
    from shebao.services.people import RegisterPerson, register_person

    data = {"citizen_id": citizen_id, "name": "陈建", "insured_region": "440300", "scheme": "employee", "status": "retired"}
    register_person(uow, structure(data, RegisterPerson), dt.date(2026, 1, 10))
    entitle_on(uow.db, citizen_id)
