"""ICBC (中国工商银行) counter collection statement.

A CSV file in **GBK**, comma-separated, one header row with exactly these columns::

    交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道

- 交易日期 ``YYYYMMDD``, 交易时间 ``HH:MM:SS``;
- 金额(元) yuan with two decimals (``20.00``);
- 柜员流水号 the bank's receipt (serial) number, unique per payment;
- 交易渠道 ``柜面`` (counter), ``网上银行`` (online banking) or ``信用卡`` (credit card);
  ``冲正`` marks a reversal of the payment of that notice, for its 金额; its 柜员流水号 is the
  reversal's own serial.

Lines end in CRLF; blank lines are ignored. Example (shown as UTF-8)::

    交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道
    20260305,10:15:02,SK4403002026030200017,陈建,20.00,ICBC0305000123,柜面
"""

import csv
import io
from collections.abc import Sequence

from shebao.i18n import _
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import yuan
from shebao_banks.statements.common import (
    amount,
    collected,
    csv_rows,
    decode,
    encode,
    field_count,
    file_error,
    line_error,
    method_code,
    moment,
    one_line,
    require_columns,
    written_time,
)

COLUMNS = ("交易日期", "交易时间", "缴款通知书编号", "缴款人", "金额(元)", "柜员流水号", "交易渠道")
METHODS = {"柜面": PaymentMethod.COUNTER, "网上银行": PaymentMethod.ONLINE_BANKING, "信用卡": PaymentMethod.CREDIT_CARD}
REVERSAL = "冲正"


def parse(content: bytes, channel: str = "icbc") -> list[CollectedPayment]:
    text = decode(content, "gbk", channel)
    rows = [(number, row) for number, row in csv_rows(text, channel) if any(c.strip() for c in row)]
    if not rows:
        raise file_error(channel, _("the file is empty"))
    header_line, header = rows[0]
    require_columns(header, COLUMNS, channel, header_line)
    return [_payment(row, channel, line) for line, row in rows[1:]]


def _payment(row: list[str], channel: str, line: int) -> CollectedPayment:
    field_count(row, len(COLUMNS), channel, line)
    day, time, notice, _payer, yuan_text, serial, method = (cell.strip() for cell in row)
    if method not in METHODS and method != REVERSAL:
        known = ", ".join([*METHODS, REVERSAL])
        raise line_error(channel, line, _("交易渠道 {method!r} is not one of {known}").format(method=method, known=known))
    return collected(
        channel,
        line,
        (notice, "缴款通知书编号"),
        lambda: (amount(yuan_text, channel, line), moment(f"{day} {time}", "%Y%m%d %H:%M:%S", channel, line)),
        (serial, "柜员流水号"),
        METHODS.get(method),
        method == REVERSAL,
    )


def write(payments: Sequence[CollectedPayment], channel: str = "icbc") -> bytes:
    """``payments`` as ICBC writes them; the payer's name is not in a ``CollectedPayment``, so it is left empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in payments:
        writer.writerow(
            [
                written_time(p.paid_at, "%Y%m%d", channel),
                written_time(p.paid_at, "%H:%M:%S", channel),
                one_line(p.notice_number, "缴款通知书编号", channel),
                "",
                yuan(p.amount),
                one_line(p.receipt, "柜员流水号", channel),
                REVERSAL if p.reversal else method_code(p.method, METHODS, PaymentMethod.COUNTER, channel),
            ]
        )
    return encode(out.getvalue(), "gbk", channel)
