"""Entitlement (the national platform's interface 2001): whether the fund may pay for a person
on a day, and every reason it may not."""

import datetime as dt
import enum

import attrs

from shebao.model.card import CardState
from shebao.model.person import Scheme
from shebao.model.settlement import Certificate, VisitType
from shebao.periods import Month


class Reason(enum.Enum):
    """Why the fund may not pay; each is reported with its own sentence."""

    NOT_YET_INSURED = "not-yet-insured"  # the visit is before the insurance started
    STOPPED = "stopped"  # 停保
    DECEASED = "deceased"
    NO_CONTRIBUTION = "no-contribution"  # employee: nothing ever paid
    ARREARS = "contributions-in-arrears"  # employee: unpaid months beyond the policy's grace
    WAITING_PERIOD = "waiting-period"  # employee: after a long interruption
    RETIREE_YEARS = "retiree-contribution-years"  # retiree: fewer than the minimum years
    RESIDENT_PREMIUM = "resident-premium-unpaid"  # resident: the year's premium
    NO_CARD = "no-card"
    CARD_NOT_ISSUED = "card-not-issued"
    CARD_LOST = "card-lost"
    CARD_REPLACED = "card-replaced"
    CARD_CANCELLED = "card-cancelled"
    ECERT_NOT_ACTIVATED = "ecert-not-activated"
    NO_BENEFIT = "no-benefit"  # the policy has no tier for the visit type


# what an unusable card's latest state says about it
CARD_STATE_REASONS = {
    CardState.LOST: Reason.CARD_LOST,
    CardState.REPLACED: Reason.CARD_REPLACED,
    CardState.CANCELLED: Reason.CARD_CANCELLED,
}
USABLE_CARD_STATES = frozenset({CardState.ISSUED, CardState.ACTIVATED})


@attrs.frozen
class InsuredPeriod:
    """Days insured, both ends included; ``last_day`` None while the insurance runs."""

    first_day: dt.date
    last_day: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


@attrs.frozen
class EntitlementFacts:
    """What the store knows of a person that entitlement reads, gathered before the rule runs."""

    citizen_id: str
    scheme: Scheme
    retired_from: dt.date | None  # retired from this day on (the register's history); None: not retired
    unemployed: bool  # the premium is paid by unemployment insurance
    periods: tuple[InsuredPeriod, ...]  # in order; registration starts the first
    died_on: dt.date | None
    paid_months: frozenset[Month]  # employee contributions, by period
    prior_months: int  # contribution months recognised before the records (deemed years, years elsewhere)
    resident_years: frozenset[int]  # resident premiums paid, by insurance year
    card_states: tuple[CardState, ...]  # every card application's state, oldest first
    ecert_activated_on: dt.date | None
    has_account: bool
    account_activated_on: dt.date | None


@attrs.frozen
class Refusal:
    reason: Reason
    message: str


@attrs.frozen
class Entitlement:
    """The answer for one person and day: the reasons the fund may not pay (none: entitled),
    per visit type, and whether the individual account may pay."""

    citizen_id: str
    on: dt.date
    scheme: Scheme
    certificate: Certificate | None  # the certificate presented, when one was
    refusals: tuple[Refusal, ...]  # reasons for every visit type
    visit_types: tuple[tuple[VisitType, tuple[Refusal, ...]], ...]  # each visit type's own
    account_pays: bool
    account_note: str
    policy_source: str

    @property
    def entitled(self) -> bool:
        return not self.refusals

    def refusals_for(self, visit_type: VisitType) -> tuple[Refusal, ...]:
        own = dict(self.visit_types).get(visit_type, ())
        return self.refusals + own
