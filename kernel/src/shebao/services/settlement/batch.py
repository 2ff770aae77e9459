"""Settling a JSON Lines file of bills: streamed, committed in chunks, each bill atomic.

Bills are settled in memory a chunk at a time (the year's accumulators and account balances
carried from bill to bill), then the chunk is written with ``executemany`` in one transaction:
a bill's rows and its accumulator updates land together or not at all. A bill already settled
(by institution and bill number) is skipped, so a rerun of the same file settles only the rest.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

import attrs

from shebao.errors import PluginError, RuleViolation, ShebaoError, StoreRefused, must_exist
from shebao.model.entitlement import EntitlementFacts
from shebao.model.fund import FamilyLink
from shebao.model.person import Person
from shebao.model.settlement import Bill, Settlement, VisitType, YearToDate
from shebao.money import Fen
from shebao.services.people import get_person
from shebao.services.settlement import PersonState, SettlementSession, account_debits, compute_settlement, settle_bill
from shebao.services.settlement import context as settlement_context
from shebao.services.settlement.bills import BadLine, bills_from_lines
from shebao.services.settlement.conflicts import conflict, settled_already
from shebao.services.settlement.ports import TreatmentContext
from shebao.store.ports import UnitOfWork

CHUNK = 500


@attrs.frozen
class Refused:
    line_no: int
    bill_number: str | None
    message: str


@attrs.frozen
class BatchSummary:
    read: int
    settled: int
    skipped: int  # already settled, by a previous run or earlier in the file
    refused: tuple[Refused, ...]
    total: Fen
    fund_total: Fen
    account: Fen
    cash: Fen


@attrs.define
class _Totals:
    read: int = 0
    settled: int = 0
    skipped: int = 0
    total: int = 0
    fund_total: int = 0
    account: int = 0
    cash: int = 0
    refused: list[Refused] = attrs.Factory(list)

    def add(self, settlement: Settlement) -> None:
        r = settlement.result
        self.settled += 1
        self.total += r.total
        self.fund_total += r.fund_total
        self.account += r.account
        self.cash += r.cash

    def summary(self) -> BatchSummary:
        return BatchSummary(
            self.read,
            self.settled,
            self.skipped,
            tuple(self.refused),
            Fen(self.total),
            Fen(self.fund_total),
            Fen(self.account),
            Fen(self.cash),
        )


def settle_batch(
    uow: UnitOfWork,
    lines: Iterable[str | bytes],
    source: str,
    today: dt.date,
    context: TreatmentContext | None = None,
    chunk_size: int = CHUNK,
) -> BatchSummary:
    """Settle every bill of a JSON Lines stream; bad or refused bills are reported, not written."""
    session = SettlementSession(context or settlement_context.treatment_context(uow))
    totals = _Totals()
    known = Known()
    chunk: list[tuple[int, Bill]] = []
    # a bill met before is skipped: earlier in this chunk, refused earlier, or settled (the
    # store says so when the chunk is computed); so memory does not grow with the file
    in_chunk: dict[tuple[str, str], tuple[int, Bill]] = {}
    refused: set[tuple[str, str]] = set()

    def settle_chunk() -> None:
        already = len(totals.refused)
        _settle_chunk(uow, session, known, chunk, today, totals)
        keys = {line_no: (bill.institution_code, bill.bill_number) for line_no, bill in chunk}
        refused.update(keys[r.line_no] for r in totals.refused[already:])

    for line_no, parsed in bills_from_lines(lines, source):
        totals.read += 1
        if isinstance(parsed, BadLine):
            totals.refused.append(Refused(line_no, None, parsed.message))
            continue
        key = (parsed.institution_code, parsed.bill_number)
        first = in_chunk.get(key)
        if first is not None and first[1] != parsed:
            clash = conflict(first[1], parsed, f"line {first[0]}", f"line {line_no}")
            totals.refused.append(Refused(line_no, parsed.bill_number, str(clash)))
            continue
        if first is not None or key in refused:
            totals.skipped += 1
            continue
        in_chunk[key] = (line_no, parsed)
        chunk.append((line_no, parsed))
        if len(chunk) >= chunk_size:
            settle_chunk()
            chunk, in_chunk = [], {}
    if chunk:
        settle_chunk()
    session.context.read_filings_of(())  # what the last chunk read is not kept beyond the batch
    return totals.summary()


def _settle_chunk(
    uow: UnitOfWork, session: SettlementSession, known: "Known", chunk: list[tuple[int, Bill]], today: dt.date, totals: _Totals
) -> None:
    try:
        computed = write_chunk(uow, session, known, chunk, today, _batch_audit)
    except StoreRefused:
        # the store refused a row the rules let through: settle the chunk bill by bill instead
        known.forget(None)
        for line_no, bill in chunk:
            try:
                totals.add(settle_bill(uow, bill, today, session=session))
            except ShebaoError as error:
                if isinstance(error, PluginError):
                    raise
                if isinstance(error, RuleViolation) and error.rule == "settle-once":
                    totals.skipped += 1
                else:
                    totals.refused.append(Refused(line_no, bill.bill_number, str(error)))
        return
    for settlement, _ in computed.settled:
        totals.add(settlement)
    numbers = dict(chunk)
    for line_no, refusal in computed.refusals.items():
        if isinstance(refusal, RuleViolation) and refusal.rule == "settle-once":
            totals.skipped += 1  # settled before: a rerun of the same file
        else:
            totals.refused.append(Refused(line_no, numbers[line_no].bill_number, str(refusal)))


# the audit row of a settlement: its action and detail, from the settlement and the balance before it
AuditOf: TypeAlias = Callable[[Settlement, Fen | None], tuple[str, dict[str, Any]]]


def write_chunk(
    uow: UnitOfWork, session: SettlementSession, known: "Known", chunk: list[tuple[int, Bill]], today: dt.date, audit: AuditOf
) -> "Computed":
    """Compute the chunk, then write it in one transaction (computed again if another writer
    moved what it started from)."""
    # computed before taking the write lock, so workers settling other persons compute in
    # parallel; under the lock, if another writer committed meanwhile, what the computation
    # started from is read again and, if it moved, the chunk is computed again
    computed = _compute_chunk(uow, session, known, chunk, today)
    with uow:
        # the chunk's persons and holders held to the commit (one order: no deadlock), then
        # what the computation started from is checked under the lock
        uow.lock_persons(computed.start.balances)
        version = uow.data_version()
        if version != known.version:
            moved = not computed.start.unchanged(uow)
            known.forget(version)
            if moved:
                computed = _compute_chunk(uow, session, known, chunk, today)
        ids = uow.settlements.new_ids(len(computed.settled))
        if [settlement.id for settlement, _ in computed.settled] != ids:
            renumbered = [(attrs.evolve(s, id=new_id), before) for (s, before), new_id in zip(computed.settled, ids, strict=True)]
            computed = attrs.evolve(computed, settled=renumbered)
        done = [settlement for settlement, _ in computed.settled]
        uow.settlements.add_many(done)
        uow.accounts.post_many([entry for settlement in done for entry in account_debits(settlement)])
        # one row per settlement, its subject the person: `audit list --subject ID` finds it
        rows = []
        for settlement, before in computed.settled:
            action, detail = audit(settlement, before)
            rows.append((action, settlement.bill.citizen_id.number, detail))
        uow.audit.record_many(rows)
        uow.commit()
    known.learn(computed.start, done)
    return computed


def _batch_audit(s: Settlement, balance_before: Fen | None) -> tuple[str, dict[str, Any]]:
    return "settlement.batch", {
        "settlement": s.id,
        "bill": s.bill.bill_number,
        "institution": s.bill.institution_code,
        "total": s.result.total,
        "fund": s.result.fund_total,
        "account": s.result.account,
        "cash": s.result.cash,
    }


# persons the batch remembers between chunks; beyond this it starts again (memory stays flat)
_KNOWN_PERSONS = 100_000


@attrs.define
class _Start:
    """What a chunk's computation started from: the persons, balances and years it read."""

    persons: dict[str, Person] = attrs.Factory(dict)
    balances: dict[str, Fen | None] = attrs.Factory(dict)  # persons' and holders'; None: no activated account
    years: dict[tuple[str, int, VisitType], YearToDate] = attrs.Factory(dict)
    facts: dict[str, EntitlementFacts] = attrs.Factory(dict)
    links: dict[str, FamilyLink] = attrs.Factory(dict)  # member: the holder's live link

    def unchanged(self, uow: UnitOfWork) -> bool:
        balances = uow.entitlement.active_balances(self.balances)
        return (
            len(uow.persons.still_stored(self.persons)) == len(self.persons)
            and {number: balances.get(number) for number in self.balances} == self.balances
            and uow.settlements.years_to_date(self.years) == self.years
            and uow.entitlement.facts_of(self.persons) == self.facts
            and uow.family.live_of_members(self.persons) == self.links
        )


@attrs.define
class Known:
    """What the batch knows of the store between chunks: what it read, moved by what it wrote.
    It stays true while no other connection commits (``uow.data_version()`` unchanged), so a
    chunk reads only persons and years the batch has not met yet; once another connection has
    committed, balances and years are read again and the persons met are checked first."""

    version: int | None = None
    persons: dict[str, Person] = attrs.Factory(dict)
    checked: set[str] = attrs.Factory(set)  # persons read, or found unchanged, since ``version``
    balances: dict[str, Fen | None] = attrs.Factory(dict)
    years: dict[tuple[str, int, VisitType], YearToDate] = attrs.Factory(dict)  # deductible and fund
    supplementary: dict[tuple[str, int], Fen] = attrs.Factory(dict)  # per person and year
    facts: dict[str, EntitlementFacts] = attrs.Factory(dict)
    links: dict[str, FamilyLink | None] = attrs.Factory(dict)

    def forget(self, version: int | None) -> None:
        """Another connection wrote: balances, years, entitlement facts and family links are read
        again and persons checked again (their rows compared: persons seldom change); ``None``
        forgets them too."""
        self.version = version
        self.checked = set()
        self.balances, self.years, self.supplementary, self.facts, self.links = {}, {}, {}, {}, {}
        if version is None or len(self.persons) > _KNOWN_PERSONS:
            self.persons = {}

    def start(self, uow: UnitOfWork, chunk: list[tuple[int, Bill]]) -> _Start:
        """The chunk's persons, balances and years: remembered, or read (a few queries)."""
        version = uow.data_version()
        if version != self.version or len(self.persons) > _KNOWN_PERSONS:
            self.forget(version)
        numbers = {bill.citizen_id.number for _, bill in chunk}
        self._read_persons(uow, numbers)
        known = [number for number in numbers if number in self.persons]
        self._read_facts(uow, known)
        holders = {link.holder for number in known if (link := self.links[number]) is not None}
        self._read_balances(uow, {*known, *holders})
        # every visit type of the person's year: a visit type's cap may be shared with others
        keys = {
            (number, bill.service_date.year, visit)
            for _, bill in chunk
            if (number := bill.citizen_id.number) in self.persons
            for visit in _VISITS
        }
        self._read_years(uow, keys)
        return self._start_of({number: self.persons[number] for number in known}, holders, keys)

    def _start_of(self, persons: dict[str, Person], holders: set[str], keys: set[tuple[str, int, VisitType]]) -> _Start:
        return _Start(
            persons,
            {number: self.balances[number] for number in {*persons, *holders}},
            # each visit type's year with the supplementary use of the person's whole year
            {key: _with_supplementary(self.years[key], self.supplementary[key[:2]]) for key in keys},
            {number: self.facts[number] for number in persons},
            {number: link for number in persons if (link := self.links[number]) is not None},
        )

    def _read_persons(self, uow: UnitOfWork, numbers: set[str]) -> None:
        """Persons remembered are checked once per version; the others are read."""
        unchecked = {number: self.persons[number] for number in numbers if number in self.persons and number not in self.checked}
        if unchecked:
            same = uow.persons.still_stored(unchecked)
            for number in unchecked.keys() - same:
                del self.persons[number]
            self.checked |= same
        # "not in", not ``numbers - self.persons.keys()``, which walks every key remembered
        new = {number for number in numbers if number not in self.persons}
        if new:
            read = uow.persons.get_many(new)
            self.persons.update(read)
            self.checked.update(read)

    def _read_facts(self, uow: UnitOfWork, known: list[str]) -> None:
        unknown_facts = {number: self.persons[number] for number in known if number not in self.facts}
        if unknown_facts:
            self.facts.update(uow.entitlement.facts_of(unknown_facts))
            links = uow.family.live_of_members(unknown_facts)
            self.links.update((number, links.get(number)) for number in unknown_facts)

    def _read_balances(self, uow: UnitOfWork, numbers: set[str]) -> None:
        unknown_balances = [number for number in numbers if number not in self.balances]
        if unknown_balances:
            balances = uow.entitlement.active_balances(unknown_balances)
            self.balances.update((number, balances.get(number)) for number in unknown_balances)

    def _read_years(self, uow: UnitOfWork, keys: set[tuple[str, int, VisitType]]) -> None:
        missing = {key for key in keys if key not in self.years}
        if missing:
            for key, year in uow.settlements.years_to_date(missing).items():
                self.years[key] = year
                self.supplementary.setdefault(key[:2], year.supplementary_paid)

    def learn(self, start: _Start, done: list[Settlement]) -> None:
        """After a commit: the chunk's persons, and the years and balances its settlements left."""
        self.persons.update(start.persons)
        self.checked.update(start.persons)
        self.balances.update(start.balances)
        for key, year in start.years.items():
            self.years[key] = year
            self.supplementary[key[:2]] = year.supplementary_paid
        for settlement in done:
            number, after = settlement.bill.citizen_id.number, settlement.result.year_after
            self.years[number, settlement.year, settlement.bill.visit_type] = after
            self.supplementary[number, settlement.year] = after.supplementary_paid
            if self.balances.get(number) is not None:
                self.balances[number] = settlement.result.balance_after
            holder = settlement.result.mutual_aid_holder
            if holder is not None and settlement.result.mutual_aid:
                self.balances[holder] = Fen((self.balances[holder] or 0) - settlement.result.mutual_aid)


@attrs.frozen
class Computed:
    """A chunk settled in memory: the settlements, each with the person's balance before it
    (``None``: no activated account), what they started from, and the bills refused, by line
    (``settle-once``: the same bill was settled before)."""

    settled: list[tuple[Settlement, Fen | None]]
    start: "_Start"
    refusals: dict[int, ShebaoError]


def _compute_chunk(
    uow: UnitOfWork,
    session: SettlementSession,
    known: Known,
    chunk: list[tuple[int, Bill]],
    today: dt.date,
) -> Computed:
    """Settle the chunk's bills in memory, carrying years and balances from bill to bill."""
    start = known.start(uow, chunk)
    settled = uow.settlements.live_bills((bill.institution_code, bill.bill_number) for _, bill in chunk)
    session.context.read_filings_of(_treated_elsewhere(session, start, chunk))
    years = dict(start.years)
    # the supplementary cap is the person's year's, whatever visit type used it before
    supplementary = {key[:2]: year.supplementary_paid for key, year in years.items()}
    balances = dict(start.balances)
    done: list[tuple[Settlement, Fen | None]] = []
    refusals: dict[int, ShebaoError] = {}
    next_id = uow.settlements.next_id()
    for line_no, bill in chunk:
        try:
            if (bill.institution_code, bill.bill_number) in settled:
                raise _settled_before(uow, bill)
            number = bill.citizen_id.number
            person = start.persons.get(number)
            if person is None:
                person = get_person(uow, number)  # raises NotFound, worded as for one bill
            person_year = (number, bill.service_date.year)
            year_key = (*person_year, bill.visit_type)
            link = start.links.get(number)
            state = _state(uow, start, person, years, supplementary[person_year], balances, person_year[1])
            settlement = compute_settlement(uow, session, bill, person, next_id, state, today)
        except PluginError:
            raise
        except ShebaoError as error:
            refusals[line_no] = error
            continue
        after = settlement.result.year_after
        years[year_key] = after
        supplementary[person_year] = after.supplementary_paid
        _carry_balances(balances, settlement, link)
        done.append((settlement, state.balance))
        next_id += 1
    return Computed(done, start, refusals)


_VISITS = tuple(VisitType)


def _state(
    uow: UnitOfWork,
    start: _Start,
    person: Person,
    years: dict[tuple[str, int, VisitType], YearToDate],
    supplementary: Fen,
    balances: dict[str, Fen | None],
    year: int,
) -> PersonState:
    """What the person's year and accounts stand at before this bill of the chunk."""
    number = person.citizen_id.number
    link = start.links.get(number)
    return PersonState(
        start.facts[number] if number in start.facts else uow.entitlement.facts_of({number: person})[number],
        {visit: _with_supplementary(years[number, year, visit], supplementary) for visit in _VISITS},
        balances[number],
        link,
        balances[link.holder] if link is not None else None,
    )


def _carry_balances(balances: dict[str, Fen | None], settlement: Settlement, link: FamilyLink | None) -> None:
    """The person's balance after the bill, and the family holder's after its mutual aid."""
    number = settlement.bill.citizen_id.number
    if balances[number] is not None:
        balances[number] = settlement.result.balance_after
    if settlement.result.mutual_aid and link is not None:
        balances[link.holder] = Fen((balances[link.holder] or 0) - settlement.result.mutual_aid)


def _settled_before(uow: UnitOfWork, bill: Bill) -> ShebaoError:
    """Why a bill whose number a live settlement holds is not settled: the same bill is settled
    once (``settle-once``), another under its number is a conflict."""
    existing = must_exist(uow.settlements.live_bill(bill.institution_code, bill.bill_number), "settlement", bill.bill_number)
    return settled_already(uow, existing, bill)


def _with_supplementary(year: YearToDate, supplementary: Fen) -> YearToDate:
    """A visit type's year with the supplementary use of the person's whole year."""
    return YearToDate(year.deductible_used, year.fund_paid, supplementary)


def _treated_elsewhere(session: SettlementSession, start: _Start, chunk: list[tuple[int, Bill]]) -> set[str]:
    """The persons of the chunk with a bill from another province: only theirs need filings."""
    numbers: set[str] = set()
    for _, bill in chunk:
        person = start.persons.get(bill.citizen_id.number)
        try:
            region = session.institution(bill.institution_code).region
        except ShebaoError:
            continue  # refused when the bill is settled
        if person is not None and person.insured_region[:2] != region[:2]:
            numbers.add(person.citizen_id.number)
    return numbers
