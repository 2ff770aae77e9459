"""Fund safety at the counter: entitlement refuses who the fund may not pay (with every reason),
the certificate presented must be valid, the account pays only once activated, a pre-settlement
writes nothing, and family mutual aid is paid from the holder's ledger and reversed with it."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from entitled import make_entitled
from helpers import ShebaoCli, db_snapshot
from settlement_fakes import LI_NA, RETIREE, SHENZHEN_HOSPITAL, FakeContext

from shebao.services.settlement import context as settlement_context

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

WANG_WEI = "440304199207180032"  # employed, Li Na's husband in these tests
ZHAO = "440305198801010046"  # registered, nothing else
AMOXICILLIN, SPECIAL_WARD = "XJ01CAA040A001", "ZZ0000000001"  # A and C in Shenzhen's sample catalogue


@pytest.fixture
def context(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeContext]:
    fake = FakeContext()
    monkeypatch.setattr(settlement_context, "treatment_context", lambda uow: fake)
    yield fake


def register(shebao: ShebaoCli, cid: str, name: str, status: str = "employed", today: str = "2026-01-10") -> None:
    shebao.ok("person", "register", "--id", cid, "--name", name, "--insured-region", "440300",
              "--scheme", "employee", "--status", status, today=today)  # fmt: skip


def outpatient(number: str, citizen_id: str, on: str = "2026-05-12", certificate: str = "card", **extra: Any) -> dict[str, Any]:
    return {
        "bill_number": number,
        "citizen_id": citizen_id,
        "institution_code": SHENZHEN_HOSPITAL.code,
        "visit_type": "general-outpatient",
        "treated_on": on,
        "certificate": certificate,
        "lines": [
            {"code": AMOXICILLIN, "name": "阿莫西林胶囊", "unit_price": "1.30", "quantity": "1000"},
            {"code": SPECIAL_WARD, "name": "特需病房床位费", "unit_price": "400.00", "quantity": "1"},
        ],
        **extra,
    }


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_person_with_nothing_is_refused_with_every_reason_and_nothing_written(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, ZHAO, "赵敏")
    answer = json.loads(shebao.ok("person", "entitlement", ZHAO, "--on", "2026-05-12", "--certificate", "card", "--json"))
    assert answer["entitled"] is False and answer["account_pays"] is False
    assert [r["reason"] for r in answer["reasons"]] == ["no-contribution", "no-card"]
    assert answer["visit_types"]["inpatient"]["entitled"] is False
    before = db_snapshot(shebao.target)
    refused = shebao("settle", write(tmp_path, "b.json", outpatient("Z1", ZHAO)), today="2026-05-12")
    assert refused.exit_code == 1
    assert "rule 'entitlement'" in refused.stderr and "no-contribution" in refused.stderr and "no-card" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    electronic = shebao("settle", write(tmp_path, "e.json", outpatient("Z2", ZHAO, certificate="electronic")), today="2026-05-12")
    assert electronic.exit_code == 1 and "ecert-not-activated" in electronic.stderr
    assert db_snapshot(shebao.target) == before


def test_a_visit_before_the_insurance_started_is_refused(shebao: ShebaoCli, context: FakeContext, tmp_path: Path) -> None:
    register(shebao, LI_NA, "李娜")
    make_entitled(shebao.target, LI_NA)
    refused = shebao("settle", write(tmp_path, "b.json", outpatient("E1", LI_NA, on="2026-01-05")), today="2026-05-12")
    assert refused.exit_code == 1 and "not-yet-insured" in refused.stderr
    shebao.ok("settle", write(tmp_path, "c.json", outpatient("E2", LI_NA, on="2026-01-12")), today="2026-05-12")


def test_a_lost_card_is_refused_and_the_electronic_certificate_still_settles(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, LI_NA, "李娜")
    make_entitled(shebao.target, LI_NA)
    (card,) = json.loads(shebao.ok("card", "list", "--json"))["items"]
    shebao.ok("card", "report-lost", card["card_number"], today="2026-04-01")
    refused = shebao("settle", write(tmp_path, "b.json", outpatient("L1", LI_NA)), today="2026-05-12")
    assert refused.exit_code == 1 and "card-lost" in refused.stderr
    settled = json.loads(shebao.ok("settle", write(tmp_path, "e.json", outpatient("L2", LI_NA, certificate="electronic")),
                                   "--json", today="2026-05-12"))  # fmt: skip
    assert settled["certificate"] == "electronic" and settled["total"] == "1700.00"


def test_the_account_pays_only_once_activated(shebao: ShebaoCli, context: FakeContext, tmp_path: Path) -> None:
    register(shebao, RETIREE, "陈建", "retired")
    shebao.ok("account", "credit-retirees", "--month", "2026-01", today="2026-02-25")
    shebao.ok("contribution", "prior", RETIREE, "--years", "30", "--note", "样例")
    shebao.ok("account", "activate-ecert", RETIREE, "--real-name", "passed", "--real-person", "passed")
    answer = json.loads(shebao.ok("person", "entitlement", RETIREE, "--on", "2026-05-12", "--json"))
    assert answer["entitled"] is True and answer["account_pays"] is False
    settled = json.loads(shebao.ok("settle", write(tmp_path, "b.json", outpatient("A1", RETIREE, certificate="electronic")),
                                   "--json", today="2026-05-12"))  # fmt: skip
    assert settled["account"] == "0.00" and settled["cash"] == settled["personal"]
    assert json.loads(shebao.ok("account", "show", RETIREE, "--json"))["balance"] == "80.00"


def test_a_batch_reports_and_skips_refused_bills(shebao: ShebaoCli, context: FakeContext, tmp_path: Path) -> None:
    register(shebao, LI_NA, "李娜")
    register(shebao, ZHAO, "赵敏")
    make_entitled(shebao.target, LI_NA)
    path = tmp_path / "bills.jsonl"
    path.write_text("\n".join(json.dumps(outpatient(n, c)) for n, c in (("B1", LI_NA), ("B2", ZHAO), ("B3", LI_NA))))
    result = shebao("settle", "batch", str(path), "--json", today="2026-05-12")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["settled"] == 2 and [r["bill_number"] for r in summary["refused"]] == ["B2"]
    assert "rule 'entitlement'" in summary["refused"][0]["reason"] and "no-contribution" in summary["refused"][0]["reason"]


@pytest.mark.sqlite_only  # reads or writes the SQLite file itself
def test_a_preview_gives_the_same_figures_and_leaves_the_database_byte_identical(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, LI_NA, "李娜")
    make_entitled(shebao.target, LI_NA)
    first = write(tmp_path, "first.json", outpatient("P0", LI_NA, on="2026-05-10"))
    shebao.ok("settle", first, today="2026-05-10")  # a year to date
    bill = write(tmp_path, "b.json", outpatient("P1", LI_NA))
    before = shebao.db_path.read_bytes()
    estimate = json.loads(shebao.ok("settle", bill, "--preview", "--json", today="2026-05-12"))
    nhsa = json.loads(shebao.ok("settle", bill, "--preview", "--format", "nhsa", today="2026-05-12"))
    text = shebao.ok("settle", bill, "--preview", today="2026-05-12")
    assert shebao.db_path.read_bytes() == before
    assert estimate["estimate"] is True and nhsa["estimate"] is True and text.startswith("ESTIMATE")
    settled = json.loads(shebao.ok("settle", bill, "--json", today="2026-05-12"))
    assert {k: v for k, v in estimate.items() if k not in ("estimate", "id", "status")} == {
        k: v for k, v in settled.items() if k not in ("id", "status")
    }
    assert nhsa["hifp_pay"] == settled["pooling_fund"] and nhsa["acct_pay"] == settled["account"]


def test_family_mutual_aid_is_paid_from_the_holders_account_and_reversed_with_the_settlement(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, LI_NA, "李娜")
    register(shebao, WANG_WEI, "王伟")
    make_entitled(shebao.target, LI_NA)
    make_entitled(shebao.target, WANG_WEI, account=False)  # his own account pays nothing
    holder_before = json.loads(shebao.ok("account", "show", LI_NA, "--json"))["balance"]
    shebao.ok("account", "family", "add", LI_NA, WANG_WEI, "--relation", "spouse", today="2026-05-01")
    again = shebao("account", "family", "add", RETIREE, WANG_WEI, "--relation", "spouse", today="2026-05-01")
    assert again.exit_code == 1
    settled = json.loads(shebao.ok("settle", write(tmp_path, "b.json", outpatient("F1", WANG_WEI)), "--json", today="2026-05-12"))
    assert settled["mutual_aid"] == settled["account"] != "0.00"
    assert settled["mutual_aid_holder"] == LI_NA[:4] + "*" * 10 + LI_NA[-4:]
    nhsa = json.loads(shebao.ok("settlement", "show", str(settled["id"]), "--format", "nhsa"))
    assert nhsa["acct_mulaid_pay"] == settled["mutual_aid"]
    holder = json.loads(shebao.ok("account", "show", LI_NA, "--json"))
    debit = [e for e in holder["entries"] if e["reference"] == f"settlement:{settled['id']}"]
    assert [(e["kind"], e["amount"]) for e in debit] == [("settlement-debit", f"-{settled['mutual_aid']}")]
    assert json.loads(shebao.ok("account", "show", WANG_WEI, "--json"))["entries"][-1]["kind"] == "contribution-credit"
    assert shebao("check").exit_code == 0
    shebao.ok("settlement", "reverse", str(settled["id"]), today="2026-05-13")
    assert json.loads(shebao.ok("account", "show", LI_NA, "--json"))["balance"] == holder_before
    assert shebao("check").exit_code == 0
    shebao.ok("account", "family", "remove", LI_NA, WANG_WEI, today="2026-05-14")
    alone = json.loads(shebao.ok("settle", write(tmp_path, "c.json", outpatient("F2", WANG_WEI)), "--json", today="2026-05-14"))
    assert alone["account"] == "0.00" and alone["mutual_aid"] == "0.00"


CHILD = "44030420160307002X"  # a ten-year-old resident of Shenzhen


def test_stopped_and_deceased_persons_are_refused_on_the_register_history(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, LI_NA, "李娜", status="flexible")
    make_entitled(shebao.target, LI_NA)
    shebao.ok("person", "stop", LI_NA, "--on", "2026-04-01", "--reason", "样例：出国", today="2026-04-02")
    stopped = shebao("settle", write(tmp_path, "s.json", outpatient("S1", LI_NA, on="2026-04-15")), today="2026-04-20")
    assert stopped.exit_code == 1 and "stopped" in stopped.stderr
    shebao.ok("settle", write(tmp_path, "t.json", outpatient("S2", LI_NA, on="2026-03-31")), today="2026-04-20")
    shebao.ok("person", "resume", LI_NA, "--on", "2026-05-01", today="2026-05-02")
    shebao.ok("settle", write(tmp_path, "u.json", outpatient("S3", LI_NA, on="2026-05-12")), today="2026-05-20")
    shebao.ok("person", "died", LI_NA, "--on", "2026-06-01", today="2026-06-03")
    answer = json.loads(shebao.ok("person", "entitlement", LI_NA, "--on", "2026-06-02", "--json"))
    assert [r["reason"] for r in answer["reasons"]] == ["deceased"]


def test_a_resident_needs_the_years_premium(shebao: ShebaoCli, context: FakeContext, tmp_path: Path) -> None:
    shebao.ok("person", "register", "--id", CHILD, "--name", "李小", "--insured-region", "440300",
              "--scheme", "resident", "--status", "unemployed", today="2026-01-10")  # fmt: skip
    make_entitled(shebao.target, CHILD, months=())  # card and certificate, no premium
    refused = shebao("settle", write(tmp_path, "r.json", outpatient("R1", CHILD)), today="2026-05-12")
    assert refused.exit_code == 1 and "resident-premium-unpaid" in refused.stderr
    shebao.ok("contribution", "resident", CHILD, "--year", "2026", "--amount", "400.00", "--receipt", "SW2026000001")
    settled = json.loads(shebao.ok("settle", write(tmp_path, "s.json", outpatient("R2", CHILD)), "--json", today="2026-05-12"))
    assert settled["scheme"] == "resident" and settled["account"] == "0.00"


def test_a_childs_personal_part_is_paid_by_a_parents_account_in_a_batch_too(
    shebao: ShebaoCli, context: FakeContext, tmp_path: Path
) -> None:
    register(shebao, LI_NA, "李娜")
    shebao.ok("person", "register", "--id", CHILD, "--name", "李小", "--insured-region", "440300",
              "--scheme", "resident", "--status", "unemployed", today="2026-01-10")  # fmt: skip
    make_entitled(shebao.target, LI_NA)
    make_entitled(shebao.target, CHILD)
    shebao.ok("account", "family", "add", LI_NA, CHILD, "--relation", "child", today="2026-02-01")
    balance = json.loads(shebao.ok("account", "show", LI_NA, "--json"))["balance"]
    path = tmp_path / "bills.jsonl"
    path.write_text("\n".join(json.dumps(outpatient(f"C{n}", CHILD, on=f"2026-0{n + 2}-10")) for n in range(1, 5)))
    summary = json.loads(shebao.ok("settle", "batch", str(path), "--json", today="2026-06-30"))
    assert summary["settled"] == 4 and summary["account"] != "0.00"
    listed = json.loads(shebao.ok("settlement", "list", "--person", CHILD, "--json"))["items"]
    aid = [settlement["mutual_aid"] for settlement in listed]
    assert all(settlement["mutual_aid"] == settlement["account"] for settlement in listed)
    from decimal import Decimal

    left = json.loads(shebao.ok("account", "show", LI_NA, "--json"))["balance"]
    assert Decimal(balance) - sum(map(Decimal, aid)) == Decimal(left) >= 0
    assert shebao("check").exit_code == 0


@pytest.mark.sqlite_only  # reads or writes the SQLite file itself
def test_check_finds_mutual_aid_missing_from_the_holders_ledger(shebao: ShebaoCli, context: FakeContext, tmp_path: Path) -> None:
    import sqlite_utils

    register(shebao, LI_NA, "李娜")
    register(shebao, WANG_WEI, "王伟")
    make_entitled(shebao.target, LI_NA)
    make_entitled(shebao.target, WANG_WEI, account=False)
    shebao.ok("account", "family", "add", LI_NA, WANG_WEI, "--relation", "spouse", today="2026-05-01")
    settled = json.loads(shebao.ok("settle", write(tmp_path, "b.json", outpatient("T1", WANG_WEI)), "--json", today="2026-05-12"))
    assert shebao("check").exit_code == 0
    database = sqlite_utils.Database(shebao.db_path)
    database.execute("UPDATE account_entries SET citizen_id = ? WHERE reference = ?", [WANG_WEI, f"settlement:{settled['id']}"])
    database.conn.commit()
    database.close()
    found = shebao("check")
    assert found.exit_code != 0 and "mutual-aid" in found.stdout + found.stderr


def test_a_visit_before_retirement_is_judged_as_an_employees(shebao: ShebaoCli) -> None:
    register(shebao, LI_NA, "李娜")
    make_entitled(shebao.target, LI_NA, months=("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"))
    shebao.ok("person", "retire", LI_NA, "--on", "2026-06-01", today="2026-06-01")
    before = json.loads(shebao.ok("person", "entitlement", LI_NA, "--on", "2026-05-20", "--json", today="2026-06-02"))
    after = json.loads(shebao.ok("person", "entitlement", LI_NA, "--on", "2026-06-02", "--json", today="2026-06-02"))
    assert before["entitled"] is True
    assert [r["reason"] for r in after["reasons"]] == ["retiree-contribution-years"]
    shebao.ok("contribution", "prior", LI_NA, "--years", "26", "--note", "样例：视同缴费年限", today="2026-06-02")
    assert json.loads(shebao.ok("person", "entitlement", LI_NA, "--on", "2026-06-02", "--json"))["entitled"] is True
