"""SQLite repositories for card applications, notices, payments and activations."""

import datetime as dt
import json
from typing import Any

from shebao.model.card import (
    Activation,
    ActivationKind,
    Agent,
    CardApplication,
    CardEvent,
    CardState,
    Evidence,
    EvidenceItem,
    IdentityDocument,
    PhotoSource,
)
from shebao.model.contribution import ContributionAssessment
from shebao.model.payment import IssuedNotice, NoticeKind, Payment, PaymentMethod, PaymentNotice
from shebao.money import Fen
from shebao.periods import Month
from shebao.store.engine import Database
from shebao.store.rows import readable
from shebao.store.sql import where
from shebao.store.table import Table


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


CARD_APPLICATIONS = Table(
    "card_applications",
    (
        "number", "citizen_id", "applied_on", "region", "document", "photo_source", "photo_receipt", "phone", "address",
        "fee", "notice_number", "state", "replaces", "paid_on", "ready_by", "ready_by_estimated", "card_number",
        "issued_on", "ethnicity", "agent_name", "agent_id", "agent_phone", "bank",
    ),
    key="number",
    apart=("card_sequence",),  # the sequence the card number was made from, kept once
)  # fmt: skip
CARD_EVENTS = Table("card_events", ("application", "state", "on_date", "operator", "detail"), key="id", numbered=True)


class SqliteCards:
    def __init__(self, db: Database, operator: str) -> None:
        self._db = db
        self._operator = operator

    @staticmethod
    def _row(a: CardApplication) -> dict[str, object]:
        """The application as stored, by column."""
        return {
            "number": a.number,
            "citizen_id": a.citizen_id,
            "applied_on": a.applied_on.isoformat(),
            "region": a.region,
            "document": a.document.value,
            "photo_source": a.photo_source.value,
            "photo_receipt": a.photo_receipt,
            "phone": a.phone,
            "address": a.address,
            "fee": a.fee,
            "notice_number": a.notice_number,
            "state": a.state.value,
            "replaces": a.replaces,
            "paid_on": _iso(a.paid_on),
            "ready_by": _iso(a.ready_by),
            "ready_by_estimated": int(a.ready_by_estimated),
            "card_number": a.card_number,
            "issued_on": _iso(a.issued_on),
            "ethnicity": a.ethnicity,
            "agent_name": a.agent.name if a.agent else None,
            "agent_id": a.agent.citizen_id if a.agent else None,
            "agent_phone": a.agent.phone if a.agent else None,
            "bank": a.bank,
        }

    def add(self, application: CardApplication) -> None:
        self._db.execute(CARD_APPLICATIONS.insert, CARD_APPLICATIONS.values(self._row(application)))

    def update(self, application: CardApplication, card_sequence: int | None = None) -> None:
        row = self._row(application)
        self._db.execute(CARD_APPLICATIONS.update(), CARD_APPLICATIONS.update_values(row))
        if card_sequence is not None:
            self._db.execute(
                f"UPDATE {CARD_APPLICATIONS.name} SET card_sequence = ? WHERE number = ?", [card_sequence, row["number"]]
            )

    def get(self, number: str) -> CardApplication | None:
        row = self._db.execute(f"{CARD_APPLICATIONS.select} WHERE number = ?", [number]).fetchone()
        return self._application(row) if row else None

    def by_card_number(self, card_number: str) -> CardApplication | None:
        row = self._db.execute(f"{CARD_APPLICATIONS.select} WHERE card_number = ?", [card_number]).fetchone()
        return self._application(row) if row else None

    def of_person(self, citizen_id: str) -> list[CardApplication]:
        rows = self._db.execute(
            f"{CARD_APPLICATIONS.select} WHERE citizen_id = ? ORDER BY applied_on, number", [citizen_id]
        ).fetchall()
        return [self._application(row) for row in rows]

    def search(self, state: CardState | None = None, limit: int = 100, offset: int = 0) -> list[CardApplication]:
        filters, params = where(("state = ?", state.value if state else None))
        sql = f"{CARD_APPLICATIONS.select}{filters} ORDER BY applied_on, number LIMIT ? OFFSET ?"
        # a listing leaves a damaged row out; rules read with of_person/get, which refuse it
        return list(readable("card_applications", self._db.execute(sql, [*params, limit, offset]).fetchall(), self._application))

    def next_application_sequence(self, prefix: str) -> int:
        row = self._db.execute(
            "SELECT COUNT(*) FROM card_applications WHERE number LIKE ?", [prefix.replace("%", "") + "%"]
        ).fetchone()
        return int(row[0]) + 1

    def next_card_sequence(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(card_sequence), 0) FROM card_applications").fetchone()
        return int(row[0]) + 1

    def add_event(self, application: str, state: CardState, on: dt.date, **detail: str) -> None:
        row = {
            "application": application,
            "state": state.value,
            "on_date": on.isoformat(),
            "operator": self._operator,
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
        }
        self._db.execute(CARD_EVENTS.insert, CARD_EVENTS.values(row))

    def events(self, application: str) -> list[CardEvent]:
        rows = self._db.execute(f"{CARD_EVENTS.select} WHERE application = ? ORDER BY id", [application]).fetchall()
        return [_event(CARD_EVENTS.named(row)) for row in rows]

    @staticmethod
    def _application(row: Any) -> CardApplication:
        r = CARD_APPLICATIONS.named(row)
        return CardApplication(
            number=r["number"],
            citizen_id=r["citizen_id"],
            applied_on=dt.date.fromisoformat(r["applied_on"]),
            region=r["region"],
            document=IdentityDocument(r["document"]),
            photo_source=PhotoSource(r["photo_source"]),
            photo_receipt=r["photo_receipt"],
            phone=r["phone"],
            address=r["address"],
            fee=Fen(r["fee"]),
            notice_number=r["notice_number"],
            state=CardState(r["state"]),
            replaces=r["replaces"],
            paid_on=_date(r["paid_on"]),
            ready_by=_date(r["ready_by"]),
            ready_by_estimated=bool(r["ready_by_estimated"]),
            card_number=r["card_number"],
            issued_on=_date(r["issued_on"]),
            ethnicity=r["ethnicity"],
            agent=Agent(r["agent_name"], r["agent_id"], r["agent_phone"]) if r["agent_name"] else None,
            bank=r["bank"],
        )


NOTICES = Table(
    "notices",
    (
        "number", "kind", "subject", "payer_name", "payer_id", "item", "amount", "payee_name", "payee_account",
        "issued_on", "period", "base", "employer_part", "individual_part", "account_credit", "paid_receipt",
    ),
    key="number",
)  # fmt: skip


class SqliteNotices:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, issued: IssuedNotice) -> None:
        n, a = issued.notice, issued.assessment
        row = {
            "number": n.number,
            "kind": issued.kind.value,
            "subject": issued.subject,
            "payer_name": n.payer_name,
            "payer_id": n.payer_id,
            "item": n.item,
            "amount": n.amount,
            "payee_name": n.payee_name,
            "payee_account": n.payee_account,
            "issued_on": n.issued_on.isoformat(),
            "period": str(issued.period) if issued.period else None,
            "base": a.base if a else None,
            "employer_part": a.employer_part if a else None,
            "individual_part": a.individual_part if a else None,
            "account_credit": a.account_credit if a else None,
            "paid_receipt": issued.paid_receipt,
        }
        self._db.execute(NOTICES.insert, NOTICES.values(row))

    def get(self, number: str) -> IssuedNotice | None:
        row = self._db.execute(f"{NOTICES.select} WHERE number = ?", [number]).fetchone()
        return self._notice(row) if row else None

    def contribution_notice(self, citizen_id: str, period: Month) -> IssuedNotice | None:
        row = self._db.execute(
            f"{NOTICES.select} WHERE kind = ? AND payer_id = ? AND period = ?",
            [NoticeKind.CONTRIBUTION.value, citizen_id, str(period)],
        ).fetchone()
        return self._notice(row) if row else None

    def next_sequence(self, prefix: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM notices WHERE number LIKE ?", [prefix + "%"]).fetchone()
        return int(row[0]) + 1

    def mark_paid(self, number: str, receipt: str) -> None:
        self._db.execute("UPDATE notices SET paid_receipt = ? WHERE number = ?", [receipt, number])

    def mark_unpaid(self, number: str) -> None:
        """Its payment was refunded: the notice is no longer paid (and takes no second payment)."""
        self._db.execute("UPDATE notices SET paid_receipt = NULL WHERE number = ?", [number])

    @staticmethod
    def _notice(row: Any) -> IssuedNotice:
        r = NOTICES.named(row)
        assessment = None
        if r["base"] is not None:
            assessment = ContributionAssessment(
                Fen(r["base"]), Fen(r["employer_part"]), Fen(r["individual_part"]), Fen(r["account_credit"])
            )
        return IssuedNotice(
            notice=PaymentNotice(
                number=r["number"],
                payer_name=r["payer_name"],
                payer_id=r["payer_id"],
                item=r["item"],
                amount=Fen(r["amount"]),
                payee_name=r["payee_name"],
                payee_account=r["payee_account"],
                issued_on=dt.date.fromisoformat(r["issued_on"]),
            ),
            kind=NoticeKind(r["kind"]),
            subject=r["subject"],
            period=Month.parse(r["period"]) if r["period"] else None,
            assessment=assessment,
            paid_receipt=r["paid_receipt"],
        )


PAYMENTS = Table(
    "payments",
    (
        "notice_number", "channel", "method", "amount", "paid_at", "receipt", "recorded_on", "source", "reversed_on",
    ),
    key="id",  # the row's own number; a payment is (channel, receipt)
    numbered=True,
    apart=("reversal_source",),  # the statement that reversed it, kept for the record
)  # fmt: skip


class SqlitePayments:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, payment: Payment) -> None:
        row = {
            "notice_number": payment.notice_number,
            "channel": payment.channel,
            "method": payment.method.value,
            "amount": payment.amount,
            "paid_at": payment.paid_at.isoformat(timespec="seconds"),
            "receipt": payment.receipt,
            "recorded_on": payment.recorded_on.isoformat(),
            "source": payment.source,
            "reversed_on": payment.reversed_on.isoformat() if payment.reversed_on else None,
        }
        self._db.execute(PAYMENTS.insert, PAYMENTS.values(row))

    def by_receipt(self, channel: str, receipt: str) -> Payment | None:
        row = self._db.execute(f"{PAYMENTS.select} WHERE channel = ? AND receipt = ?", [channel, receipt]).fetchone()
        return self._payment(row) if row else None

    def of_notice(self, notice_number: str) -> Payment | None:
        row = self._db.execute(f"{PAYMENTS.select} WHERE notice_number = ?", [notice_number]).fetchone()
        return self._payment(row) if row else None

    def search(
        self, channel: str | None = None, since: dt.date | None = None, limit: int = 100, offset: int = 0
    ) -> list[Payment]:
        filters, params = where(("channel = ?", channel), ("paid_at >= ?", since.isoformat() if since else None))
        sql = f"{PAYMENTS.select}{filters} ORDER BY paid_at, id LIMIT ? OFFSET ?"
        return [self._payment(row) for row in self._db.execute(sql, [*params, limit, offset]).fetchall()]

    @staticmethod
    def _payment(row: Any) -> Payment:
        r = PAYMENTS.named(row)
        return Payment(
            notice_number=r["notice_number"],
            channel=r["channel"],
            method=PaymentMethod(r["method"]),
            amount=Fen(r["amount"]),
            paid_at=dt.datetime.fromisoformat(r["paid_at"]),
            receipt=r["receipt"],
            recorded_on=dt.date.fromisoformat(r["recorded_on"]),
            source=r["source"],
            reversed_on=dt.date.fromisoformat(r["reversed_on"]) if r["reversed_on"] else None,
        )

    def mark_reversed(self, channel: str, receipt: str, on: dt.date, source: str) -> None:
        """The channel refunded or reversed this payment: kept, so a replayed line is known."""
        self._db.execute(
            f"UPDATE {PAYMENTS.name} SET reversed_on = ?, reversal_source = ? WHERE channel = ? AND receipt = ?",
            [on.isoformat(), source, channel, receipt],
        )


ACTIVATIONS = Table(
    "activations", ("citizen_id", "kind", "activated_on", "card_number", "bank_card", "bank"), key="id", numbered=True
)
ACTIVATION_EVIDENCE = Table(
    "activation_evidence", ("activation_id", "item", "value", "checked_by"), key=("activation_id", "item")
)


class SqliteActivations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, activation: Activation) -> None:
        a = activation
        row = {
            "citizen_id": a.citizen_id,
            "kind": a.kind.value,
            "activated_on": a.activated_on.isoformat(),
            "card_number": a.card_number,
            "bank_card": a.bank_card,
            "bank": a.bank,
        }
        activation_id = int(self._db.execute(ACTIVATIONS.insert_numbered, ACTIVATIONS.values(row)).fetchone()[0])
        evidence = [
            {"activation_id": activation_id, "item": e.item.value, "value": e.value, "checked_by": e.checked_by}
            for e in a.evidence
        ]
        self._db.conn.executemany(ACTIVATION_EVIDENCE.insert, [ACTIVATION_EVIDENCE.values(e) for e in evidence])

    def of_person(self, citizen_id: str, kind: ActivationKind | None = None) -> list[Activation]:
        filters, params = where(("citizen_id = ?", (citizen_id,)), ("kind = ?", kind.value if kind else None))
        found = []
        for row in self._db.execute(f"{ACTIVATIONS.select}{filters} ORDER BY id", params).fetchall():
            r = ACTIVATIONS.named(row)
            evidence = tuple(
                _evidence(ACTIVATION_EVIDENCE.named(e))
                for e in self._db.execute(
                    f"{ACTIVATION_EVIDENCE.select} WHERE activation_id = ? ORDER BY rowid", [r["id"]]
                ).fetchall()
            )
            found.append(
                Activation(
                    citizen_id=r["citizen_id"],
                    kind=ActivationKind(r["kind"]),
                    activated_on=dt.date.fromisoformat(r["activated_on"]),
                    evidence=evidence,
                    card_number=r["card_number"],
                    bank_card=r["bank_card"],
                    bank=r["bank"],
                )
            )
        return found


def _evidence(r: dict[str, Any]) -> Evidence:
    return Evidence(item=EvidenceItem(r["item"]), value=r["value"], checked_by=r["checked_by"])


def _event(r: dict[str, Any]) -> CardEvent:
    return CardEvent(
        application=r["application"],
        state=CardState(r["state"]),
        on=dt.date.fromisoformat(r["on_date"]),
        operator=r["operator"],
        detail=json.loads(r["detail"]),
    )
