"""Manual reimbursement (手工报销) end to end: applied with the invoice, approved under the same
rules and counted in the year to date, paid to the bank card, printed, reversed; an invoice is
never reimbursed twice."""

import json
from pathlib import Path
from typing import Any

import pytest
from entitled import make_entitled
from helpers import ShebaoCli, db_snapshot
from settlement_fakes import LI_NA

from shebao_cli.bench.entitle import BANK_CARD

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

ZHAO = "440305198801010046"
AMOXICILLIN, SPECIAL_WARD, BED = "XJ01CAA040A001", "ZZ0000000001", "001102000010000"


def register(shebao: ShebaoCli, cid: str, name: str) -> None:
    shebao.ok("person", "register", "--id", cid, "--name", name, "--insured-region", "440300",
              "--scheme", "employee", "--status", "employed", today="2026-01-10")  # fmt: skip


def invoice(number: str, **extra: Any) -> dict[str, Any]:
    """An emergency stay at a Guangzhou hospital outside the network, paid in full by the patient."""
    return {
        "bill_number": number,
        "reason": "emergency-non-networked",
        "institution_name": "广州市样例急救医院",
        "institution_region": "440100",
        "institution_level": "tertiary",
        "receipts": ["SJ-0001", "SJ-0002"],
        "visit_type": "inpatient",
        "admitted_on": "2026-04-02",
        "discharged_on": "2026-04-09",
        "lines": [
            {"code": BED, "name": "普通病房床位费", "unit_price": "60.00", "quantity": "7"},
            {"code": AMOXICILLIN, "name": "阿莫西林胶囊", "unit_price": "1.30", "quantity": "10000"},
            {"code": SPECIAL_WARD, "name": "特需病房床位费", "unit_price": "400.00", "quantity": "2"},
        ],
        **extra,
    }


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_apply_approve_pay_print_and_reverse(shebao: ShebaoCli, tmp_path: Path) -> None:
    register(shebao, LI_NA, "李娜")
    make_entitled(shebao.target, LI_NA)
    applied = json.loads(shebao.ok("reimbursement", "apply", LI_NA, write(tmp_path, "a.json", invoice("FP001")), "--json",
                                   today="2026-04-20"))  # fmt: skip
    assert applied["state"] == "applied" and applied["receipts"] == ["SJ-0001", "SJ-0002"]
    twice = shebao("reimbursement", "apply", LI_NA, write(tmp_path, "b.json", invoice("FP001")), today="2026-04-21")
    assert twice.exit_code == 1 and "invoice-once" in twice.stderr

    first = str(applied["id"])  # ids from the output: a server's sequence may skip a refused one
    approved = json.loads(shebao.ok("reimbursement", "approve", first, "--json", today="2026-04-25"))
    assert approved["state"] == "approved" and approved["total"] == "14220.00"
    settlement = json.loads(shebao.ok("settlement", "show", str(approved["settlement"]), "--json"))
    assert settlement["management"] == "intra-province" and settlement["emergency"] is True
    assert settlement["account"] == "0.00" and settlement["cash"] == settlement["personal"]  # paid in full already
    assert settlement["fund_total"] == approved["fund_total"] != "0.00"
    assert float(settlement["deductible_applied"]) > 0

    # counted in the same year to date: a later stay pays no deductible again
    later = invoice("FP002", admitted_on="2026-05-02", discharged_on="2026-05-05")
    later_id = str(
        json.loads(shebao.ok("reimbursement", "apply", LI_NA, write(tmp_path, "c.json", later), "--json", today="2026-05-06"))[
            "id"
        ]
    )
    second = json.loads(shebao.ok("reimbursement", "approve", later_id, "--json", today="2026-05-06"))
    assert json.loads(shebao.ok("settlement", "show", str(second["settlement"]), "--json"))["deductible_applied"] == "0.00"

    paid = json.loads(shebao.ok("reimbursement", "pay", first, "--bank-card", BANK_CARD, "--json", today="2026-04-28"))
    assert paid["state"] == "paid" and paid["bank"] and paid["bank_card"].startswith("6222")
    printed = shebao.ok("reimbursement", "statement", first, "--format", "text")
    assert "医疗费用手工报销结算单" in printed and "FP001" in printed and "SJ-0001" in printed
    assert shebao("check").exit_code == 0

    shebao.ok("reimbursement", "reverse", later_id, today="2026-05-10")
    shebao.ok("reimbursement", "reverse", first, today="2026-05-10")
    assert json.loads(shebao.ok("settlement", "show", str(approved["settlement"]), "--json"))["status"] == "reversed"
    again = shebao("reimbursement", "reverse", first, today="2026-05-11")
    assert again.exit_code == 1 and "reimbursement-state" in again.stderr
    assert shebao("check").exit_code == 0
    # reversed: the invoice may be applied for again, and the year to date is back where it was
    anew_id = str(
        json.loads(
            shebao.ok("reimbursement", "apply", LI_NA, write(tmp_path, "d.json", invoice("FP001")), "--json", today="2026-05-12")
        )["id"]
    )
    anew = json.loads(shebao.ok("reimbursement", "approve", anew_id, "--json", today="2026-05-12"))
    assert (
        json.loads(shebao.ok("settlement", "show", str(anew["settlement"]), "--json"))["deductible_applied"]
        == (settlement["deductible_applied"])
    )


def test_rejected_and_unentitled_applications_settle_nothing(shebao: ShebaoCli, tmp_path: Path) -> None:
    register(shebao, LI_NA, "李娜")
    register(shebao, ZHAO, "赵敏")
    make_entitled(shebao.target, LI_NA)
    shebao.ok("reimbursement", "apply", ZHAO, write(tmp_path, "z.json", invoice("FP-Z")), today="2026-04-20")
    before = db_snapshot(shebao.target)
    refused = shebao("reimbursement", "approve", "1", today="2026-04-25")
    assert refused.exit_code == 1 and "rule 'entitlement'" in refused.stderr and "no-contribution" in refused.stderr
    assert db_snapshot(shebao.target) == before
    shebao.ok("reimbursement", "reject", "1", "--reason", "样例：未缴费", today="2026-04-25")
    unpaid = shebao("reimbursement", "pay", "1", "--bank-card", BANK_CARD, today="2026-04-26")
    assert unpaid.exit_code == 1 and "reimbursement-state" in unpaid.stderr
    # a rejected invoice may be applied for again (by the right person)
    shebao.ok("reimbursement", "apply", LI_NA, write(tmp_path, "l.json", invoice("FP-Z")), today="2026-04-27")
    assert [r["state"] for r in json.loads(shebao.ok("reimbursement", "list", "--json"))["items"]] == ["rejected", "applied"]


def test_bad_applications_are_refused_as_bad_input(shebao: ShebaoCli, tmp_path: Path) -> None:
    register(shebao, LI_NA, "李娜")
    before = db_snapshot(shebao.target)
    for bad, where in (
        (invoice("X1", receipts=[]), "$.receipts"),
        (invoice("X2", reason="lost-it"), "$.reason"),
        (invoice("X3", institution_region="44"), "$.institution_region"),
        (invoice("X4", citizen_id=ZHAO), "$.citizen_id"),
    ):
        result = shebao("reimbursement", "apply", LI_NA, write(tmp_path, "x.json", bad), today="2026-04-20")
        assert result.exit_code == 2 and where in result.stderr, result.stderr
    future = shebao("reimbursement", "apply", LI_NA, write(tmp_path, "f.json", invoice("X5")), today="2026-04-05")
    assert future.exit_code == 1 and "no-future-visit" in future.stderr
    assert db_snapshot(shebao.target) == before
