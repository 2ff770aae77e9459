"""Replays change nothing; every change of state is audited with operator, time and a
before/after summary; --reveal is audited; personal numbers are masked in every output by
default; text fields carrying SQL are stored as text and never run."""

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from cardflow import SAMPLES, STATEMENTS, journey_start
from click.testing import CliRunner
from helpers import ShebaoCli, db_snapshot
from reliability_world import BATCH_DAY, bills, copy_database, new_world, write_jsonl

from shebao import hookimpl
from shebao.model.person import Scheme
from shebao.regions import Region
from shebao_cli.demo.filing import FILING_ID
from shebao_cli.demo.ids import DEMO_EMPLOYER, DEMO_IDS
from shebao_cli.main import cli, run

CHEN, LI_NA, ZHANG = DEMO_IDS["chen_jian"], DEMO_IDS["li_na"], DEMO_IDS["zhang_min"]
PHONE = "13800138000"  # the demo's employees' phone


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's people and filing chapters, and twenty settled bills."""
    db = new_world(tmp_path_factory)
    folder = db.parent
    jsonl = write_jsonl(folder / "bills.jsonl", bills(seed=3, count=20, prefix="W-"))
    assert ShebaoCli(db)("settle", "batch", str(jsonl), today=BATCH_DAY).exit_code == 0
    return db


@pytest.fixture
def shebao(world: Path, tmp_path: Path) -> ShebaoCli:
    return ShebaoCli(copy_database(world, tmp_path / "shebao.db"))


def audit_rows(db: Path) -> list[tuple[str, str, str, str, str]]:
    return list(sqlite_utils.Database(db).execute("SELECT at, operator, action, subject, detail FROM audit ORDER BY id"))


# ---- replays -------------------------------------------------------------------------------


def test_replays_change_nothing_the_second_time(shebao: ShebaoCli, tmp_path: Path) -> None:
    replays = 0
    bill = tmp_path / "bill.json"
    bill.write_text(json.dumps(next(bills(seed=4, count=1, prefix="R-")), ensure_ascii=False), encoding="utf-8")
    batch = write_jsonl(tmp_path / "batch.jsonl", bills(seed=5, count=40, prefix="RB-"))
    first = [
        ("settle", str(bill)),
        ("settle", "batch", str(batch)),
        ("settlement", "reverse", "1"),
        ("contribution", "pay", ZHANG, "--month", "2026-05", "--base", "6000.00", "--channel", "wechat-pay",
         "--receipt", "WX-2026-05-ZM"),
    ]  # fmt: skip
    for args in first:
        assert shebao(*args, today=BATCH_DAY).exit_code == 0, args
    for args in first:
        before = db_snapshot(shebao.target)
        again = shebao(*args, today=BATCH_DAY)
        assert again.exit_code in (0, 1), again
        assert "Traceback" not in again.stderr
        assert db_snapshot(shebao.target) == before, args
        replays += 1
    assert "settle-once" in shebao("settle", str(bill), today=BATCH_DAY).stderr
    assert "0 settled, 40 already settled" in shebao("settle", "batch", str(batch), today=BATCH_DAY).stdout
    assert "reverse-once" in shebao("settlement", "reverse", "1", today=BATCH_DAY).stderr
    assert replays == 4


def test_bank_statements_replayed_change_nothing_but_the_audit(tmp_path: Path) -> None:
    fresh = ShebaoCli(tmp_path / "cards.db")
    journey_start(fresh)
    for channel, sample in SAMPLES.items():
        first = fresh("payment", "import", "--channel", channel, str(STATEMENTS / sample), today="2026-03-08")
        assert first.exit_code in (0, 3), first.stderr  # 3: problems found, kept
    before = db_snapshot(fresh.db_path)
    for channel, sample in SAMPLES.items():
        replay = fresh("payment", "import", "--channel", channel, str(STATEMENTS / sample), "--json", today="2026-03-09")
        report = json.loads(replay.stdout)
        assert replay.exit_code == (3 if report["problems"] else 0), replay.stderr
        assert report["applied"] == 0 and report["credited"] == "0.00", channel
    after = db_snapshot(fresh.db_path)
    new_audit = after.pop("audit")[len(before["audit"]) :]
    before.pop("audit")
    assert after == before
    assert [row[3] for row in new_audit] == ["payment.import"] * len(SAMPLES)


# ---- audit ---------------------------------------------------------------------------------


def test_every_change_of_state_is_audited_with_operator_time_and_before_after(shebao: ShebaoCli, tmp_path: Path) -> None:
    db = shebao.db_path
    actions = {row[2] for row in audit_rows(db)}
    expected = {"employer.register", "person.register", "employment.hire", "contribution.pay",
                "account.credit-retirees", "institution.sync", "filing.apply", "filing.approve", "settlement.batch"}  # fmt: skip
    assert expected <= actions
    approve = next(json.loads(row[4]) for row in audit_rows(db) if row[2] == "filing.approve")
    assert approve["before"]["state"] == "applied" and approve["after"]["state"] == "approved"

    runner = CliRunner(env={"SHEBAO_OPERATOR": "counter-7"})
    started = dt.datetime.now().astimezone().replace(microsecond=0)
    with runner.isolation():
        assert run(cli, ["--db", str(db), "--today", BATCH_DAY, "settlement", "reverse", "2"]) == 0
    at, operator, action, subject, detail = audit_rows(db)[-1]
    assert (operator, action, subject) == ("counter-7", "settlement.reverse", sqlite_utils.Database(db).execute(
        "SELECT citizen_id FROM settlements WHERE id = 2").fetchone()[0])  # fmt: skip
    # the wall clock, not --today; the business date beside it
    assert dt.datetime.fromisoformat(at) >= started and not at.startswith(BATCH_DAY)
    assert sqlite_utils.Database(db).execute("SELECT business_date FROM audit ORDER BY id DESC").fetchone()[0] == BATCH_DAY
    summary = json.loads(detail)
    assert summary["before"]["state"] == "settled" and summary["after"]["state"] == "reversed"
    assert summary["after"]["year"]["fund_paid"] <= summary["before"]["year"]["fund_paid"]

    bill = tmp_path / "bill.json"
    bill.write_text(json.dumps(next(bills(seed=9, count=1, prefix="A-", patients=[CHEN])), ensure_ascii=False), "utf-8")
    shebao.ok("settle", str(bill), today=BATCH_DAY)
    settled = json.loads(audit_rows(db)[-1][4])
    assert settled["before"]["year"] != settled["after"]["year"] or settled["fund"] == 0
    assert audit_rows(db)[-1][1] == "tester"  # --operator wins over the environment


def test_audit_list_filters(shebao: ShebaoCli) -> None:
    def listed(*args: str) -> list[dict[str, object]]:
        return list(json.loads(shebao.ok("audit", "list", "--limit", "1000", "--json", *args))["items"])

    everything = listed()
    assert {e["operator"] for e in listed("--operator", "world")} == {"world"}
    april = listed("--since", "2026-04-01", "--until", "2026-04-30")
    assert april and all(str(e["business_date"]).startswith("2026-04") for e in april)
    assert {e["action"] for e in listed("--since", "2026-06-30")} == {"settlement.batch"}
    assert len(listed("--action", "filing.approve", "--operator", "demo")) == 1
    assert listed("--operator", "nobody") == []
    assert len(everything) == len(listed("--since", "2000-01-01"))


def test_reveal_is_audited_once_per_command_that_runs(shebao: ShebaoCli) -> None:
    commands = [
        ("person", "show", LI_NA),
        ("person", "list"),
        ("account", "show", CHEN, "--json"),
        ("filing", "show", FILING_ID),
        ("settlement", "show", "1", "--format", "nhsa"),
        ("audit", "list"),
        ("check",),
    ]
    for args in commands:
        before = len(audit_rows(shebao.db_path))
        shebao.ok(*args)
        assert len(audit_rows(shebao.db_path)) == before  # without --reveal: nothing recorded
        shebao.ok("--reveal", *args)
        rows = audit_rows(shebao.db_path)
        assert len(rows) == before + 1
        _, operator, action, subject, detail = rows[-1]
        words = [a for a in args if not a.startswith("-") and a.isalpha()][:2]
        assert (operator, action) == ("tester", "reveal") and subject.startswith("shebao " + words[0]), subject
        assert json.loads(detail)["arguments"] == list(args[len(subject.split()) - 1 :])
    before = len(audit_rows(shebao.db_path))
    assert shebao("--reveal", "person", "show").exit_code == 2
    assert len(audit_rows(shebao.db_path)) == before  # a command that never ran revealed nothing
    # a command that runs is audited before it writes a byte, whatever it finds afterwards
    assert shebao("--reveal", "person", "show", "440304199001010011").exit_code == 1
    assert audit_rows(shebao.db_path)[-1][2] == "reveal"


# ---- masking -------------------------------------------------------------------------------

QUERIES = [
    ("person", "show", LI_NA),
    ("person", "list"),
    ("employer", "overdue", "--as-of", "2026-06-30"),
    ("contribution", "list", LI_NA, "--from", "2026-01", "--to", "2026-12"),
    ("account", "show", CHEN),
    ("filing", "show", FILING_ID),
    ("filing", "list", CHEN),
    ("filing", "form", FILING_ID),
    ("settlement", "list"),
    ("settlement", "show", "1"),
    ("settlement", "show", "1", "--format", "nhsa"),
    ("settlement", "statement", "1"),
    ("audit", "list", "--limit", "1000"),
]
FULL_NUMBERS = re.compile(r"(?<!\d)(?:\d{17}[\dX]|1[3-9]\d{9})(?!\d)")


@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q[:2]) for q in QUERIES])
def test_personal_numbers_are_masked_unless_revealed(shebao: ShebaoCli, args: tuple[str, ...]) -> None:
    shown = {"human": shebao.ok(*args)}
    if args[:2] not in {("filing", "form"), ("settlement", "statement")} and "--format" not in args:
        shown["json"] = shebao.ok(*args, "--json")
    for kind, text in shown.items():
        assert not FULL_NUMBERS.search(text), (kind, FULL_NUMBERS.findall(text))
    revealed = shebao.ok("--reveal", *args)
    # the printed filing form masks always; the contribution table and the overdue list show no number
    if args[:2] not in {("filing", "form"), ("contribution", "list"), ("employer", "overdue")}:
        assert FULL_NUMBERS.search(revealed)


def test_a_tampered_ledger_is_reported_masked(shebao: ShebaoCli) -> None:
    conn = sqlite_utils.Database(shebao.db_path)
    first = "SELECT citizen_id FROM benefit_years LIMIT 1"
    conn.execute(f"UPDATE benefit_years SET fund_paid = fund_paid + 1 WHERE citizen_id IN ({first})")
    conn.conn.commit()
    result = shebao("check")
    assert result.exit_code == 1 and "benefit-year" in result.stdout
    assert not FULL_NUMBERS.search(result.stdout)


# ---- SQL injection -------------------------------------------------------------------------

INJECTIONS = [
    "'; DROP TABLE persons; --",
    "x' OR '1'='1",
    'Robert"); DELETE FROM audit; --',
    "%' UNION SELECT * FROM accounts --",
]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_sql_in_text_fields_is_stored_as_text(shebao: ShebaoCli, tmp_path: Path, evil: str) -> None:
    db = shebao.db_path
    tables = sorted(sqlite_utils.Database(db).table_names())
    counts = {t: sqlite_utils.Database(db)[t].count for t in ("persons", "audit", "accounts")}
    uscc = "91440300MA5G11110F"
    shebao.ok("employer", "register", "--uscc", uscc, "--name", evil, "--region", "440300")
    shebao.ok("person", "register", "--id", "440304199001010011", "--name", evil, "--nationality", evil,
              "--insured-region", "440300", "--scheme", "employee", "--status", "flexible")  # fmt: skip
    shebao.ok("filing", "apply", LI_NA, "--category", "other-temporary", "--region", "310100", "--document",
              "card-and-copy", "--address", evil, today=BATCH_DAY)  # fmt: skip
    bill = next(bills(seed=11, count=1, prefix="I-", patients=[LI_NA]))
    bill["bill_number"] = evil
    bill["lines"][0]["name"] = evil
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(bill, ensure_ascii=False), encoding="utf-8")
    shebao.ok("settle", str(path), today=BATCH_DAY)
    # read paths: the text is a value to match, never SQL
    for args in (
        ("audit", "list", "--subject", evil, "--json"),
        ("audit", "list", "--action", evil, "--operator", evil, "--json"),
        ("institution", "search", "--name", evil, "--json"),
        ("settlement", "list", "--institution", evil, "--json"),
        ("filing", "show", evil),
        ("institution", "show", evil),
    ):
        result = shebao(*args, today=BATCH_DAY)
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.stderr
        if result.exit_code == 0 and "--json" in args:
            assert json.loads(result.stdout)["items"] == []
    assert sorted(sqlite_utils.Database(db).table_names()) == tables
    after = {t: sqlite_utils.Database(db)[t].count for t in ("persons", "audit", "accounts")}
    assert after["persons"] == counts["persons"] + 1 and after["audit"] > counts["audit"]
    stored = sqlite_utils.Database(db)
    assert stored.execute("SELECT name FROM persons WHERE citizen_id = '440304199001010011'").fetchone() == (evil,)
    assert stored.execute("SELECT name FROM employers WHERE uscc = ?", [uscc]).fetchone() == (evil,)
    assert stored.execute("SELECT COUNT(*) FROM settlements WHERE bill_number = ?", [evil]).fetchone() == (1,)
    assert stored.execute("SELECT COUNT(*) FROM settlement_lines WHERE name = ?", [evil]).fetchone() == (1,)
    assert shebao("check").exit_code == 0
    assert DEMO_EMPLOYER  # the demo employer is untouched by the evil one


# ---- a plugin that raises ------------------------------------------------------------------


@pytest.mark.parametrize("hook", ["shebao_catalogue", "shebao_policy"])
def test_a_plugin_raising_during_settlement_fails_the_use_case_whole(
    shebao: ShebaoCli, tmp_path: Path, register_plugin: Callable[[object, str], None], hook: str
) -> None:
    class Broken:
        @hookimpl(tryfirst=True)
        def shebao_catalogue(self, region: Region, year: int) -> None:
            raise RuntimeError("catalogue server unreachable")

        @hookimpl(tryfirst=True)
        def shebao_policy(self, region: Region, scheme: Scheme, year: int) -> None:
            raise RuntimeError("policy server unreachable")

    bill = tmp_path / "bill.json"
    bill.write_text(json.dumps(next(bills(seed=12, count=1, prefix="PX-")), ensure_ascii=False), encoding="utf-8")
    batch = write_jsonl(tmp_path / "batch.jsonl", bills(seed=13, count=30, prefix="PB-"))
    before = db_snapshot(shebao.target)
    broken = Broken()
    setattr(broken, "shebao_catalogue" if hook == "shebao_policy" else "shebao_policy", None)
    register_plugin(broken, f"broken-{hook}")
    for args in (("settle", str(bill)), ("settle", "batch", str(batch))):
        result = shebao(*args, today=BATCH_DAY)
        assert result.exit_code == 1, result
        assert f"plugin 'broken-{hook}' failed in {hook}" in result.stderr
        assert "Traceback" not in result.stderr
        assert db_snapshot(shebao.target) == before
