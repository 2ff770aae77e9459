"""The personal rights record (个人权益记录) of one year: what an insured person may inquire
about (Social Insurance Law art. 4): where and when insured, contributions by month and part,
the individual account's credits and debits, and the medical bills settled."""

import datetime as dt

import attrs

from shebao.i18n import _
from shebao.model.account import AccountEntry
from shebao.model.contribution import Contribution
from shebao.model.person import Person
from shebao.model.register import InsurancePeriod, ResidentPremium
from shebao.model.settlement import Settlement
from shebao.money import Fen
from shebao.periods import Month
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


@attrs.frozen
class RightsRecord:
    person: Person
    year: int
    periods: tuple[InsurancePeriod, ...]  # those touching the year
    contributions: tuple[Contribution, ...]
    resident_premium: ResidentPremium | None
    opening_balance: Fen | None  # None: no individual account
    entries: tuple[AccountEntry, ...]  # the year's, oldest first
    closing_balance: Fen | None
    settlements: tuple[Settlement, ...]


def rights_record(uow: UnitOfWork, citizen_id: str, year: int, today: dt.date) -> RightsRecord:
    if year > today.year:
        from shebao.errors import RuleViolation

        raise RuleViolation(
            "no-future-year", _("the rights record of {year} has not begun on {today}").format(year=year, today=today)
        )
    person = get_person(uow, citizen_id)
    number = person.citizen_id.number
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = tuple(
        p for p in uow.person_history.periods(number) if p.first_day <= last and (p.last_day is None or p.last_day >= first)
    )
    contributions = tuple(uow.contributions.of_person(number, Month(year, 1), Month(year, 12)))
    account = uow.accounts.get(number)
    opening = closing = None
    entries: tuple[AccountEntry, ...] = ()
    if account is not None:
        every = uow.accounts.entries(number, limit=1_000_000)  # latest first
        later = sum(e.amount for e in every if e.booked_on > last)
        entries = tuple(reversed([e for e in every if first <= e.booked_on <= last]))
        closing = Fen(account.balance - later)
        opening = Fen(closing - sum(e.amount for e in entries))
    settlements = tuple(uow.settlements.search(citizen_id=number, first=first, last=last, limit=100_000, lines=False))
    return RightsRecord(
        person=person,
        year=year,
        periods=periods,
        contributions=contributions,
        resident_premium=uow.resident_premiums.get(number, year),
        opening_balance=opening,
        entries=entries,
        closing_balance=closing,
        settlements=settlements,
    )
