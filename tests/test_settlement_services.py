"""Settlement use cases on the unit of work: one transaction, a failing plugin changes nothing."""

import datetime as dt
from pathlib import Path

import pytest
from entitled import register_entitled_retiree
from helpers import db_snapshot
from settlement_fakes import RETIREE, bill, line, resettled_in_shanghai

import shebao
from shebao.errors import PluginError
from shebao.model.catalogue import CatalogueItem
from shebao.periods import Month
from shebao.regions import Region
from shebao.services.contributions import credit_retirees
from shebao.services.settlement import settle_bill
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 5, 20)


class BrokenCatalogue:
    @shebao.hookimpl(tryfirst=True)
    def shebao_catalogue(self, region: Region, year: int) -> list[CatalogueItem] | None:
        raise RuntimeError("catalogue service unreachable")


@pytest.fixture
def retiree(uow: SqliteUnitOfWork) -> None:
    register_entitled_retiree(uow, RETIREE)
    credit_retirees(uow, Month(2026, 1), dt.date(2026, 2, 1))


def test_a_failing_plugin_names_itself_and_writes_nothing(
    uow: SqliteUnitOfWork, retiree: None, db_target: str | Path, register_plugin: object
) -> None:
    before = db_snapshot(db_target)
    register_plugin(BrokenCatalogue(), "broken-catalogue")  # type: ignore[operator]
    with pytest.raises(PluginError) as failed:
        settle_bill(uow, bill(line("XJ01CAA040A001", "10.00")), TODAY, resettled_in_shanghai())
    assert failed.value.plugin == "broken-catalogue"
    assert db_snapshot(db_target) == before


def test_settlement_moves_year_and_account_together(uow: SqliteUnitOfWork, retiree: None) -> None:
    settled = settle_bill(uow, bill(line("XJ01CAA040A001", "2000.00")), TODAY, resettled_in_shanghai())
    assert settled.result.account == 8000  # one month's credit
    assert uow.accounts.get(RETIREE).balance == 0  # type: ignore[union-attr]
    year = uow.settlements.year_to_date(RETIREE, 2026, settled.bill.visit_type)
    assert year == settled.result.year_after and year.deductible_used == 100_000
