"""SQLite repositories of family links and manual reimbursements."""

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from shebao.model.fund import (
    FamilyLink,
    Reimbursement,
    ReimbursementReason,
    ReimbursementState,
    Relation,
    TreatedAt,
)
from shebao.model.institution import InstitutionLevel
from shebao.store.engine import Database
from shebao.store.sql import in_groups, marks, where


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


_LINK_COLUMNS = "id, holder, member, relation, added_on, removed_on"


class SqliteFamilyLinks:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, holder: str, member: str, relation: Relation, added_on: dt.date) -> FamilyLink:
        cursor = self._db.execute(
            "INSERT INTO family_links (holder, member, relation, added_on) VALUES (?, ?, ?, ?) RETURNING id",
            [holder, member, relation.value, added_on.isoformat()],
        )
        return FamilyLink(int(cursor.fetchone()[0]), holder, member, relation, added_on)

    def remove(self, link_id: int, removed_on: dt.date) -> None:
        self._db.execute("UPDATE family_links SET removed_on = ? WHERE id = ?", [removed_on.isoformat(), link_id])

    def live_of_member(self, member: str) -> FamilyLink | None:
        row = self._db.execute(
            f"SELECT {_LINK_COLUMNS} FROM family_links WHERE member = ? AND removed_on IS NULL", [member]
        ).fetchone()
        return _link(row) if row else None

    def live_of_members(self, members: Iterable[str]) -> dict[str, FamilyLink]:
        found: dict[str, FamilyLink] = {}
        for group in in_groups(members):
            for row in self._db.execute(
                f"SELECT {_LINK_COLUMNS} FROM family_links WHERE removed_on IS NULL AND member IN ({marks(len(group))})",
                group,
            ):
                found[row[2]] = _link(row)
        return found

    def of_holder(self, holder: str) -> list[FamilyLink]:
        rows = self._db.execute(f"SELECT {_LINK_COLUMNS} FROM family_links WHERE holder = ? ORDER BY id", [holder])
        return [_link(row) for row in rows]


def _link(row: Any) -> FamilyLink:
    return FamilyLink(row[0], row[1], row[2], Relation(row[3]), dt.date.fromisoformat(row[4]), _date(row[5]))


_COLUMNS = (
    "id, citizen_id, invoice_number, reason, bill, institution_name, institution_region, institution_level, receipts,"
    " state, applied_on, decided_on, rejection, settlement_id, paid_on, bank_card, bank, reversed_on"
)


class SqliteReimbursements:
    def __init__(self, db: Database) -> None:
        self._db = db

    def next_id(self) -> int:
        return int(self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM reimbursements").fetchone()[0])

    def add(self, reimbursement: Reimbursement) -> None:
        self._db.execute(
            f"INSERT INTO reimbursements ({_COLUMNS}) VALUES ({marks(len(_COLUMNS.split(',')))})", _row(reimbursement)
        )

    def update(self, reimbursement: Reimbursement) -> None:
        columns = [c.strip() for c in _COLUMNS.split(",")]
        values = _row(reimbursement)
        self._db.execute(
            f"UPDATE reimbursements SET {', '.join(f'{c} = ?' for c in columns[1:])} WHERE id = ?",
            [*values[1:], values[0]],
        )

    def get(self, reimbursement_id: int) -> Reimbursement | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM reimbursements WHERE id = ?", [reimbursement_id]).fetchone()
        return _reimbursement(row) if row else None

    def live_invoice(self, invoice_number: str) -> int | None:
        """The application of this invoice that is neither rejected nor reversed, if any."""
        row = self._db.execute(
            "SELECT id FROM reimbursements WHERE invoice_number = ? AND state NOT IN ('rejected', 'reversed')",
            [invoice_number],
        ).fetchone()
        return int(row[0]) if row else None

    def search(
        self, citizen_id: str | None = None, state: ReimbursementState | None = None, limit: int = 100
    ) -> list[Reimbursement]:
        filters, params = where(("citizen_id = ?", citizen_id), ("state = ?", state.value if state else None))
        sql = f"SELECT {_COLUMNS} FROM reimbursements{filters}"
        return [_reimbursement(row) for row in self._db.execute(sql + " ORDER BY id LIMIT ?", [*params, limit])]


def _row(r: Reimbursement) -> list[object]:
    from shebao.services.settlement.bills import bill_to_data

    return [
        r.id, r.citizen_id, r.invoice_number, r.reason.value, json.dumps(bill_to_data(r.bill), ensure_ascii=False),
        r.institution.name, r.institution.region, r.institution.level.value, json.dumps(list(r.receipts), ensure_ascii=False),
        r.state.value, r.applied_on.isoformat(), _iso(r.decided_on), r.rejection, r.settlement_id, _iso(r.paid_on),
        r.bank_card, r.bank, _iso(r.reversed_on),
    ]  # fmt: skip


def _reimbursement(row: Any) -> Reimbursement:
    from shebao.services.settlement.bills import bill_from_data

    return Reimbursement(
        id=row[0],
        bill=bill_from_data(json.loads(row[4])),
        reason=ReimbursementReason(row[3]),
        institution=TreatedAt(row[5], row[6], InstitutionLevel(row[7])),
        receipts=tuple(json.loads(row[8])),
        state=ReimbursementState(row[9]),
        applied_on=dt.date.fromisoformat(row[10]),
        decided_on=_date(row[11]),
        rejection=row[12],
        settlement_id=row[13],
        paid_on=_date(row[14]),
        bank_card=row[15],
        bank=row[16],
        reversed_on=_date(row[17]),
    )
