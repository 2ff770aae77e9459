"""Off-site filing through the CLI, as an operator at the counter uses it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ShebaoCli, db_snapshot

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

RETIREE = "440300195505050056"


def prepare(shebao: ShebaoCli) -> None:
    shebao.ok("institution", "sync", today="2026-04-01")
    shebao.ok("person", "register", "--id", RETIREE, "--name", "陈建", "--insured-region", "440300",
              "--scheme", "employee", "--status", "retired", today="2026-01-10")  # fmt: skip


APPLY = ["filing", "apply", RETIREE, "--category", "retiree-resettled", "--region", "310100",
         "--document", "personal-commitment", "--document", "card-and-copy", "--address", "上海市徐汇区"]  # fmt: skip


def test_apply_approve_show_list_covers_and_form(shebao: ShebaoCli, tmp_path: Path) -> None:
    prepare(shebao)
    filing = json.loads(shebao.ok(*APPLY, "--institution", "H310100S0001", "--json", today="2026-04-01"))
    assert filing["state"] == "applied" and filing["citizen_id"] == "4403**********0056"
    assert filing["ends_on"] is None and filing["institutions"] == ["H310100S0001"]
    approved = shebao.ok("filing", "approve", filing["id"], "--institution", "H310100S0001",
                         "--institution", "H310100S0006", today="2026-04-03")  # fmt: skip
    assert "approved" in approved and "H310100S0006" in approved
    shown = json.loads(shebao.ok("filing", "show", filing["id"], "--json", today="2026-04-03"))
    assert shown["state"] == "approved" and shown["decided_on"] == "2026-04-03"
    assert [i["name"] for i in shown["institutions"]] == ["复旦大学附属中山医院", "复旦大学附属肿瘤医院"]
    listed = json.loads(shebao.ok("filing", "list", RETIREE, "--json"))["items"]
    assert [f["id"] for f in listed] == [filing["id"]]
    covered = json.loads(shebao.ok("filing", "covers", RETIREE, "--region", "310100", "--institution", "H310100S0006",
                                   "--on", "2026-04-20", "--json"))  # fmt: skip
    assert covered == {"covered": True, "filing": filing["id"], "on": "2026-04-20"}
    elsewhere = shebao.ok(
        "filing", "covers", RETIREE, "--region", "310100", "--institution", "H310100S0002", "--on", "2026-04-20"
    )
    assert elsewhere.startswith("not covered")
    form = tmp_path / "form.txt"
    shebao.ok("filing", "form", filing["id"], "-o", str(form), today="2026-04-03")
    text = form.read_text(encoding="utf-8")
    assert "基本医疗保险跨省异地就医备案表" in text and "异地安置退休人员" in text and "复旦大学附属肿瘤医院" in text
    assert RETIREE not in text  # masked on the printed form


def test_not_needed_inside_the_province_and_nothing_written(shebao: ShebaoCli, db_target: str | Path) -> None:
    prepare(shebao)
    before = db_snapshot(db_target)
    answer = shebao.ok("filing", "apply", RETIREE, "--category", "other-temporary", "--region", "440100",
                       "--document", "card-and-copy")  # fmt: skip
    assert "no filing is needed" in answer
    assert db_snapshot(db_target) == before


def test_reject_with_reasons_and_rules_refusals_exit_1(shebao: ShebaoCli, db_target: str | Path) -> None:
    prepare(shebao)
    filing = json.loads(shebao.ok(*APPLY, "--json", today="2026-04-01"))  # no institution chosen
    before = db_snapshot(db_target)
    refused = shebao("filing", "approve", filing["id"], today="2026-04-02")
    assert refused.exit_code == 1 and "filing-review" in refused.stderr and "choose 1 to 3" in refused.stderr
    assert db_snapshot(db_target) == before
    rejected = shebao.ok("filing", "reject", filing["id"], today="2026-04-02")
    assert "rejected: choose 1 to 3" in rejected
    again = shebao("filing", "approve", filing["id"], today="2026-04-03")
    assert again.exit_code == 1 and "filing-state" in again.stderr
    assert json.loads(shebao.ok("filing", "show", filing["id"], "--json"))["state"] == "rejected"


def test_bad_input_exits_2_with_nothing_written(shebao: ShebaoCli, db_target: str | Path) -> None:
    prepare(shebao)
    before = db_snapshot(db_target)
    for args, message in [
        ([*APPLY, "--institution", "H310100S9999"], "unknown institution"),
        ([*APPLY[:6], "990000", *APPLY[7:]], "unknown region"),
        (["filing", "apply", RETIREE, "--category", "holiday", "--region", "310100"], "holiday"),
        (
            [
                "filing",
                "apply",
                RETIREE,
                "--category",
                "other-temporary",
                "--region",
                "310100",
                "--document",
                "card-and-copy",
                "--from",
                "2026-05-01",
                "--until",
                "2026-04-30",
            ],
            "before it starts",
        ),
        (["filing", "covers", RETIREE, "--region", "31x"], "2 or 6 digits"),
    ]:
        result = shebao(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_snapshot(db_target) == before
    unknown = shebao("filing", "show", "YD202604019999")
    assert unknown.exit_code == 1 and "no filing" in unknown.stderr


def test_missing_province_plugin_is_named(shebao: ShebaoCli) -> None:
    """With SHEBAO_LOAD_PLUGINS leaving the insured place (Guangdong) unserved, filing needs its
    policy and is refused naming the plugin; the treatment place needs none to be filed for."""
    prepare(shebao)
    env = {**os.environ, "SHEBAO_LOAD_PLUGINS": "shanghai,text"}
    run = subprocess.run(
        [sys.executable, "-c", "from shebao_cli.main import entry; entry()", "--db", str(shebao.target), *APPLY],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "no installed province plugin serves province 44 (广东省)" in run.stderr
