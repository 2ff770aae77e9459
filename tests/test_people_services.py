"""The people use cases on a temporary SQLite file, without the CLI."""

import datetime as dt

import pytest

from shebao.errors import RuleViolation
from shebao.ids import CitizenId
from shebao.model.contribution import ContributionChannel
from shebao.model.person import Scheme, Status
from shebao.money import Fen
from shebao.periods import Month
from shebao.services.contributions import PayContribution, account, pay_contribution
from shebao.services.people import (
    HireEmployee,
    RegisterEmployer,
    RegisterPerson,
    hire_employee,
    register_employer,
    register_person,
)
from shebao.store.unit_of_work import SqliteUnitOfWork

DAY = dt.date(2026, 3, 2)


def test_a_refused_use_case_leaves_no_trace(uow: SqliteUnitOfWork) -> None:
    person = RegisterPerson(CitizenId("440305198801010046"), "张敏", "440300", Scheme.EMPLOYEE, Status.FLEXIBLE)
    register_person(uow, person, DAY)
    audit_rows = len(list(uow.audit.entries()))
    with pytest.raises(RuleViolation):
        register_person(uow, person, DAY)
    assert len(list(uow.audit.entries())) == audit_rows
    assert not uow.db.conn.in_transaction


def test_hiring_a_flexible_worker_makes_her_an_employee(uow: SqliteUnitOfWork) -> None:
    register_employer(uow, RegisterEmployer("91440300MA5F000007", "样例公司", "440300"), DAY)
    cid = CitizenId("440305198801010046")
    register_person(uow, RegisterPerson(cid, "张敏", "440300", Scheme.EMPLOYEE, Status.FLEXIBLE), DAY)
    employment, flag = hire_employee(uow, HireEmployee("91440300MA5F000007", cid, dt.date(2026, 3, 1)), DAY)
    assert flag is None and employment.registered_on == DAY
    person = uow.persons.get(cid.number)
    assert person is not None and person.status is Status.EMPLOYED
    contribution, new = pay_contribution(
        uow, PayContribution(cid, Month(2026, 3), Fen(500000), ContributionChannel.PAYROLL, "91440300MA5F000007"), DAY
    )
    assert new and contribution.assessment.account_credit == 10000
    balance, entries = account(uow, cid.number)
    assert balance.balance == 10000 and entries[0].reference == "contribution:2026-03"


def test_resident_scheme_has_no_individual_account(uow: SqliteUnitOfWork) -> None:
    cid = CitizenId("440305198801010046")
    register_person(uow, RegisterPerson(cid, "张敏", "440300", Scheme.RESIDENT, Status.UNEMPLOYED), DAY)
    with pytest.raises(RuleViolation, match="employee-account"):
        account(uow, cid.number)
