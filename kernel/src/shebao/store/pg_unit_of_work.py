"""The PostgreSQL unit of work: the repositories' shared SQL in one server transaction.

Concurrency is the server's: transactions run side by side (READ COMMITTED), a settlement
locks its persons' rows (``lock_persons``) so two settlements of one person take turns, and
the audit chain's head is taken under an advisory lock so rows chain in commit order."""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType

from shebao.store.audit import GIVEN, PgAudit, wall_clock
from shebao.store.pg import PgDatabase
from shebao.store.pg_numbering import PgCards, PgFilings, PgNotices, PgReimbursements, PgSettlements
from shebao.store.pg_pool import PooledPgDatabase
from shebao.store.unit_of_work import SqliteUnitOfWork

# a snapshot as data_version compares them: the first transaction id not yet completed, and
# those below it still running (PostgreSQL's own transaction ids, 64 bits: they never wrap)
_Snapshot = tuple[int, frozenset[int]]
_SNAPSHOT = "SELECT pg_current_snapshot()::text"


def _snapshot(text: str) -> _Snapshot:
    _, xmax, running = text.split(":")
    return int(xmax), frozenset(int(xid) for xid in running.split(",") if xid)


def _only_ours(before: _Snapshot, xid: int | None, after: _Snapshot) -> bool:
    """Whether ``after`` differs from ``before`` by our own transaction's commit alone: with no
    transaction id, nothing moved; with one, it was the next id after ``before`` (no other
    was taken between) and it alone completed (nothing else ran to its end meanwhile)."""
    if xid is None:
        return after == before
    return xid == before[0] and after == (xid + 1, before[1])


class PgUnitOfWork(SqliteUnitOfWork):
    def __init__(
        self,
        db: PgDatabase | PooledPgDatabase,
        operator: str,
        now: dt.datetime,
        operator_source: str = GIVEN,
        clock: Callable[[], dt.datetime] = wall_clock,
    ) -> None:
        super().__init__(db, operator, now, operator_source, clock)
        self.server = db
        self._seen: _Snapshot | None = None  # the snapshot data_version last answered for
        self._version = 0
        self.audit = PgAudit(db, operator, now, operator_source, clock)

    @cached_property
    def cards(self) -> PgCards:
        return PgCards(self.db, self.operator)

    @cached_property
    def notices(self) -> PgNotices:
        return PgNotices(self.db)

    @cached_property
    def filings(self) -> PgFilings:
        return PgFilings(self.db)

    @cached_property
    def settlements(self) -> PgSettlements:
        return PgSettlements(self.db)

    @cached_property
    def reimbursements(self) -> PgReimbursements:
        return PgReimbursements(self.db)

    def __enter__(self) -> "PgUnitOfWork":
        if isinstance(self.server, PooledPgDatabase):
            self.server.hold()  # one connection of the pool for the whole transaction
        self.server.begin()  # sent with the first statement: no round trip of its own
        self._committed = False
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self._committed and self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
        finally:
            if isinstance(self.db, PooledPgDatabase):
                self.db.release()

    def commit(self) -> None:
        if self._seen is None:  # nobody asks data_version: nothing to observe
            self.db.execute("COMMIT")
        else:
            self._commit_observed(self._seen)
        self._committed = True

    def _commit_observed(self, seen: _Snapshot) -> None:
        """COMMIT, and what data_version last answered moved on past our own commit only when
        nobody else's transaction ended between that answer and this commit's end."""
        xid, text = self.db.execute("SELECT pg_current_xact_id_if_assigned()::text, pg_current_snapshot()::text").fetchone()
        self.db.execute("COMMIT")
        before, after = _snapshot(text), _snapshot(self.db.execute(_SNAPSHOT).fetchone()[0])
        if before == seen and _only_ours(before, None if xid is None else int(xid), after):
            self._seen = after

    def data_version(self) -> int:
        """Changes when another connection's transaction has ended since the last answer (its
        commit may have moved what the caller read), not for this unit of work's own commits, as
        SQLite's ``PRAGMA data_version``. Any doubt (another database's transactions, a rollback,
        a transaction id taken by nextval) changes it too: the caller then reads again."""
        now = _snapshot(self.db.execute(_SNAPSHOT).fetchone()[0])
        if now != self._seen:
            self._seen = now
            self._version += 1
        return self._version

    def lock_persons(self, citizen_ids: Iterable[str]) -> None:
        """Hold these persons' rows until the transaction ends, in one order (no deadlock)."""
        numbers = sorted(set(citizen_ids))
        if numbers:
            # queued (PgConnection): sent with the next statement, which the server runs once the
            # rows are held, on a snapshot taken then (READ COMMITTED: one per statement)
            self.db.conn.executemany(
                "SELECT 1 FROM persons WHERE citizen_id = ANY(?) ORDER BY citizen_id FOR UPDATE", [[numbers]]
            )
