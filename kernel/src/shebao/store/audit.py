"""The append-only audit log: every change of state, with operator and time."""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import attrs
import sqlite_utils


@attrs.frozen
class AuditEntry:
    id: int
    at: dt.datetime
    operator: str
    action: str
    subject: str
    detail: dict[str, Any]


class SqliteAudit:
    def __init__(self, db: sqlite_utils.Database, operator: str, now: dt.datetime) -> None:
        self._db = db
        self._operator = operator
        self._now = now

    def record(self, action: str, subject: str, **detail: Any) -> None:
        self._db.execute(
            "INSERT INTO audit (at, operator, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            [
                self._now.isoformat(timespec="seconds"),
                self._operator,
                action,
                subject,
                json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
            ],
        )

    def entries(
        self,
        subject: str | None = None,
        action: str | None = None,
        limit: int = 100,
        operator: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[AuditEntry]:
        """Latest first; ``since`` and ``until`` are days, both included."""
        where, params = [], []
        for clause, value in (
            ("subject = ?", subject),
            ("action = ?", action),
            ("operator = ?", operator),
            ("at >= ?", since.isoformat() if since else None),
            ("at < ?", (until + dt.timedelta(days=1)).isoformat() if until else None),
        ):
            if value:
                where.append(clause)
                params.append(value)
        sql = "SELECT id, at, operator, action, subject, detail FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        for row in self._db.execute(sql, [*params, limit]).fetchall():
            yield AuditEntry(row[0], dt.datetime.fromisoformat(row[1]), row[2], row[3], row[4], json.loads(row[5]))
