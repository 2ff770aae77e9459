"""A populated database and generated bills for the crash, concurrency and replay tests.

The world is the demo's first two chapters told through the real commands (an employer, its
employees with contributions, a flexible worker, a retiree resettled in Shanghai with an approved
filing, the institution directory synced), plus more months of account credits. Bills are
generated from a seed: outpatient visits that run into the year's outpatient cap, and inpatient
stays that run through the inpatient deductible, the cap and the large-amount insurance.
"""

import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from entitled import make_entitled
from helpers import ShebaoCli

from shebao_cli.demo import Story, filing, people
from shebao_cli.demo.ids import DEMO_EMPLOYER, DEMO_IDS

BATCH_DAY = "2026-06-30"
SHENZHEN_HOSPITALS = ["H440300S0001", "H440300S0002", "H440300S0003", "H440300S0004"]
SHANGHAI_FILED = ["H310100S0001", "H310100S0006", "H310100S0009"]  # Chen Jian's filed institutions
# who is billed, and where: Shenzhen residents in Shenzhen, the resettled retiree mostly in Shanghai
PATIENTS = {
    DEMO_IDS["li_na"]: SHENZHEN_HOSPITALS,
    DEMO_IDS["wang_wei"]: SHENZHEN_HOSPITALS,
    DEMO_IDS["zhang_min"]: SHENZHEN_HOSPITALS,
    DEMO_IDS["chen_jian"]: SHANGHAI_FILED + SHENZHEN_HOSPITALS[:1],
}
OUTPATIENT_LINES = [
    ("XJ01CAA040A001", "阿莫西林胶囊", "1.30"),
    ("XJ01DDA028B002", "注射用头孢曲松钠", "18.75"),
    ("XC09AAA002A001", "卡托普利片", "0.1245"),
    ("XA10BAA008A001", "盐酸二甲双胍片", "0.35"),
    ("ZZ0000000002", "保健营养品", "88.00"),
]
INPATIENT_LINES = [
    ("001102000010000", "普通病房床位费", "90.00"),
    ("001201000010000", "一级护理", "28.00"),
    ("002703010010000", "冠状动脉造影术", "3200.00"),
    ("C01010001", "冠状动脉药物洗脱支架", "798.00"),
    ("XL01XCA012B001", "注射用曲妥珠单抗", "2350.00"),
    ("ZZ0000000001", "特需病房床位费", "300.00"),
]


def build_world(db: Path, out: Path) -> None:
    """Tell the people and filing chapters, then credit accounts through June."""
    from shebao_cli.main import cli, run

    story = Story(db, out)
    people.tell(story)
    filing.tell(story)
    for month in ("2026-03", "2026-04", "2026-05"):
        for key in ("li_na", "wang_wei"):
            code = run(cli, ["--db", str(db), "--today", "2026-05-25", "--operator", "world", "contribution", "pay",
                             DEMO_IDS[key], "--month", month, "--base", "9000.00", "--employer", DEMO_EMPLOYER])  # fmt: skip
            assert code == 0, (key, month)
        code = run(cli, ["--db", str(db), "--today", "2026-05-25", "--operator", "world", "account", "credit-retirees",
                         "--month", month])  # fmt: skip
        assert code == 0, month
    # a card issued, the account and the electronic certificate activated: what entitlement asks
    make_entitled(db, *PATIENTS, day=dt.date(2026, 3, 20), months=())


def new_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world built in a fresh folder: its database's path (the folder holds the story)."""
    folder = tmp_path_factory.mktemp("world")
    db = folder / "world.db"
    build_world(db, folder)
    return db


def settled_world(tmp_path_factory: pytest.TempPathFactory, bill: dict[str, Any]) -> Path:
    """The world with ``bill`` settled through the CLI."""
    db = new_world(tmp_path_factory)
    (db.parent / "settled.json").write_text(json.dumps(bill, ensure_ascii=False), encoding="utf-8")
    assert ShebaoCli(db)("settle", str(db.parent / "settled.json"), today=BATCH_DAY).exit_code == 0
    return db


def bills(seed: int, count: int, prefix: str = "B", patients: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """``count`` bills from the seed, for the given patients (all of them by default)."""
    rng = random.Random(seed)
    who = patients or list(PATIENTS)
    for number in range(count):
        citizen_id = rng.choice(who)
        institution = rng.choice(PATIENTS[citizen_id])
        day = 1 + rng.randrange(28)
        month = rng.choice([4, 5, 6]) if citizen_id != DEMO_IDS["chen_jian"] else rng.choice([5, 6])
        bill: dict[str, Any] = {
            "bill_number": f"{prefix}{seed:03d}-{number:05d}",
            "citizen_id": citizen_id,
            "institution_code": institution,
            "certificate": rng.choice(["card", "electronic"]),
        }
        if rng.random() < 0.12:
            admitted = f"2026-{month:02d}-{day:02d}"
            discharged = f"2026-{month:02d}-{min(28, day + rng.randrange(1, 10)):02d}"
            lines = rng.sample(INPATIENT_LINES, k=rng.randrange(2, len(INPATIENT_LINES) + 1))
            bill |= {"visit_type": "inpatient", "admitted_on": admitted, "discharged_on": discharged}
            most = 12
        else:
            lines = rng.sample(OUTPATIENT_LINES, k=rng.randrange(1, 4))
            bill |= {"visit_type": "general-outpatient", "treated_on": f"2026-{month:02d}-{day:02d}"}
            most = 40
        bill["lines"] = [{"code": c, "name": n, "unit_price": p, "quantity": str(rng.randrange(1, most))} for c, n, p in lines]
        yield bill


def write_jsonl(path: Path, documents: Iterator[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path


# The console script's entry in a process that loads everything first (the command, the kernel,
# the plugins, stdnum's county data, settlement's modules), says it is ready, and waits for
# the gate: released together, the processes settle at the same time however fast each is.
# With ``take turns``, a process that has committed a chunk starts its next one only after
# another process has committed one of its own (or every other one has finished), so the
# processes' chunks interleave on any machine, while each still computes beside the others.
_GATED = """
import atexit, pathlib, sqlite3, sys, time
folder, me, turns = pathlib.Path(sys.argv.pop(1)), sys.argv.pop(1), sys.argv.pop(1) == "turns"
from shebao_cli.main import entry
import shebao_cli.commands.settle, shebao.services.settlement.context, shebao.services.settlement.bills
from shebao.ids import CitizenId
from shebao.plugins import plugin_manager
from shebao.services.settlement import batch as settlement_batch
plugin_manager()
CitizenId("440300195505050056")
db = sys.argv[sys.argv.index("--db") + 1]
atexit.register(lambda: (folder / f"done-{me}").touch())

def wait_for(condition):
    while not condition():
        time.sleep(0.002)

def last_batch_writer():
    if db.startswith("postgresql://"):
        import psycopg
        with psycopg.connect(db) as server:
            last = "SELECT operator FROM audit WHERE action = 'settlement.batch' ORDER BY id DESC LIMIT 1"
            row = server.execute(last).fetchone()
            return row and row[0]
    watcher = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = watcher.execute("SELECT operator FROM audit WHERE action = 'settlement.batch' ORDER BY id DESC LIMIT 1").fetchone()
        return row and row[0]
    finally:
        watcher.close()

def others_done():
    return {p.name for p in folder.glob("done-*")} >= {f"done-{p.name[6:]}" for p in folder.glob("ready-*") if p.name[6:] != me}

settle_chunk, chunks = settlement_batch._settle_chunk, []

def settle_chunk_in_turn(*args, **kwargs):
    if chunks:
        wait_for(lambda: last_batch_writer() != me or others_done())
    chunks.append(settle_chunk(*args, **kwargs))

if turns:
    settlement_batch._settle_chunk = settle_chunk_in_turn
(folder / f"ready-{me}").touch()
wait_for((folder / "go").exists)
entry()
"""


def shebao_process(
    db: Path | str, *args: str, today: str = BATCH_DAY, operator: str = "batch", gate: Path | None = None, turns: bool = False
) -> subprocess.Popen[bytes]:
    """``python -m shebao_cli`` in its own process, as an operator's script would run it. With a
    ``gate`` folder, it loads everything, creates ``gate/ready-OPERATOR`` and starts work only
    when ``gate/go`` exists (see ``release``); with ``turns``, its chunks alternate with the other
    gated processes' (``_GATED``). The plugins seen are the test suite's (``SHEBAO_LOAD_PLUGINS``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEBAO_") or k == "SHEBAO_LOAD_PLUGINS"}
    start = ["-m", "shebao_cli"] if gate is None else ["-c", _GATED, str(gate), operator, "turns" if turns else "-"]
    return subprocess.Popen(
        [sys.executable, *start, "--db", str(db), "--today", today, "--operator", operator, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def release(gate: Path, processes: list[subprocess.Popen[bytes]]) -> None:
    """Wait until every gated process has loaded everything, then let them all start at once."""
    while len(list(gate.glob("ready-*"))) < len(processes):
        for process in processes:
            assert process.poll() is None, process.communicate()[1].decode()
        time.sleep(0.005)
    (gate / "go").touch()


def copy_database(source: Path, target: Path | str) -> Any:
    """A consistent copy through SQLite's backup, whatever sits in the WAL; to a server
    database (a ``postgresql://`` URL) through ``shebao db copy``'s use case."""
    if isinstance(target, str):
        from shebao.maintenance.copy import copy_to_server

        copy_to_server(f"sqlite:{source}", target, "world", dt.datetime(2026, 6, 30, 8))
        return target
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def invariants(db_path: Path | str) -> dict[str, Any]:
    """What must hold however the writers were interrupted; returns figures for the report."""
    from shebao.store.database import open_database

    db = open_database(db_path, create=False)
    try:
        if isinstance(db, sqlite_utils.Database):
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # no bill half-settled: every settlement has its lines, and a live bill is settled once
        assert (
            db.execute(
                "SELECT COUNT(*) FROM settlements WHERE id NOT IN (SELECT settlement_id FROM settlement_lines)"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM settlements WHERE reversed_on IS NULL"
                " GROUP BY institution_code, bill_number HAVING COUNT(*) > 1) AS doubled"
            ).fetchone()[0]
            == 0
        )
        # accumulators equal the sum of the settlements, within the deductible and the cap
        rows = db.execute(
            """
            SELECT b.citizen_id, b.year, b.visit_type, b.deductible_used, b.fund_paid,
                   SUM(s.deductible_applied), SUM(s.pooling_fund), MAX(s.deductible), MAX(s.annual_cap)
            FROM benefit_years b JOIN settlements s
              ON s.citizen_id = b.citizen_id AND CAST(substr(s.service_date, 1, 4) AS INTEGER) = b.year
             AND s.visit_type = b.visit_type AND s.reversed_on IS NULL
            GROUP BY b.citizen_id, b.year, b.visit_type
            """
        ).fetchall()
        for row in rows:
            assert tuple(row[3:5]) == tuple(row[5:7]), row
            assert row[3] <= row[7] and row[4] <= row[8], row  # employees: the deductible is per year
        # the supplementary insurance's use is per person and year, across visit types
        assert (
            db.execute(
                "SELECT COUNT(*) FROM supplementary_years y WHERE y.supplementary_paid != (SELECT COALESCE(SUM(supplementary), 0)"
                " FROM settlements s WHERE s.citizen_id = y.citizen_id AND s.reversed_on IS NULL"
                " AND CAST(substr(s.service_date, 1, 4) AS INTEGER) = y.year)"
            ).fetchone()[0]
            == 0
        )
        # the account: never negative, equal to its ledger, each settlement's account part debited once
        for citizen_id, balance, ledger in db.execute(
            "SELECT a.citizen_id, a.balance,"
            " (SELECT COALESCE(SUM(amount), 0) FROM account_entries e WHERE e.citizen_id = a.citizen_id) FROM accounts a"
        ).fetchall():
            assert balance >= 0 and balance == ledger, (citizen_id, balance, ledger)
        debits = db.execute(
            "SELECT COALESCE(SUM(account), 0), (SELECT COALESCE(-SUM(amount), 0) FROM account_entries"
            " WHERE kind = 'settlement-debit') FROM settlements"
        ).fetchone()
        assert debits[0] == debits[1], debits
        settled = db.execute("SELECT COUNT(*) FROM settlements").fetchone()[0]
        capped = db.execute("SELECT COUNT(*) FROM settlements WHERE year_fund_paid = annual_cap").fetchone()[0]
        return {"settlements": settled, "capped": capped, "years": len(rows)}
    finally:
        db.close()
