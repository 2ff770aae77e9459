"""Citizen id validation accepts and refuses what ``stdnum.cn.ric.validate`` does, but for one
check: an address code of GB/T 2260 of any year is accepted, in use in the birth year or not
(python-stdnum #442). Full-width characters are the same number."""

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from shebao.gbt2260 import known_codes
from shebao.ids import _validate

# real, retired, never-assigned and malformed county codes
COUNTIES = ("110101", "310104", "440304", "440300", "510104", "110000", "999999", "000000", "440306", "320102", "12345")


def _outcome(check: object, number: str) -> str:
    try:
        return str(check(number))  # type: ignore[operator]
    except ValidationError as error:
        return type(error).__name__
    except KeyError:
        return "KeyError"


def _stdnum_but_any_year(number: str) -> str:
    """stdnum's answer, except where only the birth year made it refuse a known code."""
    answer = _outcome(ric.validate, number)
    number = ric.compact(number)
    if answer in ("InvalidComponent", "KeyError") and number[:6] in known_codes():
        try:
            ric.get_birth_date(number)
        except ValidationError:
            return answer
        return number
    return answer


@settings(max_examples=400)
@given(
    county=st.sampled_from(COUNTIES),
    born=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    sequence=st.integers(0, 999),
    check=st.one_of(st.none(), st.sampled_from("0123456789XA")),
    day_text=st.one_of(st.none(), st.sampled_from(("19800230", "2001311", "abcdefgh"))),
)
def test_validation_agrees_with_stdnum_but_for_the_birth_year(
    county: str, born: dt.date, sequence: int, check: str | None, day_text: str | None
) -> None:
    body = f"{county}{day_text or born.strftime('%Y%m%d')}{sequence:03d}"
    computed = ric.calc_check_digit(body + "0") if body.isdigit() else "0"
    number = body + (check if check is not None else computed)
    first = _outcome(_validate, number)
    assert first == _stdnum_but_any_year(number)
    assert _outcome(_validate, number) == first  # again, from what it remembered


@settings(max_examples=300)
@given(
    county=st.sampled_from(COUNTIES),
    born=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    sequence=st.integers(0, 999),
    dressing=st.sampled_from(("", " ", "-", "x", "full-width", "lower")),
)
def test_skipping_compact_changes_no_answer(county: str, born: dt.date, sequence: int, dressing: str) -> None:
    """Numbers already compact skip stdnum's ``compact``; dressed ones still go through it, and
    both are accepted, normalised or refused exactly as ``ric.validate`` would."""
    from shebao.ids import _normalize

    body = f"{county}{born.strftime('%Y%m%d')}{sequence:03d}"
    number = body + (ric.calc_check_digit(body + "0") if body.isdigit() else "0")
    if dressing == "full-width":
        number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    elif dressing == "lower":
        number = number.lower()
    elif dressing:
        number = f"{number[:6]}{dressing}{number[6:]}"
    expected = _stdnum_but_any_year(unicodedata.normalize("NFKC", number))
    try:
        assert _normalize(number) == expected
    except ValueError:
        assert expected in ("InvalidLength", "InvalidFormat", "InvalidChecksum", "InvalidComponent", "KeyError")
