"""An in-memory unit of work implementing every port of ``shebao.store.ports``: use cases run
on it as on SQLite, which proves the ports say all a use case needs. A transaction is a copy of
the state taken on entry, put back unless committed.

Simple by design: lists and dicts, no indexes, orderings as the SQLite adapter's."""

import copy
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import attrs

from shebao.model.account import Account, AccountEntry, EntryKind
from shebao.model.card import Activation, ActivationKind, CardApplication, CardEvent, CardState
from shebao.model.contribution import Contribution
from shebao.model.employer import Employer, Employment
from shebao.model.entitlement import EntitlementFacts
from shebao.model.filing import Filing, FilingState
from shebao.model.fund import FamilyLink, Reimbursement, ReimbursementState, Relation
from shebao.model.institution import (
    EVERY_INSTITUTION,
    Institution,
    InstitutionFilter,
    InstitutionKind,
    InstitutionStatus,
    Service,
)
from shebao.model.payment import IssuedNotice, NoticeKind, Payment, PaymentProblem
from shebao.model.person import Person, Status
from shebao.model.register import InsurancePeriod, PersonEvent, PremiumAssessment, RecordChange, RecordState, ResidentPremium
from shebao.model.settlement import FundTotals, Reconciliation, Settlement, SupplementaryKind, VisitType, YearToDate
from shebao.money import Fen
from shebao.periods import Month
from shebao.rules.register import insurance_periods, state_on
from shebao.store.audit import AuditEntry
from shebao.store.entitlement import _periods, _retired_from  # read as SQLite reads them

_ALL = 1 << 62  # a limit no listing reaches: every row, to count them


@attrs.define
class _State:
    persons: dict[str, Person] = attrs.Factory(dict)
    employers: dict[str, Employer] = attrs.Factory(dict)
    employments: list[Employment] = attrs.Factory(list)
    events: list[PersonEvent] = attrs.Factory(list)
    premiums: dict[tuple[str, int], ResidentPremium] = attrs.Factory(dict)
    assessments: dict[tuple[str, str, Month], PremiumAssessment] = attrs.Factory(dict)
    contributions: dict[tuple[str, Month], Contribution] = attrs.Factory(dict)
    accounts: dict[str, Account] = attrs.Factory(dict)
    entries: list[AccountEntry] = attrs.Factory(list)
    institutions: dict[str, tuple[Institution, str]] = attrs.Factory(dict)  # with its name initials
    filings: dict[str, Filing] = attrs.Factory(dict)
    settlements: dict[int, Settlement] = attrs.Factory(dict)
    years: dict[tuple[str, int, VisitType], tuple[int, int]] = attrs.Factory(dict)  # deductible used, fund paid
    supplementary: dict[tuple[str, int], int] = attrs.Factory(dict)  # per person and year, across visit types
    cards: dict[str, CardApplication] = attrs.Factory(dict)
    card_sequences: dict[str, int] = attrs.Factory(dict)
    card_events: list[CardEvent] = attrs.Factory(list)
    notices: dict[str, IssuedNotice] = attrs.Factory(dict)
    payments: list[Payment] = attrs.Factory(list)
    problems: dict[int, PaymentProblem] = attrs.Factory(dict)
    activations: list[Activation] = attrs.Factory(list)
    prior: dict[str, int] = attrs.Factory(dict)
    links: dict[int, FamilyLink] = attrs.Factory(dict)
    reimbursements: dict[int, Reimbursement] = attrs.Factory(dict)
    audit: list[AuditEntry] = attrs.Factory(list)


class _Part:
    """A repository over the unit of work's current state."""

    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    @property
    def _s(self) -> _State:
        return self._uow.state


class MemoryPersons(_Part):
    def add(self, person: Person) -> None:
        assert person.citizen_id.number not in self._s.persons, "registered once"
        self._s.persons[person.citizen_id.number] = person

    def update(self, person: Person) -> None:
        self._s.persons[person.citizen_id.number] = person

    def get(self, citizen_id: str) -> Person | None:
        return self._s.persons.get(citizen_id)

    def get_many(self, citizen_ids: Iterable[str]) -> dict[str, Person]:
        return {number: self._s.persons[number] for number in citizen_ids if number in self._s.persons}

    def still_stored(self, persons: Mapping[str, Person]) -> set[str]:
        return {number for number, person in persons.items() if self._s.persons.get(number) == person}

    def search(
        self, insured_region: str | None = None, status: Status | None = None, limit: int = 100, offset: int = 0
    ) -> list[Person]:
        found = [
            p
            for _, p in sorted(self._s.persons.items())
            if (insured_region is None or p.insured_region == insured_region) and (status is None or p.status is status)
        ]
        return found[offset : offset + limit]

    def retirees(self) -> Iterator[Person]:
        return iter(self.search(status=Status.RETIRED, limit=len(self._s.persons)))

    def count(self, insured_region: str | None = None, status: Status | None = None) -> int:
        return len(self.search(insured_region, status, limit=_ALL))


class MemoryEmployers(_Part):
    def add(self, employer: Employer) -> None:
        self._s.employers[employer.uscc] = employer

    def get(self, uscc: str) -> Employer | None:
        return self._s.employers.get(uscc)

    def all(self) -> list[Employer]:
        return [self._s.employers[uscc] for uscc in sorted(self._s.employers)]

    def add_employment(self, employment: Employment) -> None:
        self._s.employments.append(employment)

    def _replace(self, employment: Employment, **changes: Any) -> None:
        key = (employment.employer_uscc, employment.citizen_id, employment.started_on)
        self._s.employments = [
            attrs.evolve(e, **changes) if (e.employer_uscc, e.citizen_id, e.started_on) == key else e for e in self._s.employments
        ]

    def set_registered(self, employment: Employment, registered_on: dt.date) -> None:
        self._replace(employment, registered_on=registered_on)

    def employments(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[Employment]:
        found = [
            e
            for e in self._s.employments
            if (not employer_uscc or e.employer_uscc == employer_uscc) and (not citizen_id or e.citizen_id == citizen_id)
        ]
        return sorted(found, key=lambda e: (e.started_on, e.employer_uscc, e.citizen_id))

    def end_employment(self, employment: Employment, ended_on: dt.date) -> None:
        self._replace(employment, ended_on=ended_on)


class MemoryPersonHistory(_Part):
    def add(self, event: PersonEvent) -> None:
        self._s.events.append(event)

    def events(self, citizen_id: str) -> list[PersonEvent]:
        return sorted((e for e in self._s.events if e.citizen_id == citizen_id), key=lambda e: e.effective_on)

    def periods(self, citizen_id: str) -> list[InsurancePeriod]:
        return insurance_periods(self.events(citizen_id))

    def state_on(self, citizen_id: str, day: dt.date) -> RecordState | None:
        return state_on(self.events(citizen_id), day)


class MemoryResidentPremiums(_Part):
    def add(self, premium: ResidentPremium) -> None:
        self._s.premiums[premium.citizen_id, premium.year] = premium

    def get(self, citizen_id: str, year: int) -> ResidentPremium | None:
        return self._s.premiums.get((citizen_id, year))

    def is_paid(self, citizen_id: str, year: int) -> bool:
        return (citizen_id, year) in self._s.premiums

    def of_person(self, citizen_id: str) -> list[ResidentPremium]:
        return [p for (number, _), p in sorted(self._s.premiums.items()) if number == citizen_id]


class MemoryAssessments(_Part):
    def add(self, assessment: PremiumAssessment) -> None:
        self._s.assessments[assessment.employer_uscc, assessment.citizen_id, assessment.period] = assessment

    def get(self, employer_uscc: str, citizen_id: str, period: Month) -> PremiumAssessment | None:
        return self._s.assessments.get((employer_uscc, citizen_id, period))

    def search(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[PremiumAssessment]:
        return [
            a
            for a in sorted(self._s.assessments.values(), key=lambda a: (a.employer_uscc, a.citizen_id, a.period))
            if (employer_uscc is None or a.employer_uscc == employer_uscc) and (citizen_id is None or a.citizen_id == citizen_id)
        ]


class MemoryContributions(_Part):
    def add(self, contribution: Contribution) -> None:
        self._s.contributions[contribution.citizen_id, contribution.period] = contribution

    def get(self, citizen_id: str, period: Month) -> Contribution | None:
        return self._s.contributions.get((citizen_id, period))

    def of_person(self, citizen_id: str, first: Month | None = None, last: Month | None = None) -> list[Contribution]:
        return [
            c
            for (number, period), c in sorted(self._s.contributions.items())
            if number == citizen_id and (first is None or period >= first) and (last is None or period <= last)
        ]

    def of_employer(self, employer_uscc: str) -> list[Contribution]:
        return [c for _, c in sorted(self._s.contributions.items()) if c.employer_uscc == employer_uscc]

    def remove(self, citizen_id: str, period: Month) -> None:
        del self._s.contributions[citizen_id, period]


class MemoryAccounts(_Part):
    def open(self, citizen_id: str, opened_on: dt.date) -> None:
        self._s.accounts[citizen_id] = Account(citizen_id, Fen(0), opened_on)

    def get(self, citizen_id: str) -> Account | None:
        return self._s.accounts.get(citizen_id)

    def has_entry(self, citizen_id: str, kind: EntryKind, reference: str) -> bool:
        return any((e.citizen_id, e.kind, e.reference) == (citizen_id, kind, reference) for e in self._s.entries)

    def post(self, entry: AccountEntry) -> Fen:
        self._s.entries.append(entry)
        account = self._s.accounts[entry.citizen_id]
        self._s.accounts[entry.citizen_id] = attrs.evolve(account, balance=Fen(account.balance + entry.amount))
        return self._s.accounts[entry.citizen_id].balance

    def balances(self, citizen_ids: Iterable[str]) -> dict[str, Fen]:
        return {number: self._s.accounts[number].balance for number in citizen_ids if number in self._s.accounts}

    def post_many(self, entries: Sequence[AccountEntry]) -> None:
        for entry in entries:
            self.post(entry)

    def set_activated(self, citizen_id: str, activated_on: dt.date) -> None:
        self._s.accounts[citizen_id] = attrs.evolve(self._s.accounts[citizen_id], activated_on=activated_on)

    def entries(self, citizen_id: str, limit: int = 100) -> list[AccountEntry]:
        return [e for e in reversed(self._s.entries) if e.citizen_id == citizen_id][:limit]


class MemoryInstitutions(_Part):
    def save(self, institution: Institution, name_initials: str, source: str, synced_on: dt.date) -> None:
        self._s.institutions[institution.code] = (institution, name_initials)

    def get(self, code: str) -> Institution | None:
        found = self._s.institutions.get(code)
        return found[0] if found else None

    def all(self) -> list[Institution]:
        return [i for i, _ in sorted(self._s.institutions.values(), key=lambda pair: pair[0].code)]

    def search(self, asked: InstitutionFilter = EVERY_INSTITUTION, limit: int = 50, offset: int = 0) -> list[Institution]:
        found = [i for i, initials in self._s.institutions.values() if _matches(asked, i, initials)]
        return sorted(found, key=lambda i: (i.region, i.code))[offset : offset + limit]

    def count(self, asked: InstitutionFilter = EVERY_INSTITUTION) -> int:
        return len(self.search(asked, limit=_ALL))

    def busiest_regions(self, limit: int) -> list[str]:
        counted = Counter(i.region for i, _ in self._s.institutions.values() if i.open_for_cross_province)
        return [region for region, _ in sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))][:limit]


def _matches(asked: InstitutionFilter, i: Institution, initials: str) -> bool:
    region, name = asked.region, asked.name
    in_region = region is None or (i.region[:2] == region[:2] if region.endswith("0000") else i.region == region)
    named = not name or name in i.name or name.lower() in initials
    shown = asked.include_withdrawn or i.status is not InstitutionStatus.WITHDRAWN
    return (
        in_region
        and named
        and shown
        and (asked.level is None or i.level is asked.level)
        and _offers(i, asked.service, asked.kind)
    )


def _offers(institution: Institution, service: Service | None, kind: InstitutionKind | None) -> bool:
    return (service is None or service in institution.services) and (kind is None or institution.kind is kind)


class MemoryFilings(_Part):
    def next_id(self, day: dt.date) -> str:
        prefix = f"YD{day:%Y%m%d}"
        return f"{prefix}{sum(1 for key in self._s.filings if key.startswith(prefix)) + 1:04d}"

    def add(self, filing: Filing) -> None:
        self._s.filings[filing.id] = filing

    def update(self, filing: Filing) -> None:
        self._s.filings[filing.id] = filing

    def get(self, filing_id: str) -> Filing | None:
        return self._s.filings.get(filing_id)

    def of_person(self, citizen_id: str) -> list[Filing]:
        return sorted((f for f in self._s.filings.values() if f.citizen_id == citizen_id), key=lambda f: (f.applied_on, f.id))

    def of_persons(self, citizen_ids: Iterable[str]) -> dict[str, list[Filing]]:
        return {number: found for number in citizen_ids if (found := self.of_person(number))}

    def search(self, state: FilingState | None = None, limit: int = 50, offset: int = 0) -> list[Filing]:
        found = [f for _, f in sorted(self._s.filings.items()) if state is None or f.state is state]
        return found[offset : offset + limit]

    def count(self, state: FilingState | None = None) -> int:
        return len(self.search(state, limit=_ALL))


class MemorySettlements(_Part):
    def next_id(self) -> int:
        return max(self._s.settlements, default=0) + 1

    def new_ids(self, count: int) -> list[int]:
        first = self.next_id()
        return list(range(first, first + count))

    def add(self, settlement: Settlement) -> None:
        """The settlement, and the person's year moved to where it leaves it."""
        self._s.settlements[settlement.id] = settlement
        number, after = settlement.bill.citizen_id.number, settlement.result.year_after
        self._s.years[number, settlement.year, settlement.bill.visit_type] = (after.deductible_used, after.fund_paid)
        if settlement.result.supplementary:  # a bill without supplementary leaves the year where it stands
            self._s.supplementary[number, settlement.year] = after.supplementary_paid

    def add_many(self, settlements: Sequence[Settlement]) -> None:
        for settlement in settlements:
            self.add(settlement)

    def get(self, settlement_id: int) -> Settlement | None:
        return self._s.settlements.get(settlement_id)

    def live_bill(self, institution_code: str, bill_number: str) -> int | None:
        return next(
            (
                s.id
                for s in self._s.settlements.values()
                if s.reversed_on is None and (s.bill.institution_code, s.bill.bill_number) == (institution_code, bill_number)
            ),
            None,
        )

    def live_bills(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        return {key for key in keys if self.live_bill(*key) is not None}

    def search(
        self,
        citizen_id: str | None = None,
        institution_code: str | None = None,
        first: dt.date | None = None,
        last: dt.date | None = None,
        limit: int = 100,
        lines: bool = True,
    ) -> list[Settlement]:
        def matches(s: Settlement) -> bool:
            day = s.bill.service_date
            return (
                (citizen_id is None or s.bill.citizen_id.number == citizen_id)
                and (institution_code is None or s.bill.institution_code == institution_code)
                and (first is None or day >= first)
                and (last is None or day <= last)
            )

        return [s for _, s in sorted(self._s.settlements.items()) if matches(s)][:limit]

    def mark_reversed(self, settlement_id: int, reversed_on: dt.date) -> None:
        self._s.settlements[settlement_id] = attrs.evolve(self._s.settlements[settlement_id], reversed_on=reversed_on)

    def year_to_date(self, citizen_id: str, year: int, visit_type: VisitType) -> YearToDate:
        return self.years_to_date([(citizen_id, year, visit_type)])[citizen_id, year, visit_type]

    def years_to_date(self, keys: Iterable[tuple[str, int, VisitType]]) -> dict[tuple[str, int, VisitType], YearToDate]:
        found: dict[tuple[str, int, VisitType], YearToDate] = {}
        for number, year, visit in keys:
            deductible, fund = self._s.years.get((number, year, visit), (0, 0))
            found[number, year, visit] = YearToDate(Fen(deductible), Fen(fund), Fen(self._s.supplementary.get((number, year), 0)))
        return found

    def set_year_to_date(self, citizen_id: str, year: int, visit_type: VisitType, used: YearToDate) -> None:
        self._s.years[citizen_id, year, visit_type] = (used.deductible_used, used.fund_paid)
        self._s.supplementary[citizen_id, year] = used.supplementary_paid

    def reconcile(self, institution_code: str, first: dt.date, last: dt.date) -> Reconciliation:
        found: dict[Any, list[FundTotals]] = {}
        for s in self._s.settlements.values():
            if s.bill.institution_code != institution_code:
                continue
            for slot, day in enumerate((s.settled_on, s.reversed_on)):
                if day is not None and first <= day <= last:
                    pair = found.setdefault(s.scheme, [FundTotals(), FundTotals()])
                    pair[slot] = _plus(pair[slot], s)
        by_scheme = tuple((scheme, pair[0], pair[1]) for scheme, pair in sorted(found.items(), key=lambda kv: kv[0].value))
        return Reconciliation(institution_code, first, last, by_scheme)


def _plus(totals: FundTotals, s: Settlement) -> FundTotals:
    r = s.result
    return FundTotals(
        totals.count + 1,
        totals.total + r.total,
        totals.pooling_fund + r.pooling_fund,
        totals.large_amount + (r.supplementary if r.supplementary_kind is SupplementaryKind.LARGE_AMOUNT else 0),
        totals.critical_illness + (r.supplementary if r.supplementary_kind is SupplementaryKind.CRITICAL_ILLNESS else 0),
        totals.fund_total + r.fund_total,
        totals.account + r.account,
        totals.cash + r.cash,
    )


class MemoryCards(_Part):
    def add(self, application: CardApplication) -> None:
        self._s.cards[application.number] = application

    def update(self, application: CardApplication, card_sequence: int | None = None) -> None:
        self._s.cards[application.number] = application
        if card_sequence is not None:
            self._s.card_sequences[application.number] = card_sequence

    def get(self, number: str) -> CardApplication | None:
        return self._s.cards.get(number)

    def by_card_number(self, card_number: str) -> CardApplication | None:
        return next((a for a in self._s.cards.values() if a.card_number == card_number), None)

    def of_person(self, citizen_id: str) -> list[CardApplication]:
        return sorted((a for a in self._s.cards.values() if a.citizen_id == citizen_id), key=lambda a: (a.applied_on, a.number))

    def search(self, state: CardState | None = None, limit: int = 100, offset: int = 0) -> list[CardApplication]:
        found = sorted(
            (a for a in self._s.cards.values() if state is None or a.state is state), key=lambda a: (a.applied_on, a.number)
        )
        return found[offset : offset + limit]

    def next_application_sequence(self, prefix: str) -> int:
        return sum(1 for number in self._s.cards if number.startswith(prefix)) + 1

    def next_card_sequence(self) -> int:
        return max(self._s.card_sequences.values(), default=0) + 1

    def add_event(self, application: str, state: CardState, on: dt.date, **detail: str) -> None:
        self._s.card_events.append(CardEvent(application, state, on, self._uow.operator, dict(detail)))

    def events(self, application: str) -> list[CardEvent]:
        return [e for e in self._s.card_events if e.application == application]

    def count(self, state: CardState | None = None) -> int:
        return len(self.search(state, limit=_ALL))


class MemoryNotices(_Part):
    def add(self, issued: IssuedNotice) -> None:
        self._s.notices[issued.number] = issued

    def get(self, number: str) -> IssuedNotice | None:
        return self._s.notices.get(number)

    def contribution_notice(self, citizen_id: str, period: Month) -> IssuedNotice | None:
        return next(
            (
                n
                for n in self._s.notices.values()
                if n.kind is NoticeKind.CONTRIBUTION and n.notice.payer_id == citizen_id and n.period == period
            ),
            None,
        )

    def next_sequence(self, prefix: str) -> int:
        return sum(1 for number in self._s.notices if number.startswith(prefix)) + 1

    def mark_paid(self, number: str, receipt: str) -> None:
        self._s.notices[number] = attrs.evolve(self._s.notices[number], paid_receipt=receipt)

    def mark_unpaid(self, number: str) -> None:
        self._s.notices[number] = attrs.evolve(self._s.notices[number], paid_receipt=None)


class MemoryPayments(_Part):
    def add(self, payment: Payment) -> None:
        self._s.payments.append(payment)

    def by_receipt(self, channel: str, receipt: str) -> Payment | None:
        return next((p for p in self._s.payments if (p.channel, p.receipt) == (channel, receipt)), None)

    def of_notice(self, notice_number: str) -> Payment | None:
        return next((p for p in self._s.payments if p.notice_number == notice_number), None)

    def mark_reversed(self, channel: str, receipt: str, on: dt.date, source: str) -> None:
        self._s.payments = [
            attrs.evolve(p, reversed_on=on) if (p.channel, p.receipt) == (channel, receipt) else p for p in self._s.payments
        ]

    def search(
        self, channel: str | None = None, since: dt.date | None = None, limit: int = 100, offset: int = 0
    ) -> list[Payment]:
        found = [
            p for p in self._s.payments if (not channel or p.channel == channel) and (not since or p.paid_at.date() >= since)
        ]
        return sorted(found, key=lambda p: p.paid_at)[offset : offset + limit]

    def count(self, channel: str | None = None, since: dt.date | None = None) -> int:
        return len(self.search(channel, since, limit=_ALL))


class MemoryPaymentProblems(_Part):
    def keep(self, problem: PaymentProblem) -> bool:
        line = (problem.channel, problem.receipt, problem.reversal)
        if any((p.channel, p.receipt, p.reversal) == line for p in self._s.problems.values()):
            return False
        number = max(self._s.problems, default=0) + 1
        self._s.problems[number] = attrs.evolve(problem, id=number)
        return True

    def get(self, problem_id: int) -> PaymentProblem | None:
        return self._s.problems.get(problem_id)

    def search(self, include_resolved: bool = False, limit: int = 100) -> list[PaymentProblem]:
        return [p for _, p in sorted(self._s.problems.items()) if include_resolved or p.resolved_on is None][:limit]

    def resolve(self, problem_id: int, on: dt.date, by: str, note: str) -> None:
        found = self._s.problems[problem_id]
        self._s.problems[problem_id] = attrs.evolve(found, resolved_on=on, resolved_by=by, resolution=note)

    def count(self, include_resolved: bool = False) -> int:
        return len(self.search(include_resolved, limit=_ALL))


class MemoryActivations(_Part):
    def add(self, activation: Activation) -> None:
        self._s.activations.append(activation)

    def of_person(self, citizen_id: str, kind: ActivationKind | None = None) -> list[Activation]:
        return [a for a in self._s.activations if a.citizen_id == citizen_id and (kind is None or a.kind is kind)]


class MemoryEntitlementFacts(_Part):
    def facts_of(self, persons: Mapping[str, Person]) -> dict[str, EntitlementFacts]:
        return {number: self._facts(person) for number, person in persons.items()}

    def _facts(self, person: Person) -> EntitlementFacts:
        number = person.citizen_id.number
        events = MemoryPersonHistory(self._uow).events(number)
        ecerts = [
            a.activated_on
            for a in self._s.activations
            if a.citizen_id == number and a.kind is ActivationKind.ELECTRONIC_CERTIFICATE
        ]
        account = self._s.accounts.get(number)
        return EntitlementFacts(
            citizen_id=number,
            scheme=person.scheme,
            retired_from=_retired_from(events, person),
            unemployed=person.status is Status.UNEMPLOYED,
            periods=_periods(events, person),
            died_on=next((e.effective_on for e in events if e.change is RecordChange.DIED), None),
            paid_months=frozenset(period for (holder, period) in self._s.contributions if holder == number),
            prior_months=self._s.prior.get(number, 0),
            resident_years=frozenset(year for (holder, year) in self._s.premiums if holder == number),
            card_states=tuple(a.state for a in MemoryCards(self._uow).of_person(number)),
            ecert_activated_on=min(ecerts, default=None),
            has_account=account is not None,
            account_activated_on=account.activated_on if account else None,
        )

    def active_balances(self, citizen_ids: Iterable[str]) -> dict[str, Fen]:
        return {
            number: account.balance
            for number in citizen_ids
            if (account := self._s.accounts.get(number)) is not None and account.activated_on is not None
        }

    def set_prior_months(self, citizen_id: str, months: int, recorded_on: dt.date, note: str) -> None:
        self._s.prior[citizen_id] = months

    def prior_months(self, citizen_id: str) -> int:
        return self._s.prior.get(citizen_id, 0)


class MemoryFamily(_Part):
    def add(self, holder: str, member: str, relation: Relation, added_on: dt.date) -> FamilyLink:
        link = FamilyLink(max(self._s.links, default=0) + 1, holder, member, relation, added_on)
        self._s.links[link.id] = link
        return link

    def remove(self, link_id: int, removed_on: dt.date) -> None:
        self._s.links[link_id] = attrs.evolve(self._s.links[link_id], removed_on=removed_on)

    def live_of_member(self, member: str) -> FamilyLink | None:
        return next((link for link in self._s.links.values() if link.member == member and link.removed_on is None), None)

    def live_of_members(self, members: Iterable[str]) -> dict[str, FamilyLink]:
        return {member: link for member in members if (link := self.live_of_member(member)) is not None}

    def of_holder(self, holder: str) -> list[FamilyLink]:
        return [link for _, link in sorted(self._s.links.items()) if link.holder == holder]


class MemoryReimbursements(_Part):
    def next_id(self) -> int:
        return max(self._s.reimbursements, default=0) + 1

    def add(self, reimbursement: Reimbursement) -> None:
        self._s.reimbursements[reimbursement.id] = reimbursement

    def update(self, reimbursement: Reimbursement) -> None:
        self._s.reimbursements[reimbursement.id] = reimbursement

    def get(self, reimbursement_id: int) -> Reimbursement | None:
        return self._s.reimbursements.get(reimbursement_id)

    def live_invoice(self, invoice_number: str) -> int | None:
        dead = (ReimbursementState.REJECTED, ReimbursementState.REVERSED)
        return next(
            (r.id for r in self._s.reimbursements.values() if r.bill.bill_number == invoice_number and r.state not in dead),
            None,
        )

    def search(
        self, citizen_id: str | None = None, state: ReimbursementState | None = None, limit: int = 100
    ) -> list[Reimbursement]:
        return [
            r
            for _, r in sorted(self._s.reimbursements.items())
            if (citizen_id is None or r.citizen_id == citizen_id) and (state is None or r.state is state)
        ][:limit]


class MemoryAudit(_Part):
    def record(self, action: str, subject: str, **detail: Any) -> None:
        self.record_many([(action, subject, detail)])

    def record_many(self, entries: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        start = len(self._s.audit) + 1
        for number, (action, subject, detail) in zip(itertools.count(start), entries, strict=False):
            entry = AuditEntry(number, dt.datetime(2026, 1, 1), self._uow.operator, action, subject, copy.deepcopy(detail))
            self._s.audit.append(entry)

    def entries(
        self,
        subject: str | None = None,
        action: str | None = None,
        limit: int = 100,
        operator: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[AuditEntry]:
        found = [
            e
            for e in reversed(self._s.audit)
            if (subject is None or e.subject == subject)
            and (action is None or e.action == action)
            and (operator is None or e.operator == operator)
        ]
        return iter(found[:limit])


class MemoryUnitOfWork:
    """Every repository over one in-memory state; ``with uow:`` is a transaction."""

    def __init__(self, operator: str = "test") -> None:
        self.state = _State()
        self._operator = operator
        self._saved: list[_State] = []
        self._committed = False

    def __enter__(self) -> Self:
        self._saved.append(copy.deepcopy(self.state))
        self._committed = False
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        saved = self._saved.pop()
        if exc_type is not None or not self._committed:
            self.state = saved

    def commit(self) -> None:
        self._committed = True

    def data_version(self) -> int:
        return 0  # no other connection writes to this memory

    def lock_persons(self, citizen_ids: Iterable[str]) -> None:
        """Nothing to hold: one unit of work alone reaches this memory."""

    @property
    def operator(self) -> str:
        return self._operator

    persons = property(MemoryPersons)
    employers = property(MemoryEmployers)
    contributions = property(MemoryContributions)
    accounts = property(MemoryAccounts)
    audit = property(MemoryAudit)
    institutions = property(MemoryInstitutions)
    filings = property(MemoryFilings)
    settlements = property(MemorySettlements)
    cards = property(MemoryCards)
    notices = property(MemoryNotices)
    payments = property(MemoryPayments)
    activations = property(MemoryActivations)
    entitlement = property(MemoryEntitlementFacts)
    family = property(MemoryFamily)
    reimbursements = property(MemoryReimbursements)
    person_history = property(MemoryPersonHistory)
    resident_premiums = property(MemoryResidentPremiums)
    assessments = property(MemoryAssessments)
    payment_problems = property(MemoryPaymentProblems)
