"""The designated institution directory: sync from plugins, search filters, lookup, CLI."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from helpers import ShebaoCli, db_snapshot

import shebao
from shebao.model.institution import (
    Institution,
    InstitutionGrade,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    Service,
)
from shebao.services.institutions import find_institution, name_initials, sync_institutions
from shebao.store.unit_of_work import SqliteUnitOfWork

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

DAY = dt.date(2026, 4, 1)


class ExtraClinic:
    """A test plugin with one institution whose details the test changes."""

    def __init__(self) -> None:
        self.institutions = [
            Institution(
                code="H510100T0001",
                name="成都测试诊所",
                region="510100",
                level=InstitutionLevel.PRIMARY,
                grade=InstitutionGrade.UNGRADED,
                kind=InstitutionKind.HOSPITAL,
                services=frozenset({Service.GENERAL_OUTPATIENT}),
            )
        ]

    @shebao.hookimpl
    def shebao_institutions(self) -> list[Institution]:
        return self.institutions


def test_sync_is_idempotent_and_reports_added_changed_withdrawn(uow: SqliteUnitOfWork, register_plugin: Any) -> None:
    first = sync_institutions(uow, DAY)
    assert len(first.added) >= 40 and first.provinces == ("110000", "310000", "440000", "510000")
    again = sync_institutions(uow, DAY)
    assert (again.added, again.changed, again.withdrawn, again.unchanged) == ((), (), (), len(first.added))

    clinic = ExtraClinic()
    register_plugin(clinic, "test-clinic")
    assert sync_institutions(uow, DAY).added == ("H510100T0001",)
    clinic.institutions = [attrs.evolve(clinic.institutions[0], status=InstitutionStatus.SUSPENDED)]
    assert sync_institutions(uow, DAY).changed == ("H510100T0001",)
    clinic.institutions = []
    report = sync_institutions(uow, DAY)
    assert report.withdrawn == ("H510100T0001",)
    withdrawn = find_institution(uow, "H510100T0001")
    assert withdrawn is not None and withdrawn.status is InstitutionStatus.WITHDRAWN
    assert not withdrawn.is_open_for(Service.GENERAL_OUTPATIENT)


def test_lookup_answers_what_settlement_asks(uow: SqliteUnitOfWork) -> None:
    sync_institutions(uow, DAY)
    found = find_institution(uow, "h310100s0001")
    assert found is not None and found.name == "复旦大学附属中山医院"
    assert found.designated and found.level is InstitutionLevel.TERTIARY and found.grade is InstitutionGrade.A
    assert found.is_open_for(Service.URAEMIA_DIALYSIS)
    community = find_institution(uow, "H310100S0009")
    assert community is not None and not community.is_open_for(Service.INPATIENT)
    assert find_institution(uow, "H999999S0001") is None


def test_the_busiest_treatment_places_have_most_institutions_open_for_direct_settlement(uow: SqliteUnitOfWork) -> None:
    sync_institutions(uow, DAY)
    counted = Counter(i.region for i in uow.institutions.all() if i.open_for_cross_province)
    most_first = [region for region, _ in sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))]
    assert len(most_first) > 2 and counted[most_first[0]] > counted[most_first[-1]]
    assert uow.institutions.busiest_regions(50) == most_first
    assert uow.institutions.busiest_regions(2) == most_first[:2]


def test_pinyin_initials() -> None:
    assert name_initials("北京协和医院") == "bjxhyy"


@pytest.fixture
def synced(shebao: ShebaoCli) -> ShebaoCli:
    shebao.ok("institution", "sync")
    return shebao


def codes(shebao: ShebaoCli, *args: str) -> list[str]:
    return [i["code"] for i in json.loads(shebao.ok("institution", "search", *args, "--json"))["items"]]


def test_search_filters(synced: ShebaoCli) -> None:
    guangdong = codes(synced, "--region", "44")
    assert guangdong and all(c[1:3] == "44" for c in guangdong)
    assert {c[1:7] for c in guangdong} == {"440100", "440300"}
    assert all(c[1:7] == "440300" for c in codes(synced, "--region", "440300"))
    assert codes(synced, "--region", "44", "--kind", "pharmacy") == ["P440300S0001"]
    assert codes(synced, "--region", "11", "--level", "secondary") == ["H110100S0008"]
    dialysis = codes(synced, "--region", "51", "--service", "uraemia-dialysis")
    assert "H510100S0001" in dialysis and "H510100S0005" not in dialysis and "H510100S0006" not in dialysis
    assert codes(synced, "--name", "华西") == ["H510100S0001"]
    assert codes(synced, "--name", "XHYY") == ["H110100S0001"]  # 协和医院, by pinyin initials


def test_search_is_ordered_tertiary_first_and_paged(synced: ShebaoCli) -> None:
    shanghai = json.loads(synced.ok("institution", "search", "--region", "310100", "--json"))["items"]
    levels = [i["level"] for i in shanghai]
    assert levels == sorted(levels, key=["tertiary", "secondary", "primary"].index)
    page = codes(synced, "--region", "310100", "--limit", "3", "--offset", "3")
    assert page == [i["code"] for i in shanghai[3:6]]
    table = synced.ok("institution", "search", "--region", "310100", "--kind", "pharmacy")
    assert "上海华氏大药房有限公司" in table and "pharmacy" in table


def test_show_and_bad_search_input(synced: ShebaoCli, db_target: str | Path) -> None:
    shown = json.loads(synced.ok("institution", "show", "H440300S0001", "--json"))
    assert shown["name"] == "北京大学深圳医院" and shown["region"] == "440300" and "inpatient" in shown["services"]
    before = db_snapshot(synced.target)
    unknown = synced("institution", "show", "H440300S9999")
    assert unknown.exit_code == 2 and "unknown institution" in unknown.stderr
    assert synced("institution", "search", "--region", "990000").exit_code == 2
    assert synced("institution", "search", "--level", "quaternary").exit_code == 2
    assert db_snapshot(synced.target) == before
