"""The register over time: each change of a person's record, the insurance periods it makes,
and the resident scheme's yearly premium."""

import datetime as dt
import enum
from typing import Any

import attrs

from shebao.model.person import Scheme, Standing, Status
from shebao.money import Fen
from shebao.periods import Month


class RecordChange(enum.Enum):
    """What changed in a person's record (DOMAIN.md: the register over time)."""

    REGISTERED = "registered"
    DETAILS = "details"  # name, phone, address, household region
    RETIRED = "retired"
    STOPPED = "stopped"  # 停保
    RESUMED = "resumed"  # 续保
    TRANSFERRED = "transferred"  # 转移接续: another pooling area
    EMPLOYED = "employed"  # hired: insured as an employee from the start of the employment
    EMPLOYMENT_ENDED = "employment-ended"  # 减员
    DIED = "died"


@attrs.frozen
class RecordState:
    """Where and how a person is insured after a change."""

    insured_region: str
    scheme: Scheme
    status: Status
    standing: Standing


@attrs.frozen
class PersonEvent:
    """One change of a person's record: effective on one day, recorded on another, with what
    the changed fields were before and are after."""

    citizen_id: str
    change: RecordChange
    effective_on: dt.date
    recorded_on: dt.date
    state: RecordState  # the record's state from ``effective_on`` on
    reason: str = ""
    before: dict[str, Any] = attrs.field(factory=dict)
    after: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class InsurancePeriod:
    """Days a person was insured in one pooling area under one scheme, both ends included;
    ``last_day`` None: still insured."""

    insured_region: str
    scheme: Scheme
    first_day: dt.date
    last_day: dt.date | None
    ended_by: RecordChange | None = None

    def covers(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


class PremiumSource(enum.Enum):
    COUNTER = "counter"  # keyed in from the tax bureau's receipt
    TAX_BUREAU_LIST = "tax-bureau-list"  # imported from the bureau's list of payers


@attrs.frozen
class ResidentPremium:
    """A resident's premium for one insurance year, collected by the tax bureau."""

    citizen_id: str
    year: int
    amount: Fen
    receipt: str
    paid_on: dt.date
    source: PremiumSource = PremiumSource.COUNTER


@attrs.frozen
class PremiumAssessment:
    """Premiums the agency assessed for an employee the employer never registered (Social
    Insurance Law art. 58 and 63): owed by the employer until a contribution for the month is paid."""

    employer_uscc: str
    citizen_id: str
    period: Month
    base: Fen
    employer_part: Fen
    individual_part: Fen
    assessed_on: dt.date

    @property
    def total(self) -> Fen:
        return Fen(self.employer_part + self.individual_part)


@attrs.frozen
class MonthsInArrears:
    """An employee's months due from an employer and not paid, as of a day."""

    employer_uscc: str
    citizen_id: str
    months: tuple[Month, ...]
    assessed: Fen  # what the agency assessed for some of these months
