"""SQLite repository of payment problems: statement lines kept until resolved."""

import datetime as dt
from typing import Any

from shebao.model.payment import PaymentProblem
from shebao.money import Fen
from shebao.store.engine import Database
from shebao.store.sql import where
from shebao.store.table import Table

PAYMENT_PROBLEMS = Table(
    "payment_problems",
    (
        "channel", "statement", "line", "notice_number", "amount", "receipt", "reversal", "problem", "message", "found_on",
        "resolved_on", "resolved_by", "resolution",
    ),
    key="id",
    numbered=True,
)  # fmt: skip


class SqlitePaymentProblems:
    def __init__(self, db: Database) -> None:
        self._db = db

    def keep(self, problem: PaymentProblem) -> bool:
        """Keep the problem unless this line of this statement is kept already."""
        p = problem
        row = {
            "channel": p.channel,
            "statement": p.statement,
            "line": p.line,
            "notice_number": p.notice_number,
            "amount": p.amount,
            "receipt": p.receipt,
            "reversal": int(p.reversal),
            "problem": p.problem,
            "message": p.message,
            "found_on": p.found_on.isoformat(),
            "resolved_on": _iso(p.resolved_on),
            "resolved_by": p.resolved_by,
            "resolution": p.resolution,
        }
        cursor = self._db.execute(f"{PAYMENT_PROBLEMS.insert} ON CONFLICT DO NOTHING", PAYMENT_PROBLEMS.values(row))
        return bool(cursor.rowcount)

    def get(self, problem_id: int) -> PaymentProblem | None:
        row = self._db.execute(f"{PAYMENT_PROBLEMS.select} WHERE id = ?", [problem_id]).fetchone()
        return self._problem(row) if row else None

    def search(self, include_resolved: bool = False, limit: int = 100) -> list[PaymentProblem]:
        filters, params = where(("resolved_on IS NULL", None if include_resolved else ()))
        rows = self._db.execute(f"{PAYMENT_PROBLEMS.select}{filters} ORDER BY id LIMIT ?", [*params, limit])
        return [self._problem(row) for row in rows.fetchall()]

    def resolve(self, problem_id: int, on: dt.date, by: str, note: str) -> None:
        self._db.execute(
            f"UPDATE {PAYMENT_PROBLEMS.name} SET resolved_on = ?, resolved_by = ?, resolution = ? WHERE id = ?",
            [on.isoformat(), by, note, problem_id],
        )

    @staticmethod
    def _problem(row: Any) -> PaymentProblem:
        r = PAYMENT_PROBLEMS.named(row)
        return PaymentProblem(
            id=r["id"],
            channel=r["channel"],
            statement=r["statement"],
            line=r["line"],
            notice_number=r["notice_number"],
            amount=Fen(r["amount"]),
            receipt=r["receipt"],
            reversal=bool(r["reversal"]),
            problem=r["problem"],
            message=r["message"],
            found_on=dt.date.fromisoformat(r["found_on"]),
            resolved_on=_date(r["resolved_on"]),
            resolved_by=r["resolved_by"],
            resolution=r["resolution"],
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
