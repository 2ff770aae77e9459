"""Entitlement as a pure rule: each reason the fund may not pay, and what is enough to pay."""

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from shebao.model.card import CardState
from shebao.model.entitlement import EntitlementFacts, InsuredPeriod, Reason
from shebao.model.person import Scheme
from shebao.model.settlement import Certificate, VisitType
from shebao.money import Fen
from shebao.periods import Month
from shebao.policy import BenefitPolicy, BenefitTier, CardPolicy, ContributionPolicy, EntitlementPolicy, Policy
from shebao.rules.entitlement import check_entitlement

START = dt.date(2026, 1, 5)


def months(*texts: str) -> frozenset[Month]:
    return frozenset(Month.parse(text) for text in texts)


def every_month(first: str, last: str) -> frozenset[Month]:
    start, end = Month.parse(first), Month.parse(last)
    found, month = set(), start
    while month <= end:
        found.add(month)
        month = Month(month.year + month.month // 12, month.month % 12 + 1)
    return frozenset(found)


def facts(**changes: Any) -> EntitlementFacts:
    base = EntitlementFacts(
        citizen_id="440304198503120021",
        scheme=Scheme.EMPLOYEE,
        retired_from=None,
        unemployed=False,
        periods=(InsuredPeriod(START),),
        died_on=None,
        paid_months=every_month("2026-01", "2026-12"),
        prior_months=0,
        resident_years=frozenset(),
        card_states=(CardState.ACTIVATED,),
        ecert_activated_on=START,
        has_account=True,
        account_activated_on=START,
    )
    return attrs.evolve(base, **changes)


POLICY = Policy(
    region="440300",
    scheme=Scheme.EMPLOYEE,
    year=2026,
    contribution=ContributionPolicy(Decimal("0.08"), Decimal("0.02"), Decimal("0.02"), Decimal("0.1"), Decimal("0.02"), Fen(0)),
    card=CardPolicy(Fen(0), (), 20),
    source="test values",
    benefits=BenefitPolicy(tiers=(BenefitTier(VisitType.INPATIENT, None, None, Fen(0), Decimal("0.9"), Fen(10**8)),)),
    entitlement=EntitlementPolicy(
        arrears_grace_months=3, interruption_limit_months=3, waiting_period_months=6, retiree_minimum_years=25
    ),
)


def reasons(found_facts: EntitlementFacts, on: str, certificate: Certificate | None = Certificate.PHYSICAL_CARD) -> list[Reason]:
    return [r.reason for r in check_entitlement(found_facts, POLICY, dt.date.fromisoformat(on), certificate).refusals]


def test_a_paid_up_employee_with_an_activated_card_is_entitled() -> None:
    found = check_entitlement(facts(), POLICY, dt.date(2026, 6, 1), Certificate.PHYSICAL_CARD)
    assert found.entitled and found.account_pays
    assert found.refusals_for(VisitType.GENERAL_OUTPATIENT)[0].reason is Reason.NO_BENEFIT  # no tier: its own reason


def test_insured_on_the_visit_date_started_not_stopped_alive() -> None:
    assert reasons(facts(), "2026-01-04") == [Reason.NOT_YET_INSURED]
    stopped = facts(periods=(InsuredPeriod(START, dt.date(2026, 3, 31)),))
    assert reasons(stopped, "2026-03-31") == []
    assert Reason.STOPPED in reasons(stopped, "2026-04-01")
    resumed = facts(periods=(InsuredPeriod(START, dt.date(2026, 3, 31)), InsuredPeriod(dt.date(2026, 5, 1))))
    assert Reason.STOPPED in reasons(resumed, "2026-04-15") and Reason.STOPPED not in reasons(resumed, "2026-05-02")
    assert reasons(facts(died_on=dt.date(2026, 7, 1)), "2026-07-01") == [Reason.DECEASED]


def test_no_contribution_ever_paid_is_refused() -> None:
    assert reasons(facts(paid_months=frozenset()), "2026-01-20") == [Reason.NO_CONTRIBUTION]


@pytest.mark.parametrize(("visit", "entitled"), [("2026-06-10", True), ("2026-07-01", False)])
def test_arrears_beyond_the_grace_are_refused(visit: str, entitled: bool) -> None:
    # paid January and February; grace 3: in June March-May are owed (3), in July four
    paid = facts(paid_months=months("2026-01", "2026-02"))
    assert (reasons(paid, visit) == []) is entitled
    if not entitled:
        assert reasons(paid, visit) == [Reason.ARREARS]


def test_a_long_interruption_means_a_waiting_period_after_payment_resumes() -> None:
    # January paid, February to June (5 months, over the limit of 3) not, paid again from July
    interrupted = facts(paid_months=months("2026-01") | every_month("2026-07", "2027-06"))
    assert reasons(interrupted, "2026-09-15") == [Reason.WAITING_PERIOD]
    assert reasons(interrupted, "2027-01-04") == []  # July + 6 months
    short = facts(paid_months=months("2026-01") | every_month("2026-05", "2026-12"))  # 3 months: the limit itself
    assert reasons(short, "2026-06-01") == []


def test_a_retiree_needs_the_minimum_years_and_then_no_contributions() -> None:
    retiree = facts(retired_from=START, paid_months=frozenset(), prior_months=25 * 12)
    assert reasons(retiree, "2026-06-01") == []
    assert reasons(attrs.evolve(retiree, prior_months=25 * 12 - 1), "2026-06-01") == [Reason.RETIREE_YEARS]
    # retired in June: a visit in May is an employee's, whose contributions are asked
    assert reasons(attrs.evolve(retiree, retired_from=dt.date(2026, 6, 1)), "2026-05-20") == [Reason.NO_CONTRIBUTION]


def test_unemployment_insurance_pays_the_unemployed_persons_premium() -> None:
    assert reasons(facts(unemployed=True, paid_months=frozenset()), "2026-06-01") == []


def test_a_resident_needs_the_years_premium() -> None:
    resident = facts(scheme=Scheme.RESIDENT, paid_months=frozenset(), has_account=False, account_activated_on=None)
    assert reasons(resident, "2026-06-01") == [Reason.RESIDENT_PREMIUM]
    assert reasons(attrs.evolve(resident, resident_years=frozenset({2026})), "2026-06-01") == []
    assert reasons(attrs.evolve(resident, resident_years=frozenset({2025})), "2026-06-01") == [Reason.RESIDENT_PREMIUM]


@pytest.mark.parametrize(
    ("states", "reason"),
    [
        ((), Reason.NO_CARD),
        ((CardState.PAID,), Reason.CARD_NOT_ISSUED),
        ((CardState.READY,), Reason.CARD_NOT_ISSUED),
        ((CardState.LOST,), Reason.CARD_LOST),
        ((CardState.REPLACED,), Reason.CARD_REPLACED),
        ((CardState.CANCELLED,), Reason.CARD_CANCELLED),
        ((CardState.REPLACED, CardState.IN_PRODUCTION), Reason.CARD_NOT_ISSUED),  # the replacement is on its way
        ((CardState.ISSUED,), None),
        ((CardState.ACTIVATED,), None),
        ((CardState.REPLACED, CardState.ISSUED), None),
    ],
)
def test_each_card_state(states: tuple[CardState, ...], reason: Reason | None) -> None:
    assert reasons(facts(card_states=states), "2026-06-01") == ([reason] if reason else [])


def test_an_electronic_certificate_must_be_activated() -> None:
    assert reasons(facts(ecert_activated_on=None), "2026-06-01", Certificate.ELECTRONIC) == [Reason.ECERT_NOT_ACTIVATED]
    assert reasons(facts(card_states=()), "2026-06-01", Certificate.ELECTRONIC) == []  # no card needed with the e-certificate


def test_every_reason_is_given_at_once() -> None:
    assert reasons(facts(paid_months=frozenset(), card_states=(CardState.LOST,)), "2026-06-01") == [
        Reason.NO_CONTRIBUTION,
        Reason.CARD_LOST,
    ]


def test_the_account_pays_only_once_activated() -> None:
    found = check_entitlement(facts(account_activated_on=None), POLICY, dt.date(2026, 6, 1))
    assert found.entitled and not found.account_pays and "not activated" in found.account_note
