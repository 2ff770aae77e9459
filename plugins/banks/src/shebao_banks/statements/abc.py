"""Agricultural Bank of China (中国农业银行) collection statement.

A fixed-record text file in **GBK**, fields separated by ``|``, one record per line:

- header ``H|ABC|<collecting unit>|<statement date YYYY-MM-DD>`` (first line);
- detail ``D|<bank serial>|<notice number>|<amount in fen, integer>|<paid YYYYMMDDHHMMSS>|<method>``
  where method is ``01`` counter, ``02`` online banking, ``03`` credit card, or ``09`` a
  reversal (冲正) of the payment of that notice, for the amount given (the serial its own);
- trailer ``T|<number of detail records>|<net total in fen>`` (last line: payments less
  reversals), checked against the details.

Lines end in LF, the last one too.

Example::

    H|ABC|深圳市社会保险基金|2026-03-06
    D|ABC20260306000045|SK4403002026030200025|2000|20260306093011|01
    T|1|2000
"""

from collections.abc import Sequence

from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen
from shebao_banks.statements.common import (
    StatementError,
    collected,
    decode,
    encode,
    field_count,
    method_code,
    moment,
    net_total,
    one_line,
    statement_day,
    written_time,
)

METHODS = {"01": PaymentMethod.COUNTER, "02": PaymentMethod.ONLINE_BANKING, "03": PaymentMethod.CREDIT_CARD}
REVERSAL = "09"


def _fen(text: str, channel: str, line: int) -> Fen:
    # ASCII digits only: str.isdigit() also takes full-width and other scripts' digits
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise StatementError(f"{channel} statement line {line}: amount {text!r} is not a positive whole number of fen")
    return Fen(int(text))


def parse(content: bytes, channel: str = "abc") -> list[CollectedPayment]:
    text = decode(content, "gbk", channel)
    records = [(number, line.rstrip("\r").split("|")) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not records or records[0][1][0] != "H" or len(records[0][1]) != 4 or records[0][1][1] != "ABC":
        raise StatementError(f"{channel} statement line 1: expected the header record H|ABC|<unit>|<date>")
    trailer_line, trailer = records[-1]
    if trailer[0] != "T" or len(trailer) != 3:
        raise StatementError(f"{channel} statement line {trailer_line}: expected the trailer record T|<count>|<total fen>")
    payments = [_payment(fields, channel, line) for line, fields in records[1:-1]]
    count, total = trailer[1].strip(), trailer[2].strip()
    if count != str(len(payments)) or total != str(net_total(payments)):
        raise StatementError(
            f"{channel} statement line {trailer_line}: trailer says {count} records, {total} fen;"
            f" the file has {len(payments)} records, {net_total(payments)} fen"
        )
    return payments


def _payment(fields: list[str], channel: str, line: int) -> CollectedPayment:
    """One D record: D|serial|notice|fen|YYYYMMDDHHMMSS|method."""
    if fields[0] != "D":
        raise StatementError(f"{channel} statement line {line}: record type {fields[0]!r}, expected D")
    field_count(fields, 6, channel, line)
    _, serial, notice, fen, paid, method = (f.strip() for f in fields)
    if method not in METHODS and method != REVERSAL:
        raise StatementError(f"{channel} statement line {line}: method {method!r} is not 01, 02, 03 or 09")
    return collected(
        channel,
        line,
        (notice, "notice number"),
        lambda: (_fen(fen, channel, line), moment(paid, "%Y%m%d%H%M%S", channel, line)),
        (serial, "bank serial"),
        METHODS.get(method),
        method == REVERSAL,
    )


def write(payments: Sequence[CollectedPayment], channel: str = "abc", unit: str = "") -> bytes:
    """``payments`` as ABC writes them, dated the day of the last one; ``unit`` is the collecting unit."""
    records = [f"H|ABC|{one_line(unit, 'collecting unit', channel, '|')}|{statement_day(payments, channel).isoformat()}"]
    for p in payments:
        fields = (
            one_line(p.receipt, "bank serial", channel, "|"),
            one_line(p.notice_number, "notice number", channel, "|"),
            str(p.amount),
            written_time(p.paid_at, "%Y%m%d%H%M%S", channel),
            REVERSAL if p.reversal else method_code(p.method, METHODS, PaymentMethod.COUNTER, channel),
        )
        records.append("|".join(("D", *fields)))
    records.append(f"T|{len(payments)}|{net_total(payments)}")
    return encode("".join(record + "\n" for record in records), "gbk", channel)
