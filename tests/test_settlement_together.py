"""Bills settled together (a server's waiting requests) get what each would have got settled
alone, one after another: the same settlements, the same refusals, the same audit rows."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from entitled import register_entitled_retiree
from settlement_fakes import RETIREE, bill, line, resettled_in_shanghai

from shebao.errors import InputError, NotFound, RuleViolation, ShebaoError
from shebao.model.settlement import Bill, Settlement
from shebao.periods import Month
from shebao.services.contributions import credit_retirees
from shebao.services.settlement import SettlementSession, settle_bill
from shebao.services.settlement.together import Outcome, settle_together
from shebao.store.database import connect
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 5, 20)
STRANGER = "110101199003070011"  # registered nowhere


def bills() -> list[Bill]:
    first = bill(line("XJ01CAA040A001", "2000.00"), number="B1")
    return [
        first,
        bill(line("XJ01CAA040A001", "300.00"), number="B2"),  # the same person's year and account, moved by B1
        first,  # the same bill again: settled once
        bill(line("XJ01CAA040A001", "1.00"), number="B1"),  # another bill under B1's number: a conflict
        bill(line("XJ01CAA040A001", "50.00"), number="B3", citizen_id=STRANGER),
        bill(line("XJ01CAA040A001", "80.00"), number="B4"),
    ]


def prepared(uow: SqliteUnitOfWork) -> SettlementSession:
    register_entitled_retiree(uow, RETIREE)
    credit_retirees(uow, Month(2026, 1), dt.date(2026, 2, 1))
    return SettlementSession(resettled_in_shanghai())


def one_by_one(uow: SqliteUnitOfWork, session: SettlementSession) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for each in bills():
        try:
            outcomes.append(settle_bill(uow, each, TODAY, session=session))
        except ShebaoError as error:
            outcomes.append(error)
    return outcomes


def test_each_bill_gets_its_own_settlement_or_refusal(uow: SqliteUnitOfWork) -> None:
    outcomes = settle_together(uow, bills(), TODAY, prepared(uow))
    first, second, again, conflict, stranger, fourth = outcomes
    assert isinstance(first, Settlement) and isinstance(second, Settlement) and isinstance(fourth, Settlement)
    assert first.result.account == 8000 and second.result.account == 0  # the account paid B1 and was empty for B2
    assert second.result.year_after.deductible_used == 100_000  # B1 and B2 filled the deductible together
    assert isinstance(again, RuleViolation) and again.rule == "settle-once"
    assert isinstance(conflict, RuleViolation) and conflict.rule == "bill-number-conflict"
    assert isinstance(stranger, NotFound)
    stored = uow.settlements.search(citizen_id=RETIREE)
    assert sorted(s.bill.bill_number for s in stored) == ["B1", "B2", "B4"]
    assert {entry.action for entry in uow.audit.entries(subject=RETIREE)} >= {"settlement.settle"}


def test_together_and_one_by_one_give_the_same_answers_and_rows(tmp_path: Path) -> None:
    alone_db, together_db = connect(tmp_path / "alone.db"), connect(tmp_path / "together.db")
    now = dt.datetime.combine(TODAY, dt.time(10))
    try:
        alone, together = SqliteUnitOfWork(alone_db, "hospital", now), SqliteUnitOfWork(together_db, "hospital", now)
        expected = one_by_one(alone, prepared(alone))
        outcomes = settle_together(together, bills(), TODAY, prepared(together))
        assert [_answer(o) for o in outcomes] == [_answer(o) for o in expected]
        assert _settled_rows(together) == _settled_rows(alone)
    finally:
        alone_db.close()
        together_db.close()


def test_a_bad_bill_is_refused_alone(uow: SqliteUnitOfWork) -> None:
    session = prepared(uow)
    bad = bill(number="B9")  # no lines
    outcomes = settle_together(uow, [bad, bills()[0]], TODAY, session)
    assert isinstance(outcomes[0], InputError)
    assert isinstance(outcomes[1], Settlement)


def _answer(outcome: Outcome) -> object:
    if isinstance(outcome, Settlement):
        return outcome
    return (type(outcome), str(outcome))


def _settled_rows(uow: SqliteUnitOfWork) -> list[object]:
    """Settlements, account entries and the audit rows' actions, subjects and details."""
    db = uow.db
    settlements = db.execute("SELECT * FROM settlements ORDER BY id").fetchall()
    entries = db.execute("SELECT citizen_id, kind, amount, reference FROM account_entries ORDER BY id").fetchall()
    settled = "SELECT operator, action, subject, detail FROM audit WHERE action LIKE 'settlement.%' ORDER BY id"
    audit = db.execute(settled).fetchall()
    return [settlements, entries, audit]


def test_a_failure_of_one_bill_is_its_answer_alone(uow: SqliteUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    session = prepared(uow)
    from shebao.services import settlement
    from shebao.services.settlement import batch

    compute = settlement.compute_settlement

    def failing_for_b2(*args: Any) -> Settlement:
        if args[2].bill_number == "B2":
            raise RuntimeError("a defect met by B2 alone")
        return compute(*args)

    monkeypatch.setattr(batch, "compute_settlement", failing_for_b2)
    monkeypatch.setattr(settlement, "compute_settlement", failing_for_b2)
    first, second, *_ = settle_together(uow, bills(), TODAY, session)
    assert isinstance(first, Settlement) and isinstance(second, RuntimeError)
    assert sorted(s.bill.bill_number for s in uow.settlements.search(citizen_id=RETIREE)) == ["B1", "B4"]
