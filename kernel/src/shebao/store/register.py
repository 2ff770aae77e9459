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


class SqlitePersonHistory:
    _COLUMNS = "citizen_id, change, effective_on, recorded_on, insured_region, scheme, status, standing, reason, before, after"

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, event: PersonEvent) -> None:
        state = event.state
        self._db.execute(
            f"INSERT INTO person_events ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event.citizen_id,
                event.change.value,
                event.effective_on.isoformat(),
                event.recorded_on.isoformat(),
                state.insured_region,
                state.scheme.value,
                state.status.value,
                state.standing.value,
                event.reason,
                _json(event.before),
                _json(event.after),
            ],
        )

    def events(self, citizen_id: str) -> list[PersonEvent]:
        """Every change of the person's record, in the order they took effect."""
        rows = self._db.execute(
            f"SELECT {self._COLUMNS} FROM person_events WHERE citizen_id = ? ORDER BY effective_on, id", [citizen_id]
        ).fetchall()
        return [self._event(row) for row in rows]

    def periods(self, citizen_id: str) -> list[InsurancePeriod]:
        """The person's insurance periods (empty: never registered)."""
        return insurance_periods(self.events(citizen_id))

    def state_on(self, citizen_id: str, day: dt.date) -> RecordState | None:
        """Insured region, scheme, status and standing on ``day`` (None: not registered yet)."""
        return state_on(self.events(citizen_id), day)

    @staticmethod
    def _event(row: Any) -> PersonEvent:
        return PersonEvent(
            citizen_id=row[0],
            change=RecordChange(row[1]),
            effective_on=dt.date.fromisoformat(row[2]),
            recorded_on=dt.date.fromisoformat(row[3]),
            state=RecordState(row[4], Scheme(row[5]), Status(row[6]), Standing(row[7])),
            reason=row[8],
            before=json.loads(row[9]),
            after=json.loads(row[10]),
        )


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


class SqliteResidentPremiums:
    _COLUMNS = "citizen_id, year, amount, receipt, paid_on, source"

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, premium: ResidentPremium) -> None:
        self._db.execute(
            f"INSERT INTO resident_premiums ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            [
                premium.citizen_id,
                premium.year,
                premium.amount,
                premium.receipt,
                premium.paid_on.isoformat(),
                premium.source.value,
            ],
        )

    def get(self, citizen_id: str, year: int) -> ResidentPremium | None:
        row = self._db.execute(
            f"SELECT {self._COLUMNS} FROM resident_premiums WHERE citizen_id = ? AND year = ?", [citizen_id, year]
        ).fetchone()
        return self._premium(row) if row else None

    def is_paid(self, citizen_id: str, year: int) -> bool:
        """Whether the resident premium of ``year`` is recorded for the person."""
        return self.get(citizen_id, year) is not None

    def of_person(self, citizen_id: str) -> list[ResidentPremium]:
        rows = self._db.execute(
            f"SELECT {self._COLUMNS} FROM resident_premiums WHERE citizen_id = ? ORDER BY year", [citizen_id]
        ).fetchall()
        return [self._premium(row) for row in rows]

    @staticmethod
    def _premium(row: Any) -> ResidentPremium:
        return ResidentPremium(row[0], row[1], Fen(row[2]), row[3], dt.date.fromisoformat(row[4]), PremiumSource(row[5]))


class SqliteAssessments:
    _COLUMNS = "employer_uscc, citizen_id, period, base, employer_part, individual_part, assessed_on"

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, assessment: PremiumAssessment) -> None:
        a = assessment
        self._db.execute(
            f"INSERT INTO premium_assessments ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [a.employer_uscc, a.citizen_id, str(a.period), a.base, a.employer_part, a.individual_part, a.assessed_on.isoformat()],
        )

    def get(self, employer_uscc: str, citizen_id: str, period: Month) -> PremiumAssessment | None:
        row = self._db.execute(
            f"SELECT {self._COLUMNS} FROM premium_assessments WHERE employer_uscc = ? AND citizen_id = ? AND period = ?",
            [employer_uscc, citizen_id, str(period)],
        ).fetchone()
        return self._assessment(row) if row else None

    def search(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[PremiumAssessment]:
        filters, params = where(("employer_uscc = ?", employer_uscc), ("citizen_id = ?", citizen_id))
        sql = f"SELECT {self._COLUMNS} FROM premium_assessments{filters} ORDER BY employer_uscc, citizen_id, period"
        return [self._assessment(row) for row in self._db.execute(sql, params).fetchall()]

    @staticmethod
    def _assessment(row: Any) -> PremiumAssessment:
        return PremiumAssessment(
            row[0], row[1], Month.parse(row[2]), Fen(row[3]), Fen(row[4]), Fen(row[5]), dt.date.fromisoformat(row[6])
        )
