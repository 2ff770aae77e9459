"""Reconciliation: five channels' statement formats, replays, problems reported, bad files refused."""

import json
from pathlib import Path

import pytest
from cardflow import CHEN_NOTICE, LI_NOTICE, SAMPLES, STATEMENTS, WANG_NOTICE, ZHANG_MIN, ZHANG_NOTICE, journey_start
from helpers import ShebaoCli, db_snapshot

from shebao import plugins
from shebao.errors import InputError

pytestmark = pytest.mark.usefixtures("engine")  # on SQLite and on PostgreSQL


def _import(shebao: ShebaoCli, channel: str, file: Path, today: str = "2026-03-08") -> dict[str, object]:
    """Import; the exit status is 3 exactly when problems were found (and kept)."""
    result = shebao("payment", "import", "--channel", channel, str(file), "--json", today=today)
    report: dict[str, object] = json.loads(result.stdout)
    assert result.exit_code == (3 if report["problems"] else 0), result.stderr
    return report


def _outcomes(report: dict[str, object]) -> list[tuple[str, str]]:
    return [(line["notice"], line["outcome"]) for line in report["lines"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("channel", sorted(SAMPLES))
def test_each_sample_statement_parses(channel: str) -> None:
    payments = plugins.parse_statement(plugins.payment_channel(channel), (STATEMENTS / SAMPLES[channel]).read_bytes())
    assert payments and all(p.channel == channel and p.amount > 0 and p.receipt for p in payments)


def test_icbc_import_applies_good_lines_and_reports_the_rest(shebao: ShebaoCli) -> None:
    journey_start(shebao)
    report = _import(shebao, "icbc", STATEMENTS / SAMPLES["icbc"])
    assert _outcomes(report) == [
        (CHEN_NOTICE, "applied"),
        ("SK4403002026030200047", "unknown-notice"),
        (LI_NOTICE, "wrong-amount"),
        (CHEN_NOTICE, "duplicate-line"),
    ]
    assert report["applied"] == 1 and report["problems"] == 3 and report["credited"] == "20.00"
    chen = json.loads(shebao.ok("card", "show", "SQ202603020001", "--json"))
    assert chen["state"] == "paid" and chen["paid_on"] == "2026-03-05"
    li = json.loads(shebao.ok("card", "show", "SQ202603020002", "--json"))
    assert li["state"] == "applied"


def test_replaying_a_statement_credits_nothing_twice(shebao: ShebaoCli, db_target: str | Path) -> None:
    journey_start(shebao)
    _import(shebao, "icbc", STATEMENTS / SAMPLES["icbc"])
    payments = json.loads(shebao.ok("payment", "list", "--json"))["items"]
    again = _import(shebao, "icbc", STATEMENTS / SAMPLES["icbc"])
    assert _outcomes(again)[0] == (CHEN_NOTICE, "already-imported")
    assert again["applied"] == 0 and again["credited"] == "0.00"
    assert json.loads(shebao.ok("payment", "list", "--json"))["items"] == payments


def test_every_channel_reconciles_card_fees_and_contributions(shebao: ShebaoCli) -> None:
    journey_start(shebao)
    _import(shebao, "icbc", STATEMENTS / SAMPLES["icbc"])
    abc = _import(shebao, "abc", STATEMENTS / SAMPLES["abc"])
    assert _outcomes(abc) == [(WANG_NOTICE, "applied")]
    ccb = _import(shebao, "ccb", STATEMENTS / SAMPLES["ccb"])
    assert _outcomes(ccb) == [(LI_NOTICE, "applied")]
    wechat = _import(shebao, "wechat-pay", STATEMENTS / SAMPLES["wechat-pay"])
    # the REFUND row refunds a payment of another notice that was never credited here
    assert _outcomes(wechat) == [(ZHANG_NOTICE, "applied"), ("JF4403002026030200021", "unknown-payment")]
    alipay = _import(shebao, "alipay", STATEMENTS / SAMPLES["alipay"])
    # paid at ICBC already: reported, not applied; its 退款 refunds no Alipay payment
    assert _outcomes(alipay) == [(CHEN_NOTICE, "already-paid"), (CHEN_NOTICE, "unknown-payment")]
    # the contribution: recorded for February, paid by WeChat Pay, the account credited 2% of the base
    contributions = json.loads(shebao.ok("contribution", "list", ZHANG_MIN, "--json"))["items"]
    assert [(c["period"], c["channel"], c["total"]) for c in contributions] == [("2026-02", "wechat-pay", "600.00")]
    account = json.loads(shebao.ok("account", "show", ZHANG_MIN, "--json"))
    assert account["balance"] == "120.00"
    methods = {p["notice"]: (p["channel"], p["method"]) for p in json.loads(shebao.ok("payment", "list", "--json"))["items"]}
    assert methods[WANG_NOTICE] == ("abc", "online-banking")
    assert methods[ZHANG_NOTICE] == ("wechat-pay", "wechat-pay")


def test_contribution_notice_only_for_self_paying_persons_once_a_month(shebao: ShebaoCli) -> None:
    journey_start(shebao)
    from cardflow import LI_NA

    employee = shebao("payment", "notice", LI_NA, "--month", "2026-02", "--base", "6000.00")
    assert employee.exit_code == 1 and "self-paying" in employee.stderr
    twice = shebao("payment", "notice", ZHANG_MIN, "--month", "2026-02", "--base", "6000.00")
    assert twice.exit_code == 1 and "one-notice-per-month" in twice.stderr
    paid = json.loads(
        shebao.ok("payment", "pay", ZHANG_NOTICE, "--channel", "icbc", "--method", "credit-card", "--receipt", "CC-1", "--json")
    )
    assert paid["method"] == "credit-card" and paid["amount"] == "600.00"
    contributions = json.loads(shebao.ok("contribution", "list", ZHANG_MIN, "--json"))["items"]
    assert contributions[0]["channel"] == "credit-card"


def _bad_files(tmp_path: Path) -> list[tuple[str, Path, str]]:
    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    icbc_header = "交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道\n"
    return [
        ("icbc", write("empty.csv", b""), "empty"),
        (
            "icbc",
            write("utf8.csv", (icbc_header + "20260305,10:15:02,SK4403002026030200013,陈建,20.00,X1,柜面\n").encode("utf-8")),
            "not GBK",
        ),
        (
            "icbc",
            write("columns.csv", "日期,编号,金额\n20260305,SK4403002026030200013,20.00\n".encode("gbk")),
            "expected columns",
        ),
        (
            "icbc",
            write("amount.csv", (icbc_header + "20260305,10:15:02,SK4403002026030200013,陈建,二十,X1,柜面\n").encode("gbk")),
            "line 2",
        ),
        (
            "abc",
            write("abc.txt", "H|ABC|x|2026-03-06\nD|S1|SK4403002026030200039|2000|20260306093011|01\nT|2|4000\n".encode("gbk")),
            "trailer",
        ),
        ("ccb", write("ccb.tsv", "序号\t交易时间\n".encode("gb18030")), "title"),
        ("wechat-pay", write("wx.csv", b"\xff\xfe\x00garbage"), "not UTF-8"),
        ("wechat-pay", write("wx2.csv", "交易时间,金额\n`2026-03-07 20:01:33,`600.00\n".encode()), "expected columns"),
        ("alipay", write("ali.csv", "#支付宝业务明细查询\n#导出时间\n".encode("gbk")), "no header row"),
    ]


def test_bad_files_are_refused_with_one_line_and_nothing_applied(
    shebao: ShebaoCli, db_target: str | Path, tmp_path: Path
) -> None:
    journey_start(shebao)
    before = db_snapshot(db_target)
    for channel, path, message in _bad_files(tmp_path):
        result = shebao("payment", "import", "--channel", channel, str(path))
        assert result.exit_code == 2, (channel, path.name, result)
        assert message in result.stderr, (path.name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    unknown = shebao("payment", "import", "--channel", "boc", str(STATEMENTS / SAMPLES["icbc"]))
    assert unknown.exit_code == 2 and "'boc' is not one of 'abc', 'alipay', 'ccb', 'icbc', 'wechat-pay'" in unknown.stderr
    assert db_snapshot(db_target) == before


def test_a_statement_of_another_channel_is_refused_by_its_format(shebao: ShebaoCli) -> None:
    with pytest.raises(InputError, match="icbc statement"):
        plugins.parse_statement(plugins.payment_channel("icbc"), (STATEMENTS / SAMPLES["alipay"]).read_bytes())


def test_large_statement_imports_in_one_go(shebao: ShebaoCli, tmp_path: Path) -> None:
    journey_start(shebao)
    lines = ["交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道"]
    lines += [f"20260305,09:00:00,SK4403002026030299990,某人,20.00,BULK{n:05d},柜面" for n in range(2000)]
    path = tmp_path / "bulk.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    report = _import(shebao, "icbc", path)
    assert report["problems"] == 2000 and report["applied"] == 0
