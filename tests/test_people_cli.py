"""Persons, employers, contributions and accounts through the CLI, as an operator uses them."""

import json
from pathlib import Path

import pytest
from helpers import ShebaoCli, db_snapshot

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

LI_NA = "440304198503120021"
WANG_WEI = "440304199207180032"
RETIREE = "440300195505050056"
FLEXIBLE = "440305198801010046"
EMPLOYER = "91440300MA5F000007"


def register(shebao: ShebaoCli, citizen_id: str, status: str = "employed", today: str = "2026-01-05") -> None:
    shebao.ok(
        "person", "register", "--id", citizen_id, "--name", "李娜", "--insured-region", "440300",
        "--scheme", "employee", "--status", status, today=today,
    )  # fmt: skip


def test_register_and_show_person_derives_birth_sex_and_masks_id(shebao: ShebaoCli) -> None:
    register(shebao, LI_NA)
    shown = json.loads(shebao.ok("person", "show", LI_NA, "--json"))
    assert shown["birth_date"] == "1985-03-12"
    assert shown["sex"] == "female"
    assert shown["birthplace"] == "440304"
    assert shown["citizen_id"] == "4403**********0021"
    assert shown["account_balance"] == "0.00"
    revealed = json.loads(shebao.ok("--reveal", "person", "show", LI_NA, "--json"))
    assert revealed["citizen_id"] == LI_NA


def test_legacy_15_digit_number_is_upgraded(shebao: ShebaoCli) -> None:
    legacy = "440304850312002"  # 18-digit form: 440304198503120021
    register(shebao, legacy)
    assert json.loads(shebao.ok("--reveal", "person", "show", LI_NA, "--json"))["citizen_id"] == LI_NA


def test_bad_inputs_exit_2_with_one_line_and_change_nothing(shebao: ShebaoCli, db_target: str | Path) -> None:
    register(shebao, LI_NA)
    before = db_snapshot(db_target)
    bad = [
        (["--id", "440304198503120022"], "check character"),  # bad checksum
        (["--id", "440304198513120021"], "citizen identity number"),  # impossible birth month
        (["--id", "440304198503120021", "--insured-region", "990000"], "unknown region"),
    ]
    for args, message in bad:
        base = {"--id": LI_NA, "--name": "某人", "--insured-region": "440300", "--scheme": "employee", "--status": "employed"}
        base.update(dict(zip(args[::2], args[1::2], strict=True)))
        result = shebao("person", "register", *[x for pair in base.items() for x in pair])
        assert result.exit_code == 2, result
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    result = shebao("contribution", "pay", LI_NA, "--month", "2026-02", "--base", "-5", "--employer", EMPLOYER)
    assert result.exit_code == 2 and "negative" in result.stderr
    assert db_snapshot(db_target) == before


def test_malformed_json_file_is_refused(shebao: ShebaoCli, db_target: str | Path, tmp_path: Path) -> None:
    shebao.ok("init")
    before = db_snapshot(db_target)
    broken = tmp_path / "person.json"
    broken.write_text('{"citizen_id": "440304198503120021", "name": ', encoding="utf-8")
    result = shebao("person", "register", "--from-json", str(broken))
    assert result.exit_code == 2 and "bad JSON" in result.stderr
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "citizen_id": LI_NA,
                "name": "李娜",
                "insured_region": "440300",
                "scheme": "employee",
                "status": "employed",
                "salary": 1,
            }
        ),
        encoding="utf-8",
    )
    result = shebao("person", "register", "--from-json", str(extra))
    assert result.exit_code == 2 and "salary" in result.stderr
    assert db_snapshot(db_target) == before


def test_rule_refusals_exit_1_naming_the_rule(shebao: ShebaoCli, db_target: str | Path) -> None:
    register(shebao, LI_NA)
    before = db_snapshot(db_target)
    again = shebao(
        "person",
        "register",
        "--id",
        LI_NA,
        "--name",
        "李娜",
        "--insured-region",
        "440300",
        "--scheme",
        "employee",
        "--status",
        "employed",
    )
    assert again.exit_code == 1 and "register-once" in again.stderr
    unknown = shebao("contribution", "pay", WANG_WEI, "--month", "2026-02", "--base", "5000", "--channel", "alipay")
    assert unknown.exit_code == 1 and "must-exist" in unknown.stderr
    assert db_snapshot(db_target) == before


def test_thirty_day_rule_flags_late_and_missing_registrations(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "样例公司", "--region", "440300", today="2026-01-01")
    register(shebao, LI_NA, today="2026-01-01")
    register(shebao, WANG_WEI, today="2026-01-01")
    register(shebao, FLEXIBLE, status="flexible", today="2026-01-01")
    on_time = shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-02", today="2026-02-01")  # day 30
    assert "within 30 days" in on_time
    late = shebao.ok("employer", "hire", EMPLOYER, WANG_WEI, "--start", "2026-01-02", today="2026-02-02")  # day 31
    assert "FLAGGED late, 1 day past" in late
    shebao.ok("employer", "hire", EMPLOYER, FLEXIBLE, "--start", "2026-02-10", "--report-only", today="2026-02-10")
    overdue = json.loads(shebao.ok("employer", "overdue", "--as-of", "2026-03-13", "--json"))["overdue"]
    assert [(o["citizen_id"][-4:], o["state"], o["days_late"]) for o in overdue] == [("0032", "late", 1), ("0046", "missing", 1)]
    assert json.loads(shebao.ok("employer", "overdue", "--as-of", "2026-03-12", "--json"))["overdue"][0]["state"] == "late"


def test_contributions_credit_the_account_and_replays_change_nothing(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "样例公司", "--region", "440300", today="2026-01-01")
    register(shebao, LI_NA, today="2026-01-01")
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-02", today="2026-01-02")
    paid = json.loads(
        shebao.ok("contribution", "pay", LI_NA, "--month", "2026-01", "--base", "8888.88", "--employer", EMPLOYER, "--json")
    )
    # 8% and 2% of 8888.88, half up to the fen
    assert (paid["employer_part"], paid["individual_part"], paid["account_credit"]) == ("711.11", "177.78", "177.78")
    register(shebao, FLEXIBLE, status="flexible", today="2026-01-01")
    args = ("contribution", "pay", FLEXIBLE, "--month", "2026-02", "--base", "6000", "--channel", "alipay", "--receipt", "AL1")
    assert json.loads(shebao.ok(*args, "--json"))["new"] is True
    assert json.loads(shebao.ok(*args, "--json"))["new"] is False
    account = json.loads(shebao.ok("account", "show", FLEXIBLE, "--json"))
    assert account["balance"] == "120.00" and len(account["entries"]) == 1
    twice = shebao(
        "contribution", "pay", FLEXIBLE, "--month", "2026-02", "--base", "6000", "--channel", "alipay", "--receipt", "AL2"
    )
    assert twice.exit_code == 1 and "pay-once-per-month" in twice.stderr
    record = json.loads(shebao.ok("contribution", "list", LI_NA, "--from", "2026-01", "--to", "2026-01", "--json"))["items"]
    assert [r["period"] for r in record] == ["2026-01"]


def test_retiree_credit_is_given_once_per_month(shebao: ShebaoCli) -> None:
    register(shebao, RETIREE, status="retired", today="2026-01-01")
    assert "credited 1 retiree 80.00" in shebao.ok("account", "credit-retirees", "--month", "2026-02")
    assert "credited 0 retirees 0.00 yuan; 1 already" in shebao.ok("account", "credit-retirees", "--month", "2026-02")
    assert json.loads(shebao.ok("account", "show", RETIREE, "--json"))["balance"] == "80.00"


def test_every_change_is_audited_with_operator(shebao: ShebaoCli) -> None:
    register(shebao, LI_NA)
    entries = json.loads(shebao.ok("audit", "list", "--json"))["items"]
    assert entries[0]["action"] == "person.register" and entries[0]["operator"] == "tester"
