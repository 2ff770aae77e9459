"""The bundled banks write each channel's statement as its bank does: what they write reads
back exactly, and a written file has the form of the bank's own (tests/statements/)."""

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from cardflow import STATEMENTS

from shebao import plugins
from shebao.errors import PluginError
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen
from shebao_banks.statements import abc, alipay, ccb, icbc, wechat

SAMPLES = {
    "icbc": "icbc-2026-03-05.csv",
    "abc": "abc-2026-03-06.txt",
    "ccb": "ccb-2026-03-06.tsv",
    "wechat-pay": "wechat-2026-03-07.csv",
    "alipay": "alipay-2026-03-07.csv",
}
# where the first payment lies in a written file: after the header (and title, banner)
FIRST_LINE = {"icbc": 2, "abc": 2, "ccb": 3, "wechat-pay": 2, "alipay": 6}
METHODS = {
    "icbc": (PaymentMethod.COUNTER, PaymentMethod.ONLINE_BANKING, PaymentMethod.CREDIT_CARD),
    "abc": (PaymentMethod.CREDIT_CARD, PaymentMethod.COUNTER, PaymentMethod.ONLINE_BANKING),
    "ccb": (PaymentMethod.ONLINE_BANKING, PaymentMethod.CREDIT_CARD, PaymentMethod.COUNTER),
    "wechat-pay": (PaymentMethod.WECHAT_PAY,) * 3,
    "alipay": (PaymentMethod.ALIPAY,) * 3,
}


def payments(channel: str) -> list[CollectedPayment]:
    """Three payments with method and line set as the channel's parser sets them."""
    amounts = (Fen(2000), Fen(1), Fen(123_456_789))
    return [
        CollectedPayment(
            channel=channel,
            notice_number=f"SK44030020260302{index:05d}",
            amount=amount,
            paid_at=dt.datetime(2026, 3, 1 + index, 23, 59, 58 + index % 2),
            receipt=f"{channel.upper()}-0302{index:06d}",
            method=method,
            line=FIRST_LINE[channel] + index,
        )
        for index, (amount, method) in enumerate(zip(amounts, METHODS[channel], strict=True))
    ]


def round_trip(channel: str, given: list[CollectedPayment]) -> list[CollectedPayment]:
    chosen = plugins.payment_channel(channel)
    return plugins.parse_statement(chosen, plugins.statement_sample(chosen, given))


@pytest.mark.parametrize("channel", sorted(SAMPLES))
def test_what_a_bank_writes_reads_back_exactly(channel: str) -> None:
    given = payments(channel)
    assert round_trip(channel, given) == given


# a refund's method as each parser reads it: the banks' reversal rows name none
REFUND_METHOD = {"icbc": None, "abc": None, "ccb": None, "wechat-pay": PaymentMethod.WECHAT_PAY, "alipay": PaymentMethod.ALIPAY}


@pytest.mark.parametrize("channel", sorted(SAMPLES))
def test_refunds_and_reversals_are_written_and_read_back(channel: str) -> None:
    """Each channel's refund (WeChat Pay REFUND, Alipay 退款) or reversal (冲正) of a payment."""
    paid = payments(channel)
    refund = attrs.evolve(
        paid[0], receipt=f"R{paid[0].receipt}", method=REFUND_METHOD[channel], line=paid[-1].line + 1, reversal=True
    )
    assert round_trip(channel, [*paid, refund]) == [*paid, refund]


@pytest.mark.parametrize("channel", sorted(SAMPLES))
def test_a_payment_without_method_is_written_with_the_channels_usual_one(channel: str) -> None:
    given = [attrs.evolve(payment, method=None) for payment in payments(channel)]
    usual = {"icbc": PaymentMethod.COUNTER, "abc": PaymentMethod.COUNTER, "ccb": PaymentMethod.COUNTER}
    expected = METHODS[channel][0] if channel not in usual else usual[channel]
    assert [p.method for p in round_trip(channel, given)] == [expected] * 3


@pytest.mark.parametrize("channel", sorted(SAMPLES))
def test_the_bank_files_read_back_the_same_when_written_again(channel: str) -> None:
    read = plugins.parse_statement(plugins.payment_channel(channel), (STATEMENTS / SAMPLES[channel]).read_bytes())
    assert round_trip(channel, read) == read


# ---- form: the bank's own file, but for what a CollectedPayment does not carry ---------


def _lines(content: bytes, encoding: str) -> list[str]:
    return content.decode(encoding).splitlines(keepends=True)


def _blank(line: str, sep: str, columns: tuple[int, ...], empty: str = "") -> str:
    body, end = line.rstrip("\r\n"), line[len(line.rstrip("\r\n")) :]
    cells = body.split(sep)
    return sep.join(empty if index in columns else cell for index, cell in enumerate(cells)) + end


def _sample(name: str, encoding: str) -> list[str]:
    return _lines((STATEMENTS / name).read_bytes(), encoding)


def _written(channel: str, write: Callable[..., bytes], encoding: str, **options: object) -> list[str]:
    read = plugins.parse_statement(plugins.payment_channel(channel), (STATEMENTS / SAMPLES[channel]).read_bytes())
    return _lines(write(read, channel, **options), encoding)


def test_icbc_writes_the_bank_file_but_the_payer() -> None:
    expected = [line if n == 0 else _blank(line, ",", (3,)) for n, line in enumerate(_sample(SAMPLES["icbc"], "gbk"))]
    assert _written("icbc", icbc.write, "gbk") == expected


def test_abc_writes_the_bank_file_byte_for_byte() -> None:
    read = plugins.parse_statement(plugins.payment_channel("abc"), (STATEMENTS / SAMPLES["abc"]).read_bytes())
    assert abc.write(read, "abc", unit="深圳市社会保险基金") == (STATEMENTS / SAMPLES["abc"]).read_bytes()


def test_ccb_writes_the_bank_file_but_the_payer() -> None:
    sample = _sample(SAMPLES["ccb"], "gb18030")
    expected = sample[:2] + [_blank(line, "\t", (3,)) for line in sample[2:-1]] + sample[-1:]
    assert _written("ccb", ccb.write, "gb18030") == expected


def test_wechat_writes_the_bank_bill_with_refunds_but_what_a_payment_does_not_carry() -> None:
    sample = _sample(SAMPLES["wechat-pay"], "utf-8")
    # app id, merchant number, payer and item are not carried
    rows = [_blank(line, ",", (1, 2, 5, 9), "`") for line in sample[1:-2]]
    assert _written("wechat-pay", wechat.write, "utf-8") == [sample[0], *rows, sample[-2], sample[-1]]


def test_alipay_writes_the_bank_export_with_refunds_but_what_a_payment_does_not_carry() -> None:
    sample = _sample(SAMPLES["alipay"], "gbk")
    # item, creation time and payer's account are not carried
    expected = [_blank(line, ",", (3, 4, 6)) if line[0].isdigit() else line for line in sample]
    written = _written("alipay", alipay.write, "gbk", account="20880000000000000156", exported_at=dt.datetime(2026, 3, 8, 9))
    assert written == expected


# ---- what cannot be written ------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "change", "message"),
    [
        ("icbc", {"method": PaymentMethod.WECHAT_PAY}, "no way to write payment method wechat-pay"),
        ("wechat-pay", {"method": PaymentMethod.COUNTER}, "no way to write payment method bank-counter"),
        ("abc", {"receipt": "ABC|1"}, "cannot be written in one field"),
        ("ccb", {"paid_at": dt.datetime(2026, 3, 2, 9, 0, 0, 500)}, "whole seconds"),
        ("alipay", {"notice_number": "SK\u20ac"}, "cannot be written in GBK"),
    ],
)
def test_a_payment_the_format_cannot_hold_is_refused(channel: str, change: dict[str, object], message: str) -> None:
    given = [attrs.evolve(payments(channel)[0], **change)]  # type: ignore[arg-type]
    with pytest.raises(PluginError, match=message):
        plugins.statement_sample(plugins.payment_channel(channel), given)


def test_a_card_number_with_a_wrong_check_digit_has_no_issuer() -> None:
    assert plugins.bank_card_issuer("6222024000123456788") == "中国工商银行"
    assert plugins.bank_card_issuer("6222024000123456789") is None
