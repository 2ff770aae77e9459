"""Settling a JSON Lines file of bills: streamed, committed in chunks, each bill atomic.

Bills are settled in memory a chunk at a time (the year's accumulators and account balances
carried from bill to bill), then the chunk is written with ``executemany`` in one transaction:
a bill's rows and its accumulator updates land together or not at all. A bill already settled
(by institution and bill number) is skipped, so a rerun of the same file settles only the rest.
"""

import datetime as dt
import sqlite3
from collections.abc import Iterable

import attrs

from shebao.errors import PluginError, RuleViolation, ShebaoError
from shebao.model.person import Person
from shebao.model.settlement import Bill, Settlement, VisitType, YearToDate
from shebao.money import Fen
from shebao.services import settlement_context
from shebao.services.people import get_person
from shebao.services.settlement import SettlementSession, compute_settlement, debit_account, settle_bill
from shebao.services.settlement_input import BadLine, bills_from_lines
from shebao.services.settlement_ports import TreatmentContext
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
    chunk: list[tuple[int, Bill]] = []
    seen: set[tuple[str, str]] = set()
    for line_no, parsed in bills_from_lines(lines, source):
        totals.read += 1
        if isinstance(parsed, BadLine):
            totals.refused.append(Refused(line_no, None, parsed.message))
            continue
        key = (parsed.institution_code, parsed.bill_number)
        if key in seen:
            totals.skipped += 1
            continue
        seen.add(key)
        chunk.append((line_no, parsed))
        if len(chunk) >= chunk_size:
            _settle_chunk(uow, session, chunk, today, totals)
            chunk = []
    if chunk:
        _settle_chunk(uow, session, chunk, today, totals)
    return BatchSummary(
        totals.read,
        totals.settled,
        totals.skipped,
        tuple(totals.refused),
        Fen(totals.total),
        Fen(totals.fund_total),
        Fen(totals.account),
        Fen(totals.cash),
    )


def _settle_chunk(
    uow: UnitOfWork, session: SettlementSession, chunk: list[tuple[int, Bill]], today: dt.date, totals: _Totals
) -> None:
    outcome = _Totals()
    try:
        # computed before taking the write lock, so workers settling other persons compute in
        # parallel; under the lock, what the computation read is checked and, if another
        # writer moved it meanwhile, the chunk is computed again
        done, reads = _compute_chunk(uow, session, chunk, today, outcome)
        with uow:
            if not reads.unchanged(uow):
                outcome = _Totals()
                done, _ = _compute_chunk(uow, session, chunk, today, outcome)
            first_id = uow.settlements.next_id()
            if done and done[0].id != first_id:
                done = [attrs.evolve(settlement, id=first_id + n) for n, settlement in enumerate(done)]
            uow.settlements.add_many(done)
            for settlement in done:
                debit_account(uow, settlement)
            if done:
                uow.audit.record(
                    "settlement.batch",
                    f"settlements {done[0].id}-{done[-1].id}",
                    count=len(done),
                    total=sum(s.result.total for s in done),
                    bills=[s.bill.bill_number for s in done],
                )
            uow.commit()
    except sqlite3.IntegrityError:
        # the store refused a row the rules let through: settle the chunk bill by bill instead
        for line_no, bill in chunk:
            try:
                totals.add(settle_bill(uow, bill, today, session=session))
            except (ShebaoError, sqlite3.IntegrityError) as error:
                if isinstance(error, PluginError):
                    raise
                if isinstance(error, RuleViolation) and error.rule == "settle-once":
                    totals.skipped += 1
                else:
                    totals.refused.append(Refused(line_no, bill.bill_number, str(error)))
        return
    for settlement in done:
        totals.add(settlement)
    totals.skipped += outcome.skipped
    totals.refused.extend(outcome.refused)


@attrs.define
class _Reads:
    """What a chunk's computation read of the store, as it read it."""

    persons: dict[str, Person] = attrs.Factory(dict)
    balances: dict[str, Fen | None] = attrs.Factory(dict)
    years: dict[tuple[str, int, VisitType], YearToDate] = attrs.Factory(dict)

    def unchanged(self, uow: UnitOfWork) -> bool:
        for number, person in self.persons.items():
            account = uow.accounts.get(number)
            if uow.persons.get(number) != person or (account.balance if account else None) != self.balances[number]:
                return False
        return all(uow.settlements.year_to_date(*key) == year for key, year in self.years.items())


def _compute_chunk(
    uow: UnitOfWork, session: SettlementSession, chunk: list[tuple[int, Bill]], today: dt.date, totals: _Totals
) -> tuple[list[Settlement], _Reads]:
    """Settle the chunk's bills in memory, carrying years and balances from bill to bill."""
    reads = _Reads()
    years: dict[tuple[str, int, VisitType], YearToDate] = {}
    supplementary: dict[tuple[str, int], Fen] = {}  # per person and year, across visit types
    balances: dict[str, Fen | None] = {}
    persons = reads.persons
    done: list[Settlement] = []
    next_id = uow.settlements.next_id()
    for line_no, bill in chunk:
        try:
            if uow.settlements.live_bill(bill.institution_code, bill.bill_number) is not None:
                totals.skipped += 1
                continue
            number = bill.citizen_id.number
            if number not in persons:
                persons[number] = get_person(uow, number)
                account = uow.accounts.get(number)
                balances[number] = reads.balances[number] = account.balance if account else None
            year_key = (number, bill.service_date.year, bill.visit_type)
            if year_key not in years:
                years[year_key] = reads.years[year_key] = uow.settlements.year_to_date(*year_key)
                supplementary.setdefault(year_key[:2], years[year_key].supplementary_paid)
            # the supplementary cap is the person's year's, whatever visit type used it before
            year = attrs.evolve(years[year_key], supplementary_paid=supplementary[year_key[:2]])
            settlement = compute_settlement(uow, session, bill, persons[number], next_id, year, balances[number], today)
        except PluginError:
            raise
        except ShebaoError as error:
            totals.refused.append(Refused(line_no, bill.bill_number, str(error)))
            continue
        years[year_key] = settlement.result.year_after
        supplementary[year_key[:2]] = settlement.result.year_after.supplementary_paid
        if balances[number] is not None:
            balances[number] = settlement.result.balance_after
        done.append(settlement)
        next_id += 1
    return done, reads
