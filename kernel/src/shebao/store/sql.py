"""SQL helpers: multi-statement SQL inside a migration's transaction, and keys asked about in
groups with ``IN``.

``sqlite3.executescript`` commits any open transaction first, which would break a
migration's all-or-nothing guarantee; this runs one complete statement at a time instead."""

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TypeVar

import sqlite_utils

from shebao.i18n import _

T = TypeVar("T")


def statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (trigger bodies with inner ``;`` stay whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(_("incomplete SQL statement: {strip}").format(strip=pending.strip()[:60]))


def run_script(db: sqlite_utils.Database, script: str) -> None:
    for statement in statements(script):
        db.execute(statement)


# SQLite allows 32,766 host parameters; a batch asks about a chunk of keys at a time with ``IN``
IN_GROUP = 500


def in_groups(values: Iterable[T], size: int = IN_GROUP) -> Iterator[list[T]]:
    """The values in lists of at most ``size``, for one ``IN (?, ...)`` query each."""
    group: list[T] = []
    for value in values:
        group.append(value)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def marks(count: int) -> str:
    """``?, ?, ...``: ``count`` placeholders."""
    return ", ".join("?" * count)


def where(*conditions: tuple[str, object]) -> tuple[str, list[object]]:
    """`` WHERE a = ? AND b >= ?`` of the conditions asked, and their values in order; ``""``
    and ``[]`` when none is asked. A value neither None nor ``""`` asks its clause; a tuple
    holds a clause's values, one per ``?``, and always asks it (``()``: a clause without
    values). The one filter builder of every search."""
    clauses: list[str] = []
    values: list[object] = []
    for clause, value in conditions:
        if isinstance(value, tuple):
            clauses.append(clause)
            values.extend(value)
        elif value is not None and value != "":
            clauses.append(clause)
            values.append(value)
    if not clauses:
        return "", []
    return " WHERE " + " AND ".join(clauses), values
