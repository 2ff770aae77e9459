"""SQLite repository of off-site filings and the institutions chosen for them."""

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from shebao.model.filing import Filing, FilingCategory, FilingChannel, FilingDocument, FilingState
from shebao.store.engine import Database
from shebao.store.rows import readable
from shebao.store.sql import in_groups, marks


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class SqliteFilings:
    _COLUMNS = (
        "id, citizen_id, insured_region, treatment_region, category, documents, inpatient, address,"
        " applied_on, starts_on, ends_on, state, decided_on, reasons, ended_on, end_reason, channel"
    )

    def __init__(self, db: Database) -> None:
        self._db = db

    def next_id(self, day: dt.date) -> str:
        """A new filing number: ``YD`` (异地), the day, and a 4-digit sequence of that day."""
        prefix = f"YD{day:%Y%m%d}"
        row = self._db.execute("SELECT count(*) FROM filings WHERE id LIKE ?", [prefix + "%"]).fetchone()
        return f"{prefix}{row[0] + 1:04d}"

    def add(self, filing: Filing) -> None:
        self._db.execute(
            f"INSERT INTO filings ({self._COLUMNS}) VALUES ({', '.join('?' * len(self._COLUMNS.split(',')))})",
            self._values(filing),
        )
        self._set_institutions(filing)

    def update(self, filing: Filing) -> None:
        values = self._values(filing)
        assignments = ", ".join(f"{column.strip()} = ?" for column in self._COLUMNS.split(",")[1:])
        self._db.execute(f"UPDATE filings SET {assignments} WHERE id = ?", [*values[1:], filing.id])
        self._db.execute("DELETE FROM filing_institutions WHERE filing_id = ?", [filing.id])
        self._set_institutions(filing)

    def get(self, filing_id: str) -> Filing | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM filings WHERE id = ?", [filing_id]).fetchone()
        return self._filing(row) if row else None

    def of_person(self, citizen_id: str) -> list[Filing]:
        rows = self._db.execute(
            f"SELECT {self._COLUMNS} FROM filings WHERE citizen_id = ? ORDER BY applied_on, id", [citizen_id]
        ).fetchall()
        return [self._filing(row) for row in rows]

    def of_persons(self, citizen_ids: Iterable[str]) -> dict[str, list[Filing]]:
        """``of_person`` for many persons at once: two queries per group of numbers."""
        found: dict[str, list[Filing]] = {}
        for group in in_groups(citizen_ids):
            rows = self._db.execute(
                f"SELECT {self._COLUMNS} FROM filings WHERE citizen_id IN ({marks(len(group))}) ORDER BY applied_on, id",
                group,
            ).fetchall()
            codes: dict[str, list[str]] = {}
            for ids in in_groups(row[0] for row in rows):
                for filing_id, code in self._db.execute(
                    f"SELECT filing_id, institution_code FROM filing_institutions WHERE filing_id IN ({marks(len(ids))})"
                    " ORDER BY filing_id, position",
                    ids,
                ).fetchall():
                    codes.setdefault(filing_id, []).append(code)
            for row in rows:
                found.setdefault(row[1], []).append(self._filing(row, tuple(codes.get(row[0], ()))))
        return found

    def search(self, state: FilingState | None = None, limit: int = 50, offset: int = 0) -> list[Filing]:
        sql = f"SELECT {self._COLUMNS} FROM filings"
        params: list[object] = []
        if state is not None:
            sql += " WHERE state = ?"
            params.append(state.value)
        sql += " ORDER BY applied_on, id LIMIT ? OFFSET ?"
        # a listing leaves a damaged row out; rules read with of_person/get, which refuse it
        return list(readable("filings", self._db.execute(sql, [*params, limit, offset]).fetchall(), self._filing))

    def _set_institutions(self, filing: Filing) -> None:
        self._db.conn.executemany(
            "INSERT INTO filing_institutions (filing_id, position, institution_code) VALUES (?, ?, ?)",
            [(filing.id, position, code) for position, code in enumerate(filing.institutions)],
        )

    @staticmethod
    def _values(filing: Filing) -> list[object]:
        return [
            filing.id,
            filing.citizen_id,
            filing.insured_region,
            filing.treatment_region,
            filing.category.value,
            ",".join(sorted(d.value for d in filing.documents)),
            int(filing.inpatient),
            filing.address,
            filing.applied_on.isoformat(),
            filing.starts_on.isoformat(),
            filing.ends_on.isoformat() if filing.ends_on else None,
            filing.state.value,
            filing.decided_on.isoformat() if filing.decided_on else None,
            json.dumps(list(filing.reasons), ensure_ascii=False),
            filing.ended_on.isoformat() if filing.ended_on else None,
            filing.end_reason,
            filing.channel.value,
        ]

    def _filing(self, row: Any, institutions: tuple[str, ...] | None = None) -> Filing:
        if institutions is None:
            institutions = tuple(
                code
                for (code,) in self._db.execute(
                    "SELECT institution_code FROM filing_institutions WHERE filing_id = ? ORDER BY position", [row[0]]
                ).fetchall()
            )
        return Filing(
            id=row[0],
            citizen_id=row[1],
            insured_region=row[2],
            treatment_region=row[3],
            category=FilingCategory(row[4]),
            documents=frozenset(FilingDocument(d) for d in row[5].split(",") if d),
            inpatient=bool(row[6]),
            address=row[7],
            applied_on=dt.date.fromisoformat(row[8]),
            starts_on=dt.date.fromisoformat(row[9]),
            ends_on=_date(row[10]),
            state=FilingState(row[11]),
            decided_on=_date(row[12]),
            reasons=tuple(json.loads(row[13])),
            ended_on=_date(row[14]),
            end_reason=row[15],
            channel=FilingChannel(row[16]),
            institutions=institutions,
        )
