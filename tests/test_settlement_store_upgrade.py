"""A database written before lines and year rows were clustered by their key (migration m003)
upgrades in place: every settlement, line and year-to-date row is kept, and reads the same."""

import datetime as dt
from pathlib import Path

import pytest
import sqlite_utils
from entitled import entitle_on
from settlement_fakes import RETIREE, SHENZHEN_HOSPITAL, FakeContext, bill, line
from test_settlement_supplementary import OneDrug, big_bills

from shebao.convert import structure
from shebao.maintenance import check
from shebao.services.people import RegisterPerson, register_person
from shebao.services.settlement import settle_bill
from shebao.store.database import connect
from shebao.store.schema import all_migrations
from shebao.store.unit_of_work import SqliteUnitOfWork

pytestmark = pytest.mark.sqlite_only  # SQLite's own tables and their history

TODAY = dt.date(2026, 6, 30)
CLUSTERED = ("settlement_lines", "benefit_years", "supplementary_years")


def _tables(db: sqlite_utils.Database) -> dict[str, list[tuple[object, ...]]]:
    return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall() for table in CLUSTERED}


def _without_rowid(db: sqlite_utils.Database, table: str) -> bool:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    return str(sql).rstrip().upper().endswith("WITHOUT ROWID")


def test_settlements_written_before_m003_are_kept_and_read_the_same(tmp_path: Path, register_plugin: object) -> None:
    register_plugin(OneDrug(), "one-drug")  # type: ignore[operator]
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    for migrations in all_migrations():
        migrations.apply(old, stop_before="m003_clustered_lines_and_years" if migrations.name == "shebao.settlement" else None)
    uow = SqliteUnitOfWork(old, "tester", dt.datetime(2026, 3, 2, 9, 30))
    data = {"citizen_id": RETIREE, "name": "陈建", "insured_region": "440300", "scheme": "employee", "status": "retired"}
    register_person(uow, structure(data, RegisterPerson), dt.date(2026, 1, 10))
    entitle_on(old, RETIREE)
    context = FakeContext()
    settled = [settle_bill(uow, b, TODAY, context) for b in big_bills("1")]
    two_lines = bill(line("A1", "12.50", "2"), line("X9", "3.00"), number="OUT-1", institution=SHENZHEN_HOSPITAL.code)
    settled.append(settle_bill(uow, two_lines, TODAY, context))
    before = _tables(old)
    assert not any(_without_rowid(old, table) for table in CLUSTERED)
    old.close()

    upgraded = connect(path)
    assert all(_without_rowid(upgraded, table) for table in CLUSTERED)
    assert _tables(upgraded) == before
    uow = SqliteUnitOfWork(upgraded, "tester", dt.datetime(2026, 7, 1, 9))
    assert [uow.settlements.get(s.id) for s in settled] == settled
    assert check(upgraded) == []
    # and it settles on: the next bill carries the year the old rows left
    after = settle_bill(uow, bill(line("A1", "100.00"), number="OUT-2", institution=SHENZHEN_HOSPITAL.code), TODAY, context)
    assert after.result.year_after.supplementary_paid == settled[1].result.year_after.supplementary_paid
    upgraded.close()


@pytest.mark.parametrize("table", CLUSTERED)
def test_a_new_database_clusters_lines_and_years_by_their_key(db: sqlite_utils.Database, table: str) -> None:
    assert _without_rowid(db, table)
