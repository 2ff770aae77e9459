"""The people use cases on a temporary SQLite file, without the CLI."""

import datetime as dt

import pytest

from shebao.errors import RuleViolation
from shebao.ids import CitizenId
from shebao.model.person import Scheme, Status
from shebao.services.contributions import account
from shebao.services.people import (
    RegisterPerson,
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


def test_resident_scheme_has_no_individual_account(uow: SqliteUnitOfWork) -> None:
    cid = CitizenId("440305198801010046")
    register_person(uow, RegisterPerson(cid, "张敏", "440300", Scheme.RESIDENT, Status.UNEMPLOYED), DAY)
    with pytest.raises(RuleViolation, match="employee-account"):
        account(uow, cid.number)
