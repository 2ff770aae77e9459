"""Alipay (支付宝) account statement (业务明细), as exported from the merchant site.

A CSV file in **GBK**. Lines starting with ``#`` are Alipay's banner and footer and are
skipped; the first other line is the header with exactly these columns::

    支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,对方账户,收入金额(+元),支出金额(-元),备注

- 完成时间 ``YYYY-MM-DD HH:MM:SS`` is when the money arrived;
- 商户订单号 is the notice number, 支付宝交易号 the receipt;
- 业务类型 ``交易`` with an income are payments; ``退款`` rows with an expense are refunds of
  the payment of their 商户订单号 (the notice), 支付宝交易号 being the refund's own number;
  ``提现`` (withdrawals to the bank) are skipped;
- the banner gives the account, the period (起始日期 and 终止日期, the day after the last)
  and the list's start; the footer the list's end and the export time; lines end in CRLF.

Example::

    #支付宝业务明细查询
    #账号：[20880000000000000156]
    #起始日期：[2026-03-07 00:00:00]    终止日期：[2026-03-08 00:00:00]
    #-----------------------------------------业务明细列表----------------------------------------
    支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,对方账户,收入金额(+元),支出金额(-元),备注
    2026030722001400001,JF4403002026030200016,交易,基本医疗保险费,2026-03-07 08:00:01,2026-03-07 08:00:09,zha***@mail,600.00,,
    #-----------------------------------------业务明细列表结束------------------------------------
    #导出时间：[2026-03-08 09:00:00]
"""

import csv
import datetime as dt
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
    statement_day,
    written_time,
)

COLUMNS = (
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "对方账户",
    "收入金额(+元)",
    "支出金额(-元)",
    "备注",
)
KINDS = {"交易", "退款", "提现"}
LIST_START = "#" + "-" * 41 + "业务明细列表" + "-" * 40
LIST_END = "#" + "-" * 41 + "业务明细列表结束" + "-" * 36
TIME = "%Y-%m-%d %H:%M:%S"


def parse(content: bytes, channel: str = "alipay") -> list[CollectedPayment]:
    text = decode(content, "gbk", channel)
    rows = [
        (number, row)
        for number, row in csv_rows(text, channel)
        if any(c.strip() for c in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        raise file_error(channel, _("no header row (only # lines or nothing)"))
    require_columns(rows[0][1], COLUMNS, channel, rows[0][0])
    return [payment for line, row in rows[1:] if (payment := _payment(row, channel, line)) is not None]


def _payment(row: list[str], channel: str, line: int) -> CollectedPayment | None:
    """One row: a 交易 with an income, or a 退款 with an expense; any other row is None."""
    field_count(row, len(COLUMNS), channel, line)
    trade, notice, kind, _item, _created, finished, _payer, income, expense, _note = (c.strip() for c in row)
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise line_error(channel, line, _("业务类型 {kind!r} is not one of {known}").format(kind=kind, known=known))
    refund = kind == "退款" and bool(expense)
    if not refund and (kind != "交易" or not income):
        return None
    return collected(
        channel,
        line,
        (notice, "商户订单号"),
        lambda: (amount(expense if refund else income, channel, line), moment(finished, "%Y-%m-%d %H:%M:%S", channel, line)),
        (trade, "支付宝交易号"),
        PaymentMethod.ALIPAY,
        refund,
    )


def write(
    payments: Sequence[CollectedPayment], channel: str = "alipay", account: str = "", exported_at: dt.datetime | None = None
) -> bytes:
    """``payments`` as Alipay exports them: each a 交易 with an income or a 退款 with an expense,
    between the banner and footer.

    The period runs from the day of the first payment to the day after the last; the export
    time is the period's end unless given. Cells a ``CollectedPayment`` does not carry
    (item, creation time, payer's account, note) are left empty.
    """
    start = min(p.paid_at for p in payments).date() if payments else statement_day(payments, channel)
    end = dt.datetime.combine(statement_day(payments, channel) + dt.timedelta(days=1), dt.time())
    out = io.StringIO()
    out.write(f"#支付宝业务明细查询\r\n#账号：[{one_line(account, '账号', channel, ']')}]\r\n")
    out.write(f"#起始日期：[{dt.datetime.combine(start, dt.time()):{TIME}}]    终止日期：[{end:{TIME}}]\r\n")
    out.write(LIST_START + "\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for p in payments:
        receipt = one_line(p.receipt, "支付宝交易号", channel, "#")
        method_code(p.method, {"交易": PaymentMethod.ALIPAY}, PaymentMethod.ALIPAY, channel)
        paid_at = written_time(p.paid_at, TIME, channel)
        kind, income, expense = ("退款", "", yuan(p.amount)) if p.reversal else ("交易", yuan(p.amount), "")
        notice = one_line(p.notice_number, "商户订单号", channel)
        writer.writerow([receipt, notice, kind, "", "", paid_at, "", income, expense, ""])
    out.write(f"{LIST_END}\r\n#导出时间：[{written_time(exported_at or end, TIME, channel)}]\r\n")
    return encode(out.getvalue(), "gbk", channel)
