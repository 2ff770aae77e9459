"""China Construction Bank (中国建设银行) collection statement.

A tab-separated text file in **GB18030** with a title line, a header row, detail rows
and a closing total row::

    中国建设银行代收业务明细
    序号<TAB>交易时间<TAB>业务编号<TAB>付款人<TAB>交易金额<TAB>流水号<TAB>渠道
    1<TAB>2026-03-06 14:20:05<TAB>SK4403002026030200033<TAB>李娜<TAB>20.00<TAB>CCB6607000001<TAB>柜台
    合计<TAB>1笔<TAB>20.00

- 交易时间 ``YYYY-MM-DD HH:MM:SS``; 交易金额 yuan, thousands may be separated by commas;
- 业务编号 is the notice number; 流水号 the bank's serial number;
- 渠道 ``柜台`` (counter), ``网银`` (online banking) or ``信用卡`` (credit card); ``冲正`` marks a
  reversal of the payment of that 业务编号, for its 交易金额 (its 流水号 the reversal's own);
- the 合计 row gives the number of rows and the net total (payments less reversals), checked
  against the details;
- lines end in LF, the last one too.
"""

from collections.abc import Sequence

from shebao.i18n import _, ngettext
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import yuan
from shebao_banks.statements.common import (
    amount,
    collected,
    decode,
    encode,
    field_count,
    file_error,
    line_error,
    method_code,
    moment,
    net_total,
    one_line,
    require_columns,
    signed_amount,
    written_time,
)

TITLE = "中国建设银行代收业务明细"
COLUMNS = ("序号", "交易时间", "业务编号", "付款人", "交易金额", "流水号", "渠道")
METHODS = {"柜台": PaymentMethod.COUNTER, "网银": PaymentMethod.ONLINE_BANKING, "信用卡": PaymentMethod.CREDIT_CARD}
REVERSAL = "冲正"


def parse(content: bytes, channel: str = "ccb") -> list[CollectedPayment]:
    text = decode(content, "gb18030", channel).lstrip("\ufeff")
    lines = [(number, line.rstrip("\r")) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not lines or lines[0][1].strip() != TITLE:
        raise line_error(channel, 1, _("expected the title {title}").format(title=TITLE))
    if len(lines) < 3:
        raise file_error(channel, _("expected a header row and a 合计 row after the title"))
    require_columns(lines[1][1].split("\t"), COLUMNS, channel, lines[1][0])
    total_line, total_row = lines[-1][0], lines[-1][1].split("\t")
    if total_row[0].strip() != "合计" or len(total_row) != 3:
        raise line_error(channel, total_line, _("expected the closing row 合计<TAB><n>笔<TAB><total>"))
    payments = [_payment(raw.split("\t"), channel, line) for line, raw in lines[2:-1]]
    count = f"{len(payments)}笔"
    total = signed_amount(total_row[2], channel, total_line) if payments else None
    if total_row[1].strip() != count or (payments and total != net_total(payments)):
        problem = ngettext(
            "the 合计 row does not match the {count} row", "the 合计 row does not match the {count} rows", len(payments)
        )
        raise line_error(channel, total_line, problem.format(count=len(payments)))
    return payments


def _payment(fields: list[str], channel: str, line: int) -> CollectedPayment:
    field_count(fields, len(COLUMNS), channel, line)
    _number, when, notice, _payer, yuan_text, serial, method = (f.strip() for f in fields)
    if method not in METHODS and method != REVERSAL:
        known = ", ".join([*METHODS, REVERSAL])
        raise line_error(channel, line, _("渠道 {method!r} is not one of {known}").format(method=method, known=known))
    return collected(
        channel,
        line,
        (notice, "业务编号"),
        lambda: (amount(yuan_text, channel, line), moment(when, "%Y-%m-%d %H:%M:%S", channel, line)),
        (serial, "流水号"),
        METHODS.get(method),
        method == REVERSAL,
    )


def write(payments: Sequence[CollectedPayment], channel: str = "ccb") -> bytes:
    """``payments`` as CCB writes them; the payer's name is not in a ``CollectedPayment``, so it is left empty."""
    rows = [[TITLE], list(COLUMNS)]
    for number, p in enumerate(payments, start=1):
        rows.append(
            [
                str(number),
                written_time(p.paid_at, "%Y-%m-%d %H:%M:%S", channel),
                one_line(p.notice_number, "业务编号", channel, "\t"),
                "",
                yuan(p.amount),
                one_line(p.receipt, "流水号", channel, "\t"),
                REVERSAL if p.reversal else method_code(p.method, METHODS, PaymentMethod.COUNTER, channel),
            ]
        )
    rows.append(["合计", f"{len(payments)}笔", yuan(net_total(payments))])
    return encode("".join("\t".join(row) + "\n" for row in rows), "gb18030", channel)
