"""The PostgreSQL unit of work: the repositories' shared SQL in one server transaction.

Concurrency is the server's: transactions run side by side (READ COMMITTED), a settlement
locks its persons' rows (``lock_persons``) so two settlements of one person take turns, and
the audit chain's head is taken under an advisory lock so rows chain in commit order."""

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType

from shebao.store.audit import GIVEN, PgAudit, wall_clock
from shebao.store.pg import PgDatabase
from shebao.store.pg_numbering import PgCards, PgFilings, PgNotices, PgReimbursements, PgSettlements
from shebao.store.pg_pool import PooledPgDatabase
from shebao.store.unit_of_work import SqliteUnitOfWork

# what data_version answers: each call a new number, so a batch never trusts what it read
# before another transaction may have committed (re-reading is always correct)
_VERSIONS = itertools.count(1)


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
        self.db.execute("COMMIT")
        self._committed = True

    def data_version(self) -> int:
        return next(_VERSIONS)

    def lock_persons(self, citizen_ids: Iterable[str]) -> None:
        """Hold these persons' rows until the transaction ends, in one order (no deadlock)."""
        numbers = sorted(set(citizen_ids))
        if numbers:
            # queued (PgConnection): sent with the next statement, which the server runs once the
            # rows are held, on a snapshot taken then (READ COMMITTED: one per statement)
            self.db.conn.executemany(
                "SELECT 1 FROM persons WHERE citizen_id = ANY(?) ORDER BY citizen_id FOR UPDATE", [[numbers]]
            )
