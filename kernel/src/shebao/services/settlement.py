"""Use cases of direct settlement: settle a bill, reverse it, find and reconcile settlements.

A settlement, the person's year-to-date deductible and fund use, and the individual account
move in one transaction; a reversal restores all three, once.
"""

import datetime as dt

import attrs

from shebao import plugins
from shebao.errors import InputError, NotFound, RuleViolation
from shebao.model.account import AccountEntry, EntryKind
from shebao.model.catalogue import CatalogueItem
from shebao.model.person import Person, Scheme
from shebao.model.settlement import Bill, InstitutionFacts, Reconciliation, Settlement, SettlementResult, YearToDate
from shebao.money import Fen
from shebao.policy import Policy
from shebao.rules.settlement import check_bill, settle
from shebao.services import settlement_context
from shebao.services.bill_conflicts import settled_already
from shebao.services.people import get_person
from shebao.services.settlement_ports import TreatmentContext
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
    treatment place and year, policies per insured place, scheme and year."""

    def __init__(self, context: TreatmentContext) -> None:
        self.context = context
        self._catalogues: dict[tuple[str, int], dict[str, CatalogueItem]] = {}
        self._policies: dict[tuple[str, Scheme, int], Policy] = {}
        self._institutions: dict[str, InstitutionFacts | None] = {}

    def catalogue(self, region_code: str, year: int) -> dict[str, CatalogueItem]:
        key = (region_code, year)
        if key not in self._catalogues:
            self._catalogues[key] = plugins.catalogue(plugins.region(region_code), year)
        return self._catalogues[key]

    def policy(self, region_code: str, scheme: Scheme, year: int) -> Policy:
        key = (region_code, scheme, year)
        if key not in self._policies:
            self._policies[key] = plugins.policy(plugins.region(region_code), scheme, year)
        return self._policies[key]

    def institution(self, code: str) -> InstitutionFacts:
        if code not in self._institutions:
            self._institutions[code] = self.context.institution(code)
        found = self._institutions[code]
        if found is None:
            raise NotFound("institution", code)
        return found


def compute_settlement(
    uow: UnitOfWork,
    session: SettlementSession,
    bill: Bill,
    person: Person,
    settlement_id: int,
    year: YearToDate,
    balance: Fen | None,
    today: dt.date,
) -> Settlement:
    """Settle a checked bill against what the caller says the year and account stand at."""
    if bill.service_date > today:
        raise RuleViolation("no-future-visit", f"the visit of bill {bill.bill_number} ends {bill.service_date}, after {today}")
    first_day = bill.admitted_on or bill.service_date
    if first_day < person.birth_date:
        raise RuleViolation(
            "visit-in-lifetime", f"the visit of bill {bill.bill_number} starts {first_day}, before the person was born"
        )
    if bill.service_date < person.registered_on:
        raise RuleViolation(
            "insured-at-visit",
            f"the visit of bill {bill.bill_number} ends {bill.service_date}, before the person was registered"
            f" on {person.registered_on}",
        )
    institution = session.institution(bill.institution_code)
    service_year = bill.service_date.year
    policy = session.policy(person.insured_region, person.scheme, service_year)
    filing = None
    if person.insured_region[:2] != institution.region[:2]:
        filing = session.context.covering_filing(
            person.citizen_id.number, institution.region, institution.code, bill.service_date
        )
    result = settle(
        bill,
        session.catalogue(institution.region, service_year),
        institution,
        person.insured_region,
        person.is_retired,
        policy.benefits,
        filing,
        year,
        balance,
        policy.source,
    )
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


def account_debit(settlement: Settlement) -> AccountEntry | None:
    """The account entry of what the settlement took from the account, if it took anything."""
    if not settlement.result.account:
        return None
    return AccountEntry(
        settlement.bill.citizen_id.number,
        settlement.settled_on,
        EntryKind.SETTLEMENT_DEBIT,
        -settlement.result.account,
        f"settlement:{settlement.id}",
    )


def debit_account(uow: UnitOfWork, settlement: Settlement) -> None:
    entry = account_debit(settlement)
    if entry is not None:
        uow.accounts.post_many([entry])  # the new balance is the settlement's balance_after already


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
        existing = uow.settlements.live_bill(bill.institution_code, bill.bill_number)
        if existing is not None:
            raise settled_already(uow, existing, bill)
        number = person.citizen_id.number
        account = uow.accounts.get(number)
        settlement = compute_settlement(
            uow,
            session,
            bill,
            person,
            uow.settlements.next_id(),
            uow.settlements.year_to_date(number, bill.service_date.year, bill.visit_type),
            account.balance if account else None,
            today,
        )
        uow.settlements.add(settlement)
        debit_account(uow, settlement)
        r = settlement.result
        uow.audit.record(
            "settlement.settle",
            number,
            settlement=settlement.id,
            bill=bill.bill_number,
            institution=bill.institution_code,
            total=r.total,
            fund=r.fund_total,
            account=r.account,
            cash=r.cash,
            before={"year": _year_summary(r.year_after, r, -1), "balance": account.balance if account else None},
            after={"year": attrs.asdict(r.year_after), "balance": r.balance_after if account else None},
        )
        uow.commit()
    return settlement


def reverse_settlement(uow: UnitOfWork, settlement_id: int, today: dt.date) -> Settlement:
    """Refund a settlement: restore the year's deductible and fund use and the account, once."""
    with uow:
        found = uow.settlements.get(settlement_id)
        if found is None:
            raise NotFound("settlement", str(settlement_id))
        if found.reversed_on is not None:
            raise RuleViolation("reverse-once", f"settlement {settlement_id} was reversed on {found.reversed_on}")
        number, r = found.bill.citizen_id.number, found.result
        year = uow.settlements.year_to_date(number, found.year, found.bill.visit_type)
        restored = YearToDate(
            Fen(year.deductible_used - r.deductible_applied),
            Fen(year.fund_paid - r.pooling_fund),
            Fen(year.supplementary_paid - r.supplementary),
        )
        uow.settlements.set_year_to_date(number, found.year, found.bill.visit_type, restored)
        uow.settlements.mark_reversed(settlement_id, today)
        if r.account:
            uow.accounts.post(AccountEntry(number, today, EntryKind.SETTLEMENT_REFUND, r.account, f"settlement:{settlement_id}"))
        uow.audit.record(
            "settlement.reverse",
            number,
            settlement=settlement_id,
            bill=found.bill.bill_number,
            refund=r.total,
            before={"state": "settled", "year": attrs.asdict(year)},
            after={"state": "reversed", "year": attrs.asdict(restored), "account_refund": r.account},
        )
        uow.commit()
    return attrs.evolve(found, reversed_on=today)


def _year_summary(year: YearToDate, result: SettlementResult, sign: int) -> dict[str, int]:
    """The year to date moved by a settlement's own use (sign -1: as it stood before)."""
    return {
        "deductible_used": year.deductible_used + sign * result.deductible_applied,
        "fund_paid": year.fund_paid + sign * result.pooling_fund,
        "supplementary_paid": year.supplementary_paid + sign * result.supplementary,
    }


def get_settlement(uow: UnitOfWork, settlement_id: int) -> Settlement:
    found = uow.settlements.get(settlement_id)
    if found is None:
        raise NotFound("settlement", str(settlement_id))
    return found


def find_settlements(uow: UnitOfWork, query: SettlementQuery) -> list[Settlement]:
    """Settlements by person, institution and period of treatment."""
    if query.first and query.last and query.first > query.last:
        raise InputError(f"the period starts {query.first}, after its end {query.last}")
    citizen_id = get_person(uow, query.citizen_id).citizen_id.number if query.citizen_id else None
    return uow.settlements.search(citizen_id, query.institution_code, query.first, query.last, query.limit, query.lines)


def reconcile(uow: UnitOfWork, institution_code: str, first: dt.date, last: dt.date) -> Reconciliation:
    """Counts and sums per fund of an institution's settlements and reversals in a period."""
    if first > last:
        raise InputError(f"the period starts {first}, after its end {last}")
    return uow.settlements.reconcile(institution_code, first, last)
