"""Layout shared by the docx and html printers: how labelled fields fill a form's rows."""

from typing import TYPE_CHECKING

from shebao.documents import Field

if TYPE_CHECKING:
    import segno

# a value cell holds about 26 half-width characters (13 Chinese) at 10.5 pt
LONG_VALUE = 26


def display_width(text: str) -> int:
    """Half-width columns a text takes: Chinese characters and full-width forms count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def field_rows(fields: tuple[Field, ...], long_value: int = LONG_VALUE) -> list[list[Field]]:
    """Two fields to a row; a long value takes a row of its own. A short field waits for
    the next short one, so long values do not leave half-empty rows behind them."""
    rows: list[list[Field]] = []
    pending: Field | None = None
    for field in fields:
        if display_width(field.value) > long_value:
            rows.append([field])
        elif pending is None:
            pending = field
        else:
            rows.append([pending, field])
            pending = None
    if pending is not None:
        rows.append([pending])
    return rows


def is_figure(value: str) -> bool:
    """Amounts, prices and quantities: printed on one line, right-aligned."""
    digits = value.replace(".", "", 1).removeprefix("-")
    # an item code (0011..., 103040199001) has no decimal point and leads with 0 or runs long
    is_code = "." not in value and len(digits) > 1 and (digits.startswith("0") or len(digits) > 6)
    return digits.isdigit() and len(digits) <= 15 and not is_code


def qr_code(payload: str) -> "segno.QRCode":
    """A payload's QR code at error level M; segno is imported when a code is drawn, not
    when every command loads the printers."""
    import segno

    return segno.make(payload, error="m")
