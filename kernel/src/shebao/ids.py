"""Identity numbers: the citizen identity number (GB 11643), the unified social credit code, and
the typed values read beside them from outside input (``Uscc``, ``BankCard``, ``Phone``).

Numbers are validated with python-stdnum; its errors, and the ``KeyError`` stdnum 2.2 can
raise for some province/county combinations, become one ``ValueError`` with a clear message.
"""

import datetime as dt
import enum
import functools
import re
import unicodedata

import attrs

from shebao.i18n import _
from shebao.text import is_clean

# python-stdnum is imported where a number is validated: its util module pulls in ssl and pydoc,
# which a query that only reads stored (already validated) numbers need not pay for at start-up


class Sex(enum.Enum):
    MALE = "male"
    FEMALE = "female"


def _upgrade_legacy(number: str) -> str:
    """A 15-digit number has a 2-digit year and no check character: insert 19, add the check."""
    from stdnum.cn import ric

    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a check position


def normalize_citizen_id(text: str) -> str:
    """Return the canonical 18-character number, or raise ``ValueError`` saying what is wrong."""
    if isinstance(text, str) and (text != text.strip() or not is_clean(text, 40)):
        # stdnum would strip a trailing newline and accept the number: the raw text is refused
        raise ValueError(_("citizen identity number: spaces around it, line breaks and control characters are not allowed"))
    return _normalized(text) if isinstance(text, str) else _normalize(text)


# Validation looks the county up in stdnum's database: a batch of bills meets the same
# persons again and again, so valid numbers are remembered (errors are not cached).
@functools.lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    return _normalize(text)


# what stdnum's ``compact`` leaves as it is: checked for, it need not run (a counter meets new
# numbers all day, and ``compact`` is a third of validating one)
_COMPACT = re.compile(r"[0-9]{17}[0-9X]").fullmatch


def _compact(text: object) -> str:
    from stdnum.cn import ric

    if not isinstance(text, str):
        return ""
    if _COMPACT(text):
        return text
    # full-width digits and Ｘ, as typed with a Chinese input method, are the same characters
    return ric.compact(unicodedata.normalize("NFKC", text))


def _normalize(text: object) -> str:
    from stdnum.exceptions import ValidationError

    number = _compact(text)
    if len(number) == 15 and number.isdigit():
        number = _upgrade_legacy(number)
    try:
        return _validate(number)
    except ValidationError as error:
        reason = {
            "InvalidLength": _("must have 18 characters (or 15 digits for a legacy number)"),
            "InvalidFormat": _("must be 17 digits and a check digit or X"),
            "InvalidChecksum": _("check character does not match"),
        }.get(type(error).__name__) or _component_problem(number)
        raise ValueError(_("citizen identity number {text!r}: {reason}").format(text=text, reason=reason)) from None
    except KeyError:  # stdnum 2.2 on some province/county combinations
        raise ValueError(
            _("citizen identity number {text!r}: unknown address code {number}").format(text=text, number=number[:6])
        ) from None


def _validate(number: str) -> str:
    """``ric.validate``'s checks in its order, except the birth place: the address code must be
    a GB/T 2260 code of any year, not one in use in the birth year. A number carries the code of
    the place where it was first issued, often created after the birth (python-stdnum #442)."""
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
    from stdnum.util import isdigits

    from shebao.gbt2260 import known_codes

    if len(number) != 18:
        raise InvalidLength()
    if not isdigits(number[:-1]):
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:  # ric.get_birth_date, without its second compact
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if number[:6] not in known_codes():
        raise InvalidComponent()
    return number


def _component_problem(number: str) -> str:
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    try:
        ric.get_birth_date(number)
    except ValidationError:
        return _("birth date is not a real date")
    return _("address code {number} is not a known GB/T 2260 county").format(number=number[:6])


@attrs.frozen
class CitizenId:
    """A validated citizen identity number; also the social security number (art. 58 ¶3)."""

    number: str = attrs.field(converter=normalize_citizen_id)

    @property
    def birth_date(self) -> dt.date:
        return dt.date(int(self.number[6:10]), int(self.number[10:12]), int(self.number[12:14]))

    @property
    def sex(self) -> Sex:
        return Sex.MALE if int(self.number[16]) % 2 else Sex.FEMALE

    @property
    def address_code(self) -> str:
        """The GB/T 2260 code of the place where the number was issued (the birthplace)."""
        return self.number[:6]

    def birthplace_name(self) -> str:
        """Province and county names of the address code, today's (the latest for a code no longer
        in use; '' if unknown)."""
        from shebao import gbt2260

        division = gbt2260.get(self.address_code)
        if division is None:
            return ""
        name = division.name
        return name if name.startswith(division.province_name) else division.province_name + name

    @classmethod
    def stored(cls, number: str) -> "CitizenId":
        """A number read back from shebao's own database, validated when it was written."""
        found = object.__new__(cls)
        object.__setattr__(found, "number", number)
        return found

    def masked(self) -> str:
        return mask(self.number, keep_start=4, keep_end=4)

    def __str__(self) -> str:
        return self.number


def normalize_uscc(text: str) -> str:
    """Validate a unified social credit code (GB 32100) and return its compact form."""
    from stdnum.cn import uscc
    from stdnum.exceptions import ValidationError

    try:
        return str(uscc.validate(text))
    except (ValidationError, KeyError, AttributeError):
        raise ValueError(_("unified social credit code {text!r} is not valid").format(text=text)) from None


def normalize_bank_card(text: str) -> str:
    """A bank card number: 12 to 19 digits with a valid Luhn check digit."""
    from stdnum import luhn

    number = "".join(text.split()) if isinstance(text, str) else ""
    if not (number.isdigit() and 12 <= len(number) <= 19):
        raise ValueError(_("bank card number {text!r} must be 12 to 19 digits").format(text=text))
    if not luhn.is_valid(number):
        raise ValueError(_("bank card number {text!r}: check digit does not match").format(text=text))
    return number


def normalize_phone(text: str) -> str:
    """A mainland mobile number (11 digits starting with 1) or a fixed line with area code."""
    number = "".join(ch for ch in text if ch not in " -") if isinstance(text, str) else ""
    if not number.isdigit() or not ((len(number) == 11 and number[0] == "1") or (number[0] == "0" and 10 <= len(number) <= 12)):
        raise ValueError(_("phone number {text!r} is neither a mobile nor a fixed-line number").format(text=text))
    return number


@attrs.frozen
class Uscc:
    """A validated unified social credit code (GB 32100): an employer."""

    code: str = attrs.field(converter=normalize_uscc)

    def __str__(self) -> str:
        return self.code


@attrs.frozen
class BankCard:
    """A bank card number with a valid Luhn check digit."""

    number: str = attrs.field(converter=normalize_bank_card)

    def __str__(self) -> str:
        return self.number


@attrs.frozen
class Phone:
    """A mainland mobile or fixed-line telephone number, digits only."""

    number: str = attrs.field(converter=normalize_phone)

    def __str__(self) -> str:
        return self.number


def mask(text: str, keep_start: int, keep_end: int) -> str:
    """Hide the middle of a personal number for display: ``4403**********1234``."""
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    hidden = len(text) - keep_start - keep_end
    return text[:keep_start] + "*" * hidden + text[len(text) - keep_end :]


def masked_id(number: str, reveal: bool) -> str:
    """An id number (or a social security number) as a viewer without the right to see it gets
    it, its middle hidden: ``4403**********0021``."""
    return number if reveal else mask(number, 4, 4)


def masked_phone(number: str | None, reveal: bool) -> str:
    """A phone number with its middle hidden unless revealed; empty when there is none."""
    if not number:
        return ""
    return number if reveal else mask(number, 3, 4)
