"""One definition per table: its columns in order, the statements built from them, and a
stored row read by column name, so a new column is one edit and both engines share it."""

from collections.abc import Mapping, Sequence
from typing import Any

import attrs


@attrs.frozen
class Table:
    name: str
    columns: tuple[str, ...]
    key: str  # the primary key's column

    @property
    def select(self) -> str:
        return f"SELECT {', '.join(self.columns)} FROM {self.name}"

    @property
    def insert(self) -> str:
        return f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({', '.join('?' * len(self.columns))})"

    def update(self, unchanged: tuple[str, ...] = ()) -> str:
        """``UPDATE … SET`` every column but the key and ``unchanged``, ``WHERE`` the key: its
        parameters are ``update_values``."""
        changed = ", ".join(f"{column} = ?" for column in self._changed(unchanged))
        return f"UPDATE {self.name} SET {changed} WHERE {self.key} = ?"

    def update_values(self, row: Mapping[str, object], unchanged: tuple[str, ...] = ()) -> list[object]:
        return [*(row[column] for column in self._changed(unchanged)), row[self.key]]

    def _changed(self, unchanged: tuple[str, ...]) -> list[str]:
        return [column for column in self.columns if column != self.key and column not in unchanged]

    def values(self, row: Mapping[str, object]) -> tuple[object, ...]:
        """A row given by name, in the order of the columns (as ``select`` reads it)."""
        return tuple(row[column] for column in self.columns)

    def named(self, row: Sequence[Any]) -> dict[str, Any]:
        """A stored row (as ``select`` reads it) by column name."""
        return dict(zip(self.columns, row, strict=True))
