"""The supplementary insurance (large-amount / critical illness) has one annual cap per person and
year across every visit type; the pooling fund's cap stays per visit type."""

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
import sqlite_utils
from entitled import register_entitled_retiree
from settlement_fakes import RETIREE, SHENZHEN_HOSPITAL, FakeContext, bill, line

import shebao
from shebao.maintenance import check
from shebao.model.catalogue import CatalogueItem, Category
from shebao.model.settlement import Bill, ChronicDisease, Settlement, VisitType
from shebao.regions import Region
from shebao.services.settlement import reverse_settlement, settle_bill
from shebao.services.settlement.batch import settle_batch
from shebao.services.settlement.bills import bill_to_data
from shebao.store.database import connect
from shebao.store.schema import all_migrations
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 6, 30)
# Guangdong sample policy, retired employee: inpatient pooling cap 500,000 yuan and chronic-special
# 60,000 yuan, both at 90%, and inpatient with chronic-special within one shared cap of 500,000
# yuan; large-amount insurance 90% up to 600,000 yuan a year
SUPPLEMENTARY_CAP = 60_000_000


class OneDrug:
    @shebao.hookimpl(tryfirst=True)
    def shebao_catalogue(self, region: Region, year: int) -> list[CatalogueItem] | None:
        return [CatalogueItem("A1", "甲类药", Category.A)]


@pytest.fixture
def retiree(uow: SqliteUnitOfWork, register_plugin: object, db_path: Path) -> None:
    register_plugin(OneDrug(), "one-drug")  # type: ignore[operator]
    register_entitled_retiree(uow, RETIREE)


def big_bills(suffix: str) -> tuple[Bill, Bill]:
    inpatient = bill(line("A1", "1000000.00"), number=f"IN-{suffix}", institution=SHENZHEN_HOSPITAL.code,
                     on=dt.date(2026, 3, 10))  # fmt: skip
    chronic = bill(line("A1", "500000.00"), number=f"CS-{suffix}", institution=SHENZHEN_HOSPITAL.code,
                   visit=VisitType.CHRONIC_SPECIAL, on=dt.date(2026, 5, 10))  # fmt: skip
    return inpatient, attrs.evolve(chronic, disease=ChronicDisease.URAEMIA_DIALYSIS)


def supplementary_kept(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    return db.execute("SELECT citizen_id, year, supplementary_paid FROM supplementary_years").fetchall()


def assert_capped_together(inpatient: Settlement, chronic: Settlement) -> None:
    assert inpatient.result.pooling_fund == 50_000_000  # the inpatient pooling cap
    assert 0 < inpatient.result.supplementary < SUPPLEMENTARY_CAP
    # chronic-special shares the inpatient cap, which the inpatient stay used up
    assert chronic.result.pooling_fund == 0 and chronic.result.cap_group == "chronic-special+inpatient"
    # alone, the chronic-special bill would draw 390,000 yuan; the year has only what is left
    assert chronic.result.supplementary == SUPPLEMENTARY_CAP - inpatient.result.supplementary
    assert chronic.result.year_after.supplementary_paid == SUPPLEMENTARY_CAP
    assert chronic.result.cash == chronic.result.total - chronic.result.fund_total - chronic.result.account


def test_inpatient_and_chronic_special_share_one_supplementary_cap(
    uow: SqliteUnitOfWork, db: sqlite_utils.Database, retiree: None
) -> None:
    context = FakeContext()
    inpatient_bill, chronic_bill = big_bills("1")
    inpatient = settle_bill(uow, inpatient_bill, TODAY, context)
    chronic = settle_bill(uow, chronic_bill, TODAY, context)
    assert_capped_together(inpatient, chronic)
    assert supplementary_kept(db) == [(RETIREE, 2026, SUPPLEMENTARY_CAP)]
    assert check(db) == []

    reverse_settlement(uow, chronic.id, TODAY)
    assert supplementary_kept(db) == [(RETIREE, 2026, inpatient.result.supplementary)]
    reverse_settlement(uow, inpatient.id, TODAY)
    assert supplementary_kept(db) == [(RETIREE, 2026, 0)]
    assert check(db) == []


def test_a_batch_carries_the_supplementary_cap_across_visit_types(
    uow: SqliteUnitOfWork, db: sqlite_utils.Database, retiree: None
) -> None:
    lines = [json.dumps(bill_to_data(b)) for b in big_bills("2")]
    summary = settle_batch(uow, lines, "bills.jsonl", TODAY, FakeContext())
    assert summary.settled == 2 and not summary.refused
    inpatient, chronic = sorted(uow.settlements.search(RETIREE), key=lambda s: s.bill.service_date)
    assert_capped_together(inpatient, chronic)
    assert supplementary_kept(db) == [(RETIREE, 2026, SUPPLEMENTARY_CAP)]
    assert check(db) == []


def test_an_old_database_sums_its_supplementary_use_per_year_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    for migrations in all_migrations():
        stop = "m002_supplementary_per_person_year" if migrations.name == "shebao.settlement" else None
        migrations.apply(old, stop_before=stop)
    old.execute(
        "INSERT INTO persons (citizen_id, name, nationality, hukou_region, insured_region, scheme, status, registered_on)"
        " VALUES (?, '陈建', 'CHN', '440300', '440300', 'employee', 'retired', '2026-01-10')",
        [RETIREE],
    )
    old.conn.executemany(
        "INSERT INTO benefit_years VALUES (?, 2026, ?, 0, 0, ?)",
        [(RETIREE, "inpatient", 30_000_000), (RETIREE, "chronic-special", 5_000_000)],
    )
    old.conn.commit()
    old.close()
    upgraded = connect(path)
    assert supplementary_kept(upgraded) == [(RETIREE, 2026, 35_000_000)]
    assert "supplementary_paid" not in upgraded["benefit_years"].columns_dict
    upgraded.close()
