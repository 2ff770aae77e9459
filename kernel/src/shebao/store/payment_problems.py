"""SQLite repository of payment problems: statement lines kept until resolved."""

import datetime as dt
from typing import Any

from shebao.model.payment import PaymentProblem
from shebao.money import Fen
from shebao.store.engine import Database


class SqlitePaymentProblems:
    _WRITTEN = "channel, statement, line, notice_number, amount, receipt, reversal, problem, message, found_on"
    _COLUMNS = "id, " + _WRITTEN + ", resolved_on, resolved_by, resolution"

    def __init__(self, db: Database) -> None:
        self._db = db

    def keep(self, problem: PaymentProblem) -> bool:
        p = problem
        cursor = self._db.execute(
            f"INSERT INTO payment_problems ({self._WRITTEN}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                p.channel,
                p.statement,
                p.line,
                p.notice_number,
                p.amount,
                p.receipt,
                int(p.reversal),
                p.problem,
                p.message,
                p.found_on.isoformat(),
            ],
        )
        return bool(cursor.rowcount)

    def get(self, problem_id: int) -> PaymentProblem | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM payment_problems WHERE id = ?", [problem_id]).fetchone()
        return self._problem(row) if row else None

    def search(self, include_resolved: bool = False, limit: int = 100) -> list[PaymentProblem]:
        where = "" if include_resolved else " WHERE resolved_on IS NULL"
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM payment_problems{where} ORDER BY id LIMIT ?", [limit])
        return [self._problem(row) for row in rows.fetchall()]

    def resolve(self, problem_id: int, on: dt.date, by: str, note: str) -> None:
        self._db.execute(
            "UPDATE payment_problems SET resolved_on = ?, resolved_by = ?, resolution = ? WHERE id = ?",
            [on.isoformat(), by, note, problem_id],
        )

    @staticmethod
    def _problem(row: Any) -> PaymentProblem:
        return PaymentProblem(
            id=row[0],
            channel=row[1],
            statement=row[2],
            line=row[3],
            notice_number=row[4],
            amount=Fen(row[5]),
            receipt=row[6],
            reversal=bool(row[7]),
            problem=row[8],
            message=row[9],
            found_on=dt.date.fromisoformat(row[10]),
            resolved_on=dt.date.fromisoformat(row[11]) if row[11] else None,
            resolved_by=row[12],
            resolution=row[13],
        )
