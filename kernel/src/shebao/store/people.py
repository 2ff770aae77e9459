"""SQLite repositories for persons, employers, employments, contributions and accounts.

Rows are mapped to the frozen domain values here, so the model never looks like a table.
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from shebao.errors import DamagedRow
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.account import Account, AccountEntry, EntryKind
from shebao.model.contribution import Contribution, ContributionAssessment, ContributionChannel
from shebao.model.employer import Employer, Employment
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.money import Fen
from shebao.periods import Month
from shebao.store.engine import Database
from shebao.store.rows import readable
from shebao.store.sql import in_groups, marks, where
from shebao.store.table import Table


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_STORED_ID = re.compile(r"[0-9]{17}[0-9X]").fullmatch


PERSONS = Table(
    "persons",
    (
        "citizen_id", "name", "nationality", "hukou_region", "insured_region", "scheme", "status", "phone",
        "photo_on_file", "registered_on", "address", "standing",
    ),
    key="citizen_id",
)  # fmt: skip
_NEVER_CHANGED = ("registered_on",)  # a person's number and registration day stay


class SqlitePersons:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, person: Person) -> None:
        self._db.execute(PERSONS.insert, PERSONS.values(self._row(person)))

    @staticmethod
    def _row(person: Person) -> dict[str, object]:
        """The person as stored, by column."""
        return {
            "citizen_id": person.citizen_id.number,
            "name": person.name,
            "nationality": person.nationality,
            "hukou_region": person.hukou_region,
            "insured_region": person.insured_region,
            "scheme": person.scheme.value,
            "status": person.status.value,
            "phone": person.phone,
            "photo_on_file": int(person.photo_on_file),
            "registered_on": person.registered_on.isoformat(),
            "address": person.address,
            "standing": person.standing.value,
        }

    def still_stored(self, persons: Mapping[str, Person]) -> set[str]:
        """Which of these persons are stored exactly as given: their rows compared, no values
        built (a batch asks it of a chunk's persons each time another process has written)."""
        same: set[str] = set()
        for group in in_groups(persons):
            sql = f"{PERSONS.select} WHERE citizen_id IN ({marks(len(group))})"
            for row in self._db.execute(sql, group).fetchall():
                number = PERSONS.named(row)["citizen_id"]
                if tuple(row) == PERSONS.values(self._row(persons[number])):
                    same.add(number)
        return same

    def update(self, person: Person) -> None:
        self._db.execute(PERSONS.update(_NEVER_CHANGED), PERSONS.update_values(self._row(person), _NEVER_CHANGED))

    def get(self, citizen_id: str) -> Person | None:
        row = self._db.execute(f"{PERSONS.select} WHERE citizen_id = ?", [citizen_id]).fetchone()
        return self._person(row) if row else None

    def _readable(self, rows: Iterable[Any]) -> Iterator[Person]:
        """The persons of ``rows``; a damaged row is left out of a list (``check`` reports it)."""
        return readable("persons", rows, self._person)

    def get_many(self, citizen_ids: Iterable[str]) -> dict[str, Person]:
        """The registered persons among these numbers, by number (a batch's chunk at once)."""
        found: dict[str, Person] = {}
        for group in in_groups(citizen_ids):
            sql = f"{PERSONS.select} WHERE citizen_id IN ({marks(len(group))})"
            for person in self._readable(self._db.execute(sql, group).fetchall()):
                found[person.citizen_id.number] = person
        return found

    def search(
        self, insured_region: str | None = None, status: Status | None = None, limit: int = 100, offset: int = 0
    ) -> list[Person]:
        filters, params = where(("insured_region = ?", insured_region), ("status = ?", status.value if status else None))
        sql = f"{PERSONS.select}{filters} ORDER BY registered_on, citizen_id LIMIT ? OFFSET ?"
        return list(self._readable(self._db.execute(sql, [*params, limit, offset]).fetchall()))

    def retirees(self) -> Iterator[Person]:
        """Retired persons whose insurance runs (neither stopped nor ended by death)."""
        for row in self._db.execute(
            f"{PERSONS.select} WHERE status = ? AND standing = ? ORDER BY citizen_id",
            [Status.RETIRED.value, Standing.INSURED.value],
        ).fetchall():
            yield from self._readable([row])

    @staticmethod
    def _person(row: Any) -> Person:
        """The person of a stored row; ``DamagedRow`` if the row cannot be one (a number that
        is not 18 characters, a date or a scheme that does not parse)."""
        stored = PERSONS.named(row)
        number = stored["citizen_id"]
        try:
            if not (isinstance(number, str) and _STORED_ID(number)):
                raise ValueError(_("citizen identity number is not 17 digits and a check character"))
            person = SqlitePersons._build(stored)
            person.birth_date  # noqa: B018 - the number's birth date must be a real date
        except (ValueError, TypeError, AttributeError) as error:
            raise DamagedRow("persons", repr(number), str(error)) from None
        return person

    @staticmethod
    def _build(row: Mapping[str, Any]) -> Person:
        return Person(
            citizen_id=CitizenId.stored(row["citizen_id"]),
            name=row["name"],
            nationality=row["nationality"],
            hukou_region=row["hukou_region"],
            insured_region=row["insured_region"],
            scheme=Scheme(row["scheme"]),
            status=Status(row["status"]),
            phone=row["phone"],
            photo_on_file=bool(row["photo_on_file"]),
            registered_on=_day(row["registered_on"]),
            address=row["address"],
            standing=Standing(row["standing"]),
        )


EMPLOYERS = Table("employers", ("uscc", "name", "region", "registered_on"), key="uscc")
EMPLOYMENTS = Table(
    "employments", ("employer_uscc", "citizen_id", "started_on", "registered_on", "ended_on"), key="id", numbered=True
)
# an employment is found by who, where and since when; its own number is never shown
_EMPLOYMENT = "employer_uscc = ? AND citizen_id = ? AND started_on = ?"


def _employer(row: Any) -> Employer:
    stored = EMPLOYERS.named(row)
    return Employer(stored["uscc"], stored["name"], stored["region"], _day(stored["registered_on"]))


class SqliteEmployers:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, employer: Employer) -> None:
        row = {"uscc": employer.uscc, "name": employer.name, "region": employer.region}
        self._db.execute(EMPLOYERS.insert, EMPLOYERS.values({**row, "registered_on": employer.registered_on.isoformat()}))

    def get(self, uscc: str) -> Employer | None:
        row = self._db.execute(f"{EMPLOYERS.select} WHERE uscc = ?", [uscc]).fetchone()
        return _employer(row) if row else None

    def all(self) -> list[Employer]:
        return [_employer(row) for row in self._db.execute(f"{EMPLOYERS.select} ORDER BY name").fetchall()]

    def add_employment(self, employment: Employment) -> None:
        e = employment
        row = {
            "employer_uscc": e.employer_uscc,
            "citizen_id": e.citizen_id,
            "started_on": e.started_on.isoformat(),
            "registered_on": _iso(e.registered_on),
            "ended_on": _iso(e.ended_on),
        }
        self._db.execute(EMPLOYMENTS.insert, EMPLOYMENTS.values(row))

    def set_registered(self, employment: Employment, registered_on: dt.date) -> None:
        self._db.execute(
            f"UPDATE {EMPLOYMENTS.name} SET registered_on = ? WHERE {_EMPLOYMENT}",
            [registered_on.isoformat(), employment.employer_uscc, employment.citizen_id, employment.started_on.isoformat()],
        )

    def employments(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[Employment]:
        filters, params = where(("employer_uscc = ?", employer_uscc), ("citizen_id = ?", citizen_id))
        sql = f"{EMPLOYMENTS.select}{filters} ORDER BY started_on, employer_uscc, citizen_id"
        return [_employment(EMPLOYMENTS.named(row)) for row in self._db.execute(sql, params).fetchall()]

    def end_employment(self, employment: Employment, ended_on: dt.date) -> None:
        self._db.execute(
            f"UPDATE {EMPLOYMENTS.name} SET ended_on = ? WHERE {_EMPLOYMENT}",
            [ended_on.isoformat(), employment.employer_uscc, employment.citizen_id, employment.started_on.isoformat()],
        )


def _employment(r: Mapping[str, Any]) -> Employment:
    return Employment(
        employer_uscc=r["employer_uscc"],
        citizen_id=r["citizen_id"],
        started_on=_day(r["started_on"]),
        registered_on=_date(r["registered_on"]),
        ended_on=_date(r["ended_on"]),
    )


CONTRIBUTIONS = Table(
    "contributions",
    (
        "citizen_id", "period", "base", "employer_part", "individual_part", "account_credit", "channel", "paid_on",
        "employer_uscc", "receipt",
    ),
    key="id",  # the row's own number; a month is (citizen_id, period)
    numbered=True,
)  # fmt: skip


class SqliteContributions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, contribution: Contribution) -> None:
        a = contribution.assessment
        row = {
            "citizen_id": contribution.citizen_id,
            "period": str(contribution.period),
            "base": a.base,
            "employer_part": a.employer_part,
            "individual_part": a.individual_part,
            "account_credit": a.account_credit,
            "channel": contribution.channel.value,
            "paid_on": contribution.paid_on.isoformat(),
            "employer_uscc": contribution.employer_uscc,
            "receipt": contribution.receipt,
        }
        self._db.execute(CONTRIBUTIONS.insert, CONTRIBUTIONS.values(row))

    def get(self, citizen_id: str, period: Month) -> Contribution | None:
        row = self._db.execute(
            f"{CONTRIBUTIONS.select} WHERE citizen_id = ? AND period = ?", [citizen_id, str(period)]
        ).fetchone()
        return self._contribution(row) if row else None

    def of_person(self, citizen_id: str, first: Month | None = None, last: Month | None = None) -> list[Contribution]:
        filters, params = where(
            ("citizen_id = ?", (citizen_id,)),
            ("period >= ?", str(first) if first else None),
            ("period <= ?", str(last) if last else None),
        )
        sql = f"{CONTRIBUTIONS.select}{filters} ORDER BY period"
        return [self._contribution(row) for row in self._db.execute(sql, params).fetchall()]

    def remove(self, citizen_id: str, period: Month) -> None:
        """A payment refunded: the month is no longer paid (the audit log and the account's
        reversal entry keep what was)."""
        self._db.execute(f"DELETE FROM {CONTRIBUTIONS.name} WHERE citizen_id = ? AND period = ?", [citizen_id, str(period)])

    def of_employer(self, employer_uscc: str) -> list[Contribution]:
        """What an employer remitted, by month and person."""
        rows = self._db.execute(
            f"{CONTRIBUTIONS.select} WHERE employer_uscc = ? ORDER BY period, citizen_id", [employer_uscc]
        ).fetchall()
        return [self._contribution(row) for row in rows]

    @staticmethod
    def _contribution(row: Any) -> Contribution:
        r = CONTRIBUTIONS.named(row)
        return Contribution(
            citizen_id=r["citizen_id"],
            period=Month.parse(r["period"]),
            assessment=ContributionAssessment(
                Fen(r["base"]), Fen(r["employer_part"]), Fen(r["individual_part"]), Fen(r["account_credit"])
            ),
            channel=ContributionChannel(r["channel"]),
            paid_on=_day(r["paid_on"]),
            employer_uscc=r["employer_uscc"],
            receipt=r["receipt"],
        )


ACCOUNTS = Table("accounts", ("citizen_id", "balance", "opened_on", "activated_on"), key="citizen_id")
ACCOUNT_ENTRIES = Table("account_entries", ("citizen_id", "booked_on", "kind", "amount", "reference"), key="id", numbered=True)
# a balance moves only with its entry
_MOVE_BALANCE = f"UPDATE {ACCOUNTS.name} SET balance = balance + ? WHERE citizen_id = ?"


def _entry_row(e: AccountEntry) -> tuple[object, ...]:
    row = {"citizen_id": e.citizen_id, "booked_on": e.booked_on.isoformat(), "kind": e.kind.value}
    return ACCOUNT_ENTRIES.values({**row, "amount": e.amount, "reference": e.reference})


def _entry(r: Mapping[str, Any]) -> AccountEntry:
    return AccountEntry(
        citizen_id=r["citizen_id"],
        booked_on=_day(r["booked_on"]),
        kind=EntryKind(r["kind"]),
        amount=r["amount"],
        reference=r["reference"],
    )


class SqliteAccounts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def open(self, citizen_id: str, opened_on: dt.date) -> None:
        row = {"citizen_id": citizen_id, "balance": 0, "opened_on": opened_on.isoformat(), "activated_on": None}
        self._db.execute(ACCOUNTS.insert, ACCOUNTS.values(row))

    def get(self, citizen_id: str) -> Account | None:
        row = self._db.execute(f"{ACCOUNTS.select} WHERE citizen_id = ?", [citizen_id]).fetchone()
        if row is None:
            return None
        r = ACCOUNTS.named(row)
        return Account(
            citizen_id=r["citizen_id"],
            balance=Fen(r["balance"]),
            opened_on=_day(r["opened_on"]),
            activated_on=_date(r["activated_on"]),
        )

    def balances(self, citizen_ids: Iterable[str]) -> dict[str, Fen]:
        """The balance of each of these persons that has an account."""
        found: dict[str, Fen] = {}
        for group in in_groups(citizen_ids):
            sql = f"SELECT citizen_id, balance FROM {ACCOUNTS.name} WHERE citizen_id IN ({marks(len(group))})"
            found.update((number, Fen(balance)) for number, balance in self._db.execute(sql, group).fetchall())
        return found

    def post_many(self, entries: Sequence[AccountEntry]) -> None:
        """Book entries and move each balance with its entry: one ``executemany`` each."""
        conn = self._db.conn
        conn.executemany(ACCOUNT_ENTRIES.insert, [_entry_row(e) for e in entries])
        conn.executemany(_MOVE_BALANCE, [(e.amount, e.citizen_id) for e in entries])

    def has_entry(self, citizen_id: str, kind: EntryKind, reference: str) -> bool:
        row = self._db.execute(
            f"SELECT 1 FROM {ACCOUNT_ENTRIES.name} WHERE citizen_id = ? AND kind = ? AND reference = ?",
            [citizen_id, kind.value, reference],
        ).fetchone()
        return row is not None

    def post(self, entry: AccountEntry) -> Fen:
        """Book an entry and move the balance with it; return the new balance."""
        self._db.execute(ACCOUNT_ENTRIES.insert, _entry_row(entry))
        self._db.execute(_MOVE_BALANCE, [entry.amount, entry.citizen_id])
        row = self._db.execute(f"SELECT balance FROM {ACCOUNTS.name} WHERE citizen_id = ?", [entry.citizen_id]).fetchone()
        return Fen(row[0])

    def set_activated(self, citizen_id: str, activated_on: dt.date) -> None:
        self._db.execute(
            f"UPDATE {ACCOUNTS.name} SET activated_on = ? WHERE citizen_id = ?", [activated_on.isoformat(), citizen_id]
        )

    def entries(self, citizen_id: str, limit: int = 100) -> list[AccountEntry]:
        rows = self._db.execute(
            f"{ACCOUNT_ENTRIES.select} WHERE citizen_id = ? ORDER BY id DESC LIMIT ?", [citizen_id, limit]
        ).fetchall()
        return [_entry(ACCOUNT_ENTRIES.named(row)) for row in rows]
