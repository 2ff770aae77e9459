"""Notice numbers: a statement line tells by its notice number what it pays for.

Format (21 characters): two letters for what the notice collects (``SK`` the social
security card fee, ``JF`` a contribution), the 6-digit GB/T 2260 code of the issuing
region, the issue date ``YYYYMMDD``, a 4-digit daily sequence and one Luhn check digit
over the 18 digits. ``SK440300202603050001`` + check. A mistyped number in a bank's
statement fails the check and is reported as unknown, never matched to another notice.
"""

import datetime as dt

from stdnum import luhn

from shebao.model.payment import NoticeKind

PREFIXES = {NoticeKind.CARD_FEE: "SK", NoticeKind.CONTRIBUTION: "JF"}
_KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}
NOTICE_NUMBER_LENGTH = 21
MAX_DAILY_SEQUENCE = 9999


def notice_number(kind: NoticeKind, region: str, issued_on: dt.date, sequence: int) -> str:
    if not 1 <= sequence <= MAX_DAILY_SEQUENCE:
        raise ValueError(f"notice sequence {sequence} is outside 1-{MAX_DAILY_SEQUENCE}")
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
