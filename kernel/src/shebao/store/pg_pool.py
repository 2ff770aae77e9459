"""A pool of server connections for ``shebao serve``: a unit of work takes one connection for
its transaction and gives it back at the end; a statement outside a transaction borrows one for
itself. Handlers on several threads then never share a connection, and a process holds only
the connections its concurrent requests use (psycopg_pool's ``ConnectionPool``)."""

from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from shebao.store.pg import PgConnection, configure

POOL_MAX = 8  # connections a server process may hold at once


class Rows:
    """A statement's rows, read before its connection went back to the pool."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.rowcount = cursor.rowcount
        self._rows: list[Any] = cursor.fetchall() if cursor.description is not None else []
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size: int) -> list[Any]:
        rows = self._rows[self._next : self._next + size]
        self._next += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        rows = self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PooledPgDatabase:
    """The interface the repositories use, over a pool: ``hold`` binds one connection to the
    current thread (or task) for a transaction, ``release`` gives it back."""

    def __init__(self, url: str, max_size: int = POOL_MAX) -> None:
        self.url = url
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_size, kwargs={"autocommit": True}, configure=configure, open=True
        )
        self._held: ContextVar[PgConnection | None] = ContextVar(f"shebao_held_{id(self)}", default=None)

    def hold(self) -> None:
        """The current thread's unit of work takes a connection for its transaction."""
        if self._held.get() is None:
            self._held.set(PgConnection(self.pool.getconn()))

    def begin(self) -> None:
        """``BEGIN`` on the held connection, sent with its first statement."""
        held = self._held.get()
        assert held is not None, "a transaction begins on a held connection"
        held.begin()

    def release(self) -> None:
        held = self._held.get()
        if held is not None:
            self._held.set(None)
            self.pool.putconn(held.detach())

    @property
    def conn(self) -> "PooledConnection":
        return PooledConnection(self)

    def execute(self, sql: str, parameters: Any = None) -> Any:
        held = self._held.get()
        if held is not None:
            return held.execute(sql, parameters)
        with self.pool.connection() as pg:
            return Rows(PgConnection(pg).execute(sql, parameters))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        held = self._held.get()
        if held is not None:
            return held.executemany(sql, rows)
        with self.pool.connection() as pg:
            return PgConnection(pg).executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        held = self._held.get()
        return held is not None and held.in_transaction

    def close(self) -> None:
        self.pool.close()


class PooledConnection:
    def __init__(self, db: PooledPgDatabase) -> None:
        self._db = db

    def execute(self, sql: str, parameters: Any = None) -> Any:
        return self._db.execute(sql, parameters)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        return self._db.executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        return self._db.in_transaction
