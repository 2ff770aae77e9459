"""Use cases on either unit of work, SQLite's or the in-memory one (``memory_uow``): the same
answers from both show that the ports say everything a use case needs."""

import datetime as dt
from pathlib import Path

import pytest
from memory_uow import MemoryUnitOfWork
from settlement_fakes import RETIREE, bill, line, resettled_in_shanghai

from shebao.errors import RuleViolation
from shebao.ids import CitizenId
from shebao.model.contribution import ContributionChannel
from shebao.model.fund import Relation
from shebao.model.person import Scheme, Status
from shebao.model.register import PremiumSource
from shebao.money import Fen
from shebao.periods import Month
from shebao.services.contributions import PayContribution, account, credit_retirees, pay_contribution
from shebao.services.family import add_family_member, family_of
from shebao.services.people import (
    HireEmployee,
    RegisterEmployer,
    RegisterPerson,
    hire_employee,
    register_employer,
    register_person,
)
from shebao.services.resident import record_resident_premium
from shebao.services.settlement import reverse_settlement, settle_bill
from shebao.store.database import connect
from shebao.store.ports import UnitOfWork
from shebao.store.unit_of_work import SqliteUnitOfWork
from shebao_cli.bench.entitle import entitle

DAY = dt.date(2026, 3, 2)
EMPLOYER = "91440300MA5F000007"
ZHANG_MIN = CitizenId("440305198801010046")


@pytest.fixture(params=["sqlite", "memory"])
def any_uow(request: pytest.FixtureRequest, tmp_path: Path) -> UnitOfWork:
    if request.param == "memory":
        return MemoryUnitOfWork("tester")
    return SqliteUnitOfWork(connect(tmp_path / "shebao.db"), "tester", dt.datetime(2026, 3, 2, 9, 30))


def test_the_memory_unit_of_work_implements_every_port() -> None:
    uow: UnitOfWork = MemoryUnitOfWork()  # mypy --strict checks it against the Protocol
    assert uow.operator == "test"


def test_an_employee_is_hired_and_her_contribution_credits_her_account(any_uow: UnitOfWork) -> None:
    register_employer(any_uow, RegisterEmployer(EMPLOYER, "样例公司", "440300"), DAY)
    register_person(any_uow, RegisterPerson(ZHANG_MIN, "张敏", "440300", Scheme.EMPLOYEE, Status.FLEXIBLE), DAY)
    employment, flag = hire_employee(any_uow, HireEmployee(EMPLOYER, ZHANG_MIN, dt.date(2026, 3, 1)), DAY)
    assert flag is None and employment.registered_on == DAY
    person = any_uow.persons.get(ZHANG_MIN.number)
    assert person is not None and person.status is Status.EMPLOYED
    paid = PayContribution(ZHANG_MIN, Month(2026, 3), Fen(500000), ContributionChannel.PAYROLL, EMPLOYER)
    contribution, new = pay_contribution(any_uow, paid, DAY)
    assert new and contribution.assessment.account_credit == 10000
    balance, entries = account(any_uow, ZHANG_MIN.number)
    assert balance.balance == 10000 and entries[0].reference == "contribution:2026-03"
    assert [e.action for e in any_uow.audit.entries()][:2] == ["contribution.pay", "employment.hire"]


def test_a_refused_use_case_leaves_no_trace(any_uow: UnitOfWork) -> None:
    command = RegisterPerson(ZHANG_MIN, "张敏", "440300", Scheme.EMPLOYEE, Status.FLEXIBLE)
    register_person(any_uow, command, DAY)
    audited = len(list(any_uow.audit.entries()))
    with pytest.raises(RuleViolation, match="register-once"):
        register_person(any_uow, command, DAY)
    assert len(list(any_uow.audit.entries())) == audited


def test_a_resident_premium_is_recorded_once(any_uow: UnitOfWork) -> None:
    register_person(any_uow, RegisterPerson(ZHANG_MIN, "张敏", "440300", Scheme.RESIDENT, Status.UNEMPLOYED), DAY)
    premium, new = record_resident_premium(any_uow, ZHANG_MIN.number, 2026, Fen(38000), "SW001", DAY, DAY, PremiumSource.COUNTER)
    assert new and any_uow.resident_premiums.is_paid(ZHANG_MIN.number, 2026)
    again, new = record_resident_premium(any_uow, ZHANG_MIN.number, 2026, Fen(38000), "SW001", DAY, DAY, PremiumSource.COUNTER)
    assert again == premium and not new


def _retiree(uow: UnitOfWork) -> None:
    register_person(
        uow, RegisterPerson(CitizenId(RETIREE), "陈建", "440300", Scheme.EMPLOYEE, Status.RETIRED), dt.date(2026, 1, 10)
    )
    entitle(lambda: uow, RETIREE, dt.date(2026, 1, 12), employer=None, paid_on=dt.date(2026, 12, 31))
    credit_retirees(uow, Month(2026, 1), dt.date(2026, 2, 1))


def test_a_settlement_and_its_reversal_move_year_and_account_together(any_uow: UnitOfWork) -> None:
    _retiree(any_uow)
    today = dt.date(2026, 5, 20)
    settled = settle_bill(any_uow, bill(line("XJ01CAA040A001", "2000.00")), today, resettled_in_shanghai())
    assert settled.result.account == 8000  # one month's credit
    assert any_uow.settlements.year_to_date(RETIREE, 2026, settled.bill.visit_type) == settled.result.year_after
    reverse_settlement(any_uow, settled.id, today)
    assert any_uow.accounts.balances([RETIREE]) == {RETIREE: Fen(8000)}
    assert any_uow.settlements.year_to_date(RETIREE, 2026, settled.bill.visit_type).fund_paid == 0


def test_a_family_member_is_linked_to_one_holder(any_uow: UnitOfWork) -> None:
    _retiree(any_uow)
    register_person(any_uow, RegisterPerson(ZHANG_MIN, "张敏", "440300", Scheme.EMPLOYEE, Status.FLEXIBLE), DAY)
    link = add_family_member(any_uow, ZHANG_MIN.number, RETIREE, Relation.PARENT, DAY)
    assert family_of(any_uow, ZHANG_MIN.number) == [link]
    with pytest.raises(RuleViolation, match="family-one-holder"):
        add_family_member(any_uow, ZHANG_MIN.number, RETIREE, Relation.PARENT, DAY)
