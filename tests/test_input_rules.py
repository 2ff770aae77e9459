"""The rules of outside input on their own: text, amounts, JSON types, dates, nesting."""

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.convert import parse_json, structure
from shebao.errors import InputError
from shebao.money import MAX_FEN, parse_yuan
from shebao.text import TEXT_MAX, checked_text, is_clean, text_problem

HIDDEN = ["\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
          "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068",
          "\u2069", "\ufeff"]  # fmt: skip


@pytest.mark.parametrize("char", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_hidden_characters_are_refused_anywhere_in_a_text(char: str) -> None:
    for text in (char + "李娜", "李" + char + "娜", "李娜" + char):
        problem = text_problem(text)
        assert problem is not None and f"U+{ord(char):04X}" in problem
        assert not is_clean(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Co", "Cs")), max_size=TEXT_MAX))
def test_printable_text_within_its_bound_is_accepted(text: str) -> None:
    assert checked_text(text, "name") == text.strip()


def test_text_is_bounded() -> None:
    assert checked_text("深" * TEXT_MAX, "address")
    with pytest.raises(ValueError, match="at most 200"):
        checked_text("深" * (TEXT_MAX + 1), "address")


@pytest.mark.parametrize(("written", "fen"), [("20", 2000), ("1234.50", 123450), (" 6000 ", 600000), ("0.01", 1)])
def test_amounts_written_plainly_are_read(written: str, fen: int) -> None:
    assert parse_yuan(written) == fen


@pytest.mark.parametrize(
    ("written", "problem"),
    [("６０００", "not an amount"), ("6_000.00", "not an amount"), ("2e1", "not an amount"), ("6 000", "not an amount"),
     ("+20", "not an amount"), ("20.", "not an amount"), (".5", "not an amount"), ("-1", "negative"),
     ("12.345", "fraction of a fen"), (str(MAX_FEN // 100 + 1), "too large"), ("", "not an amount")],
)  # fmt: skip
def test_amounts_written_loosely_are_refused(written: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_yuan(written)


@attrs.frozen
class Sample:
    flag: bool
    count: int
    names: tuple[str, ...]
    day: dt.date


GOOD = {"flag": False, "count": 3, "names": ["a", "b"], "day": "2026-06-30"}


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"flag": "false"}, "$.flag"), ({"flag": 0}, "$.flag"), ({"flag": None}, "$.flag"), ({"count": "3"}, "$.count"),
     ({"count": True}, "$.count"), ({"count": 3.0}, "$.count"), ({"names": {"a": 1}}, "$.names"),
     ({"names": "ab"}, "$.names"), ({"names": [1]}, "$.names[0]"), ({"day": "0001-01-01"}, "$.day"),
     ({"day": "2200-01-01"}, "$.day"), ({"day": "２０２６-06-30"}, "$.day")],
)  # fmt: skip
def test_json_values_of_the_wrong_type_are_refused_with_their_path(changes: dict[str, object], path: str) -> None:
    assert structure(GOOD, Sample) == Sample(False, 3, ("a", "b"), dt.date(2026, 6, 30))
    with pytest.raises(InputError, match=path.replace("$", r"\$").replace("[", r"\[")):
        structure(GOOD | changes, Sample)


def test_nesting_beyond_what_python_reads_is_bad_input() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        parse_json("[" * 100_000 + "]" * 100_000, "bill.json")
