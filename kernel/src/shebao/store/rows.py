"""Reading stored rows that may be damaged (written by hand, or by a faulty tool).

One record asked for by its key is refused with ``DamagedRow``, one clear line; a list leaves
a damaged row out, so one bad row never stops a listing for everyone (``shebao check`` names
the rows it can recognise as damaged)."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from shebao.errors import DamagedRow

T = TypeVar("T")
# what building a value from a malformed row raises: a bad date, enum value, type or key
_DAMAGE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def read_one(table: str, row: Any, build: Callable[[Any], T]) -> T:
    try:
        return build(row)
    except _DAMAGE as error:
        raise DamagedRow(table, repr(row[0]), f"{type(error).__name__}: {error}") from None


def readable(table: str, rows: Iterable[Any], build: Callable[[Any], T]) -> Iterator[T]:
    for row in rows:
        try:
            yield read_one(table, row, build)
        except DamagedRow:
            continue
