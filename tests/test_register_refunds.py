"""Money in, reconciled both ways: refunds and reversals in every channel's statement undo
their payment's credit once; problems are kept until resolved; a notice reprinted is a copy."""

import datetime as dt
import json
from pathlib import Path

import pytest
from cardflow import ZHANG_MIN, ZHANG_NOTICE, journey_start
from helpers import ShebaoCli, db_snapshot

from shebao import plugins
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL

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
    shebao: ShebaoCli, tmp_path: Path, db_target: str | Path, channel: str
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
    assert json.loads(shebao.ok("contribution", "list", ZHANG_MIN, "--json"))["items"] == []  # February unpaid again
    before = db_snapshot(db_target)
    replay = run_import(shebao, channel, both)
    assert outcomes(replay) == ["already-imported", "already-imported"]
    after = db_snapshot(db_target)
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
    audit = json.loads(shebao.ok("audit", "list", "--action", "payment.reverse", "--json"))["items"]
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


def test_problems_are_kept_listed_and_resolved(shebao: ShebaoCli, tmp_path: Path, db_target: str | Path) -> None:
    journey_start(shebao)
    wrong = line("alipay", "A1", dt.datetime(2026, 3, 7, 9, 30), amount=50000)
    unknown = attrs_evolve(line("alipay", "A2", dt.datetime(2026, 3, 7, 9, 31)), notice_number="JF4403002026030299990")
    stray_refund = attrs_evolve(
        line("alipay", "A3", dt.datetime(2026, 3, 7, 9, 32), reversal=True), notice_number="SK4403002026030200013"
    )
    path = statement(tmp_path, "alipay", wrong, unknown, stray_refund)
    report = run_import(shebao, "alipay", path)
    assert outcomes(report) == ["wrong-amount", "unknown-notice", "unknown-payment"]
    listed = json.loads(shebao.ok("payment", "problems", "--json"))["items"]
    assert [(p["problem"], p["refund"]) for p in listed] == [
        ("wrong-amount", False),
        ("unknown-notice", False),
        ("unknown-payment", True),
    ]
    run_import(shebao, "alipay", path)  # replayed: the same problems are not kept twice
    assert len(json.loads(shebao.ok("payment", "problems", "--json"))["items"]) == 3
    shebao.ok("payment", "resolve", str(listed[0]["id"]), "--note", "payer refunded 500.00 by Alipay")
    open_ = json.loads(shebao.ok("payment", "problems", "--json"))["items"]
    assert [p["problem"] for p in open_] == ["unknown-notice", "unknown-payment"]
    every = json.loads(shebao.ok("payment", "problems", "--all", "--json"))["items"]
    assert every[0]["resolution"] == "payer refunded 500.00 by Alipay" and every[0]["resolved_by"] == "tester"
    before = db_snapshot(db_target)
    twice = shebao("payment", "resolve", str(listed[0]["id"]), "--note", "again")
    assert twice.exit_code == 1 and "resolve-once" in twice.stderr
    missing = shebao("payment", "resolve", "999", "--note", "x")
    assert missing.exit_code == 1 and "no payment problem 999" in missing.stderr
    empty = shebao("payment", "resolve", str(listed[1]["id"]), "--note", "  ")
    assert empty.exit_code == 2
    assert db_snapshot(db_target) == before
    (entry,) = json.loads(shebao.ok("audit", "list", "--action", "payment.resolve", "--json"))["items"]
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
    entries = json.loads(shebao.ok("audit", "list", "--action", "notice.reprint", "--json"))["items"]
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


# Each channel's own file with a payment and its refund or reversal, as the bank writes them
# (the formats are documented in each parser's docstring).
REFUND_FILES = {
    "icbc": (
        "gbk",
        "交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道\r\n"
        f"20260307,09:30:00,{ZHANG_NOTICE},张敏,600.00,ICBC0307000001,柜面\r\n"
        f"20260307,15:02:11,{ZHANG_NOTICE},张敏,600.00,ICBC0307000002,冲正\r\n",
    ),
    "abc": (
        "gbk",
        "H|ABC|深圳市社会保险基金|2026-03-07\n"
        f"D|ABC20260307000001|{ZHANG_NOTICE}|60000|20260307093000|01\n"
        f"D|ABC20260307000002|{ZHANG_NOTICE}|60000|20260307150211|09\n"
        "T|2|0\n",
    ),
    "ccb": (
        "gb18030",
        "中国建设银行代收业务明细\n序号\t交易时间\t业务编号\t付款人\t交易金额\t流水号\t渠道\n"
        f"1\t2026-03-07 09:30:00\t{ZHANG_NOTICE}\t张敏\t600.00\tCCB6607000001\t网银\n"
        f"2\t2026-03-07 15:02:11\t{ZHANG_NOTICE}\t张敏\t600.00\tCCB6607000002\t冲正\n"
        "合计\t2笔\t0.00\n",
    ),
    "wechat-pay": (
        "utf-8",
        "交易时间,公众账号ID,商户号,微信订单号,商户订单号,用户标识,交易类型,交易状态,应结订单金额,商品名称\n"
        f"`2026-03-07 09:30:00,`wx01,`1900000001,`4200002026030700000001,`{ZHANG_NOTICE},`oU1,`NATIVE,`SUCCESS,`600.00,`医保费\n"
        f"`2026-03-07 15:02:11,`wx01,`1900000001,`4200002026030700000001,`{ZHANG_NOTICE},`oU1,`NATIVE,`REFUND,`600.00,`医保费\n"
        "总交易单数,应结订单总金额,退款总金额,手续费总金额\n`1,`600.00,`600.00,`0.00\n",
    ),
    "alipay": (
        "gbk",
        "#支付宝业务明细查询\r\n#账号：[20880000000000000156]\r\n"
        "#起始日期：[2026-03-07 00:00:00]    终止日期：[2026-03-08 00:00:00]\r\n"
        "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,对方账户,收入金额(+元),支出金额(-元),备注\r\n"
        f"2026030722001400001,{ZHANG_NOTICE},交易,医保费,2026-03-07 09:29:50,2026-03-07 09:30:00,zha***@mail,600.00,,\r\n"
        f"2026030722001400002,{ZHANG_NOTICE},退款,医保费,2026-03-07 15:02:01,2026-03-07 15:02:11,zha***@mail,,600.00,\r\n"
        "#导出时间：[2026-03-08 09:00:00]\r\n",
    ),
}


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_banks_own_file_with_a_refund_nets_to_nothing(shebao: ShebaoCli, tmp_path: Path, channel: str) -> None:
    journey_start(shebao)
    encoding, text = REFUND_FILES[channel]
    path = tmp_path / f"{channel}.txt"
    path.write_bytes(text.encode(encoding))
    assert outcomes(run_import(shebao, channel, path)) == ["applied", "reversed"]
    assert json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json"))["balance"] == "0.00"
    assert json.loads(shebao.ok("contribution", "list", ZHANG_MIN, "--json"))["items"] == []
    assert outcomes(run_import(shebao, channel, path)) == ["already-imported", "already-imported"]
