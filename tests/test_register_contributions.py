"""Contribution bases within the policy's bounds, employers' arrears, the agency's assessment
for unregistered employees, an employer's payment record and resident premiums."""

import json
from pathlib import Path

import pytest
from helpers import ShebaoCli, db_snapshot

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

LI_NA = "440304198503120021"
WANG_WEI = "440304199207180032"
RESIDENT = "440305198801010046"
EMPLOYER = "91440300MA5F000007"


def setup_employer(shebao: ShebaoCli) -> None:
    shebao.ok("employer", "register", "--uscc", EMPLOYER, "--name", "深圳样例公司", "--region", "440300", today="2026-01-02")
    for number in (LI_NA, WANG_WEI):
        shebao.ok(
            "person", "register", "--id", number, "--name", "某人", "--insured-region", "440300",
            "--scheme", "employee", "--status", "flexible", today="2026-01-02",
        )  # fmt: skip


def test_a_base_outside_the_policy_bounds_is_refused_with_the_bounds(shebao: ShebaoCli, db_target: str | Path) -> None:
    setup_employer(shebao)
    before = db_snapshot(db_target)
    for base in ("4799.99", "24000.01"):
        refused = shebao("contribution", "pay", LI_NA, "--month", "2026-01", "--base", base, "--channel", "alipay")
        assert refused.exit_code == 1
        assert "contribution-base-bounds" in refused.stderr
        assert "4800.00 to 24000.00" in refused.stderr and "(sample value)" in refused.stderr
    assert db_snapshot(db_target) == before
    for base, month in (("4800.00", "2026-01"), ("24000.00", "2026-02")):
        shebao.ok("contribution", "pay", LI_NA, "--month", month, "--base", base, "--channel", "alipay")


def test_arrears_list_unpaid_months_per_employee_until_paid(shebao: ShebaoCli) -> None:
    setup_employer(shebao)
    shebao.ok("employer", "hire", EMPLOYER, LI_NA, "--start", "2026-01-05", today="2026-01-05")
    shebao.ok("employer", "hire", EMPLOYER, WANG_WEI, "--start", "2026-02-10", today="2026-02-10")
    shebao.ok("contribution", "pay", LI_NA, "--month", "2026-01", "--base", "6000", "--employer", EMPLOYER, today="2026-01-30")
    owed = json.loads(shebao.ok("--reveal", "employer", "arrears", EMPLOYER, "--as-of", "2026-04-10", "--json"))
    assert {a["citizen_id"]: a["months"] for a in owed["arrears"]} == {
        LI_NA: ["2026-02", "2026-03"],
        WANG_WEI: ["2026-02", "2026-03"],
    }
    shebao.ok("employer", "leave", EMPLOYER, WANG_WEI, "--on", "2026-02-28", today="2026-03-01")
    for month in ("2026-02", "2026-03"):
        shebao.ok("contribution", "pay", LI_NA, "--month", month, "--base", "6000", "--employer", EMPLOYER, today="2026-04-01")
    owed = json.loads(shebao.ok("--reveal", "employer", "arrears", "--as-of", "2026-04-10", "--json"))
    assert {a["citizen_id"]: a["months"] for a in owed["arrears"]} == {WANG_WEI: ["2026-02"]}
    payments = json.loads(shebao.ok("employer", "payments", EMPLOYER, "--json", today="2026-04-10"))
    assert [(p["month"], p["employees"], p["total"]) for p in payments["paid"]] == [
        ("2026-01", 1, "600.00"),
        ("2026-02", 1, "600.00"),
        ("2026-03", 1, "600.00"),
    ]


def test_assessment_for_an_unregistered_employee_is_owed_until_paid(shebao: ShebaoCli, db_target: str | Path) -> None:
    setup_employer(shebao)
    assessed = json.loads(
        shebao.ok("contribution", "assess", EMPLOYER, LI_NA, "--months", "2026-01..2026-03", "--base", "6000", "--json",
                  today="2026-04-15")
    )  # fmt: skip
    assert [(a["month"], a["employer_part"], a["individual_part"]) for a in assessed] == [
        ("2026-01", "480.00", "120.00"),
        ("2026-02", "480.00", "120.00"),
        ("2026-03", "480.00", "120.00"),
    ]
    overdue = json.loads(shebao.ok("--reveal", "employer", "overdue", "--json", today="2026-04-15"))["overdue"]
    assert [(o["citizen_id"], o["state"]) for o in overdue] == [(LI_NA, "missing")]
    owed = json.loads(shebao.ok("--reveal", "employer", "arrears", EMPLOYER, "--json", today="2026-04-15"))["arrears"]
    assert [(a["months"], a["assessed"]) for a in owed] == [(["2026-01", "2026-02", "2026-03"], "1800.00")]
    before = db_snapshot(db_target)
    again = shebao("contribution", "assess", EMPLOYER, LI_NA, "--months", "2026-03", "--base", "6000", today="2026-04-15")
    assert again.exit_code == 1 and "assess-once" in again.stderr
    future = shebao("contribution", "assess", EMPLOYER, LI_NA, "--months", "2026-04", "--base", "6000", today="2026-04-15")
    assert future.exit_code == 1 and "assess-past-months" in future.stderr
    low = shebao("contribution", "assess", EMPLOYER, WANG_WEI, "--months", "2026-01", "--base", "100", today="2026-04-15")
    assert low.exit_code == 1 and "contribution-base-bounds" in low.stderr
    assert db_snapshot(db_target) == before
    shebao.ok("contribution", "pay", LI_NA, "--month", "2026-01", "--base", "6000", "--employer", EMPLOYER, today="2026-04-16")
    payments = json.loads(shebao.ok("employer", "payments", EMPLOYER, "--json", today="2026-04-16"))
    assert [p["month"] for p in payments["paid"]] == ["2026-01"] and len(payments["assessed"]) == 3
    owed = json.loads(shebao.ok("--reveal", "employer", "arrears", EMPLOYER, "--json", today="2026-04-16"))["arrears"]
    assert [(a["months"], a["assessed"]) for a in owed] == [(["2026-02", "2026-03"], "1200.00")]


def test_resident_premium_once_a_year_and_the_bureau_list(shebao: ShebaoCli, tmp_path: Path, db_target: str | Path) -> None:
    shebao.ok(
        "person", "register", "--id", RESIDENT, "--name", "张三", "--insured-region", "440300",
        "--scheme", "resident", "--status", "unemployed", today="2026-01-02",
    )  # fmt: skip
    setup_employer(shebao)
    args = ("contribution", "resident", RESIDENT, "--year", "2026", "--amount", "400.00", "--receipt", "SW1")
    assert "recorded" in shebao.ok(*args)
    assert "nothing changed" in shebao.ok(*args)
    other = shebao("contribution", "resident", RESIDENT, "--year", "2026", "--amount", "400.00", "--receipt", "SW2")
    assert other.exit_code == 1 and "pay-once-per-year" in other.stderr
    employee = shebao("contribution", "resident", LI_NA, "--year", "2026", "--amount", "400.00", "--receipt", "SW3")
    assert employee.exit_code == 1 and "resident-scheme-premium" in employee.stderr
    listing = tmp_path / "bureau.csv"
    listing.write_text(
        "证件号码,姓名,缴费年度,缴费金额,完税凭证号,缴费日期\n"
        f"{RESIDENT},张三,2027,420.00,SW10,2026-02-20\n"
        f"{RESIDENT},张三,2026,400.00,SW1,2026-01-10\n"
        f"{LI_NA},李娜,2026,400.00,SW11,2026-02-20\n",
        encoding="gb18030",
    )
    result = shebao("contribution", "resident-import", str(listing), "--json")
    assert result.exit_code == 3  # applied what it could, a row was not
    report = json.loads(result.stdout)
    assert [p["year"] for p in report["recorded"]] == [2027] and report["already"] == 1
    assert len(report["problems"]) == 1 and "line 4" in report["problems"][0]
    before = db_snapshot(db_target)
    bad = tmp_path / "bad.csv"
    bad.write_text("证件号码,姓名\n1,2\n", encoding="utf-8")
    refused = shebao("contribution", "resident-import", str(bad))
    assert refused.exit_code == 2 and "header" in refused.stderr
    assert db_snapshot(db_target) == before
