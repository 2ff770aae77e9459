"""The PostgreSQL engine: one psycopg connection behind the interface the repositories use.

The repositories' SQL is SQLite's: ``?`` placeholders become psycopg's ``%s`` here (a literal
``%`` doubled), ``SUM`` of integer fen comes back as an int as it does from SQLite, and a
Python bool is stored as the 0/1 SQLite stores."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import pq
from psycopg.adapt import Dumper, Loader

from shebao.errors import StoreRefused


class PgStoreRefused(StoreRefused):
    """A key taken or a CHECK failed on the server: the use case fails whole."""


class _IntegralNumeric(Loader):
    """``SUM`` over BIGINT is NUMERIC in PostgreSQL; money sums are whole fen."""

    def load(self, data: Any) -> int | Decimal:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else value


class _BoolAsInteger(Dumper):
    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """SQLite's SQL as psycopg takes it: ``?`` outside quoted text is ``%s``, ``%`` is ``%%``;
    ``ORDER BY rowid`` (insertion order of a table never updated) is ``ORDER BY ctid``, and
    SQLite's ``instr(text, part)`` is PostgreSQL's ``strpos`` (the same 1-based answer, 0 if absent)."""
    out: list[str] = []
    quoted = False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out).replace("ORDER BY rowid", "ORDER BY ctid").replace("instr(", "strpos(")


def configure(pg: psycopg.Connection[Any]) -> None:
    """Rows read as SQLite gives them: integer sums as int; a bool written as 0/1."""
    pg.adapters.register_loader("numeric", _IntegralNumeric)
    pg.adapters.register_dumper(bool, _BoolAsInteger)


def _params(parameters: Any) -> Sequence[Any]:
    return [] if parameters is None else list(parameters)


class PgConnection:
    """What repositories call on ``db.conn``: statements, and whether a transaction is open."""

    def __init__(self, pg: psycopg.Connection[Any]) -> None:
        self.pg = pg

    def execute(self, sql: str, parameters: Any = None) -> psycopg.Cursor[Any]:
        try:
            return self.pg.execute(translate(sql), _params(parameters))
        except psycopg.errors.IntegrityError as error:
            raise PgStoreRefused(f"the database refused the change: {error.diag.message_primary}") from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.pg.cursor()
        values = [list(row) for row in rows]
        if len(values) <= 1:  # none, or one: a plain statement, one round trip (a pipeline takes two)
            return self.execute(sql, values[0]) if values else cursor
        try:
            cursor.executemany(translate(sql), values)
        except psycopg.errors.IntegrityError as error:
            raise PgStoreRefused(f"the database refused the change: {error.diag.message_primary}") from None
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.pg.info.transaction_status != pq.TransactionStatus.IDLE


class PgDatabase:
    """A shebao database on a PostgreSQL server, in autocommit mode: each unit of work opens
    its own transaction with ``BEGIN``, as SQLite's does."""

    def __init__(self, pg: psycopg.Connection[Any], url: str) -> None:
        self.url = url
        self._conn = PgConnection(pg)
        configure(pg)

    @property
    def conn(self) -> PgConnection:
        return self._conn

    @property
    def pg(self) -> psycopg.Connection[Any]:
        return self._conn.pg

    def execute(self, sql: str, parameters: Any = None) -> Any:
        """A cursor, read as the repositories read SQLite's (``fetchone``, ``fetchall``)."""
        return self._conn.execute(sql, parameters)

    def close(self) -> None:
        self._conn.pg.close()


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    if "password" not in info:
        return url
    scheme, _, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***{at}{place}"
