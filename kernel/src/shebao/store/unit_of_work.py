"""The SQLite unit of work: one ``BEGIN IMMEDIATE`` transaction per use case."""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self

import sqlite_utils

from shebao.store.audit import GIVEN, SqliteAudit, wall_clock
from shebao.store.engine import Database
from shebao.store.people import SqliteAccounts, SqliteContributions, SqliteEmployers, SqlitePersons

if TYPE_CHECKING:
    from shebao.store.access import SqliteAccess
    from shebao.store.cards import SqliteActivations, SqliteCards, SqliteNotices, SqlitePayments
    from shebao.store.entitlement import SqliteEntitlementFacts
    from shebao.store.filings import SqliteFilings
    from shebao.store.fund import SqliteFamilyLinks, SqliteReimbursements
    from shebao.store.institutions import SqliteInstitutions
    from shebao.store.payment_problems import SqlitePaymentProblems
    from shebao.store.register import SqliteAssessments, SqlitePersonHistory, SqliteResidentPremiums
    from shebao.store.settlement import SqliteSettlements


class SqliteUnitOfWork:
    """Rolls back unless committed. The write lock is taken up front (``BEGIN IMMEDIATE``),
    so two writers queue on the busy timeout instead of failing halfway."""

    def __init__(
        self,
        db: Database,
        operator: str,
        now: dt.datetime,
        operator_source: str = GIVEN,
        clock: Callable[[], dt.datetime] = wall_clock,
    ) -> None:
        self.db = db
        self.operator = operator
        self.now = now
        self.persons = SqlitePersons(db)
        self.employers = SqliteEmployers(db)
        self.contributions = SqliteContributions(db)
        self.accounts = SqliteAccounts(db)
        self.audit = SqliteAudit(db, operator, now, operator_source, clock)
        self._committed = False

    # The other concerns' repositories are imported on first use: a query of persons does
    # not pay for loading the card, filing and settlement models.

    @cached_property
    def access(self) -> "SqliteAccess":
        from shebao.store.access import SqliteAccess

        return SqliteAccess(self.db)

    @cached_property
    def institutions(self) -> "SqliteInstitutions":
        from shebao.store.institutions import SqliteInstitutions

        return SqliteInstitutions(self.db)

    @cached_property
    def filings(self) -> "SqliteFilings":
        from shebao.store.filings import SqliteFilings

        return SqliteFilings(self.db)

    @cached_property
    def settlements(self) -> "SqliteSettlements":
        from shebao.store.settlement import SqliteSettlements

        return SqliteSettlements(self.db)

    @cached_property
    def cards(self) -> "SqliteCards":
        from shebao.store.cards import SqliteCards

        return SqliteCards(self.db, self.operator)

    @cached_property
    def notices(self) -> "SqliteNotices":
        from shebao.store.cards import SqliteNotices

        return SqliteNotices(self.db)

    @cached_property
    def payments(self) -> "SqlitePayments":
        from shebao.store.cards import SqlitePayments

        return SqlitePayments(self.db)

    @cached_property
    def activations(self) -> "SqliteActivations":
        from shebao.store.cards import SqliteActivations

        return SqliteActivations(self.db)

    @cached_property
    def entitlement(self) -> "SqliteEntitlementFacts":
        from shebao.store.entitlement import SqliteEntitlementFacts

        return SqliteEntitlementFacts(self.db)

    @cached_property
    def family(self) -> "SqliteFamilyLinks":
        from shebao.store.fund import SqliteFamilyLinks

        return SqliteFamilyLinks(self.db)

    @cached_property
    def reimbursements(self) -> "SqliteReimbursements":
        from shebao.store.fund import SqliteReimbursements

        return SqliteReimbursements(self.db)

    @cached_property
    def person_history(self) -> "SqlitePersonHistory":
        from shebao.store.register import SqlitePersonHistory

        return SqlitePersonHistory(self.db)

    @cached_property
    def resident_premiums(self) -> "SqliteResidentPremiums":
        from shebao.store.register import SqliteResidentPremiums

        return SqliteResidentPremiums(self.db)

    @cached_property
    def assessments(self) -> "SqliteAssessments":
        from shebao.store.register import SqliteAssessments

        return SqliteAssessments(self.db)

    @cached_property
    def payment_problems(self) -> "SqlitePaymentProblems":
        from shebao.store.payment_problems import SqlitePaymentProblems

        return SqlitePaymentProblems(self.db)

    def __enter__(self) -> Self:
        self.db.conn.execute("BEGIN IMMEDIATE")
        self._committed = False
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self._committed and self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")

    def commit(self) -> None:
        self.db.conn.execute("COMMIT")
        self._committed = True

    def lock_persons(self, citizen_ids: Iterable[str]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already made this the only writer."""

    def data_version(self) -> int:
        """``PRAGMA data_version``: changes when another connection commits, not for our own."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])


def unit_of_work(
    db: Database,
    operator: str,
    now: dt.datetime,
    operator_source: str = GIVEN,
    clock: Callable[[], dt.datetime] = wall_clock,
) -> SqliteUnitOfWork:
    """The unit of work of the database's engine."""
    if isinstance(db, sqlite_utils.Database):
        return SqliteUnitOfWork(db, operator, now, operator_source, clock)
    from shebao.store.pg import PgDatabase
    from shebao.store.pg_pool import PooledPgDatabase
    from shebao.store.pg_unit_of_work import PgUnitOfWork

    assert isinstance(db, PgDatabase | PooledPgDatabase)
    return PgUnitOfWork(db, operator, now, operator_source, clock)
