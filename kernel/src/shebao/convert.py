"""The one cattrs converter for outside input: JSON documents and CLI values.

Strictness is deliberate: extra keys are refused, amounts are yuan *strings* (never floats),
ratios are decimal strings, dates are ISO ``YYYY-MM-DD`` between 1900 and 2199, a boolean is
``true`` or ``false`` (never a string or a number), a whole number is a JSON integer, a list is
a JSON array (never an object or a string), and text is one printable line of bounded length
(``shebao.text``). Every bad field is reported with its path, e.g. ``invalid value for type,
expected date @ $.started_on``.
"""

import datetime as dt
import enum
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    list_structure_factory,
    namedtuple_dict_structure_factory,
    namedtuple_dict_unstructure_factory,
)
from cattrs.preconf.json import make_converter

from shebao.errors import InputError
from shebao.i18n import N_, _, ngettext
from shebao.ids import BankCard, CitizenId, Phone, Uscc
from shebao.model.settlement import BillLine, Quantity, Yuan
from shebao.money import Fen, parse_ratio, parse_yuan, yuan
from shebao.periods import Month
from shebao.regions import RegionCode
from shebao.text import checked_text

T = TypeVar("T")

# the days any record of shebao can be about: a year 0001 or 9999 is a typing error
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)

_MAX_PRICE = Decimal(10) ** 9  # yuan per unit
_MAX_QUANTITY = Decimal(10) ** 6
_MAX_DIGITS_AFTER_POINT = 6


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages: a user wrote JSON, not Python."""
    if value is None:
        return "null"
    kinds = {bool: N_("a boolean"), int: N_("a number"), float: N_("a number"), str: N_("a string"), list: N_("a list")}
    kind = {**kinds, dict: N_("an object")}.get(type(value))
    return _(kind) if kind else type(value).__name__


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(_("{what} must be given as a string, not {json_kind}").format(what=_(what), json_kind=json_kind(value)))
    return value


def checked_day(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            _("date {isoformat} is outside {year} to {year2}").format(
                isoformat=day.isoformat(), year=FIRST_DAY.year, year2=LAST_DAY.year
            )
        )
    return day


def structure_date(value: object, _type: type) -> dt.date:
    text = _require_str(value, N_("date"))
    try:
        if len(text) != 10 or not text.isascii():
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("date {text!r} is not a real date written YYYY-MM-DD").format(text=text)) from None
    return checked_day(day)


def _structure_datetime(value: object, _type: type) -> dt.datetime:
    text = _require_str(value, N_("time"))
    try:
        if not text.isascii():
            raise ValueError
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("time {text!r} is not written YYYY-MM-DDTHH:MM[:SS]").format(text=text)) from None
    checked_day(moment.date())
    return moment


def _strict_str(value: object, _: type) -> str:
    return checked_text(_require_str(value, N_("text")), "text")


def _strict_bool(value: object, _type: type) -> bool:
    # cattrs' own hook is bool(value): "false" would be true, and an emergency would be paid
    if type(value) is not bool:
        raise ValueError(_("must be true or false, not {json_kind}").format(json_kind=json_kind(value)))
    return value


def _strict_int(value: object, _type: type) -> int:
    if type(value) is not int:
        raise ValueError(_("must be a whole number, not {json_kind}").format(json_kind=json_kind(value)))
    return value


_SEQUENCES = (tuple, list, frozenset, set)


def _is_homogeneous_sequence(type_: Any) -> bool:
    args = get_args(type_)
    origin = get_origin(type_)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return origin in _SEQUENCES and len(args) == 1


def _strict_sequence(type_: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
    """A list, tuple or set is read from a JSON array only: cattrs would also iterate an
    object's keys or a string's characters."""
    origin, args = get_origin(type_), get_args(type_)
    if origin is tuple:
        items = homogenous_tuple_structure_factory(type_, converter)
    else:
        items = list_structure_factory(list[args[0]], converter)  # type: ignore[valid-type]
    build: Callable[[Any], Any] = origin if origin in (frozenset, set) else (lambda found: found)

    def structure_sequence(value: object, cl: Any) -> Any:
        if type(value) is not list:
            raise ValueError(_("must be a list, not {json_kind}").format(json_kind=json_kind(value)))
        return build(items(value, cl))

    return structure_sequence


# what a price or quantity may look like at all: ASCII digits, a point, a sign for a clear
# "must be positive"; never an exponent, an underscore or full-width digits
_WRITTEN_DECIMAL = re.compile(r"-?[0-9]{1,40}(?:\.[0-9]{1,40})?").fullmatch


def exact_decimal(value: object, what: str) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(
            _("{what} must be given as a decimal string, not {name__}").format(what=what, name__=type(value).__name__)
        )
    if not _WRITTEN_DECIMAL(value.strip()):
        raise ValueError(
            _("{what} {value!r} is not a decimal number written with digits and an optional point").format(what=what, value=value)
        )
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError(_("{what} {value!r} is not a decimal number").format(what=what, value=value)) from None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_DIGITS_AFTER_POINT:
        raise ValueError(
            _("{what} {value!r} has more than {MAX_DIGITS_AFTER_POINT} digits after the point").format(
                what=what, value=value, MAX_DIGITS_AFTER_POINT=_MAX_DIGITS_AFTER_POINT
            )
        )
    return number


# the shape almost every price and quantity has: digits, at most 6 after the point, no sign,
# exponent, spaces or leading zeros; Decimal reads it exactly, nothing else to check but range
_PLAIN = re.compile(r"(?:0|[1-9][0-9]{0,9})(?:\.[0-9]{1,6})?").fullmatch


def unit_price(value: object, _type: type) -> Yuan:
    if type(value) is str and _PLAIN(value):
        plain = Decimal(value)
        if plain <= _MAX_PRICE:
            return Yuan(plain)
    price = exact_decimal(value, "unit price")
    if not Decimal(0) <= price <= _MAX_PRICE:
        raise ValueError(
            _("unit price {value!r} must be between 0 and {MAX_PRICE} yuan").format(value=value, MAX_PRICE=_MAX_PRICE)
        )
    return Yuan(price)


def quantity(value: object, _type: type) -> Quantity:
    if type(value) is str and _PLAIN(value):
        plain = Decimal(value)
        if 0 < plain <= _MAX_QUANTITY:
            return Quantity(plain)
    found = exact_decimal(value, "quantity")
    if not Decimal(0) < found <= _MAX_QUANTITY:
        raise ValueError(
            _("quantity {value!r} must be more than 0 and at most {MAX_QUANTITY}").format(value=value, MAX_QUANTITY=_MAX_QUANTITY)
        )
    return Quantity(found)


def _typed(cls: Callable[[str], T], what: str) -> Callable[[object, type], T]:
    """The hook of a value typed from one string: ``Phone``, ``Uscc``, ``BankCard``..."""
    return lambda value, _: cls(_require_str(value, what))


def register_hooks(converter: cattrs.Converter) -> cattrs.Converter:
    """Every hook of shebao's converter, in one place: what cattrs lacks (dates as ISO text,
    Decimal, Fen, typed numbers) and where its defaults are too lenient (bool, int, str,
    sequences). Order matters only for the bill line, whose hook takes in the price's and
    the quantity's."""
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(dt.datetime, lambda moment: moment.isoformat(timespec="seconds"))
    converter.register_structure_hook(Decimal, lambda value, _: parse_ratio(_require_str(value, N_("ratio"))))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Fen, lambda value, _: parse_yuan(_require_str(value, N_("amount"))))
    converter.register_unstructure_hook(Fen, yuan)
    converter.register_structure_hook(Month, lambda value, _: Month.parse(_require_str(value, N_("month"))))
    converter.register_unstructure_hook(Month, str)
    for cls, what in _TYPED_VALUES:
        converter.register_structure_hook(cls, _typed(cls, what))
        converter.register_unstructure_hook(cls, str)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook_factory(_is_homogeneous_sequence, lambda type_: _strict_sequence(type_, converter))
    converter.register_structure_hook(Yuan, unit_price)
    converter.register_structure_hook(Quantity, quantity)
    converter.register_unstructure_hook(Yuan, str)
    converter.register_unstructure_hook(Quantity, str)
    # a bill line is a named tuple, read and written as an object with its field names
    converter.register_structure_hook(BillLine, namedtuple_dict_structure_factory(BillLine, converter, "from_converter", True))
    converter.register_unstructure_hook(BillLine, namedtuple_dict_unstructure_factory(BillLine, converter))
    return converter


_TYPED_VALUES: tuple[tuple[Any, str], ...] = (
    (CitizenId, N_("citizen identity number")),
    (Phone, N_("phone number")),
    (Uscc, N_("unified social credit code")),
    (BankCard, N_("bank card number")),
    (RegionCode, N_("region code")),
)

converter = register_hooks(make_converter(forbid_extra_keys=True))


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from outside data; raise ``InputError`` naming each bad field's path."""
    if attrs.has(cls) and not isinstance(data, dict):
        raise InputError(
            _("expected a JSON object with the fields of {expected}, not {given}").format(
                expected=cls.__name__, given=type(data).__name__
            )
        )
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, RecursionError) as error:
        if isinstance(error, cattrs.BaseValidationError):
            messages = cattrs.transform_error(error, format_exception=_format_exception)
        else:
            messages = [str(error) if not isinstance(error, RecursionError) else _("nested too deeply")]
        raise InputError("; ".join(messages)) from None


def _format_exception(error: BaseException, type_: type | None) -> str:
    if isinstance(error, KeyError):
        return _("required field missing")
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        names = ", ".join(repr(name) for name in sorted(error.extra_fields))
        return ngettext("unknown field: {names}", "unknown fields: {names}", len(error.extra_fields)).format(names=names)
    if isinstance(error, ValueError) and isinstance(type_, type) and issubclass(type_, enum.Enum):
        given = str(error).removesuffix(f" is not a valid {type_.__qualname__}")  # the value as enum wrote it
        return _("{given} is not one of {choices}").format(given=given, choices=", ".join(str(m.value) for m in type_))
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return _generic_problem(error, type_)


def _generic_problem(error: BaseException, type_: type | None) -> str:
    """cattrs' own descriptions (``cattrs.v.format_exception``), in the user's language."""
    name = getattr(type_, "__name__", repr(type_)) if type_ is not None else None
    if isinstance(error, ValueError | TypeError) and name is not None:
        return _("invalid value for type, expected {type}").format(type=name)
    if isinstance(error, ValueError):
        return _("invalid value")
    if isinstance(error, TypeError):
        if str(error).endswith("object is not iterable"):
            return _("invalid value for type, expected an iterable")
        return _("invalid type ({error})").format(error=error)
    if isinstance(error, AttributeError) and str(error).endswith("object has no attribute 'items'"):
        return _("expected a mapping")
    return _("unknown error ({error})").format(error=error)


def parse_json(text: str | bytes, source: str) -> Any:
    """Parse one JSON document; bad encoding or syntax is an ``InputError`` naming the source."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(_("{source}: not UTF-8 text").format(source=source)) from None
    if not text.strip():
        raise InputError(_("{source}: empty, expected a JSON document").format(source=source))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            _("{source}: bad JSON at line {lineno} column {colno}: {msg}").format(
                source=source, lineno=error.lineno, colno=error.colno, msg=error.msg
            )
        ) from None
    except RecursionError:  # arrays or objects nested thousands of levels deep
        raise InputError(_("{source}: JSON nested too deeply").format(source=source)) from None


def unstructure(value: object) -> Any:
    return converter.unstructure(value)


def parse_input(cls: type[T], value: object, path: str | None, label: str = "") -> T:
    """One outside value (a CLI option, a field a service is given) as its typed value, through
    the same converter as a JSON document; a bad one is an ``InputError`` ending ``@ $.path``,
    after ``label`` (marked with ``N_``) where the path alone would not say what it was."""
    try:
        return converter.structure(value, cls)
    except ValueError as error:
        message = f"{_(label)}: {error}" if label else str(error)
        raise InputError(message if path is None else f"{message} @ $.{path}") from None
