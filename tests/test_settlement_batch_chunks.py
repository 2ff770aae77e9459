"""A batch skips a bill met before in the file, whichever earlier chunk met it (settled there,
or refused), without keeping every bill number of the file in memory."""

import datetime as dt
import json

import pytest
from settlement_fakes import RETIREE, SHENZHEN_HOSPITAL, FakeContext, bill, line
from test_settlement_supplementary import OneDrug

from shebao.convert import structure
from shebao.services.people import RegisterPerson, register_person
from shebao.services.settlement_batch import settle_batch
from shebao.services.settlement_input import bill_to_data
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def retiree(uow: SqliteUnitOfWork, register_plugin: object) -> None:
    register_plugin(OneDrug(), "one-drug")  # type: ignore[operator]
    data = {"citizen_id": RETIREE, "name": "陈建", "insured_region": "440300", "scheme": "employee", "status": "retired"}
    register_person(uow, structure(data, RegisterPerson), dt.date(2026, 1, 10))


def test_a_batch_skips_a_bill_met_before_in_any_earlier_chunk(uow: SqliteUnitOfWork, retiree: None) -> None:
    def small(number: str, citizen_id: str = RETIREE) -> str:
        one = bill(line("A1", "10.00"), number=number, institution=SHENZHEN_HOSPITAL.code, citizen_id=citizen_id)
        return json.dumps(bill_to_data(one))

    unknown = "440304198503120021"  # valid, never registered: refused
    lines = [small("S1"), small("S2"), small("S1"), small("U1", unknown), small("U1", unknown), small("S3"), small("S2")]
    summary = settle_batch(uow, lines, "bills.jsonl", TODAY, FakeContext(), chunk_size=2)
    assert (summary.read, summary.settled, summary.skipped, len(summary.refused)) == (7, 3, 3, 1)
    assert [s.bill.bill_number for s in uow.settlements.search(RETIREE)] == ["S1", "S2", "S3"]
