"""SQLite repositories for persons, employers, employments, contributions and accounts.

Rows are mapped to the frozen domain values here, so the model never looks like a table.
"""

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlite_utils

from shebao.errors import DamagedRow
from shebao.i18n import _
from shebao.ids import CitizenId
from shebao.model.account import Account, AccountEntry, EntryKind
from shebao.model.contribution import Contribution, ContributionAssessment, ContributionChannel
from shebao.model.employer import Employer, Employment
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.money import Fen
from shebao.periods import Month
from shebao.store.rows import readable
from shebao.store.sql import in_groups, marks


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_STORED_ID = re.compile(r"[0-9]{17}[0-9X]").fullmatch


class SqlitePersons:
    _COLUMNS = (
        "citizen_id, name, nationality, hukou_region, insured_region, scheme, status, phone, photo_on_file, registered_on,"
        " address, standing"
    )

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def add(self, person: Person) -> None:
        self._db.execute(f"INSERT INTO persons ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._row(person))

    @staticmethod
    def _row(person: Person) -> tuple[object, ...]:
        """The person as stored, in the order of ``_COLUMNS``."""
        return (
            person.citizen_id.number,
            person.name,
            person.nationality,
            person.hukou_region,
            person.insured_region,
            person.scheme.value,
            person.status.value,
            person.phone,
            int(person.photo_on_file),
            person.registered_on.isoformat(),
            person.address,
            person.standing.value,
        )

    def still_stored(self, persons: Mapping[str, Person]) -> set[str]:
        """Which of these persons are stored exactly as given: their rows compared, no values
        built (a batch asks it of a chunk's persons each time another process has written)."""
        same: set[str] = set()
        for group in in_groups(persons):
            sql = f"SELECT {self._COLUMNS} FROM persons WHERE citizen_id IN ({marks(len(group))})"
            same.update(row[0] for row in self._db.execute(sql, group).fetchall() if row == self._row(persons[row[0]]))
        return same

    def update(self, person: Person) -> None:
        number, *changeable, _registered_on, address, standing = self._row(person)  # number, registration stay
        self._db.execute(
            "UPDATE persons SET name = ?, nationality = ?, hukou_region = ?, insured_region = ?, scheme = ?,"
            " status = ?, phone = ?, photo_on_file = ?, address = ?, standing = ? WHERE citizen_id = ?",
            [*changeable, address, standing, number],
        )

    def get(self, citizen_id: str) -> Person | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM persons WHERE citizen_id = ?", [citizen_id]).fetchone()
        return self._person(row) if row else None

    def _readable(self, rows: Iterable[Any]) -> Iterator[Person]:
        """The persons of ``rows``; a damaged row is left out of a list (``check`` reports it)."""
        return readable("persons", rows, self._person)

    def get_many(self, citizen_ids: Iterable[str]) -> dict[str, Person]:
        """The registered persons among these numbers, by number (a batch's chunk at once)."""
        found: dict[str, Person] = {}
        for group in in_groups(citizen_ids):
            sql = f"SELECT {self._COLUMNS} FROM persons WHERE citizen_id IN ({marks(len(group))})"
            for person in self._readable(self._db.execute(sql, group).fetchall()):
                found[person.citizen_id.number] = person
        return found

    def search(
        self, insured_region: str | None = None, status: Status | None = None, limit: int = 100, offset: int = 0
    ) -> list[Person]:
        where, params = [], []
        if insured_region:
            where.append("insured_region = ?")
            params.append(insured_region)
        if status:
            where.append("status = ?")
            params.append(status.value)
        sql = f"SELECT {self._COLUMNS} FROM persons"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY registered_on, citizen_id LIMIT ? OFFSET ?"
        return list(self._readable(self._db.execute(sql, [*params, limit, offset]).fetchall()))

    def retirees(self) -> Iterator[Person]:
        """Retired persons whose insurance runs (neither stopped nor ended by death)."""
        for row in self._db.execute(
            f"SELECT {self._COLUMNS} FROM persons WHERE status = ? AND standing = ? ORDER BY citizen_id",
            [Status.RETIRED.value, Standing.INSURED.value],
        ).fetchall():
            yield from self._readable([row])

    @staticmethod
    def _person(row: Any) -> Person:
        """The person of a stored row; ``DamagedRow`` if the row cannot be one (a number that
        is not 18 characters, a date or a scheme that does not parse)."""
        try:
            if not (isinstance(row[0], str) and _STORED_ID(row[0])):
                raise ValueError(_("citizen identity number is not 17 digits and a check character"))
            person = SqlitePersons._build(row)
            person.birth_date  # noqa: B018 - the number's birth date must be a real date
        except (ValueError, TypeError, AttributeError) as error:
            raise DamagedRow("persons", repr(row[0]), str(error)) from None
        return person

    @staticmethod
    def _build(row: Any) -> Person:
        return Person(
            citizen_id=CitizenId.stored(row[0]),
            name=row[1],
            nationality=row[2],
            hukou_region=row[3],
            insured_region=row[4],
            scheme=Scheme(row[5]),
            status=Status(row[6]),
            phone=row[7],
            photo_on_file=bool(row[8]),
            registered_on=_day(row[9]),
            address=row[10],
            standing=Standing(row[11]),
        )


class SqliteEmployers:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def add(self, employer: Employer) -> None:
        self._db.execute(
            "INSERT INTO employers (uscc, name, region, registered_on) VALUES (?, ?, ?, ?)",
            [employer.uscc, employer.name, employer.region, employer.registered_on.isoformat()],
        )

    def get(self, uscc: str) -> Employer | None:
        row = self._db.execute("SELECT uscc, name, region, registered_on FROM employers WHERE uscc = ?", [uscc]).fetchone()
        return Employer(row[0], row[1], row[2], _day(row[3])) if row else None

    def all(self) -> list[Employer]:
        rows = self._db.execute("SELECT uscc, name, region, registered_on FROM employers ORDER BY name").fetchall()
        return [Employer(row[0], row[1], row[2], _day(row[3])) for row in rows]

    def add_employment(self, employment: Employment) -> None:
        self._db.execute(
            "INSERT INTO employments (employer_uscc, citizen_id, started_on, registered_on) VALUES (?, ?, ?, ?)",
            [
                employment.employer_uscc,
                employment.citizen_id,
                employment.started_on.isoformat(),
                employment.registered_on.isoformat() if employment.registered_on else None,
            ],
        )

    def set_registered(self, employment: Employment, registered_on: dt.date) -> None:
        self._db.execute(
            "UPDATE employments SET registered_on = ? WHERE employer_uscc = ? AND citizen_id = ? AND started_on = ?",
            [registered_on.isoformat(), employment.employer_uscc, employment.citizen_id, employment.started_on.isoformat()],
        )

    def employments(self, employer_uscc: str | None = None, citizen_id: str | None = None) -> list[Employment]:
        where, params = [], []
        if employer_uscc:
            where.append("employer_uscc = ?")
            params.append(employer_uscc)
        if citizen_id:
            where.append("citizen_id = ?")
            params.append(citizen_id)
        sql = "SELECT employer_uscc, citizen_id, started_on, registered_on, ended_on FROM employments"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_on, employer_uscc, citizen_id"
        return [Employment(r[0], r[1], _day(r[2]), _date(r[3]), _date(r[4])) for r in self._db.execute(sql, params).fetchall()]

    def end_employment(self, employment: Employment, ended_on: dt.date) -> None:
        self._db.execute(
            "UPDATE employments SET ended_on = ? WHERE employer_uscc = ? AND citizen_id = ? AND started_on = ?",
            [ended_on.isoformat(), employment.employer_uscc, employment.citizen_id, employment.started_on.isoformat()],
        )


class SqliteContributions:
    _COLUMNS = (
        "citizen_id, period, base, employer_part, individual_part, account_credit, channel, paid_on, employer_uscc, receipt"
    )

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def add(self, contribution: Contribution) -> None:
        a = contribution.assessment
        self._db.execute(
            f"INSERT INTO contributions ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                contribution.citizen_id,
                str(contribution.period),
                a.base,
                a.employer_part,
                a.individual_part,
                a.account_credit,
                contribution.channel.value,
                contribution.paid_on.isoformat(),
                contribution.employer_uscc,
                contribution.receipt,
            ],
        )

    def get(self, citizen_id: str, period: Month) -> Contribution | None:
        row = self._db.execute(
            f"SELECT {self._COLUMNS} FROM contributions WHERE citizen_id = ? AND period = ?", [citizen_id, str(period)]
        ).fetchone()
        return self._contribution(row) if row else None

    def of_person(self, citizen_id: str, first: Month | None = None, last: Month | None = None) -> list[Contribution]:
        sql = f"SELECT {self._COLUMNS} FROM contributions WHERE citizen_id = ?"
        params: list[object] = [citizen_id]
        if first:
            sql += " AND period >= ?"
            params.append(str(first))
        if last:
            sql += " AND period <= ?"
            params.append(str(last))
        sql += " ORDER BY period"
        return [self._contribution(row) for row in self._db.execute(sql, params).fetchall()]

    def remove(self, citizen_id: str, period: Month) -> None:
        """A payment refunded: the month is no longer paid (the audit log and the account's
        reversal entry keep what was)."""
        self._db.execute("DELETE FROM contributions WHERE citizen_id = ? AND period = ?", [citizen_id, str(period)])

    def of_employer(self, employer_uscc: str) -> list[Contribution]:
        """What an employer remitted, by month and person."""
        rows = self._db.execute(
            f"SELECT {self._COLUMNS} FROM contributions WHERE employer_uscc = ? ORDER BY period, citizen_id", [employer_uscc]
        ).fetchall()
        return [self._contribution(row) for row in rows]

    @staticmethod
    def _contribution(row: Any) -> Contribution:
        return Contribution(
            citizen_id=row[0],
            period=Month.parse(row[1]),
            assessment=ContributionAssessment(Fen(row[2]), Fen(row[3]), Fen(row[4]), Fen(row[5])),
            channel=ContributionChannel(row[6]),
            paid_on=_day(row[7]),
            employer_uscc=row[8],
            receipt=row[9],
        )


class SqliteAccounts:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def open(self, citizen_id: str, opened_on: dt.date) -> None:
        self._db.execute(
            "INSERT INTO accounts (citizen_id, balance, opened_on) VALUES (?, 0, ?)", [citizen_id, opened_on.isoformat()]
        )

    def get(self, citizen_id: str) -> Account | None:
        row = self._db.execute(
            "SELECT citizen_id, balance, opened_on, activated_on FROM accounts WHERE citizen_id = ?", [citizen_id]
        ).fetchone()
        return Account(row[0], Fen(row[1]), _day(row[2]), _date(row[3])) if row else None

    def balances(self, citizen_ids: Iterable[str]) -> dict[str, Fen]:
        """The balance of each of these persons that has an account."""
        found: dict[str, Fen] = {}
        for group in in_groups(citizen_ids):
            sql = f"SELECT citizen_id, balance FROM accounts WHERE citizen_id IN ({marks(len(group))})"
            found.update((number, Fen(balance)) for number, balance in self._db.execute(sql, group).fetchall())
        return found

    def post_many(self, entries: Sequence[AccountEntry]) -> None:
        """Book entries and move each balance with its entry: one ``executemany`` each."""
        conn = self._db.conn
        conn.executemany(
            "INSERT INTO account_entries (citizen_id, booked_on, kind, amount, reference) VALUES (?, ?, ?, ?, ?)",
            [(e.citizen_id, e.booked_on.isoformat(), e.kind.value, e.amount, e.reference) for e in entries],
        )
        conn.executemany(
            "UPDATE accounts SET balance = balance + ? WHERE citizen_id = ?", [(e.amount, e.citizen_id) for e in entries]
        )

    def has_entry(self, citizen_id: str, kind: EntryKind, reference: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM account_entries WHERE citizen_id = ? AND kind = ? AND reference = ?",
            [citizen_id, kind.value, reference],
        ).fetchone()
        return row is not None

    def post(self, entry: AccountEntry) -> Fen:
        """Book an entry and move the balance with it; return the new balance."""
        self._db.execute(
            "INSERT INTO account_entries (citizen_id, booked_on, kind, amount, reference) VALUES (?, ?, ?, ?, ?)",
            [entry.citizen_id, entry.booked_on.isoformat(), entry.kind.value, entry.amount, entry.reference],
        )
        self._db.execute("UPDATE accounts SET balance = balance + ? WHERE citizen_id = ?", [entry.amount, entry.citizen_id])
        row = self._db.execute("SELECT balance FROM accounts WHERE citizen_id = ?", [entry.citizen_id]).fetchone()
        return Fen(row[0])

    def set_activated(self, citizen_id: str, activated_on: dt.date) -> None:
        self._db.execute("UPDATE accounts SET activated_on = ? WHERE citizen_id = ?", [activated_on.isoformat(), citizen_id])

    def entries(self, citizen_id: str, limit: int = 100) -> list[AccountEntry]:
        rows = self._db.execute(
            "SELECT citizen_id, booked_on, kind, amount, reference FROM account_entries WHERE citizen_id = ?"
            " ORDER BY id DESC LIMIT ?",
            [citizen_id, limit],
        ).fetchall()
        return [AccountEntry(r[0], _day(r[1]), EntryKind(r[2]), r[3], r[4]) for r in rows]
