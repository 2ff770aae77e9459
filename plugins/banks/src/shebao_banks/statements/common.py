"""What the statement parsers share: decoding, column checks and field parsing."""

import datetime as dt
from collections.abc import Sequence

from shebao.money import Fen, parse_yuan


class StatementError(ValueError):
    """A malformed statement file; the message is one line for the operator."""


def decode(content: bytes, encoding: str, channel: str) -> str:
    if not content.strip():
        raise StatementError(f"{channel} statement: the file is empty")
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise StatementError(
            f"{channel} statement: not {encoding.upper()} text (byte 0x{content[error.start]:02x} at offset {error.start})"
        ) from None


def require_columns(found: Sequence[str], expected: Sequence[str], channel: str, line: int) -> None:
    cleaned = [column.strip() for column in found]
    if cleaned != list(expected):
        raise StatementError(
            f"{channel} statement line {line}: expected columns {','.join(expected)}; found {','.join(cleaned) or '(none)'}"
        )


def amount(text: str, channel: str, line: int) -> Fen:
    try:
        value = parse_yuan(text.replace(",", "").replace("¥", "").strip())
    except ValueError as error:
        raise StatementError(f"{channel} statement line {line}: {error}") from None
    if value <= 0:
        raise StatementError(f"{channel} statement line {line}: amount must be more than zero")
    return value


def moment(text: str, fmt: str, channel: str, line: int) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), fmt)
    except ValueError:
        raise StatementError(f"{channel} statement line {line}: time {text.strip()!r} is not written {fmt}") from None


def field_count(fields: Sequence[str], expected: int, channel: str, line: int) -> None:
    if len(fields) != expected:
        raise StatementError(f"{channel} statement line {line}: expected {expected} fields, found {len(fields)}")


def require(text: str, what: str, channel: str, line: int) -> str:
    value = text.strip()
    if not value:
        raise StatementError(f"{channel} statement line {line}: {what} is empty")
    return value
