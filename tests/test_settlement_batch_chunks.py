"""A batch skips a bill met before in the file, whichever earlier chunk met it (settled there,
or refused), without keeping every bill number of the file in memory."""

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from entitled import register_entitled_retiree
from settlement_fakes import RETIREE, SHENZHEN_HOSPITAL, FakeContext, bill, line
from test_settlement_supplementary import OneDrug

from shebao.services.settlement.batch import settle_batch
from shebao.services.settlement.bills import bill_to_data
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def retiree(uow: SqliteUnitOfWork, register_plugin: object, db_path: Path) -> None:
    register_plugin(OneDrug(), "one-drug")  # type: ignore[operator]
    register_entitled_retiree(uow, RETIREE)


def test_a_batch_skips_a_bill_met_before_in_any_earlier_chunk(uow: SqliteUnitOfWork, retiree: None) -> None:
    def small(number: str, citizen_id: str = RETIREE) -> str:
        one = bill(line("A1", "10.00"), number=number, institution=SHENZHEN_HOSPITAL.code, citizen_id=citizen_id)
        return json.dumps(bill_to_data(one))

    unknown = "440304198503120021"  # valid, never registered: refused
    lines = [small("S1"), small("S2"), small("S1"), small("U1", unknown), small("U1", unknown), small("S3"), small("S2")]
    summary = settle_batch(uow, lines, "bills.jsonl", TODAY, FakeContext(), chunk_size=2)
    assert (summary.read, summary.settled, summary.skipped, len(summary.refused)) == (7, 3, 3, 1)
    assert [s.bill.bill_number for s in uow.settlements.search(RETIREE)] == ["S1", "S2", "S3"]


@pytest.mark.sqlite_only  # the other process writes the SQLite file itself
def test_a_person_changed_by_another_process_between_chunks_is_read_again(
    uow: SqliteUnitOfWork, retiree: None, db_path: Path
) -> None:
    """The batch remembers the persons it met; when another connection commits, it compares
    their stored rows before reusing them, so the next chunk settles under the new name."""

    def bills() -> Iterator[str]:
        for n in range(1, 5):
            if n == 3:  # the first chunk (S1, S2) is settled: an operator renames the person
                other = sqlite3.connect(db_path)
                other.execute("UPDATE persons SET name = '陈建国' WHERE citizen_id = ?", [RETIREE])
                other.commit()
                other.close()
            one = bill(line("A1", "10.00"), number=f"S{n}", institution=SHENZHEN_HOSPITAL.code)
            yield json.dumps(bill_to_data(one))

    summary = settle_batch(uow, bills(), "bills.jsonl", TODAY, FakeContext(), chunk_size=2)
    assert summary.settled == 4
    names = [s.person_name for s in uow.settlements.search(RETIREE)]
    assert names == ["陈建", "陈建", "陈建国", "陈建国"]


@pytest.mark.sqlite_only  # the other process writes the SQLite file itself
def test_still_stored_names_the_persons_whose_rows_are_unchanged(uow: SqliteUnitOfWork, retiree: None, db_path: Path) -> None:
    persons = uow.persons.get_many([RETIREE])
    assert uow.persons.still_stored(persons) == {RETIREE}
    other = sqlite3.connect(db_path)
    other.execute("UPDATE persons SET status = 'employed' WHERE citizen_id = ?", [RETIREE])
    other.commit()
    other.close()
    assert uow.persons.still_stored(persons) == set()


@pytest.mark.sqlite_only  # the other process writes the SQLite file itself
def test_a_card_reported_lost_by_another_process_between_chunks_is_refused_in_the_next(
    uow: SqliteUnitOfWork, retiree: None, db_path: Path
) -> None:
    """Entitlement facts are remembered like persons: once another connection commits, they
    are read again, so a card reported lost at the counter stops the batch's next bills."""
    from shebao.services.cards import report_lost
    from shebao.store.database import connect

    def bills() -> Iterator[str]:
        for n in range(1, 5):
            if n == 3:  # the first chunk (L1, L2) is settled: the card is reported lost elsewhere
                other = connect(db_path)
                (card,) = uow.cards.of_person(RETIREE)
                report_lost(SqliteUnitOfWork(other, "counter", dt.datetime(2026, 6, 30, 9)), card.number, TODAY)
                other.close()
            one = bill(line("A1", "10.00"), number=f"L{n}", institution=SHENZHEN_HOSPITAL.code)
            yield json.dumps(bill_to_data(one))

    summary = settle_batch(uow, bills(), "bills.jsonl", TODAY, FakeContext(), chunk_size=2)
    assert summary.settled == 2 and [r.bill_number for r in summary.refused] == ["L3", "L4"]
    assert all("card-lost" in r.message for r in summary.refused)
