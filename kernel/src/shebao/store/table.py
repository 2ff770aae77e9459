"""One definition per table: its columns, the statements built from them, and a stored row
read by column name, so a new column is one edit and both engines share it.

A repository maps a record to a row by name (``{"column": value, ...}``) and back from
``named(row)``; it never counts positions. ``tests/test_store_tables.py`` holds every
definition against the migrated schema of both engines."""

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from operator import itemgetter
from typing import Any

import attrs


def _names(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Table:
    """``columns`` are the record's, written and read together. ``numbered``: the key is an id
    the database gives on insert (read first, never written). ``apart``: columns written by
    statements of their own (a sequence kept once, a note of a reversal), outside the record."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = attrs.field(converter=_names)
    numbered: bool = False
    apart: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        every = [*self.read, *self.apart]
        if len(set(every)) != len(every):
            raise ValueError(f"{self.name}: a column named twice in {every}")
        if self.numbered and (len(self.key) != 1 or self.key[0] in self.columns):
            raise ValueError(f"{self.name}: a numbered key is one column, not among the written ones")
        if not set(self.key) <= set(every):
            raise ValueError(f"{self.name}: key {self.key} is not among its columns")

    @cached_property  # built once: a batch reads rows by the hundred thousand
    def read(self) -> tuple[str, ...]:
        """The columns ``select`` reads, in order (a numbered key first)."""
        return (*self.key, *self.columns) if self.numbered else self.columns

    @cached_property
    def stored(self) -> frozenset[str]:
        """Every column of the table (what the migrated schema holds)."""
        return frozenset((*self.read, *self.apart))

    @cached_property
    def select(self) -> str:
        return f"SELECT {', '.join(self.read)} FROM {self.name}"

    @cached_property
    def insert(self) -> str:
        return f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({', '.join('?' * len(self.columns))})"

    @cached_property
    def insert_numbered(self) -> str:
        """``insert`` returning the key the database gave (``fetchone()[0]``)."""
        if not self.numbered:
            raise ValueError(f"{self.name} is not numbered by the database")
        return f"{self.insert} RETURNING {self.key[0]}"

    def upsert(self, replaced: tuple[str, ...] | None = None) -> str:
        """``insert``, or on a key already stored, ``replaced`` (default: every column but the
        key) set to the new row's values."""
        changed = self._changed(()) if replaced is None else self._known(replaced)
        assignments = ", ".join(f"{column} = excluded.{column}" for column in changed)
        return f"{self.insert} ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {assignments}"

    def update(self, unchanged: tuple[str, ...] = ()) -> str:
        """``UPDATE … SET`` every column but the key and ``unchanged``, ``WHERE`` the key: its
        parameters are ``update_values``."""
        changed = ", ".join(f"{column} = ?" for column in self._changed(unchanged))
        return f"UPDATE {self.name} SET {changed} WHERE {' AND '.join(f'{k} = ?' for k in self.key)}"

    def update_values(self, row: Mapping[str, object], unchanged: tuple[str, ...] = ()) -> list[object]:
        self._complete(row)
        return [*(row[column] for column in self._changed(unchanged)), *(row[k] for k in self.key)]

    def values(self, row: Mapping[str, object]) -> tuple[object, ...]:
        """A record's row given by name, in the order of ``insert``'s columns."""
        self._complete(row)
        return self._in_order(row)  # type: ignore[no-any-return]

    @cached_property  # itemgetter picks the columns in C: a batch writes rows by the hundred thousand
    def _in_order(self) -> Callable[[Mapping[str, object]], Any]:
        pick = itemgetter(*self.columns)
        return pick if len(self.columns) > 1 else lambda row: (pick(row),)

    def named(self, row: Sequence[Any]) -> dict[str, Any]:
        """A stored row (as ``select`` reads it) by column name."""
        return dict(zip(self.read, row, strict=True))

    def only(self, *columns: str) -> "Table":
        """These columns alone, for a read that needs no more (a listing without the file's
        bytes): ``select`` and ``named`` of them."""
        return Table(self.name, self._known(columns), key=tuple(k for k in self.key if k in columns))

    def _changed(self, unchanged: tuple[str, ...]) -> list[str]:
        return [column for column in self.columns if column not in self.key and column not in unchanged]

    def _known(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(columns) - self.stored
        if unknown:
            raise ValueError(f"{self.name} has no column {sorted(unknown)}")
        return columns

    def _complete(self, row: Mapping[str, object]) -> None:
        """A row with a column too many names one the table lacks: refused, not dropped."""
        if len(row) != len(self.columns) + (len(self.key) if self.numbered and self.key[0] in row else 0):
            extra = sorted(set(row) - set(self.read))
            missing = sorted(set(self.columns) - set(row))
            raise ValueError(f"{self.name}: row has unknown columns {extra}, lacks {missing}")
