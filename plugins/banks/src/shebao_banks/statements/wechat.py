"""WeChat Pay (微信支付) merchant trade bill, as downloaded from the merchant platform.

A CSV file in **UTF-8** (a byte-order mark is allowed). The first row is the header with
exactly these columns; every data cell starts with a backtick (`` ` ``), as WeChat writes
them so that spreadsheets keep long numbers as text::

    交易时间,公众账号ID,商户号,微信订单号,商户订单号,用户标识,交易类型,交易状态,应结订单金额,商品名称

- 交易时间 ``YYYY-MM-DD HH:MM:SS``; 应结订单金额 yuan (``20.00``);
- 商户订单号 is the notice number, 微信订单号 the receipt;
- rows whose 交易状态 is ``SUCCESS`` are payments; ``REFUND`` rows are refunds of the payment
  of their 商户订单号 (the notice), for their 应结订单金额; ``REVOKED`` rows (never paid) are skipped;
- after the data rows WeChat appends a summary: the row
  ``总交易单数,应结订单总金额,退款总金额,手续费总金额`` and one row of totals, backticked
  too; the number of SUCCESS rows and the refunds' total are checked against it;
- lines end in LF, the last one too.

Example::

    交易时间,公众账号ID,商户号,微信订单号,商户订单号,用户标识,交易类型,交易状态,应结订单金额,商品名称
    `2026-03-07 20:01:33,`wx01,`1900000001,`4200002026030712345678,`JF4403002026030200013,`oUpF8u,`NATIVE,`SUCCESS,`600.00,`医保费
    总交易单数,应结订单总金额,退款总金额,手续费总金额
    `1,`600.00,`0.00,`0.00
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
    signed_amount,
    written_time,
)

COLUMNS = (
    "交易时间",
    "公众账号ID",
    "商户号",
    "微信订单号",
    "商户订单号",
    "用户标识",
    "交易类型",
    "交易状态",
    "应结订单金额",
    "商品名称",
)
STATES = {"SUCCESS", "REFUND", "REVOKED"}
SUMMARY = ("总交易单数", "应结订单总金额", "退款总金额", "手续费总金额")
TRADE_TYPES = {"NATIVE": PaymentMethod.WECHAT_PAY}  # the payer scanned the QR code on the notice


def _cell(text: str) -> str:
    return text.strip().removeprefix("`").strip()


def parse(content: bytes, channel: str = "wechat-pay") -> list[CollectedPayment]:
    text = decode(content, "utf-8", channel).lstrip("\ufeff")
    rows = [(number, row) for number, row in csv_rows(text, channel) if any(c.strip() for c in row)]
    if not rows:
        raise file_error(channel, _("the file is empty"))
    require_columns(rows[0][1], COLUMNS, channel, rows[0][0])
    summary = next((i for i, (_line, row) in enumerate(rows) if row and row[0].strip() == "总交易单数"), None)
    if summary is None or summary + 1 >= len(rows):
        raise file_error(channel, _("the summary rows (总交易单数 ...) are missing at the end"))
    payments = [payment for line, row in rows[1:summary] if (payment := _payment(row, channel, line)) is not None]
    _check_summary(rows, summary, payments, channel)
    return payments


def _payment(row: list[str], channel: str, line: int) -> CollectedPayment | None:
    """One trade row; a revoked trade (never paid) is None."""
    field_count(row, len(COLUMNS), channel, line)
    when, _app, _merchant, order, notice, _user, _type, state, yuan_text, _item = (_cell(c) for c in row)
    if state not in STATES:
        known = ", ".join(sorted(STATES))
        raise line_error(channel, line, _("交易状态 {state!r} is not one of {known}").format(state=state, known=known))
    if state == "REVOKED":
        return None
    return collected(
        channel,
        line,
        (notice, "商户订单号"),
        lambda: (amount(yuan_text, channel, line), moment(when, "%Y-%m-%d %H:%M:%S", channel, line)),
        (order, "微信订单号"),
        PaymentMethod.WECHAT_PAY,
        state == "REFUND",
    )


def _check_summary(rows: list[tuple[int, list[str]]], summary: int, payments: list[CollectedPayment], channel: str) -> None:
    """The summary's refund total and trade count agree with the rows."""
    totals_line, totals = rows[summary + 1]
    refunded = sum(p.amount for p in payments if p.reversal)
    if len(totals) >= 3 and signed_amount(_cell(totals[2]), channel, totals_line) != refunded:
        problem = _("summary 退款总金额 {stated}, the REFUND rows come to {found}")
        raise line_error(channel, totals_line, problem.format(stated=_cell(totals[2]), found=yuan(refunded)))
    successes = sum(1 for _line, row in rows[1:summary] if len(row) == len(COLUMNS) and _cell(row[7]) == "SUCCESS")
    if not totals or _cell(totals[0]) != str(successes):
        problem = _("summary counts {stated} trades, the file has {count}")
        raise line_error(channel, totals_line, problem.format(stated=_cell(totals[0]) if totals else "?", count=successes))


def write(payments: Sequence[CollectedPayment], channel: str = "wechat-pay") -> bytes:
    """``payments`` as WeChat writes its bill: each a SUCCESS or a REFUND, with a UTF-8 byte-order mark.

    Cells a ``CollectedPayment`` does not carry (app id, merchant number, payer, item) are
    left empty, each still starting with its backtick.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in payments:
        cells = (
            written_time(p.paid_at, "%Y-%m-%d %H:%M:%S", channel),
            "",
            "",
            one_line(p.receipt, "微信订单号", channel),
            one_line(p.notice_number, "商户订单号", channel),
            "",
            method_code(p.method, TRADE_TYPES, PaymentMethod.WECHAT_PAY, channel),
            "REFUND" if p.reversal else "SUCCESS",
            yuan(p.amount),
            "",
        )
        writer.writerow(f"`{cell}" for cell in cells)
    writer.writerow(SUMMARY)
    paid = [p for p in payments if not p.reversal]
    refunded = sum(p.amount for p in payments if p.reversal)
    writer.writerow(f"`{cell}" for cell in (str(len(paid)), yuan(sum(p.amount for p in paid)), yuan(refunded), yuan(0)))
    return encode("\ufeff" + out.getvalue(), "utf-8", channel)
