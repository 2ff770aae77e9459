"""Which engine a database target names, and the one interface the repositories use.

A target is a SQLite file path (the embedded default, nothing to set up) or a
``postgresql://`` URL (a province's shared server). Both engines run the repositories' same
SQL: ``?`` placeholders, days as ISO text, money as integer fen."""

from pathlib import Path
from typing import Any, Protocol

SERVER_SCHEMES = ("postgresql://", "postgres://")


class Database(Protocol):
    """What a repository calls: ``execute`` returns a cursor (``fetchone``, ``fetchall``,
    ``rowcount``); ``conn.executemany`` writes many rows with one statement."""

    @property
    def conn(self) -> Any: ...

    def execute(self, sql: str, parameters: Any = None) -> Any: ...

    def close(self) -> None: ...


def is_server(target: str | Path) -> bool:
    """Whether the target names a PostgreSQL server rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(SERVER_SCHEMES)


def is_postgresql(db: object) -> bool:
    from shebao.store.pg import PgDatabase

    return isinstance(db, PgDatabase)
