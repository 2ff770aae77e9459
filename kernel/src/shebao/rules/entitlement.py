"""The entitlement check as a pure function of the facts, the policy and the day (DOMAIN.md,
"Entitlement, pre-settlement, reimbursement")."""

import datetime as dt

from shebao.model.card import OPEN_STATES
from shebao.model.entitlement import (
    CARD_STATE_REASONS,
    USABLE_CARD_STATES,
    Entitlement,
    EntitlementFacts,
    Reason,
    Refusal,
)
from shebao.model.person import Scheme
from shebao.model.settlement import Certificate, VisitType
from shebao.periods import Month
from shebao.policy import Policy


def month_index(month: Month) -> int:
    return month.year * 12 + month.month - 1


def from_index(index: int) -> Month:
    return Month(index // 12, index % 12 + 1)


def insurance_refusals(facts: EntitlementFacts, on: dt.date) -> list[Refusal]:
    """Insured on the day: started, not stopped, alive."""
    if facts.died_on is not None and facts.died_on <= on:
        return [Refusal(Reason.DECEASED, f"the person died on {facts.died_on}")]
    if any(period.covers(on) for period in facts.periods):
        return []
    if not facts.periods or on < facts.periods[0].first_day:
        start = facts.periods[0].first_day if facts.periods else None
        return [Refusal(Reason.NOT_YET_INSURED, f"the insurance starts on {start}, after {on}")]
    ended = max((p.last_day for p in facts.periods if p.last_day is not None and p.last_day < on), default=None)
    return [Refusal(Reason.STOPPED, f"the insurance stopped on {ended} and was not resumed by {on}")]


def contribution_years(facts: EntitlementFacts, before: Month) -> int:
    """Whole years of contributions: months recognised before the records, and months paid
    before ``before``."""
    return (facts.prior_months + sum(1 for month in facts.paid_months if month < before)) // 12


def employee_refusals(facts: EntitlementFacts, policy: Policy, on: dt.date) -> list[Refusal]:
    """Contributions paid up to the grace; a waiting period after a long interruption; none
    for a retiree with the minimum years."""
    rules = policy.entitlement
    visit = Month.of(on)
    retired = facts.retired_from is not None and facts.retired_from <= on  # a visit before retirement: as an employee
    if retired and contribution_years(facts, visit) >= rules.retiree_minimum_years:
        return []
    if retired:
        return [
            Refusal(
                Reason.RETIREE_YEARS,
                f"{contribution_years(facts, visit)} contribution years, the policy's minimum for a retiree is"
                f" {rules.retiree_minimum_years}",
            )
        ]
    if facts.unemployed:
        return []  # unemployment insurance pays the premium while the person draws benefits
    start = month_index(Month.of(facts.periods[0].first_day)) if facts.periods else month_index(visit)
    paid = sorted(i for i in map(month_index, facts.paid_months) if start <= i <= month_index(visit))
    if not paid:
        return [Refusal(Reason.NO_CONTRIBUTION, f"no contribution paid for any month from {from_index(start)} to {visit}")]
    refusals: list[Refusal] = []
    # unpaid months before the visit's month, since the last paid one (or since the start)
    arrears = max(0, month_index(visit) - 1 - max(paid[-1], start - 1))
    if arrears > rules.arrears_grace_months:
        refusals.append(
            Refusal(
                Reason.ARREARS,
                f"contributions paid up to {from_index(paid[-1])}: {arrears} months in arrears before {visit},"
                f" the policy allows {rules.arrears_grace_months}",
            )
        )
    # the latest interruption longer than the policy allows, counted from the start
    previous = start - 1
    resumed: int | None = None
    for index in paid:
        if index - previous - 1 > rules.interruption_limit_months:
            resumed = index
        previous = index
    if resumed is not None and month_index(visit) < resumed + rules.waiting_period_months:
        refusals.append(
            Refusal(
                Reason.WAITING_PERIOD,
                f"payment resumed in {from_index(resumed)} after more than {rules.interruption_limit_months} unpaid months:"
                f" the fund pays from {from_index(resumed + rules.waiting_period_months)}",
            )
        )
    return refusals


def certificate_refusals(facts: EntitlementFacts, certificate: Certificate | None) -> list[Refusal]:
    """A card issued and not lost, replaced or cancelled; an electronic certificate activated."""
    if certificate is Certificate.ELECTRONIC:
        if facts.ecert_activated_on is None:
            return [Refusal(Reason.ECERT_NOT_ACTIVATED, "the electronic medical insurance certificate is not activated")]
        return []
    if certificate is None or any(state in USABLE_CARD_STATES for state in facts.card_states):
        return []
    if not facts.card_states:
        return [Refusal(Reason.NO_CARD, "the person has no social security card")]
    latest = facts.card_states[-1]
    if latest in OPEN_STATES:
        return [Refusal(Reason.CARD_NOT_ISSUED, f"the social security card is not issued yet ({latest.value})")]
    reason = CARD_STATE_REASONS.get(latest, Reason.CARD_NOT_ISSUED)
    return [Refusal(reason, f"the social security card is {latest.value}")]


def check_entitlement(
    facts: EntitlementFacts, policy: Policy, on: dt.date, certificate: Certificate | None = None
) -> Entitlement:
    """Every reason the fund may not pay for the person on ``on``; the account's own answer."""
    refusals = insurance_refusals(facts, on)
    if not any(r.reason is Reason.NOT_YET_INSURED for r in refusals):
        if facts.scheme is Scheme.EMPLOYEE:
            refusals += employee_refusals(facts, policy, on)
        elif policy.entitlement.resident_premium_required and on.year not in facts.resident_years:
            refusals.append(Refusal(Reason.RESIDENT_PREMIUM, f"the resident premium of {on.year} is not paid"))
    refusals += certificate_refusals(facts, certificate)
    visit_types = tuple(
        (
            visit,
            ()
            if any(tier.visit_type is visit for tier in policy.benefits.tiers)
            else (Refusal(Reason.NO_BENEFIT, f"the insured place's policy has no {visit.value} benefit"),),
        )
        for visit in VisitType
    )
    if not facts.has_account:
        account_pays, note = False, "no individual account"
    elif facts.account_activated_on is None:
        account_pays, note = False, "the medical account is not activated: it pays once activated at a service centre"
    else:
        account_pays, note = True, f"activated on {facts.account_activated_on}"
    return Entitlement(
        facts.citizen_id, on, facts.scheme, certificate, tuple(refusals), visit_types, account_pays, note, policy.source
    )
