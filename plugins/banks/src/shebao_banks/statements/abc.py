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

from shebao.i18n import N_, _, ngettext
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen
from shebao_banks.statements.common import (
    collected,
    decode,
    encode,
    field_count,
    line_error,
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
        raise line_error(channel, line, _("amount {text!r} is not a positive whole number of fen").format(text=text))
    return Fen(int(text))


def parse(content: bytes, channel: str = "abc") -> list[CollectedPayment]:
    text = decode(content, "gbk", channel)
    records = [(number, line.rstrip("\r").split("|")) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not records or records[0][1][0] != "H" or len(records[0][1]) != 4 or records[0][1][1] != "ABC":
        raise line_error(channel, 1, _("expected the header record H|ABC|<unit>|<date>"))
    trailer_line, trailer = records[-1]
    if trailer[0] != "T" or len(trailer) != 3:
        raise line_error(channel, trailer_line, _("expected the trailer record T|<count>|<total fen>"))
    payments = [_payment(fields, channel, line) for line, fields in records[1:-1]]
    count, total = trailer[1].strip(), trailer[2].strip()
    if count != str(len(payments)) or total != str(net_total(payments)):
        says = ngettext("trailer says {count} record, {total} fen", "trailer says {count} records, {total} fen", _number(count))
        has = ngettext("the file has {count} record, {total} fen", "the file has {count} records, {total} fen", len(payments))
        said = says.format(count=count, total=total), has.format(count=len(payments), total=net_total(payments))
        raise line_error(channel, trailer_line, "; ".join(said))
    return payments


def _number(text: str) -> int:
    """A count as written, for its singular or plural: anything not a number reads as plural."""
    return int(text) if text.isascii() and text.isdigit() else 2


def _payment(fields: list[str], channel: str, line: int) -> CollectedPayment:
    """One D record: D|serial|notice|fen|YYYYMMDDHHMMSS|method."""
    if fields[0] != "D":
        raise line_error(channel, line, _("record type {kind!r}, expected D").format(kind=fields[0]))
    field_count(fields, 6, channel, line)
    _record, serial, notice, fen, paid, method = (f.strip() for f in fields)
    if method not in METHODS and method != REVERSAL:
        raise line_error(channel, line, _("method {method!r} is not 01, 02, 03 or 09").format(method=method))
    return collected(
        channel,
        line,
        (notice, N_("notice number")),
        lambda: (_fen(fen, channel, line), moment(paid, "%Y%m%d%H%M%S", channel, line)),
        (serial, N_("bank serial")),
        METHODS.get(method),
        method == REVERSAL,
    )


def write(payments: Sequence[CollectedPayment], channel: str = "abc", unit: str = "") -> bytes:
    """``payments`` as ABC writes them, dated the day of the last one; ``unit`` is the collecting unit."""
    unit_cell = one_line(unit, N_("collecting unit"), channel, "|")
    records = [f"H|ABC|{unit_cell}|{statement_day(payments, channel).isoformat()}"]
    for p in payments:
        fields = (
            one_line(p.receipt, N_("bank serial"), channel, "|"),
            one_line(p.notice_number, N_("notice number"), channel, "|"),
            str(p.amount),
            written_time(p.paid_at, "%Y%m%d%H%M%S", channel),
            REVERSAL if p.reversal else method_code(p.method, METHODS, PaymentMethod.COUNTER, channel),
        )
        records.append("|".join(("D", *fields)))
    records.append(f"T|{len(payments)}|{net_total(payments)}")
    return encode("".join(record + "\n" for record in records), "gbk", channel)
