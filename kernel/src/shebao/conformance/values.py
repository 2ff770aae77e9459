"""Checks of single values every family shares: ratios, amounts, codes."""

import re
from collections.abc import Iterator
from decimal import Decimal

from shebao.conformance.registry import Problem

# a published rate has a few decimals; more means it was built from a float
_MAX_RATIO_DECIMALS = 6
_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def ratio_problems(where: str, value: object) -> Iterator[Problem]:
    if not isinstance(value, Decimal) or not value.is_finite():
        yield Problem(where, f"must be a finite Decimal, not {value!r}")
        return
    if not Decimal(0) <= value <= Decimal(1):
        yield Problem(where, f"ratio {value} is not between 0 and 1")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_RATIO_DECIMALS:
        exact = str(round(value, 4))
        yield Problem(where, f"ratio {value} has {-exponent} decimals: built from a float? write Decimal({exact!r})")


def fen_problems(where: str, value: object) -> Iterator[Problem]:
    if isinstance(value, bool) or not isinstance(value, int):
        yield Problem(where, f"must be an integer number of fen, not {value!r}")
    elif value < 0:
        yield Problem(where, f"amount {value} fen is negative")


def code_problems(where: str, code: object, what: str) -> Iterator[Problem]:
    """Channel codes and format names: short, lower case, digits and hyphens."""
    if not isinstance(code, str) or not _CODE.match(code) or len(code) > 24:
        yield Problem(where, f"{what} {code!r} must be lower case letters, digits and single hyphens, at most 24 long")


def text_problems(where: str, text: object, what: str) -> Iterator[Problem]:
    if not isinstance(text, str) or not text.strip():
        yield Problem(where, f"{what} is empty")


def labelled(labels: list[str]) -> str:
    """``"a"``, or ``"a (and 38 more)"`` when one defect repeats over many answers."""
    return labels[0] if len(labels) == 1 else f"{labels[0]} (and {len(labels) - 1} more)"
