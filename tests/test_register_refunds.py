"""Money in, reconciled both ways: refunds and reversals in every channel's statement undo
their payment's credit once; problems are kept until resolved; a notice reprinted is a copy."""

import datetime as dt
import json
from pathlib import Path

import pytest
from cardflow import ZHANG_MIN, ZHANG_NOTICE, journey_start
from conftest import ShebaoCli, db_snapshot

from shebao import plugins
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen

CHANNELS = ["icbc", "abc", "ccb", "wechat-pay", "alipay"]
USUAL = {"icbc": None, "abc": None, "ccb": None, "wechat-pay": PaymentMethod.WECHAT_PAY, "alipay": PaymentMethod.ALIPAY}


def statement(tmp_path: Path, channel: str, *lines: CollectedPayment) -> Path:
    chosen = plugins.payment_channel(channel)
    path = tmp_path / f"{channel}-{len(list(tmp_path.iterdir()))}.dat"
    path.write_bytes(plugins.statement_sample(chosen, list(lines)))
    return path


def line(channel: str, receipt: str, when: dt.datetime, reversal: bool = False, amount: int = 60000) -> CollectedPayment:
    method = USUAL[channel] if reversal else (USUAL[channel] or PaymentMethod.COUNTER)
    return CollectedPayment(channel, ZHANG_NOTICE, Fen(amount), when, receipt, method, 0, reversal)


def run_import(shebao: ShebaoCli, channel: str, path: Path, today: str = "2026-03-09") -> dict[str, object]:
    result = shebao("payment", "import", "--channel", channel, str(path), "--json", today=today)
    report: dict[str, object] = json.loads(result.stdout)
    assert result.exit_code == (3 if report["problems"] else 0), result.stderr
    return report


def outcomes(report: dict[str, object]) -> list[str]:
    return [entry["outcome"] for entry in report["lines"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_refund_undoes_its_payment_once_with_an_account_entry(
    shebao: ShebaoCli, tmp_path: Path, db_path: Path, channel: str
) -> None:
    journey_start(shebao)
    paid = line(channel, "P0001", dt.datetime(2026, 3, 7, 9, 30))
    assert outcomes(run_import(shebao, channel, statement(tmp_path, channel, paid))) == ["applied"]
    assert json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json"))["balance"] == "120.00"
    refund = line(channel, "R0001", dt.datetime(2026, 3, 8, 10, 0), reversal=True)
    both = statement(tmp_path, channel, paid, refund)
    report = run_import(shebao, channel, both)
    assert outcomes(report) == ["already-imported", "reversed"] and report["refunded"] == "600.00"
    account = json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json"))
    assert account["balance"] == "0.00"
    assert [(e["kind"], e["amount"]) for e in account["entries"]][:2] == [
        ("contribution-reversal", "-120.00"),
        ("contribution-credit", "120.00"),
    ]
    assert json.loads(shebao.ok("contribution", "list", ZHANG_MIN, "--json")) == []  # February unpaid again
    before = db_snapshot(db_path)
    replay = run_import(shebao, channel, both)
    assert outcomes(replay) == ["already-imported", "already-imported"]
    after = db_snapshot(db_path)
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
    audit = json.loads(shebao.ok("audit", "list", "--action", "payment.reverse", "--json"))
    assert len(audit) == 1


def test_a_notice_refunded_takes_no_second_payment_and_the_month_is_paid_again(shebao: ShebaoCli, tmp_path: Path) -> None:
    journey_start(shebao)
    paid = line("wechat-pay", "4200000001", dt.datetime(2026, 3, 7, 9, 30))
    refund = line("wechat-pay", "4200000001", dt.datetime(2026, 3, 7, 9, 45), reversal=True)
    assert outcomes(run_import(shebao, "wechat-pay", statement(tmp_path, "wechat-pay", paid, refund))) == ["applied", "reversed"]
    again = shebao("payment", "pay", ZHANG_NOTICE, "--channel", "icbc", "--receipt", "ICBC1", today="2026-03-10")
    assert again.exit_code == 1 and "not-accepted" in again.stderr
    shebao.ok(
        "contribution", "pay", ZHANG_MIN, "--month", "2026-02", "--base", "6000", "--channel", "alipay", "--receipt", "AL9",
        today="2026-03-10",
    )  # fmt: skip
    assert json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json", today="2026-03-10"))["balance"] == "120.00"


def test_problems_are_kept_listed_and_resolved(shebao: ShebaoCli, tmp_path: Path, db_path: Path) -> None:
    journey_start(shebao)
    wrong = line("alipay", "A1", dt.datetime(2026, 3, 7, 9, 30), amount=50000)
    unknown = attrs_evolve(line("alipay", "A2", dt.datetime(2026, 3, 7, 9, 31)), notice_number="JF4403002026030299990")
    stray_refund = attrs_evolve(
        line("alipay", "A3", dt.datetime(2026, 3, 7, 9, 32), reversal=True), notice_number="SK4403002026030200013"
    )
    path = statement(tmp_path, "alipay", wrong, unknown, stray_refund)
    report = run_import(shebao, "alipay", path)
    assert outcomes(report) == ["wrong-amount", "unknown-notice", "unknown-payment"]
    listed = json.loads(shebao.ok("payment", "problems", "--json"))
    assert [(p["problem"], p["refund"]) for p in listed] == [
        ("wrong-amount", False),
        ("unknown-notice", False),
        ("unknown-payment", True),
    ]
    run_import(shebao, "alipay", path)  # replayed: the same problems are not kept twice
    assert len(json.loads(shebao.ok("payment", "problems", "--json"))) == 3
    shebao.ok("payment", "resolve", str(listed[0]["id"]), "--note", "payer refunded 500.00 by Alipay")
    open_ = json.loads(shebao.ok("payment", "problems", "--json"))
    assert [p["problem"] for p in open_] == ["unknown-notice", "unknown-payment"]
    every = json.loads(shebao.ok("payment", "problems", "--all", "--json"))
    assert every[0]["resolution"] == "payer refunded 500.00 by Alipay" and every[0]["resolved_by"] == "tester"
    before = db_snapshot(db_path)
    twice = shebao("payment", "resolve", str(listed[0]["id"]), "--note", "again")
    assert twice.exit_code == 1 and "resolve-once" in twice.stderr
    missing = shebao("payment", "resolve", "999", "--note", "x")
    assert missing.exit_code == 1 and "no payment problem 999" in missing.stderr
    empty = shebao("payment", "resolve", str(listed[1]["id"]), "--note", "  ")
    assert empty.exit_code == 2
    assert db_snapshot(db_path) == before
    (entry,) = json.loads(shebao.ok("audit", "list", "--action", "payment.resolve", "--json"))
    assert entry["detail"]["note"] == "payer refunded 500.00 by Alipay"


def test_a_reprinted_notice_is_marked_as_a_copy_and_audited(shebao: ShebaoCli, tmp_path: Path) -> None:
    journey_start(shebao)
    out = tmp_path / "copy.txt"
    shebao.ok("payment", "notice", "--reprint", ZHANG_NOTICE, "--format", "text", "-o", str(out), today="2026-03-05")
    text = out.read_text(encoding="utf-8")
    assert "非税收入缴款通知书（副本）" in text and "2026-03-05 重新打印" in text and ZHANG_NOTICE in text
    html = tmp_path / "copy.html"
    shebao.ok("payment", "notice", "--reprint", ZHANG_NOTICE.lower(), "--format", "html", "-o", str(html), today="2026-03-05")
    assert "（副本）" in html.read_text(encoding="utf-8")
    entries = json.loads(shebao.ok("audit", "list", "--action", "notice.reprint", "--json"))
    assert len(entries) == 2 and entries[0]["detail"]["notice"] == ZHANG_NOTICE
    unknown = shebao("payment", "notice", "--reprint", "JF4403002026030299990")
    assert unknown.exit_code == 1
    mixed = shebao("payment", "notice", ZHANG_MIN, "--reprint", ZHANG_NOTICE)
    assert mixed.exit_code == 2


def attrs_evolve(payment: CollectedPayment, **changes: object) -> CollectedPayment:
    import attrs

    return attrs.evolve(payment, **changes)  # type: ignore[arg-type]


def test_the_ledger_check_holds_after_a_refund_and_a_month_paid_again(shebao: ShebaoCli, tmp_path: Path) -> None:
    journey_start(shebao)
    paid = line("alipay", "A1", dt.datetime(2026, 3, 7, 9, 30))
    refund = line("alipay", "A1R", dt.datetime(2026, 3, 7, 9, 45), reversal=True)
    run_import(shebao, "alipay", statement(tmp_path, "alipay", paid, refund))
    shebao.ok(
        "contribution", "pay", ZHANG_MIN, "--month", "2026-02", "--base", "7000", "--channel", "alipay", "--receipt", "A2",
        today="2026-03-10",
    )  # fmt: skip
    assert json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json", today="2026-03-10"))["balance"] == "140.00"
    shebao.ok("check", today="2026-03-10")
