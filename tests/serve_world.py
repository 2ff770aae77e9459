"""A small world for the service's tests, built through the CLI as an operator would: two
Shenzhen insured persons, the institution directory, tokens of every role, and an ASGI test
client on the same database."""

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from helpers import ShebaoCli
from litestar.testing import TestClient

from shebao.model.access import Role
from shebao.services.access import create_token
from shebao.store.database import connect
from shebao.store.unit_of_work import SqliteUnitOfWork
from shebao_cli.bench.entitle import entitle
from shebao_cli.serve.app import create_app

CHEN = "440300195505050056"  # retiree in Shenzhen, resettled in Shanghai
LI_NA = "440304198503120021"  # employee in Shenzhen
SHANGHAI_HOSPITAL = "H310100S0001"
OTHER_SHANGHAI_HOSPITAL = "H310100S0006"
TODAY = dt.date(2026, 5, 20)


@attrs.frozen
class World:
    client: TestClient[Any]
    tokens: dict[str, str]  # "counter", "hospital", "other-hospital", "auditor" -> secret
    db_path: Path
    shebao: ShebaoCli

    def audit(self) -> list[tuple[str, str, str]]:
        """(operator, action, subject) of every audit row, oldest first."""
        db = sqlite3.connect(self.db_path)
        try:
            return [(str(o), str(a), str(s)) for o, a, s in db.execute("SELECT operator, action, subject FROM audit ORDER BY id")]
        finally:
            db.close()

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str, path: str, **params: Any) -> Any:
        return self.client.get(path, headers=self.headers(who), params=params)

    def post(self, who: str, path: str, body: Any = None) -> Any:
        return self.client.post(path, headers=self.headers(who), content=json.dumps(body) if body is not None else None)


def bill(number: str = "ZY20260520001", institution: str = SHANGHAI_HOSPITAL, citizen_id: str = CHEN) -> dict[str, Any]:
    return {
        "bill_number": number,
        "citizen_id": citizen_id,
        "institution_code": institution,
        "visit_type": "inpatient",
        "admitted_on": "2026-05-11",
        "discharged_on": "2026-05-20",
        "certificate": "electronic",
        "lines": [
            {"code": "001102000010000", "name": "普通病房床位费", "unit_price": "90.00", "quantity": "9"},
            {"code": "002703010010000", "name": "冠状动脉造影术", "unit_price": "3200.00", "quantity": "1"},
            {"code": "ZZ0000000001", "name": "特需病房床位费", "unit_price": "300.00", "quantity": "2"},
        ],
    }


def build_people(shebao: ShebaoCli) -> None:
    shebao.ok("person", "register", "--id", LI_NA, "--name", "李娜", "--insured-region", "440300",
              "--scheme", "employee", "--status", "employed", "--phone", "13800138000", today="2026-01-05")  # fmt: skip
    shebao.ok("person", "register", "--id", CHEN, "--name", "陈建", "--insured-region", "440300",
              "--scheme", "employee", "--status", "retired", today="2026-01-10")  # fmt: skip
    shebao.ok("institution", "sync", today="2026-04-01")
    entitle_chen(shebao.db_path)


def entitle_chen(db_path: Path) -> None:
    """The retiree may be paid for: his contribution years recognised and his electronic
    certificate activated (no card yet: he applies for his first one online)."""
    day = dt.date(2026, 1, 12)
    database = connect(db_path)
    try:
        entitle(lambda: SqliteUnitOfWork(database, "tester", dt.datetime.combine(day, dt.time(9))), CHEN, day, card=False)
    finally:
        database.close()


def make_tokens(db_path: Path) -> dict[str, str]:
    db = connect(db_path)
    try:

        def token(role: Role, institution: str | None = None) -> str:
            uow = SqliteUnitOfWork(db, "tester", dt.datetime(2026, 4, 1, 9))
            return create_token(uow, role, institution, "test", dt.datetime(2026, 4, 1, 9))[1]

        return {
            "counter": token(Role.COUNTER),
            "auditor": token(Role.AUDITOR),
            "hospital": token(Role.HOSPITAL, SHANGHAI_HOSPITAL),
            "other-hospital": token(Role.HOSPITAL, OTHER_SHANGHAI_HOSPITAL),
        }
    finally:
        db.close()


@pytest.fixture
def world(shebao: ShebaoCli, db_path: Path) -> Iterator[World]:
    build_people(shebao)
    tokens = make_tokens(db_path)
    with TestClient(create_app(db_path, TODAY)) as client:
        yield World(client, tokens, db_path, shebao)


def approved_filing(world: World) -> str:
    """Chen's long-term filing for Shanghai, applied and approved at the counter through the API."""
    applied = world.post("counter", "/api/v1/filings", {
        "citizen_id": CHEN, "category": "retiree-resettled", "treatment_region": "310100",
        "documents": ["personal-commitment", "card-and-copy"], "institutions": [SHANGHAI_HOSPITAL],
        "starts_on": "2026-04-01", "address": "上海市徐汇区斜土路",
    })  # fmt: skip
    assert applied.status_code == 201, applied.text
    filing_id = str(applied.json()["id"])
    approved = world.post("counter", "/api/v1/filings/approve", {"filing_id": filing_id})
    assert approved.status_code == 200, approved.text
    return filing_id
