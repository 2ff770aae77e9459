"""Use cases of direct settlement: settle a bill, reverse it, find and reconcile settlements.

A settlement, the person's year-to-date deductible and fund use, and the individual account
move in one transaction; a reversal restores all three, once.
"""

import copy
import datetime as dt
from typing import Any, Self

import attrs

from shebao import plugins
from shebao.errors import InputError, NotFound, RuleViolation, must_exist
from shebao.i18n import N_, _
from shebao.model.account import AccountEntry, EntryKind
from shebao.model.catalogue import CatalogueItem
from shebao.model.entitlement import EntitlementFacts
from shebao.model.fund import FamilyLink
from shebao.model.person import Person, Scheme
from shebao.model.settlement import (
    Bill,
    FamilyAid,
    FilingFacts,
    InstitutionFacts,
    Reconciliation,
    Settlement,
    SettlementResult,
    VisitType,
    YearToDate,
)
from shebao.money import Fen
from shebao.plugins import Facade
from shebao.policy import Policy
from shebao.rules.settlement import check_bill, check_visit_dates, family_aid, settle
from shebao.services.entitlement import refuse_unless_entitled
from shebao.services.people import get_person
from shebao.services.settlement import context as settlement_context
from shebao.services.settlement.conflicts import settled_already
from shebao.services.settlement.ports import TreatmentContext
from shebao.store.ports import UnitOfWork


@attrs.frozen
class SettlementQuery:
    citizen_id: str | None = None
    institution_code: str | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    limit: int = 100
    lines: bool = True  # False: the settlements without their lines, for a listing


class SettlementSession:
    """What stays the same across the bills of a batch: the treatment context, catalogues per
    treatment place and year, policies per insured place, scheme and year, all asked of the
    plugin facade it is given (the installed plugins unless a caller gives another)."""

    def __init__(self, context: TreatmentContext, hooks: Facade = plugins) -> None:
        self.context = context
        self.hooks = hooks
        self._catalogues: dict[tuple[str, int], dict[str, CatalogueItem]] = {}
        self._policies: dict[tuple[str, Scheme, int], Policy] = {}
        self._institutions: dict[str, InstitutionFacts | None] = {}

    def renewed(self, context: TreatmentContext) -> Self:
        """The same session over a fresh reading of the directory (``context``): institutions are
        asked again, while catalogues and policies, the plugins' answers, which cannot change
        while a process runs, are kept."""
        fresh = copy.copy(self)
        fresh.context = context
        fresh._institutions = {}
        return fresh

    def catalogue(self, region_code: str, year: int) -> dict[str, CatalogueItem]:
        key = (region_code, year)
        if key not in self._catalogues:
            self._catalogues[key] = self.hooks.catalogue(self.hooks.region(region_code), year)
        return self._catalogues[key]

    def policy(self, region_code: str, scheme: Scheme, year: int) -> Policy:
        key = (region_code, scheme, year)
        if key not in self._policies:
            self._policies[key] = self.hooks.policy(self.hooks.region(region_code), scheme, year)
        return self._policies[key]

    def institution(self, code: str) -> InstitutionFacts:
        if code not in self._institutions:
            self._institutions[code] = self.context.institution(code)
        found = self._institutions[code]
        if found is None:
            raise NotFound(N_("institution"), code)
        return found


@attrs.frozen
class PersonState:
    """What a bill is settled against: the person's entitlement facts, the year to date of every
    visit type, the activated account's balance (None: none, or not activated), and a family
    holder's link and activated balance (None: no link, or the holder's account cannot pay)."""

    facts: EntitlementFacts
    years: dict[VisitType, YearToDate]
    balance: Fen | None
    link: FamilyLink | None = None
    holder_balance: Fen | None = None


def year_of(years: dict[VisitType, YearToDate], visit_type: VisitType, policy: Policy) -> YearToDate:
    """The visit type's year, with what the visit types sharing its annual cap paid."""
    own = years[visit_type]
    shared = policy.benefits.shared_cap(visit_type)
    if shared is None:
        return own
    others = sum(years[v].fund_paid for v in shared.visit_types if v is not visit_type)
    return attrs.evolve(own, shared_fund_paid=Fen(others))


def read_person_state(uow: UnitOfWork, person: Person, year: int) -> PersonState:
    number = person.citizen_id.number
    facts = uow.entitlement.facts_of({number: person})[number]
    years = uow.settlements.years_to_date((number, year, visit) for visit in VisitType)
    link = uow.family.live_of_member(number)
    balances = uow.entitlement.active_balances([number, link.holder] if link else [number])
    return PersonState(
        facts,
        {visit: years[number, year, visit] for visit in VisitType},
        balances.get(number),
        link,
        balances.get(link.holder) if link else None,
    )


def compute_settlement(
    uow: UnitOfWork,
    session: SettlementSession,
    bill: Bill,
    person: Person,
    settlement_id: int,
    state: PersonState,
    today: dt.date,
) -> Settlement:
    """Settle a checked bill against what the caller says the person's year and accounts stand at;
    refused by rule ``entitlement`` when the fund may not pay for the person on the visit date."""
    check_visit_dates(bill, person.birth_date, today)
    institution = session.institution(bill.institution_code)
    service_year = bill.service_date.year
    policy = session.policy(person.insured_region, person.scheme, service_year)
    refuse_unless_entitled(bill, state.facts, policy)
    family = family_aid(state.link, state.holder_balance, bill.service_date)
    filing = None
    if person.insured_region[:2] != institution.region[:2]:
        filing = session.context.covering_filing(
            person.citizen_id.number, institution.region, institution.code, bill.service_date
        )
    catalogue = session.catalogue(institution.region, service_year)
    result = settle_for(bill, catalogue, institution, person, policy, filing, state.years, state.balance, family)
    return settlement_of(uow, settlement_id, bill, person, institution, result, today)


def settle_for(
    bill: Bill,
    catalogue: dict[str, CatalogueItem],
    institution: InstitutionFacts,
    person: Person,
    policy: Policy,
    filing: FilingFacts | None,
    years: dict[VisitType, YearToDate],
    balance: Fen | None,
    family: FamilyAid | None = None,
) -> SettlementResult:
    """The rules' settlement of a bill for a person under the insured place's policy."""
    year = year_of(years, bill.visit_type, policy)
    return settle(
        bill,
        catalogue,
        institution,
        person.insured_region,
        person.is_retired,
        policy.benefits,
        filing,
        year,
        balance,
        policy.source,
        family,
    )


def settlement_of(
    uow: UnitOfWork,
    settlement_id: int,
    bill: Bill,
    person: Person,
    institution: InstitutionFacts,
    result: SettlementResult,
    today: dt.date,
) -> Settlement:
    """The settlement record of a bill settled for a person at an institution, by this operator."""
    return Settlement(
        id=settlement_id,
        bill=bill,
        person_name=person.name,
        scheme=person.scheme,
        insured_region=person.insured_region,
        treatment_region=institution.region,
        institution_name=institution.name,
        result=result,
        settled_on=today,
        operator=uow.operator,
    )


def account_debits(settlement: Settlement) -> list[AccountEntry]:
    """The entries of what the settlement took from the person's account and, as family mutual
    aid, from the holder's: one debit each, if it took anything."""
    r, reference = settlement.result, f"settlement:{settlement.id}"
    entries = []
    if r.own_account:
        entries.append(
            AccountEntry(
                settlement.bill.citizen_id.number, settlement.settled_on, EntryKind.SETTLEMENT_DEBIT, -r.own_account, reference
            )
        )
    if r.mutual_aid and r.mutual_aid_holder:
        entries.append(
            AccountEntry(r.mutual_aid_holder, settlement.settled_on, EntryKind.SETTLEMENT_DEBIT, -r.mutual_aid, reference)
        )
    return entries


def debit_account(uow: UnitOfWork, settlement: Settlement) -> None:
    # the person's new balance is the settlement's balance_after already
    uow.accounts.post_many(account_debits(settlement))


def settle_bill(
    uow: UnitOfWork,
    bill: Bill,
    today: dt.date,
    context: TreatmentContext | None = None,
    session: SettlementSession | None = None,
) -> Settlement:
    """Settle one bill: the settlement, the year's accumulators and the account, together.

    A counter that settles bill after bill passes its ``session``, so catalogues and policies
    are asked of the plugins once, not for every bill."""
    problems = check_bill(bill)
    if problems:
        raise InputError("; ".join(problems))
    with uow:
        session = session or SettlementSession(context or settlement_context.treatment_context(uow))
        person = get_person(uow, bill.citizen_id.number)
        number = person.citizen_id.number
        # the person (and the holder who may pay by mutual aid) held to the commit: a second
        # settlement of the same person waits, then reads this one's year and balance
        link = uow.family.live_of_member(number)
        uow.lock_persons([number, link.holder] if link is not None else [number])
        existing = uow.settlements.live_bill(bill.institution_code, bill.bill_number)
        if existing is not None:
            raise settled_already(uow, existing, bill)
        state = read_person_state(uow, person, bill.service_date.year)
        settlement = compute_settlement(uow, session, bill, person, uow.settlements.new_ids(1)[0], state, today)
        uow.settlements.add(settlement)
        debit_account(uow, settlement)
        uow.audit.record(SETTLED, number, **settlement_audit(settlement, state.balance))
        uow.commit()
    return settlement


SETTLED = "settlement.settle"


def settlement_audit(settlement: Settlement, balance_before: Fen | None) -> dict[str, Any]:
    """The audit row of a bill settled at a counter or a hospital: its figures, and the year
    and the account's balance before and after it (``None``: no activated account)."""
    r, bill = settlement.result, settlement.bill
    return {
        "settlement": settlement.id,
        "bill": bill.bill_number,
        "institution": bill.institution_code,
        "total": r.total,
        "fund": r.fund_total,
        "account": r.account,
        "cash": r.cash,
        "mutual_aid": r.mutual_aid,
        "mutual_aid_holder": r.mutual_aid_holder,
        "before": {"year": _year_summary(r.year_after, r, -1), "balance": balance_before},
        "after": {"year": attrs.asdict(r.year_after), "balance": r.balance_after if balance_before is not None else None},
    }


def reverse_settlement(uow: UnitOfWork, settlement_id: int, today: dt.date) -> Settlement:
    """Refund a settlement: restore the year's deductible and fund use and the account, once."""
    with uow:
        reversed_ = reverse_in(uow, settlement_id, today)
        uow.commit()
    return reversed_


def reverse_in(uow: UnitOfWork, settlement_id: int, today: dt.date) -> Settlement:
    """Reverse a settlement inside the caller's transaction (a reimbursement's reversal is one)."""
    found = must_exist(uow.settlements.get(settlement_id), "settlement", str(settlement_id))
    if found.reversed_on is not None:
        raise RuleViolation(
            "reverse-once",
            _("settlement {settlement_id} was reversed on {reversed_on}").format(
                settlement_id=settlement_id, reversed_on=found.reversed_on
            ),
        )
    number, r = found.bill.citizen_id.number, found.result
    year = uow.settlements.year_to_date(number, found.year, found.bill.visit_type)
    restored = YearToDate(
        Fen(year.deductible_used - r.deductible_applied),
        Fen(year.fund_paid - r.pooling_fund),
        Fen(year.supplementary_paid - r.supplementary),
    )
    uow.settlements.set_year_to_date(number, found.year, found.bill.visit_type, restored)
    uow.settlements.mark_reversed(settlement_id, today)
    reference = f"settlement:{settlement_id}"
    if r.own_account:
        uow.accounts.post(AccountEntry(number, today, EntryKind.SETTLEMENT_REFUND, r.own_account, reference))
    if r.mutual_aid and r.mutual_aid_holder:
        uow.accounts.post(AccountEntry(r.mutual_aid_holder, today, EntryKind.SETTLEMENT_REFUND, r.mutual_aid, reference))
    uow.audit.record(
        "settlement.reverse",
        number,
        settlement=settlement_id,
        bill=found.bill.bill_number,
        refund=r.total,
        before={"state": "settled", "year": attrs.asdict(year)},
        after={
            "state": "reversed",
            "year": attrs.asdict(restored),
            "account_refund": r.own_account,
            "mutual_aid_refund": r.mutual_aid,
        },
    )
    return attrs.evolve(found, reversed_on=today)


def preview_bill(uow: UnitOfWork, bill: Bill, today: dt.date, context: TreatmentContext | None = None) -> Settlement:
    """Pre-settlement (interfaces 2206 / 2303): the figures ``settle_bill`` would give now, with the
    person's current year to date, and nothing written (no transaction is even opened)."""
    problems = check_bill(bill)
    if problems:
        raise InputError("; ".join(problems))
    session = SettlementSession(context or settlement_context.treatment_context(uow))
    person = get_person(uow, bill.citizen_id.number)
    existing = uow.settlements.live_bill(bill.institution_code, bill.bill_number)
    if existing is not None:
        raise settled_already(uow, existing, bill)  # as settle_bill refuses it: the same bill, or a conflict
    state = read_person_state(uow, person, bill.service_date.year)
    return compute_settlement(uow, session, bill, person, uow.settlements.next_id(), state, today)


def _year_summary(year: YearToDate, result: SettlementResult, sign: int) -> dict[str, int]:
    """The year to date moved by a settlement's own use (sign -1: as it stood before)."""
    return {
        "deductible_used": year.deductible_used + sign * result.deductible_applied,
        "fund_paid": year.fund_paid + sign * result.pooling_fund,
        "supplementary_paid": year.supplementary_paid + sign * result.supplementary,
    }


def get_settlement(uow: UnitOfWork, settlement_id: int) -> Settlement:
    found = must_exist(uow.settlements.get(settlement_id), "settlement", str(settlement_id))
    return found


def find_settlements(uow: UnitOfWork, query: SettlementQuery) -> list[Settlement]:
    """Settlements by person, institution and period of treatment."""
    if query.first and query.last and query.first > query.last:
        raise InputError(_("the period starts {first}, after its end {last}").format(first=query.first, last=query.last))
    citizen_id = get_person(uow, query.citizen_id).citizen_id.number if query.citizen_id else None
    return uow.settlements.search(citizen_id, query.institution_code, query.first, query.last, query.limit, query.lines)


def reconcile(uow: UnitOfWork, institution_code: str, first: dt.date, last: dt.date) -> Reconciliation:
    """Counts and sums per fund of an institution's settlements and reversals in a period."""
    if first > last:
        raise InputError(_("the period starts {first}, after its end {last}").format(first=first, last=last))
    return uow.settlements.reconcile(institution_code, first, last)
