"""What the statement parsers and writers share: decoding and encoding, column checks, fields."""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping, Sequence

from shebao.i18n import _, ngettext
from shebao.model.payment import CollectedPayment, PaymentMethod
from shebao.money import Fen, parse_yuan
from shebao.text import text_problem


class StatementError(ValueError):
    """A malformed statement file; the message is one line for the operator."""


def file_error(channel: str, problem: str) -> StatementError:
    """The file as a whole is wrong: ``icbc statement: the file is empty``."""
    return StatementError(_("{channel} statement: {problem}").format(channel=channel, problem=problem))


def line_error(channel: str, line: int, problem: object) -> StatementError:
    """One line is wrong: ``icbc statement line 3: amount must be more than zero``."""
    return StatementError(_("{channel} statement line {line}: {problem}").format(channel=channel, line=line, problem=problem))


def decode(content: bytes, encoding: str, channel: str) -> str:
    if not content.strip():
        raise file_error(channel, _("the file is empty"))
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        problem = _("not {encoding} text (byte 0x{byte:02x} at offset {offset})").format(
            encoding=encoding.upper(), byte=content[error.start], offset=error.start
        )
        raise file_error(channel, problem) from None


def csv_rows(text: str, channel: str) -> Iterator[tuple[int, list[str]]]:
    """The statement's CSV rows, numbered from 1 (a quoted field's line breaks stay in its row);
    a field over the csv module's size limit or a broken quote is bad input naming the line."""
    reader = csv.reader(io.StringIO(text))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise line_error(channel, reader.line_num, error) from None
        number += 1
        yield number, row


def require_columns(found: Sequence[str], expected: Sequence[str], channel: str, line: int) -> None:
    cleaned = [column.strip() for column in found]
    if cleaned != list(expected):
        raise line_error(
            channel,
            line,
            _("expected columns {expected}; found {found}").format(
                expected=",".join(expected), found=",".join(cleaned) or _("(none)")
            ),
        )


def amount(text: str, channel: str, line: int) -> Fen:
    """Yuan as ``parse_yuan`` reads them; a statement may also group thousands with commas
    (``1,234.50``) and put ``¥`` in front."""
    try:
        value = parse_yuan(text.replace(",", "").replace("¥", "").strip())
    except ValueError as error:
        raise line_error(channel, line, error) from None
    if value <= 0:
        raise line_error(channel, line, _("amount must be more than zero"))
    return value


def signed_amount(text: str, channel: str, line: int) -> int:
    """A total that may be zero or negative (payments less reversals), in fen."""
    cleaned = text.replace(",", "").replace("¥", "").strip()
    sign = -1 if cleaned.startswith("-") else 1
    try:
        return sign * parse_yuan(cleaned.removeprefix("-"))
    except ValueError as error:
        raise line_error(channel, line, error) from None


def net_total(payments: Sequence[CollectedPayment]) -> int:
    """Payments less reversals, in fen: what a statement's total line states."""
    return sum(-p.amount if p.reversal else p.amount for p in payments)


def moment(text: str, fmt: str, channel: str, line: int) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), fmt)
    except ValueError:
        raise line_error(channel, line, _("time {text!r} is not written {fmt}").format(text=text.strip(), fmt=fmt)) from None


def field_count(fields: Sequence[str], expected: int, channel: str, line: int) -> None:
    if len(fields) != expected:
        problem = ngettext("expected {expected} field, found {found}", "expected {expected} fields, found {found}", expected)
        raise line_error(channel, line, problem.format(expected=expected, found=len(fields)))


def require(text: str, what: str, channel: str, line: int) -> str:
    value = text.strip()
    if not value:
        raise line_error(channel, line, _("{what} is empty").format(what=_(what)))
    problem = text_problem(value, limit=100)  # a receipt or serial stored and shown as it is
    if problem is not None:
        raise line_error(channel, line, f"{_(what)} {problem}")
    return value


# ---- writing ---------------------------------------------------------------------------


def encode(text: str, encoding: str, channel: str) -> bytes:
    """The file's bytes; a value the bank's encoding cannot hold is refused, never replaced."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        problem = _("{text!r} cannot be written in {encoding}")
        raise file_error(channel, problem.format(text=error.object[error.start : error.end], encoding=encoding.upper())) from None


def method_code(method: PaymentMethod | None, codes: Mapping[str, PaymentMethod], usual: PaymentMethod, channel: str) -> str:
    """The code a statement writes for ``method``; ``None`` is the channel's usual method."""
    wanted = usual if method is None else method
    for code, known in codes.items():
        if known is wanted:
            return code
    raise file_error(channel, _("no way to write payment method {value}").format(value=wanted.value))


def statement_day(payments: Sequence[CollectedPayment], channel: str) -> dt.date:
    """The day a statement is for: that of its last payment."""
    if not payments:
        raise file_error(channel, _("an empty statement needs its date"))
    return max(payment.paid_at for payment in payments).date()


def one_line(text: str, what: str, channel: str, separators: str = "") -> str:
    """A field value as a statement cell: no line breaks, none of the format's separators."""
    if any(ch in text for ch in "\r\n" + separators):
        raise file_error(channel, _("{what} {text!r} cannot be written in one field").format(what=_(what), text=text))
    return text


def written_time(when: dt.datetime, fmt: str, channel: str) -> str:
    """A statement's time to the second; a finer or zoned time would not read back the same."""
    if when.microsecond or when.tzinfo is not None:
        raise file_error(channel, _("time {time} is not a local time in whole seconds").format(time=when.isoformat()))
    return when.strftime(fmt)


def collected(
    channel: str,
    line: int,
    notice: tuple[str, str],
    paid: Callable[[], tuple[Fen, dt.datetime]],
    receipt: tuple[str, str],
    method: PaymentMethod | None,
    reversal: bool,
) -> CollectedPayment:
    """One statement line as a collected payment: the notice number and the bank's receipt
    (each ``(text, its name in the statement)``) must be there; ``paid`` reads the amount and
    the time, after the notice number, so the first problem of a line is the one reported."""
    notice_number = require(notice[0], notice[1], channel, line)
    amount_paid, paid_at = paid()
    return CollectedPayment(
        channel=channel,
        notice_number=notice_number,
        amount=amount_paid,
        paid_at=paid_at,
        receipt=require(receipt[0], receipt[1], channel, line),
        method=method,
        line=line,
        reversal=reversal,
    )
