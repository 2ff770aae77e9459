"""SQLite repository of off-site filings and the institutions chosen for them."""

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from shebao.model.filing import Filing, FilingCategory, FilingChannel, FilingDocument, FilingState
from shebao.store.engine import Database
from shebao.store.rows import readable
from shebao.store.sql import in_groups, marks, where
from shebao.store.table import Table


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


FILINGS = Table(
    "filings",
    (
        "id", "citizen_id", "insured_region", "treatment_region", "category", "documents", "inpatient", "address",
        "applied_on", "starts_on", "ends_on", "state", "decided_on", "reasons", "ended_on", "end_reason", "channel",
    ),
    key="id",
)  # fmt: skip
# the institutions chosen, in the order of the filing's list
FILING_INSTITUTIONS = Table(
    "filing_institutions", ("filing_id", "position", "institution_code"), key=("filing_id", "institution_code")
)
_CHOSEN = FILING_INSTITUTIONS.only("filing_id", "institution_code")


class SqliteFilings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def next_id(self, day: dt.date) -> str:
        """A new filing number: ``YD`` (异地), the day, and a 4-digit sequence of that day."""
        prefix = f"YD{day:%Y%m%d}"
        row = self._db.execute("SELECT count(*) FROM filings WHERE id LIKE ?", [prefix + "%"]).fetchone()
        return f"{prefix}{row[0] + 1:04d}"

    def add(self, filing: Filing) -> None:
        self._db.execute(FILINGS.insert, FILINGS.values(self._row(filing)))
        self._set_institutions(filing)

    def update(self, filing: Filing) -> None:
        self._db.execute(FILINGS.update(), FILINGS.update_values(self._row(filing)))
        self._db.execute(f"DELETE FROM {FILING_INSTITUTIONS.name} WHERE filing_id = ?", [filing.id])
        self._set_institutions(filing)

    def get(self, filing_id: str) -> Filing | None:
        row = self._db.execute(f"{FILINGS.select} WHERE id = ?", [filing_id]).fetchone()
        return self._filing(row) if row else None

    def of_person(self, citizen_id: str) -> list[Filing]:
        rows = self._db.execute(f"{FILINGS.select} WHERE citizen_id = ? ORDER BY applied_on, id", [citizen_id]).fetchall()
        return [self._filing(row) for row in rows]

    def of_persons(self, citizen_ids: Iterable[str]) -> dict[str, list[Filing]]:
        """``of_person`` for many persons at once: two queries per group of numbers."""
        found: dict[str, list[Filing]] = {}
        for group in in_groups(citizen_ids):
            rows = self._db.execute(
                f"{FILINGS.select} WHERE citizen_id IN ({marks(len(group))}) ORDER BY applied_on, id",
                group,
            ).fetchall()
            codes: dict[str, list[str]] = {}
            for ids in in_groups(FILINGS.named(row)["id"] for row in rows):
                for chosen in self._db.execute(
                    f"{_CHOSEN.select} WHERE filing_id IN ({marks(len(ids))}) ORDER BY filing_id, position", ids
                ).fetchall():
                    c = _CHOSEN.named(chosen)
                    codes.setdefault(c["filing_id"], []).append(c["institution_code"])
            for row in rows:
                stored = FILINGS.named(row)
                found.setdefault(stored["citizen_id"], []).append(self._filing(row, tuple(codes.get(stored["id"], ()))))
        return found

    def search(self, state: FilingState | None = None, limit: int = 50, offset: int = 0) -> list[Filing]:
        filters, params = where(("state = ?", state.value if state else None))
        sql = f"{FILINGS.select}{filters} ORDER BY applied_on, id LIMIT ? OFFSET ?"
        # a listing leaves a damaged row out; rules read with of_person/get, which refuse it
        return list(readable("filings", self._db.execute(sql, [*params, limit, offset]).fetchall(), self._filing))

    def _set_institutions(self, filing: Filing) -> None:
        rows = [
            {"filing_id": filing.id, "position": position, "institution_code": code}
            for position, code in enumerate(filing.institutions)
        ]
        self._db.conn.executemany(FILING_INSTITUTIONS.insert, [FILING_INSTITUTIONS.values(row) for row in rows])

    @staticmethod
    def _row(filing: Filing) -> dict[str, object]:
        """The filing as stored, by column (its institutions are rows of their own)."""
        return {
            "id": filing.id,
            "citizen_id": filing.citizen_id,
            "insured_region": filing.insured_region,
            "treatment_region": filing.treatment_region,
            "category": filing.category.value,
            "documents": ",".join(sorted(d.value for d in filing.documents)),
            "inpatient": int(filing.inpatient),
            "address": filing.address,
            "applied_on": filing.applied_on.isoformat(),
            "starts_on": filing.starts_on.isoformat(),
            "ends_on": filing.ends_on.isoformat() if filing.ends_on else None,
            "state": filing.state.value,
            "decided_on": filing.decided_on.isoformat() if filing.decided_on else None,
            "reasons": json.dumps(list(filing.reasons), ensure_ascii=False),
            "ended_on": filing.ended_on.isoformat() if filing.ended_on else None,
            "end_reason": filing.end_reason,
            "channel": filing.channel.value,
        }

    def _filing(self, row: Any, institutions: tuple[str, ...] | None = None) -> Filing:
        r = FILINGS.named(row)
        if institutions is None:
            chosen = self._db.execute(f"{_CHOSEN.select} WHERE filing_id = ? ORDER BY position", [r["id"]]).fetchall()
            institutions = tuple(_CHOSEN.named(c)["institution_code"] for c in chosen)
        return Filing(
            id=r["id"],
            citizen_id=r["citizen_id"],
            insured_region=r["insured_region"],
            treatment_region=r["treatment_region"],
            category=FilingCategory(r["category"]),
            documents=frozenset(FilingDocument(d) for d in r["documents"].split(",") if d),
            inpatient=bool(r["inpatient"]),
            address=r["address"],
            applied_on=dt.date.fromisoformat(r["applied_on"]),
            starts_on=dt.date.fromisoformat(r["starts_on"]),
            ends_on=_date(r["ends_on"]),
            state=FilingState(r["state"]),
            decided_on=_date(r["decided_on"]),
            reasons=tuple(json.loads(r["reasons"])),
            ended_on=_date(r["ended_on"]),
            end_reason=r["end_reason"],
            channel=FilingChannel(r["channel"]),
            institutions=institutions,
        )
