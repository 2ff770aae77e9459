"""The append-only audit log: every change of state and every disclosure, with operator and time.

Two times per row: ``at`` is the wall clock when the row was written (never ``--today``), and
``business_date`` is the day the use case ran for (``--today``, or the real day). Each row is
chained to the previous one by a hash (``audit_chain``), so ``shebao check`` finds a row
rewritten or removed behind the triggers' back.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from shebao.model.audit import GIVEN, OS_USER, AuditEntry
from shebao.store.audit_chain import AUDIT, hash_of
from shebao.store.engine import Database
from shebao.store.sql import where

__all__ = ["GIVEN", "OS_USER", "AuditEntry", "PgAudit", "SqliteAudit", "wall_clock"]


# an entry as read: its place in the chain is the chain's own concern
_ENTRY = AUDIT.only("id", "at", "operator", "action", "subject", "detail", "business_date", "operator_source")


def wall_clock() -> dt.datetime:
    """The real time, local, to the second, with its UTC offset."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class SqliteAudit:
    def __init__(
        self,
        db: Database,
        operator: str,
        now: dt.datetime,
        operator_source: str = GIVEN,
        clock: Callable[[], dt.datetime] = wall_clock,
    ) -> None:
        self._db = db
        self._operator = operator
        self._operator_source = operator_source
        self._business_date = now.date().isoformat()
        self._clock = clock

    def record(self, action: str, subject: str, **detail: Any) -> None:
        self.record_many([(action, subject, detail)])

    def record_many(self, entries: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Append rows in order, each chained to the one before (callers hold the write lock)."""
        if not entries:
            return
        last = self._db.execute(f"SELECT id, hash FROM {AUDIT.name} ORDER BY id DESC LIMIT 1").fetchone()
        row_id, previous = (last[0], last[1]) if last else (0, "")
        at = self._clock().isoformat(timespec="seconds")
        rows = []
        for action, subject, detail in entries:
            row_id += 1
            text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
            row: dict[str, object] = {"id": row_id, "at": at, "business_date": self._business_date, "operator": self._operator}
            row |= {"operator_source": self._operator_source, "action": action, "subject": subject, "detail": text}
            current = hash_of(previous, row)
            rows.append(AUDIT.values({**row, "prev_hash": previous, "hash": current}))
            previous = current
        self._db.conn.executemany(AUDIT.insert, rows)

    def entries(
        self,
        subject: str | None = None,
        action: str | None = None,
        limit: int = 100,
        operator: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[AuditEntry]:
        """Latest first; ``since`` and ``until`` are business days, both included."""
        filters, params = where(
            ("subject = ?", subject),
            ("action = ?", action),
            ("operator = ?", operator),
            ("business_date >= ?", since.isoformat() if since else None),
            ("business_date <= ?", until.isoformat() if until else None),
        )
        for row in self._db.execute(f"{_ENTRY.select}{filters} ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall():
            r = _ENTRY.named(row)
            yield AuditEntry(
                id=r["id"],
                at=dt.datetime.fromisoformat(r["at"]),
                operator=r["operator"],
                action=r["action"],
                subject=r["subject"],
                detail=json.loads(r["detail"]),
                business_date=dt.date.fromisoformat(r["business_date"]) if r["business_date"] else None,
                operator_source=r["operator_source"],
            )


# pg_advisory_xact_lock key of the audit chain's head: rows chain in the order they commit
AUDIT_HEAD_LOCK = 0x5E_BA_00_02

# One row chained on the server: its id and previous hash are the head's as the statement finds
# it (after the lock, in a statement of its own), its hash ``row_hash``'s: the head's two fields
# length-prefixed here, the rest length-prefixed by the client (``_tail``), sha256 in hex.
_APPEND_ONE = (
    "INSERT INTO audit (id, at, business_date, operator, operator_source, action, subject, detail, prev_hash, hash)"
    " SELECT head.id, ?, ?, ?, ?, ?, ?, ?, head.hash, encode(sha256(convert_to("
    "length(head.hash) || ':' || head.hash || length(head.id::text) || ':' || head.id || ?, 'UTF8')), 'hex')"
    " FROM (SELECT COALESCE(MAX(last.id), 0) + 1 AS id, COALESCE(MAX(last.hash), '') AS hash"
    " FROM (SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1) AS last) AS head"
)


def _tail(*fields: str) -> str:
    """``row_hash``'s text after the previous hash and the id: each field prefixed by its length."""
    return "".join(f"{len(field)}:{field}" for field in fields)


class PgAudit(SqliteAudit):
    """On PostgreSQL transactions run side by side: the head is read under a lock held to the
    end of the transaction, so two use cases never chain to the same previous row.

    The lock is queued (``PgConnection``): it reaches the server in the same round trip as the
    statement that reads the head. One row (a use case's usual audit) is chained by the server
    in its INSERT, which goes with the COMMIT: no round trip of its own, and the head stays
    locked only while the server runs those two, not across a client's round trip."""

    def record_many(self, entries: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        if not entries:
            return
        self._db.conn.executemany("SELECT pg_advisory_xact_lock(?)", [[AUDIT_HEAD_LOCK]])
        if len(entries) > 1:
            super().record_many(entries)
            return
        action, subject, detail = entries[0]
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        at = self._clock().isoformat(timespec="seconds")
        fields = (at, self._business_date, self._operator, self._operator_source, action, subject, text)
        self._db.conn.executemany(_APPEND_ONE, [[*fields, _tail(*fields)]])
