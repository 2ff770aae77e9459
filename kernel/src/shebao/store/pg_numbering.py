"""Numbers on PostgreSQL: one sequence per kind for the whole database, so every counter and
hospital of a province shares one numbering; numbers that carry their day count per kind and
day in ``day_counters`` (the row is locked until the transaction ends, so two counters never
take the same number)."""

import datetime as dt

from shebao.store.cards import SqliteCards, SqliteNotices
from shebao.store.engine import Database
from shebao.store.filings import SqliteFilings
from shebao.store.fund import SqliteReimbursements
from shebao.store.settlement import SqliteSettlements


def next_in_sequence(db: Database, sequence: str) -> int:
    return int(db.execute(f"SELECT nextval('{sequence}')").fetchone()[0])


def next_of_day(db: Database, kind: str, prefix: str) -> int:
    """The next number of ``kind`` for the day (or prefix) ``prefix``, starting at 1."""
    row = db.execute(
        "INSERT INTO day_counters (kind, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (kind, day) DO UPDATE SET last = day_counters.last + 1 RETURNING last",
        [kind, prefix],
    ).fetchone()
    return int(row[0])


class PgCards(SqliteCards):
    def next_application_sequence(self, prefix: str) -> int:
        return next_of_day(self._db, "card-application", prefix)

    def next_card_sequence(self) -> int:
        return next_in_sequence(self._db, "card_numbers")


class PgNotices(SqliteNotices):
    def next_sequence(self, prefix: str) -> int:
        return next_of_day(self._db, "notice", prefix)


class PgFilings(SqliteFilings):
    def next_id(self, day: dt.date) -> str:
        prefix = f"YD{day:%Y%m%d}"
        return f"{prefix}{next_of_day(self._db, 'filing', prefix):04d}"


class PgSettlements(SqliteSettlements):
    def next_id(self) -> int:
        """The sequence's next value, read without taking it: an estimate or a chunk computed
        ahead leaves no gap in the province's numbering."""
        row = self._db.execute("SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM settlement_numbers").fetchone()
        return int(row[0])

    def new_ids(self, count: int) -> list[int]:
        rows = self._db.execute("SELECT nextval('settlement_numbers') FROM generate_series(1, ?)", [count]).fetchall()
        return [int(row[0]) for row in rows]


class PgReimbursements(SqliteReimbursements):
    def next_id(self) -> int:
        return next_in_sequence(self._db, "reimbursement_numbers")
