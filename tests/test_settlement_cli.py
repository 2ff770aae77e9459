"""Direct settlement through the CLI, as an operator at a designated institution uses it."""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from entitled import make_entitled
from helpers import ShebaoCli, db_snapshot
from settlement_fakes import LI_NA, RETIREE, SHANGHAI_HOSPITAL, SHENZHEN_HOSPITAL, FakeContext, FakeFiling

from shebao.model.filing import FilingCategory
from shebao.services.settlement import context as settlement_context
from shebao.store.ports import UnitOfWork

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

AMOXICILLIN, CEFTRIAXONE, SPECIAL_WARD = "XJ01CAA040A001", "XJ01DDA028B002", "ZZ0000000001"  # A, B 10%, C in Shanghai


@pytest.fixture
def context(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeContext]:
    """Li Na and the retiree are filed in Shanghai at the sample hospital from April 2026."""
    fake = FakeContext(
        tuple(
            FakeFiling(cid, "310100", SHANGHAI_HOSPITAL.code, dt.date(2026, 4, 1), dt.date(2099, 1, 1), category)
            for cid, category in (
                (LI_NA, FilingCategory.LONG_TERM_WORKER),
                (RETIREE, FilingCategory.LONG_TERM_RETIREE_RESETTLED),
            )
        )
    )

    def factory(uow: UnitOfWork) -> FakeContext:
        return fake

    monkeypatch.setattr(settlement_context, "treatment_context", factory)
    yield fake


@pytest.fixture
def people(shebao: ShebaoCli) -> None:
    for cid, name, status in ((LI_NA, "李娜", "employed"), (RETIREE, "陈建", "retired")):
        shebao.ok("person", "register", "--id", cid, "--name", name, "--insured-region", "440300",
                  "--scheme", "employee", "--status", status, today="2026-01-10")  # fmt: skip
    make_entitled(shebao.target, LI_NA, RETIREE)
    for month in ("2026-01", "2026-02"):
        shebao.ok("account", "credit-retirees", "--month", month, today="2026-02-25")


def worked_bill(number: str = "SH-2026-0001", citizen_id: str = LI_NA, **extra: Any) -> dict[str, Any]:
    """DOMAIN.md's worked example as a Shanghai inpatient bill."""
    return {
        "bill_number": number,
        "citizen_id": citizen_id,
        "institution_code": SHANGHAI_HOSPITAL.code,
        "visit_type": "inpatient",
        "admitted_on": "2026-05-06",
        "discharged_on": "2026-05-12",
        "certificate": "electronic",
        "lines": [
            {"code": SPECIAL_WARD, "name": "特需病房床位费", "unit_price": "400.00", "quantity": "5"},
            {"code": CEFTRIAXONE, "name": "注射用头孢曲松钠", "unit_price": "50.00", "quantity": "100"},
            {"code": AMOXICILLIN, "name": "阿莫西林胶囊", "unit_price": "1.30", "quantity": "10000"},
        ],
        **extra,
    }


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_worked_example_settles_exactly(shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path) -> None:
    settled = json.loads(shebao.ok("settle", write(tmp_path, "bill.json", worked_bill()), "--json", today="2026-05-12"))
    assert settled["management"] == "filed" and settled["filing_category"] == "long-term-worker"
    expected = {"total": "20000.00", "fully_self_paid": "2000.00", "first_self_paid": "500.00", "in_scope": "17500.00",
                "deductible_applied": "1000.00", "ratio": "0.85", "pooling_fund": "14025.00", "personal": "5975.00"}  # fmt: skip
    assert {k: settled[k] for k in expected} == expected
    nhsa = json.loads(shebao.ok("settlement", "show", str(settled["id"]), "--format", "nhsa"))
    assert nhsa["medfee_sumamt"] == "20000.00" and nhsa["hifp_pay"] == "14025.00" and nhsa["psn_part_amt"] == "5975.00"
    assert nhsa["insuplc_admdvs"] == "440300" and nhsa["mdtrtarea_admvs"] == "310100"


def test_retiree_account_pays_what_it_has_and_reversal_restores_everything(
    shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path, db_path: Path
) -> None:
    before = db_snapshot(shebao.target)["benefit_years"]
    bill = write(tmp_path, "bill.json", worked_bill(citizen_id=RETIREE))
    settled = json.loads(shebao.ok("settle", bill, "--json", today="2026-05-12"))
    assert settled["ratio"] == "0.90"  # Guangdong sample: retired, tertiary
    assert settled["account"] == "160.00" and settled["balance_after"] == "0.00"
    account = json.loads(shebao.ok("account", "show", RETIREE, "--json"))
    assert account["balance"] == "0.00"
    # the year's deductible is used: a second bill pays none
    second = json.loads(shebao.ok("settle", write(tmp_path, "b2.json", worked_bill("SH-2026-0002", RETIREE)), "--json",
                                  today="2026-05-13"))  # fmt: skip
    assert second["deductible_applied"] == "0.00"
    shebao.ok("settlement", "reverse", str(settled["id"]), today="2026-05-14")
    shebao.ok("settlement", "reverse", str(second["id"]), today="2026-05-14")
    assert json.loads(shebao.ok("account", "show", RETIREE, "--json"))["balance"] == "160.00"
    years = db_snapshot(shebao.target)["benefit_years"]
    assert before == [] and [row[3:] for row in years] == [(0, 0)]
    twice = shebao("settlement", "reverse", str(settled["id"]), today="2026-05-15")
    assert twice.exit_code == 1 and "reverse-once" in twice.stderr
    # a reversed bill may be settled again
    again = json.loads(shebao.ok("settle", bill, "--json", today="2026-05-16"))
    assert again["deductible_applied"] == "1000.00"


def test_bad_bill_is_refused_with_paths_and_nothing_written(
    shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path, db_path: Path
) -> None:
    before = db_snapshot(shebao.target)
    bad = worked_bill()
    bad["lines"][1]["quantity"] = 100  # a number, not a decimal string
    bad["lines"][2]["unit_price"] = "abc"
    bad["discharged_on"] = "2026-02-30"
    result = shebao("settle", write(tmp_path, "bad.json", bad))
    assert result.exit_code == 2
    for path in ("$.lines[1].quantity", "$.lines[2].unit_price", "$.discharged_on"):
        assert path in result.stderr
    del bad["discharged_on"]
    bad["lines"] = [{"code": AMOXICILLIN, "name": "x", "unit_price": "1", "quantity": "0"}]
    result = shebao("settle", write(tmp_path, "bad2.json", bad))
    assert result.exit_code == 2 and "$.lines[0].quantity" in result.stderr
    twice = write(tmp_path, "ok.json", worked_bill())
    shebao.ok("settle", twice, today="2026-05-12")
    after_first = db_snapshot(shebao.target)
    result = shebao("settle", twice, today="2026-05-12")
    assert result.exit_code == 1 and "settle-once" in result.stderr
    assert db_snapshot(shebao.target) == after_first != before


def test_unknown_institution_and_no_filing_concern(shebao: ShebaoCli, people: None, tmp_path: Path) -> None:
    result = shebao("settle", write(tmp_path, "bill.json", worked_bill()), today="2026-05-12")
    assert result.exit_code == 1 and f"no institution {SHANGHAI_HOSPITAL.code}" in result.stderr


def test_batch_streams_skips_on_rerun_and_reports_bad_lines(
    shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path
) -> None:
    bills = [worked_bill(f"SH-B-{n:03d}", RETIREE if n % 2 else LI_NA) for n in range(7)]
    bills.append(worked_bill("SH-B-HOME", LI_NA, institution_code=SHENZHEN_HOSPITAL.code))
    path = tmp_path / "bills.jsonl"
    lines = [json.dumps(b, ensure_ascii=False) for b in bills] + ['{"bill_number": "broken"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = shebao("settle", "batch", str(path), "--chunk", "3", "--json", today="2026-05-20")
    assert first.exit_code == 1  # one line refused
    summary = json.loads(first.stdout)
    assert (summary["read"], summary["settled"], summary["skipped"], len(summary["refused"])) == (9, 8, 0, 1)
    assert summary["refused"][0]["line"] == 9
    rerun = json.loads(shebao("settle", "batch", str(path), "--json", today="2026-05-21").stdout)
    assert (rerun["settled"], rerun["skipped"]) == (0, 8)
    listed = json.loads(shebao.ok("settlement", "list", "--person", LI_NA, "--json"))["items"]
    assert len(listed) == 5 and listed[0]["deductible_applied"] == "1000.00"
    assert sum(1 for s in listed if s["deductible_applied"] != "0.00") == 1  # the year's deductible, once
    # the retiree's 160.00 went to the first bill only, the account carried from bill to bill
    retiree = json.loads(shebao.ok("settlement", "list", "--person", RETIREE, "--json"))["items"]
    assert [s["account"] for s in retiree] == ["160.00", "0.00", "0.00"]
    home = [s for s in listed if s["institution"] == SHENZHEN_HOSPITAL.code]
    assert home[0]["management"] == "intra-province"


def test_reconcile_and_statement(shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path) -> None:
    a = json.loads(shebao.ok("settle", write(tmp_path, "a.json", worked_bill("R1")), "--json", today="2026-05-12"))
    shebao.ok("settle", write(tmp_path, "b.json", worked_bill("R2", RETIREE)), today="2026-05-12")
    shebao.ok("settlement", "reverse", str(a["id"]), today="2026-05-13")
    found = json.loads(
        shebao.ok(
            "settlement",
            "reconcile",
            "--institution",
            SHANGHAI_HOSPITAL.code,
            "--from",
            "2026-05-01",
            "--to",
            "2026-05-31",
            "--json",
        )
    )
    employee = found["schemes"][0]
    assert employee["settled"]["count"] == 2 and employee["reversed"]["count"] == 1
    assert employee["settled"]["total"] == "40000.00" and employee["net"]["total"] == "20000.00"
    assert employee["net"]["pooling_fund"] == "14850.00"
    out = tmp_path / "statement.txt"
    shebao.ok("settlement", "statement", str(a["id"]), "--format", "text", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "医疗保障基金结算单" in text and "14025.00" in text and "贰万元整" in text and "冲正" in text
    assert LI_NA not in text  # masked
    plain = shebao.ok("settlement", "show", str(a["id"]))
    assert "14025.00" in plain and "reversed" in plain


def test_demo_chapter_runs_after_chapter_one(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The settlement chapter on a database prepared by chapter 1 and a filing of Chen Jian."""
    from shebao_cli.demo import Story, people
    from shebao_cli.demo import settlement as chapter

    hospital = attrs.evolve(SHANGHAI_HOSPITAL, code=chapter.SHANGHAI_INSTITUTION)
    fake = FakeContext(
        (
            FakeFiling(
                RETIREE,
                "310100",
                hospital.code,
                dt.date(2026, 4, 1),
                dt.date(2099, 1, 1),
                FilingCategory.LONG_TERM_RETIREE_RESETTLED,
            ),
        )
    )
    monkeypatch.setattr(fake, "institution", lambda code: hospital if code == hospital.code else None)
    monkeypatch.setattr(settlement_context, "treatment_context", lambda uow: fake)
    story = Story(db_path, tmp_path)
    people.tell(story)
    story.run("account", "activate-ecert", RETIREE, "--real-name", "passed", "--real-person", "passed", today="2026-04-14")
    chapter.tell(story)
    printed = (tmp_path / "settlement-statement.txt").read_text(encoding="utf-8")
    assert "陈建" in printed and "已备案异地就医" in printed
    assert '"insuplc_admdvs": "440300"' in capsys.readouterr().out


def test_a_listing_reads_no_lines_and_shows_what_show_does_but_the_lines(
    shebao: ShebaoCli, people: None, context: FakeContext, tmp_path: Path
) -> None:
    settled = json.loads(shebao.ok("settle", write(tmp_path, "l.json", worked_bill("L1")), "--json", today="2026-05-12"))
    shown = json.loads(shebao.ok("settlement", "show", str(settled["id"]), "--json"))
    (listed,) = json.loads(shebao.ok("settlement", "list", "--person", LI_NA, "--json"))["items"]
    assert shown["lines"] and listed == {k: v for k, v in shown.items() if k != "lines"}

    from shebao.services.settlement import SettlementQuery, find_settlements
    from shebao.store.database import open_database
    from shebao.store.unit_of_work import unit_of_work

    db = open_database(shebao.target)
    uow = unit_of_work(db, "tester", dt.datetime(2026, 5, 12, 9))
    (full,) = find_settlements(uow, SettlementQuery(citizen_id=LI_NA))
    (bare,) = find_settlements(uow, SettlementQuery(citizen_id=LI_NA, lines=False))
    db.close()
    assert full.result.lines and not bare.result.lines and not bare.bill.lines
    assert bare.result.total == full.result.total == sum(line.amount for line in full.result.lines)
