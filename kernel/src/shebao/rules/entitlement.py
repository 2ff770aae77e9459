"""The entitlement check as a pure function of the facts, the policy and the day (DOMAIN.md,
"Entitlement, pre-settlement, reimbursement")."""

import datetime as dt

from shebao.i18n import _, ngettext
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
from shebao.policy import EntitlementPolicy, Policy


def month_index(month: Month) -> int:
    return month.year * 12 + month.month - 1


def from_index(index: int) -> Month:
    return Month(index // 12, index % 12 + 1)


def insurance_refusals(facts: EntitlementFacts, on: dt.date) -> list[Refusal]:
    """Insured on the day: started, not stopped, alive."""
    if facts.died_on is not None and facts.died_on <= on:
        return [Refusal(Reason.DECEASED, _("the person died on {died_on}").format(died_on=facts.died_on))]
    if any(period.covers(on) for period in facts.periods):
        return []
    if not facts.periods or on < facts.periods[0].first_day:
        start = facts.periods[0].first_day if facts.periods else None
        return [Refusal(Reason.NOT_YET_INSURED, _("the insurance starts on {start}, after {on}").format(start=start, on=on))]
    ended = max((p.last_day for p in facts.periods if p.last_day is not None and p.last_day < on), default=None)
    return [Refusal(Reason.STOPPED, _("the insurance stopped on {ended} and was not resumed by {on}").format(ended=ended, on=on))]


def contribution_years(facts: EntitlementFacts, before: Month) -> int:
    """Whole years of contributions: months recognised before the records, and months paid
    before ``before``."""
    return (facts.prior_months + sum(1 for month in facts.paid_months if month < before)) // 12


def employee_refusals(facts: EntitlementFacts, policy: Policy, on: dt.date) -> list[Refusal]:
    """Contributions paid up to the grace; a waiting period after a long interruption; none
    for a retiree with the minimum years."""
    rules = policy.entitlement
    visit = Month.of(on)
    if facts.retired_from is not None and facts.retired_from <= on:  # a visit before retirement: as an employee
        return _retiree_refusals(facts, rules.retiree_minimum_years, visit)
    if facts.unemployed:
        return []  # unemployment insurance pays the premium while the person draws benefits
    start = month_index(Month.of(facts.periods[0].first_day)) if facts.periods else month_index(visit)
    paid = sorted(i for i in map(month_index, facts.paid_months) if start <= i <= month_index(visit))
    if not paid:
        return [
            Refusal(
                Reason.NO_CONTRIBUTION,
                _("no contribution paid for any month from {from_index} to {visit}").format(
                    from_index=from_index(start), visit=visit
                ),
            )
        ]
    refusals = _arrears_refusals(paid, start, visit, rules.arrears_grace_months)
    return refusals + _waiting_period_refusals(paid, start, visit, rules)


def _retiree_refusals(facts: EntitlementFacts, minimum_years: int, visit: Month) -> list[Refusal]:
    years = contribution_years(facts, visit)
    if years >= minimum_years:
        return []
    return [
        Refusal(
            Reason.RETIREE_YEARS,
            _("{contribution_years} contribution years, the policy's minimum for a retiree is {retiree_minimum_years}").format(
                contribution_years=years, retiree_minimum_years=minimum_years
            ),
        )
    ]


def _arrears_refusals(paid: list[int], start: int, visit: Month, grace_months: int) -> list[Refusal]:
    """Unpaid months before the visit's month, since the last paid one (or since the start)."""
    arrears = max(0, month_index(visit) - 1 - max(paid[-1], start - 1))
    if arrears <= grace_months:
        return []
    return [
        Refusal(
            Reason.ARREARS,
            ngettext(
                "contributions paid up to {from_index}: {arrears} month in arrears before "
                "{visit}, the policy allows {arrears_grace_months}",
                "contributions paid up to {from_index}: {arrears} months in arrears before "
                "{visit}, the policy allows {arrears_grace_months}",
                arrears,
            ).format(from_index=from_index(paid[-1]), arrears=arrears, visit=visit, arrears_grace_months=grace_months),
        )
    ]


def _waiting_period_refusals(paid: list[int], start: int, visit: Month, rules: EntitlementPolicy) -> list[Refusal]:
    """The latest interruption longer than the policy allows, counted from the start."""
    previous = start - 1
    resumed: int | None = None
    for index in paid:
        if index - previous - 1 > rules.interruption_limit_months:
            resumed = index
        previous = index
    if resumed is None or month_index(visit) >= resumed + rules.waiting_period_months:
        return []
    return [
        Refusal(
            Reason.WAITING_PERIOD,
            _(
                "payment resumed in {from_index} after more than {interruption_limit_months} "
                "unpaid months: the fund pays from {from_index2}"
            ).format(
                from_index=from_index(resumed),
                interruption_limit_months=rules.interruption_limit_months,
                from_index2=from_index(resumed + rules.waiting_period_months),
            ),
        )
    ]


def certificate_refusals(facts: EntitlementFacts, certificate: Certificate | None) -> list[Refusal]:
    """A card issued and not lost, replaced or cancelled; an electronic certificate activated."""
    if certificate is Certificate.ELECTRONIC:
        if facts.ecert_activated_on is None:
            return [Refusal(Reason.ECERT_NOT_ACTIVATED, _("the electronic medical insurance certificate is not activated"))]
        return []
    if certificate is None or any(state in USABLE_CARD_STATES for state in facts.card_states):
        return []
    if not facts.card_states:
        return [Refusal(Reason.NO_CARD, _("the person has no social security card"))]
    latest = facts.card_states[-1]
    if latest in OPEN_STATES:
        return [
            Refusal(Reason.CARD_NOT_ISSUED, _("the social security card is not issued yet ({value})").format(value=latest.value))
        ]
    reason = CARD_STATE_REASONS.get(latest, Reason.CARD_NOT_ISSUED)
    return [Refusal(reason, _("the social security card is {value}").format(value=latest.value))]


def check_entitlement(
    facts: EntitlementFacts, policy: Policy, on: dt.date, certificate: Certificate | None = None
) -> Entitlement:
    """Every reason the fund may not pay for the person on ``on``; the account's own answer."""
    refusals = insurance_refusals(facts, on)
    if not any(r.reason is Reason.NOT_YET_INSURED for r in refusals):
        if facts.scheme is Scheme.EMPLOYEE:
            refusals += employee_refusals(facts, policy, on)
        elif policy.entitlement.resident_premium_required and on.year not in facts.resident_years:
            refusals.append(
                Refusal(Reason.RESIDENT_PREMIUM, _("the resident premium of {year} is not paid").format(year=on.year))
            )
    refusals += certificate_refusals(facts, certificate)
    visit_types = tuple(
        (
            visit,
            ()
            if any(tier.visit_type is visit for tier in policy.benefits.tiers)
            else (Refusal(Reason.NO_BENEFIT, _("the insured place's policy has no {value} benefit").format(value=visit.value)),),
        )
        for visit in VisitType
    )
    if not facts.has_account:
        account_pays, note = False, "no individual account"
    elif facts.account_activated_on is None:
        account_pays, note = False, _("the medical account is not activated: it pays once activated at a service centre")
    else:
        account_pays, note = (
            True,
            _("activated on {account_activated_on}").format(account_activated_on=facts.account_activated_on),
        )
    return Entitlement(
        facts.citizen_id, on, facts.scheme, certificate, tuple(refusals), visit_types, account_pays, note, policy.source
    )
