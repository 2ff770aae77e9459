"""The one cattrs converter for outside input: JSON documents and CLI values.

Strictness is deliberate: extra keys are refused, amounts are yuan *strings* (never floats),
ratios are decimal strings, dates are ISO ``YYYY-MM-DD``. Every bad field is reported with
its path, e.g. ``invalid value for type, expected date @ $.started_on``.
"""

import datetime as dt
import json
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter

from shebao.errors import InputError
from shebao.ids import CitizenId
from shebao.money import Fen, parse_ratio, parse_yuan, yuan
from shebao.periods import Month

T = TypeVar("T")

converter = make_converter(forbid_extra_keys=True)


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be given as a string, not {type(value).__name__}")
    return value


def structure_date(value: object, _: type) -> dt.date:
    text = _require_str(value, "date")
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"date {text!r} is not a real date written YYYY-MM-DD") from None


def _structure_datetime(value: object, _: type) -> dt.datetime:
    text = _require_str(value, "time")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"time {text!r} is not written YYYY-MM-DDTHH:MM[:SS]") from None


converter.register_structure_hook(dt.date, structure_date)
converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
converter.register_structure_hook(dt.datetime, _structure_datetime)
converter.register_unstructure_hook(dt.datetime, lambda moment: moment.isoformat(timespec="seconds"))
converter.register_structure_hook(Decimal, lambda value, _: parse_ratio(_require_str(value, "ratio")))
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(Fen, lambda value, _: parse_yuan(_require_str(value, "amount")))
converter.register_unstructure_hook(Fen, yuan)
converter.register_structure_hook(CitizenId, lambda value, _: CitizenId(_require_str(value, "citizen identity number")))
converter.register_unstructure_hook(CitizenId, str)
converter.register_structure_hook(Month, lambda value, _: Month.parse(_require_str(value, "month")))
converter.register_unstructure_hook(Month, str)


def _strict_str(value: object, _: type) -> str:
    return _require_str(value, "text").strip()


converter.register_structure_hook(str, _strict_str)


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from outside data; raise ``InputError`` naming each bad field's path."""
    if attrs.has(cls) and not isinstance(data, dict):
        raise InputError(f"expected a JSON object with the fields of {cls.__name__}, not {type(data).__name__}")
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as error:
        if isinstance(error, cattrs.BaseValidationError):
            messages = cattrs.transform_error(error, format_exception=_format_exception)
        else:
            messages = [str(error)]
        raise InputError("; ".join(messages)) from None


def _format_exception(error: BaseException, type_: type | None) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s): {', '.join(repr(name) for name in sorted(error.extra_fields))}"
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return cattrs.v.format_exception(error, type_)


def parse_json(text: str | bytes, source: str) -> Any:
    """Parse one JSON document; bad encoding or syntax is an ``InputError`` naming the source."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{source}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{source}: empty, expected a JSON document")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}: bad JSON at line {error.lineno} column {error.colno}: {error.msg}") from None


def unstructure(value: object) -> Any:
    return converter.unstructure(value)
