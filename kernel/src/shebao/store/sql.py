"""Running multi-statement SQL inside a migration's transaction.

``sqlite3.executescript`` commits any open transaction first, which would break a
migration's all-or-nothing guarantee; this runs one complete statement at a time instead."""

import sqlite3
from collections.abc import Iterator

import sqlite_utils


def statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (trigger bodies with inner ``;`` stay whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


def run_script(db: sqlite_utils.Database, script: str) -> None:
    for statement in statements(script):
        db.execute(statement)
