"""What entitlement reads of the store, for many persons in a few queries: the insurance
periods of the register's history (stops, resumptions, death), contributions by month,
resident premiums, card states, the electronic certificate, the account's activation."""

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

from shebao.model.card import CardState
from shebao.model.entitlement import EntitlementFacts, InsuredPeriod
from shebao.model.person import Person, Status
from shebao.model.register import PersonEvent, RecordChange
from shebao.money import Fen
from shebao.periods import Month
from shebao.rules.register import insurance_periods
from shebao.store.engine import Database
from shebao.store.register import PERSON_EVENTS, person_event
from shebao.store.sql import in_groups, marks
from shebao.store.table import Table

# the same few dozen months come back for every person of a batch: parse each once
_month = functools.lru_cache(maxsize=1024)(Month.parse)


# months contributed before this register was kept, recorded by hand
PRIOR_CONTRIBUTIONS = Table("prior_contributions", ("citizen_id", "months", "recorded_on", "note"), key="citizen_id")


class SqliteEntitlementFacts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def facts_of(self, persons: Mapping[str, Person]) -> dict[str, EntitlementFacts]:
        found: dict[str, EntitlementFacts] = {}
        for group in in_groups(sorted(persons)):
            where = f"citizen_id IN ({marks(len(group))})"
            months: dict[str, set[Month]] = {}
            for number, period in self._db.execute(f"SELECT citizen_id, period FROM contributions WHERE {where}", group):
                months.setdefault(number, set()).add(_month(period))
            cards: dict[str, list[CardState]] = {}
            for number, state in self._db.execute(
                f"SELECT citizen_id, state FROM card_applications WHERE {where} ORDER BY applied_on, number", group
            ):
                cards.setdefault(number, []).append(CardState(state))
            ecerts = dict(
                self._db.execute(
                    f"SELECT citizen_id, MIN(activated_on) FROM activations WHERE {where}"
                    " AND kind = 'electronic-certificate' GROUP BY citizen_id",
                    group,
                ).fetchall()
            )
            prior = dict(self._db.execute(f"SELECT citizen_id, months FROM prior_contributions WHERE {where}", group).fetchall())
            events: dict[str, list[PersonEvent]] = {}
            for row in self._db.execute(f"{PERSON_EVENTS.select} WHERE {where} ORDER BY effective_on, id", group):
                event = person_event(row)
                events.setdefault(event.citizen_id, []).append(event)
            residents: dict[str, set[int]] = {}
            for number, year in self._db.execute(f"SELECT citizen_id, year FROM resident_premiums WHERE {where}", group):
                residents.setdefault(number, set()).add(year)
            accounts = dict(self._db.execute(f"SELECT citizen_id, activated_on FROM accounts WHERE {where}", group).fetchall())
            for number in group:
                person = persons[number]
                found[number] = EntitlementFacts(
                    citizen_id=number,
                    scheme=person.scheme,
                    retired_from=_retired_from(events.get(number), person),
                    unemployed=person.status is Status.UNEMPLOYED,
                    periods=_periods(events.get(number), person),
                    died_on=next((e.effective_on for e in events.get(number, ()) if e.change is RecordChange.DIED), None),
                    paid_months=frozenset(months.get(number, ())),
                    prior_months=prior.get(number, 0),
                    resident_years=frozenset(residents.get(number, ())),
                    card_states=tuple(cards.get(number, ())),
                    ecert_activated_on=_date(ecerts.get(number)),
                    has_account=number in accounts,
                    account_activated_on=_date(accounts.get(number)),
                )
        return found

    def set_prior_months(self, citizen_id: str, months: int, recorded_on: dt.date, note: str) -> None:
        row = {"citizen_id": citizen_id, "months": months, "recorded_on": recorded_on.isoformat(), "note": note}
        self._db.execute(PRIOR_CONTRIBUTIONS.upsert(), PRIOR_CONTRIBUTIONS.values(row))

    def prior_months(self, citizen_id: str) -> int:
        row = self._db.execute(f"SELECT months FROM {PRIOR_CONTRIBUTIONS.name} WHERE citizen_id = ?", [citizen_id]).fetchone()
        return int(row[0]) if row else 0

    def active_balances(self, citizen_ids: Iterable[str]) -> dict[str, Fen]:
        """The balance of each of these persons whose account is activated (it pays only then)."""
        found: dict[str, Fen] = {}
        for group in in_groups(citizen_ids):
            sql = (
                f"SELECT citizen_id, balance FROM accounts WHERE activated_on IS NOT NULL AND citizen_id IN ({marks(len(group))})"
            )
            found.update((number, Fen(balance)) for number, balance in self._db.execute(sql, group).fetchall())
        return found


def _periods(events: list[PersonEvent] | None, person: Person) -> tuple[InsuredPeriod, ...]:
    """The insurance periods the person's history makes (register history); a person with no
    history yet is insured from registration."""
    if not events:
        return (InsuredPeriod(person.registered_on),)
    return tuple(InsuredPeriod(p.first_day, p.last_day) for p in insurance_periods(events))


def _retired_from(events: list[PersonEvent] | None, person: Person) -> dt.date | None:
    """The day the person's status became retired and has stayed so (None: not retired now; a
    person with no history yet: from registration)."""
    if not person.is_retired:
        return None
    since: dt.date | None = None
    for event in events or ():  # in the order they took effect; a change of details moves no state
        if event.change is RecordChange.DETAILS:
            continue
        if event.state.status is not Status.RETIRED:
            since = None
        elif since is None:
            since = event.effective_on
    return since or person.registered_on


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
