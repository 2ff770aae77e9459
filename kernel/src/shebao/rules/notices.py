"""Notice numbers: a statement line tells by its notice number what it pays for.

Format (21 characters): two letters for what the notice collects (``SK`` the social
security card fee, ``JF`` a contribution), the 6-digit GB/T 2260 code of the issuing
region, the issue date ``YYYYMMDD``, a 4-digit daily sequence and one Luhn check digit
over the 18 digits. ``SK440300202603050001`` + check. A mistyped number in a bank's
statement fails the check and is reported as unknown, never matched to another notice.
"""

import datetime as dt

from stdnum import luhn

from shebao.i18n import _
from shebao.model.payment import NoticeKind

PREFIXES = {NoticeKind.CARD_FEE: "SK", NoticeKind.CONTRIBUTION: "JF"}
_KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}
NOTICE_NUMBER_LENGTH = 21
MAX_DAILY_SEQUENCE = 9999


def notice_number(kind: NoticeKind, region: str, issued_on: dt.date, sequence: int) -> str:
    if not 1 <= sequence <= MAX_DAILY_SEQUENCE:
        raise ValueError(
            _("notice sequence {sequence} is outside 1-{MAX_DAILY_SEQUENCE}").format(
                sequence=sequence, MAX_DAILY_SEQUENCE=MAX_DAILY_SEQUENCE
            )
        )
    digits = f"{region}{issued_on:%Y%m%d}{sequence:04d}"
    return PREFIXES[kind] + digits + luhn.calc_check_digit(digits)


def notice_kind(number: str) -> NoticeKind | None:
    """What a well-formed notice number collects; ``None`` for anything that is not one."""
    text = number.strip().upper()
    digits = text[2:]
    if len(text) != NOTICE_NUMBER_LENGTH or text[:2] not in _KINDS or not digits.isdigit():
        return None
    if not luhn.is_valid(digits):
        return None
    return _KINDS[text[:2]]


def notice_prefix(kind: NoticeKind, region: str, issued_on: dt.date) -> str:
    """The part shared by every notice of one kind, region and day (for the next sequence)."""
    return f"{PREFIXES[kind]}{region}{issued_on:%Y%m%d}"


# 财政票据代码: 2-digit province, 2-digit kind of bill, 2-digit year, 2-digit batch (here the
# city within the province, so cities of one province never share a series)
GENERAL_PAYMENT_BOOK = "01"  # kind code of the non-tax income general payment book (一般缴款书)
_KIND_DIGITS = {NoticeKind.CARD_FEE: "1", NoticeKind.CONTRIBUTION: "2"}


def payment_code(number: str) -> str:
    """The 20-digit payment code (缴款码) keyed into online banking or an app: a digit for
    the kind, then the notice number's 19 digits (its check digit included)."""
    kind = notice_kind(number)
    if kind is None:
        raise ValueError(_("{number!r} is not a notice number").format(number=number))
    return _KIND_DIGITS[kind] + number.strip().upper()[2:]


def receipt_code_and_number(number: str) -> tuple[str, str]:
    """The financial receipt's 票据代码 and 10-digit 票据号码 for the notice it acknowledges:
    one series per province, kind, year and city; numbered by kind, day and sequence."""
    code = payment_code(number)  # kind, region (6), date (8), sequence (4), check
    region, issued, sequence = code[1:7], code[7:15], code[15:19]
    return region[:2] + GENERAL_PAYMENT_BOOK + issued[2:4] + region[2:4], code[0] + issued[4:8] + "0" + sequence
