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


def _refused(error: psycopg.errors.IntegrityError) -> PgStoreRefused:
    return PgStoreRefused(f"the database refused the change: {error.diag.message_primary}")


class PgConnection:
    """What repositories call on ``db.conn``: statements, and whether a transaction is open.

    Inside a transaction, writes whose results nobody reads (``executemany``, and ``BEGIN``
    itself) wait in a queue and go to the server with the next statement that reads, or with
    ``COMMIT``: several in one pipeline, one round trip instead of one per statement. The server
    runs them in order, each a statement of its own. A queued write that the server refuses
    fails that later statement (or the commit) instead, still inside the same transaction,
    which then rolls back whole as before. ``ROLLBACK`` drops the queue unsent."""

    def __init__(self, pg: psycopg.Connection[Any]) -> None:
        self._pg = pg
        self._queued: list[tuple[str, list[list[Any]]]] = []

    @property
    def pg(self) -> psycopg.Connection[Any]:
        """The psycopg connection, every queued statement sent first (COPY and the like use it)."""
        self.flush()
        return self._pg

    def begin(self) -> None:
        """Open a transaction: ``BEGIN`` goes to the server with the first statement after it."""
        self._queued.append(("BEGIN", [[]]))

    def execute(self, sql: str, parameters: Any = None) -> psycopg.Cursor[Any]:
        if sql == "ROLLBACK":
            self._queued.clear()  # nothing queued was sent: nothing of it to undo
            if self._pg.info.transaction_status == pq.TransactionStatus.IDLE:
                return self._pg.cursor()
        try:
            if self._queued:
                return self._send_queued(translate(sql), _params(parameters))
            return self._pg.execute(translate(sql), _params(parameters))
        except psycopg.errors.IntegrityError as error:
            raise _refused(error) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        """Write rows with one statement: queued inside a transaction, run at once outside one."""
        values = [list(row) for row in rows]
        if values and self.in_transaction:
            self._queued.append((translate(sql), values))
            return self._pg.cursor()
        if len(values) <= 1:  # none, or one: a plain statement, one round trip (a pipeline takes two)
            return self.execute(sql, values[0]) if values else self._pg.cursor()
        cursor = self._pg.cursor()
        try:
            cursor.executemany(translate(sql), values)
        except psycopg.errors.IntegrityError as error:
            raise _refused(error) from None
        return cursor

    def flush(self) -> None:
        """Send the queued statements now (their errors raised here)."""
        if self._queued:
            try:
                self._send_queued(None, [])
            except psycopg.errors.IntegrityError as error:
                raise _refused(error) from None

    def _send_queued(self, sql: str | None, parameters: Sequence[Any]) -> psycopg.Cursor[Any]:
        """The queue, then ``sql`` (None: nothing more), in one pipeline; ``sql``'s cursor."""
        queued, self._queued = self._queued, []
        cursor = self._pg.cursor()
        if len(queued) == 1 and len(queued[0][1]) == 1:
            # one statement before ``sql``: two plain round trips cost the client and the server
            # less CPU than a pipeline of two (psycopg's pipeline has a cost of its own)
            self._pg.execute(queued[0][0], queued[0][1][0])
            return cursor.execute(sql, parameters) if sql is not None else cursor
        with self._pg.pipeline():
            for text, values in queued:
                if len(values) == 1:
                    self._pg.execute(text, values[0])
                else:
                    self._pg.cursor().executemany(text, values)
            if sql is not None:
                cursor.execute(sql, parameters)
        return cursor

    def detach(self) -> psycopg.Connection[Any]:
        """The psycopg connection with the queue dropped unsent (it belonged to no committed work)."""
        self._queued.clear()
        return self._pg

    @property
    def in_transaction(self) -> bool:
        return bool(self._queued) or self._pg.info.transaction_status != pq.TransactionStatus.IDLE


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
        """The psycopg connection itself, every queued statement sent first."""
        return self._conn.pg

    def execute(self, sql: str, parameters: Any = None) -> Any:
        """A cursor, read as the repositories read SQLite's (``fetchone``, ``fetchall``)."""
        return self._conn.execute(sql, parameters)

    def close(self) -> None:
        self._conn.detach().close()

    def begin(self) -> None:
        self._conn.begin()


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    if "password" not in info:
        return url
    scheme, _, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***{at}{place}"
