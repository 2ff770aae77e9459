"""Money as integer fen. Decimal only to parse, to apply a ratio and to print."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NewType

from shebao.i18n import _

Fen = NewType("Fen", int)

ZERO = Fen(0)
_ONE = Decimal(1)
MAX_FEN = Fen(10**15)  # ten thousand billion yuan: beyond any bill or balance, within SQLite integers


def round_fen(amount: Decimal) -> Fen:
    """Round an amount already expressed in fen to whole fen, half up."""
    return Fen(int(amount.quantize(_ONE, rounding=ROUND_HALF_UP)))


# the one way an amount is written: ASCII digits, optionally a point and decimals; no sign,
# exponent, underscore, inner space or full-width digit (Decimal would take all of those)
_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?").fullmatch


def parse_yuan(text: str) -> Fen:
    """Parse a yuan amount written ``20`` or ``1234.50`` (spaces around it are ignored);
    reject fractions of a fen, negative amounts and anything written otherwise."""
    if not isinstance(text, str):
        raise ValueError(_("not an amount of yuan: {text!r}").format(text=text))
    plain = text.strip()
    if plain.startswith("-") and _PLAIN_AMOUNT(plain[1:]) and Decimal(plain[1:]):
        raise ValueError(_("amount must not be negative: {plain}").format(plain=plain))
    if not _PLAIN_AMOUNT(plain) or len(plain) > 40:
        raise ValueError(_("not an amount of yuan written as digits with an optional point: {text!r}").format(text=text))
    fen = Decimal(plain) * 100
    if fen != fen.to_integral_value():
        raise ValueError(_("amount has a fraction of a fen: {plain}").format(plain=plain))
    if fen > MAX_FEN:
        raise ValueError(_("amount is too large: {plain} (at most {value} yuan)").format(plain=plain, value=MAX_FEN // 100))
    return Fen(int(fen))


def parse_ratio(text: str) -> Decimal:
    """Parse an exact ratio between 0 and 1, such as ``"0.85"``."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise ValueError(_("not a ratio: {text!r}").format(text=text)) from None
    if not value.is_finite() or not Decimal(0) <= value <= _ONE:
        raise ValueError(_("ratio must be between 0 and 1: {text}").format(text=text))
    return value


def apply_ratio(amount: Fen, ratio: Decimal) -> Fen:
    """``amount × ratio``, rounded half up to the fen."""
    return round_fen(Decimal(amount) * ratio)


def yuan(amount: int) -> str:
    """Format fen as yuan with two decimals: ``2000`` → ``"20.00"``."""
    sign = "-" if amount < 0 else ""
    whole, fen = divmod(abs(amount), 100)
    return f"{sign}{whole}.{fen:02d}"


def capital_numerals(amount: Fen) -> str:
    """The amount in Chinese capital numerals, as printed notices give it: 20.00 → 贰拾元整."""
    import cn2an  # imported here: slow to load, needed only for printing

    if amount == 0:
        return "零元整"
    return str(cn2an.an2cn(yuan(amount), "rmb"))
