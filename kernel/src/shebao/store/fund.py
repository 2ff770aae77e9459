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
from shebao.store.table import Table


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


FAMILY_LINKS = Table("family_links", ("holder", "member", "relation", "added_on", "removed_on"), key="id", numbered=True)
_LIVE = "removed_on IS NULL"


class SqliteFamilyLinks:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, holder: str, member: str, relation: Relation, added_on: dt.date) -> FamilyLink:
        row = {"holder": holder, "member": member, "relation": relation.value, "added_on": added_on.isoformat()}
        cursor = self._db.execute(FAMILY_LINKS.insert_numbered, FAMILY_LINKS.values({**row, "removed_on": None}))
        return FamilyLink(int(cursor.fetchone()[0]), holder, member, relation, added_on)

    def remove(self, link_id: int, removed_on: dt.date) -> None:
        self._db.execute(f"UPDATE {FAMILY_LINKS.name} SET removed_on = ? WHERE id = ?", [removed_on.isoformat(), link_id])

    def live_of_member(self, member: str) -> FamilyLink | None:
        row = self._db.execute(f"{FAMILY_LINKS.select} WHERE member = ? AND {_LIVE}", [member]).fetchone()
        return _link(row) if row else None

    def live_of_members(self, members: Iterable[str]) -> dict[str, FamilyLink]:
        found: dict[str, FamilyLink] = {}
        for group in in_groups(members):
            for row in self._db.execute(f"{FAMILY_LINKS.select} WHERE {_LIVE} AND member IN ({marks(len(group))})", group):
                link = _link(row)
                found[link.member] = link
        return found

    def of_holder(self, holder: str) -> list[FamilyLink]:
        rows = self._db.execute(f"{FAMILY_LINKS.select} WHERE holder = ? ORDER BY id", [holder])
        return [_link(row) for row in rows]


def _link(row: Any) -> FamilyLink:
    r = FAMILY_LINKS.named(row)
    return FamilyLink(
        id=r["id"],
        holder=r["holder"],
        member=r["member"],
        relation=Relation(r["relation"]),
        added_on=dt.date.fromisoformat(r["added_on"]),
        removed_on=_date(r["removed_on"]),
    )


REIMBURSEMENTS = Table(
    "reimbursements",
    (
        "id", "citizen_id", "invoice_number", "reason", "bill", "institution_name", "institution_region",
        "institution_level", "receipts", "state", "applied_on", "decided_on", "rejection", "settlement_id", "paid_on",
        "bank_card", "bank", "reversed_on",
    ),
    key="id",  # numbered by next_id: a sequence on PostgreSQL
)  # fmt: skip


class SqliteReimbursements:
    def __init__(self, db: Database) -> None:
        self._db = db

    def next_id(self) -> int:
        return int(self._db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {REIMBURSEMENTS.name}").fetchone()[0])

    def add(self, reimbursement: Reimbursement) -> None:
        self._db.execute(REIMBURSEMENTS.insert, REIMBURSEMENTS.values(_row(reimbursement)))

    def update(self, reimbursement: Reimbursement) -> None:
        self._db.execute(REIMBURSEMENTS.update(), REIMBURSEMENTS.update_values(_row(reimbursement)))

    def get(self, reimbursement_id: int) -> Reimbursement | None:
        row = self._db.execute(f"{REIMBURSEMENTS.select} WHERE id = ?", [reimbursement_id]).fetchone()
        return _reimbursement(row) if row else None

    def live_invoice(self, invoice_number: str) -> int | None:
        """The application of this invoice that is neither rejected nor reversed, if any."""
        row = self._db.execute(
            f"SELECT id FROM {REIMBURSEMENTS.name} WHERE invoice_number = ? AND state NOT IN ('rejected', 'reversed')",
            [invoice_number],
        ).fetchone()
        return int(row[0]) if row else None

    def search(
        self, citizen_id: str | None = None, state: ReimbursementState | None = None, limit: int = 100
    ) -> list[Reimbursement]:
        filters, params = where(("citizen_id = ?", citizen_id), ("state = ?", state.value if state else None))
        sql = f"{REIMBURSEMENTS.select}{filters} ORDER BY id LIMIT ?"
        return [_reimbursement(row) for row in self._db.execute(sql, [*params, limit])]


def _row(r: Reimbursement) -> dict[str, object]:
    """The application as stored, by column (the bill and receipts as JSON)."""
    from shebao.services.settlement.bills import bill_to_data

    return {
        "id": r.id,
        "citizen_id": r.citizen_id,
        "invoice_number": r.invoice_number,
        "reason": r.reason.value,
        "bill": json.dumps(bill_to_data(r.bill), ensure_ascii=False),
        "institution_name": r.institution.name,
        "institution_region": r.institution.region,
        "institution_level": r.institution.level.value,
        "receipts": json.dumps(list(r.receipts), ensure_ascii=False),
        "state": r.state.value,
        "applied_on": r.applied_on.isoformat(),
        "decided_on": _iso(r.decided_on),
        "rejection": r.rejection,
        "settlement_id": r.settlement_id,
        "paid_on": _iso(r.paid_on),
        "bank_card": r.bank_card,
        "bank": r.bank,
        "reversed_on": _iso(r.reversed_on),
    }


def _reimbursement(row: Any) -> Reimbursement:
    from shebao.services.settlement.bills import bill_from_data

    r = REIMBURSEMENTS.named(row)
    return Reimbursement(
        id=r["id"],
        bill=bill_from_data(json.loads(r["bill"])),
        reason=ReimbursementReason(r["reason"]),
        institution=TreatedAt(r["institution_name"], r["institution_region"], InstitutionLevel(r["institution_level"])),
        receipts=tuple(json.loads(r["receipts"])),
        state=ReimbursementState(r["state"]),
        applied_on=dt.date.fromisoformat(r["applied_on"]),
        decided_on=_date(r["decided_on"]),
        rejection=r["rejection"],
        settlement_id=r["settlement_id"],
        paid_on=_date(r["paid_on"]),
        bank_card=r["bank_card"],
        bank=r["bank"],
        reversed_on=_date(r["reversed_on"]),
    )
