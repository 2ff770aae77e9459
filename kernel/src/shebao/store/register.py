"""SQLite repositories of the register over time: person history and resident premiums."""

import datetime as dt
import json
from typing import Any

from shebao.model.person import Scheme, Standing, Status
from shebao.model.register import (
    InsurancePeriod,
    PersonEvent,
    PremiumAssessment,
    PremiumSource,
    RecordChange,
    RecordState,
    ResidentPremium,
)
from shebao.money import Fen
from shebao.periods import Month
from shebao.rules.register import insurance_periods, state_on
from shebao.store.engine import Database
from shebao.store.sql import where
from shebao.store.table import Table

PERSON_EVENTS = Table(
    "person_events",
    (
        "citizen_id", "change", "effective_on", "recorded_on", "insured_region", "scheme", "status", "standing", "reason",
        "before", "after",
    ),
    key="id",
    numbered=True,
)  # fmt: skip


def person_event(row: Any) -> PersonEvent:
    """The event of a stored ``person_events`` row (as ``PERSON_EVENTS.select`` reads it)."""
    r = PERSON_EVENTS.named(row)
    return PersonEvent(
        citizen_id=r["citizen_id"],
        change=RecordChange(r["change"]),
        effective_on=dt.date.fromisoformat(r["effective_on"]),
        recorded_on=dt.date.fromisoformat(r["recorded_on"]),
        state=RecordState(r["insured_region"], Scheme(r["scheme"]), Status(r["status"]), Standing(r["standing"])),
        reason=r["reason"],
        before=json.loads(r["before"]),
        after=json.loads(r["after"]),
    )


class SqlitePersonHistory:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, event: PersonEvent) -> None:
        state = event.state
        row = {
            "citizen_id": event.citizen_id,
            "change": event.change.value,
            "effective_on": event.effective_on.isoformat(),
            "recorded_on": event.recorded_on.isoformat(),
            "insured_region": state.insured_region,
            "scheme": state.scheme.value,
            "status": state.status.value,
            "standing": state.standing.value,
            "reason": event.reason,
            "before": _json(event.before),
            "after": _json(event.after),
        }
        self._db.execute(PERSON_EVENTS.insert, PERSON_EVENTS.values(row))

    def events(self, citizen_id: str) -> list[PersonEvent]:
        """Every change of the person's record, in the order they took effect."""
        rows = self._db.execute(f"{PERSON_EVENTS.select} WHERE citizen_id = ? ORDER BY effective_on, id", [citizen_id]).fetchall()
        return [person_event(row) for row in rows]

    def periods(self, citizen_id: str) -> list[InsurancePeriod]:
        """The person's insurance periods (empty: never registered)."""
        return insurance_periods(self.events(citizen_id))

    def state_on(self, citizen_id: str, day: dt.date) -> RecordState | None:
        """Insured region, scheme, status and standing on ``day`` (None: not registered yet)."""
        return state_on(self.events(citizen_id), day)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


RESIDENT_PREMIUMS = Table(
    "resident_premiums", ("citizen_id", "year", "amount", "receipt", "paid_on", "source"), key=("citizen_id", "year")
)


class SqliteResidentPremiums:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, premium: ResidentPremium) -> None:
        p = premium
        row = {"citizen_id": p.citizen_id, "year": p.year, "amount": p.amount, "receipt": p.receipt}
        self._db.execute(
            RESIDENT_PREMIUMS.insert,
            RESIDENT_PREMIUMS.values({**row, "paid_on": p.paid_on.isoformat(), "source": p.source.value}),
        )

    def get(self, citizen_id: str, year: int) -> ResidentPremium | None:
        row = self._db.execute(f"{RESIDENT_PREMIUMS.select} WHERE citizen_id = ? AND year = ?", [citizen_id, year]).fetchone()
        return self._premium(row) if row else None

    def is_paid(self, citizen_id: str, year: int) -> bool:
        """Whether the resident premium of ``year`` is recorded for the person."""
        return self.get(citizen_id, year) is not None

    def of_person(self, citizen_id: str) -> list[ResidentPremium]:
        rows = self._db.execute(f"{RESIDENT_PREMIUMS.select} WHERE citizen_id = ? ORDER BY year", [citizen_id]).fetchall()
        return [self._premium(row) for row in rows]

    @staticmethod
    def _premium(row: Any) -> ResidentPremium:
        r = RESIDENT_PREMIUMS.named(row)
        return ResidentPremium(
            citizen_id=r["citizen_id"],
            year=r["year"],
            amount=Fen(r["amount"]),
            receipt=r["receipt"],
            paid_on=dt.date.fromisoformat(r["paid_on"]),
            source=PremiumSource(r["source"]),
        )


PREMIUM_ASSESSMENTS = Table(
    "premium_assessments",
    ("employer_uscc", "citizen_id", "period", "base", "employer_part", "individual_part", "assessed_on"),
    key=("employer_uscc", "citizen_id", "period"),
)


class SqliteAssessments:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, assessment: PremiumAssessment) -> None:
        a = assessment
        row = {
            "employer_uscc": a.employer_uscc,
            "citizen_id": a.citizen_id,
            "period": str(a.period),
            "base": a.base,
            "employer_part": a.employer_part,
            "individual_part": a.individual_part,
            "assessed_on": a.assessed_on.isoformat(),
        }
        self._db.execute(PREMIUM_ASSESSMENTS.insert, PREMIUM_ASSESSMENTS.values(row))

    def get(self, employer_uscc: str, citizen_id: str, period: Month) -> PremiumAssessment | None:
        row = self._db.execute(
            f"{PREMIUM_ASSESSMENTS.select} WHERE employer_uscc = ? AND citizen_id = ? AND period = ?",
            [employer_uscc, citizen_id, str(period)],
        ).fetchone()
        return self._assessment(row) if row else None

    def search(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[PremiumAssessment]:
        filters, params = where(("employer_uscc = ?", employer_uscc), ("citizen_id = ?", citizen_id))
        sql = f"{PREMIUM_ASSESSMENTS.select}{filters} ORDER BY employer_uscc, citizen_id, period"
        return [self._assessment(row) for row in self._db.execute(sql, params).fetchall()]

    @staticmethod
    def _assessment(row: Any) -> PremiumAssessment:
        r = PREMIUM_ASSESSMENTS.named(row)
        return PremiumAssessment(
            employer_uscc=r["employer_uscc"],
            citizen_id=r["citizen_id"],
            period=Month.parse(r["period"]),
            base=Fen(r["base"]),
            employer_part=Fen(r["employer_part"]),
            individual_part=Fen(r["individual_part"]),
            assessed_on=dt.date.fromisoformat(r["assessed_on"]),
        )
