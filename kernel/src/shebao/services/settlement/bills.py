"""Reading bills from outside input: one JSON document, or JSON Lines streamed line by line.

Unit prices and quantities are exact decimal strings (never floats); a bad field is reported
with its path, e.g. ``must be more than zero @ $.lines[2].quantity``.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from shebao.convert import converter, parse_json, structure, structure_date
from shebao.errors import InputError
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.members import by_value
from shebao.model.settlement import Bill, BillLine, Certificate, ChronicDisease, Quantity, VisitType, Yuan
from shebao.money import MAX_FEN, yuan
from shebao.rules.settlement import check_bill
from shebao.text import is_clean

_BILL_FIELDS = frozenset(field.name for field in attrs.fields(Bill))
_LINE_FIELD_COUNT = len(BillLine._fields)
_DATES = ("admitted_on", "discharged_on", "treated_on")
# by value, as the converter reads them; an unknown value is a KeyError, left to the converter
_VISITS = by_value(VisitType)
_DISEASES = by_value(ChronicDisease)
_CERTIFICATES = by_value(Certificate)


def _text(value: object) -> str:
    if type(value) is not str or not is_clean(value):
        raise ValueError
    return value.strip()


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


# a price below 10^9 yuan and a quantity below 10^6, plain as _PLAIN: in range by their shape
_PLAIN_PRICE = re.compile(r"(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,6})?").fullmatch
_PLAIN_QUANTITY = re.compile(r"(?:0|[1-9][0-9]{0,5})(?:\.[0-9]{1,6})?").fullmatch


# plain prices and quantities already read: a bill's prices are its catalogue's, met again and
# again; forgotten when full, so memory stays flat however many distinct ones a file holds
_PRICES_READ: dict[str, Yuan] = {}
_QUANTITIES_READ: dict[str, Quantity] = {}
_READ_MAX = 1 << 16
D = TypeVar("D", bound=Decimal)


def _plain_decimal(text: str, plain: Callable[[str], object], read: dict[str, D], kind: Callable[[Decimal], D]) -> D | None:
    found = read.get(text)
    if found is None:
        if not plain(text):
            return None
        if len(read) >= _READ_MAX:
            read.clear()
        found = read[text] = kind(Decimal(text))
    return found


def _well_formed_lines(data: list[Any]) -> tuple[BillLine, ...] | None:
    """The lines when every one is plain text with a plain price and a positive plain quantity;
    None sends the bill to the converter, which reads or refuses anything else."""
    lines = []
    try:
        for line in data:
            # four entries, each found by its name: exactly the line's fields
            if type(line) is not dict or len(line) != _LINE_FIELD_COUNT:
                return None
            code, name, price_text, quantity_text = line["code"], line["name"], line["unit_price"], line["quantity"]
            if type(code) is not str or type(name) is not str or type(price_text) is not str or type(quantity_text) is not str:
                return None
            if not (is_clean(code) and is_clean(name)):
                return None
            price = _plain_decimal(price_text, _PLAIN_PRICE, _PRICES_READ, Yuan)
            quantity = _plain_decimal(quantity_text, _PLAIN_QUANTITY, _QUANTITIES_READ, Quantity)
            if price is None or not quantity:  # None, or zero: the converter says what is wrong
                return None
            lines.append(BillLine(code.strip(), name.strip(), price, quantity))
    except KeyError:
        return None
    return tuple(lines)


def _well_formed_bill(data: Any) -> Bill | None:
    """The bill when ``data`` is exactly well formed, built as the converter would build it but
    without its generic dispatch (a batch reads millions); None for anything else, which the
    converter then structures or refuses with the path of every problem."""
    if type(data) is not dict or not data.keys() <= _BILL_FIELDS or type(data.get("lines")) is not list:
        return None
    if type(data.get("emergency", False)) is not bool:
        return None
    lines = _well_formed_lines(data["lines"])
    if lines is None:
        return None
    try:
        dates = {name: structure_date(data[name], dt.date) if data.get(name) is not None else None for name in _DATES}
        disease = data.get("disease")
        return Bill(
            bill_number=_text(data["bill_number"]),
            citizen_id=CitizenId(data["citizen_id"]),  # raw: spaces around a number are refused, not stripped
            institution_code=_text(data["institution_code"]),
            visit_type=_VISITS[_text(data["visit_type"])],
            lines=lines,
            disease=None if disease is None else _DISEASES[_text(disease)],
            emergency=data.get("emergency", False),
            certificate=_CERTIFICATES[_text(data["certificate"])] if "certificate" in data else Certificate.PHYSICAL_CARD,
            diagnosis=_optional_text(data.get("diagnosis")),
            admission_number=_optional_text(data.get("admission_number")),
            **dates,
        )
    except (KeyError, ValueError, TypeError):
        return None


def bill_from_data(data: Any) -> Bill:
    """Structure and check one bill; ``InputError`` lists every bad field with its path."""
    bill = _well_formed_bill(data) or structure(data, Bill)
    problems = check_bill(bill) + _money_problems(bill)
    if problems:
        raise InputError("; ".join(problems))
    return bill


def _money_problems(bill: Bill) -> list[str]:
    """A line or a bill beyond the money limit (``money.MAX_FEN``) is refused before any sum
    overflows a database integer."""
    problems, total = [], Decimal(0)
    for index, line in enumerate(bill.lines):
        amount = line.unit_price * line.quantity * 100
        total += amount
        if amount > MAX_FEN:
            problems.append(
                _("amount beyond the limit of {MAX_FEN} yuan @ $.lines[{index}]").format(MAX_FEN=yuan(MAX_FEN), index=index)
            )
    if not problems and total > MAX_FEN:
        problems.append(_("bill total beyond the limit of {MAX_FEN} yuan @ $.lines").format(MAX_FEN=yuan(MAX_FEN)))
    return problems


def bill_from_json(text: str | bytes, source: str) -> Bill:
    try:
        return bill_from_data(parse_json(text, source))
    except InputError as error:
        if str(error).startswith(source):
            raise
        raise InputError(_("{option}: {problem}").format(option=source, problem=error)) from None


@attrs.frozen
class BadLine:
    line_no: int
    message: str


def bills_from_lines(lines: Iterable[str | bytes], source: str) -> Iterator[tuple[int, Bill | BadLine]]:
    """Each non-blank line of a JSON Lines stream as a bill or what is wrong with it."""
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield line_no, bill_from_data(parse_json(line, f"{source} line {line_no}"))
        except InputError as error:
            yield line_no, BadLine(line_no, str(error))


def bill_to_data(bill: Bill) -> Any:
    """The bill as JSON-ready data, in the shape it is read."""
    return converter.unstructure(bill)
