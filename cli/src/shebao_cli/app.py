"""What every command shares: the database, the injected clock and the operator."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from shebao.i18n import _

if TYPE_CHECKING:
    from shebao.store.engine import Database
    from shebao.store.unit_of_work import SqliteUnitOfWork

OPERATOR_MAX = 64  # characters of an operator's name


def os_user() -> str:
    """Who is logged in, as the operating system knows them."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry for the uid
        import os

        return f"uid-{os.getuid()}"


def checked_operator(name: str) -> str:
    """An operator given on the command line is an identity: one printable line, bounded."""
    from shebao.errors import InputError
    from shebao.text import checked_text

    try:
        operator = checked_text(name, "--operator", OPERATOR_MAX)
    except ValueError as error:
        raise InputError(str(error)) from None
    if not operator:
        raise InputError(_("--operator is empty: give a name, or none to be recorded as the OS user"))
    return operator


class App:
    def __init__(self, db_path: str | Path | None, today: dt.date | None, operator: str | None, reveal: bool = False) -> None:
        from shebao.store.audit import GIVEN, OS_USER

        self._db_path = db_path
        self._db: Database | None = None
        self._today = today
        # --operator or SHEBAO_OPERATOR (click reads both); else the OS user, and the audit says so
        if operator is not None:
            self.operator, self.operator_source = checked_operator(operator), GIVEN
        else:
            self.operator, self.operator_source = os_user(), OS_USER
        self.reveal = reveal
        self.may_create = False  # only `shebao init` creates a database

    @property
    def db_target(self) -> str | Path:
        """The SQLite file, or the ``postgresql://`` URL, ``--db`` or ``SHEBAO_DB`` names."""
        if self._db_path is None:
            from shebao.store.database import default_target

            self._db_path = default_target()
        return self._db_path

    @property
    def on_server(self) -> bool:
        from shebao.store.engine import is_server

        return is_server(self.db_target)

    @property
    def db_label(self) -> str:
        """The database as messages name it: the file, or the server's URL without its password."""
        target = str(self.db_target)
        if not self.on_server:
            return target
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(target)
        if parts.password is None:
            return target
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))

    @property
    def db_path(self) -> Path:
        """The SQLite file (for a server, its URL as a path: never a file on this machine)."""
        return Path(self.db_target)

    @property
    def db(self) -> "Database":
        if self._db is None:
            from shebao.store.database import open_database

            self._db = open_database(self.db_target, create=self.may_create)
        return self._db

    @property
    def today_given(self) -> dt.date | None:
        """The day ``--today`` names, if it names one."""
        return self._today

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def now(self) -> dt.datetime:
        """With ``--today`` the clock stands at that day's noon; otherwise the real time."""
        if self._today is not None:
            return dt.datetime.combine(self._today, dt.time(12, 0))
        return dt.datetime.now().replace(microsecond=0)

    def uow(self) -> "SqliteUnitOfWork":
        from shebao.store.unit_of_work import unit_of_work

        return unit_of_work(self.db, self.operator, self.now, self.operator_source)

    def audit_reveal(self, command: str, arguments: list[str]) -> None:
        """Unmasked personal data is about to be shown: one audit row naming the command and its
        arguments, committed first. A database that cannot take the row refuses the reveal."""
        self._audit_disclosure("--reveal", "reveal", command, arguments=arguments)

    def audit_document(self, kind: str, number: str, subject: str, target: str) -> None:
        """A document carrying full personal numbers is about to be printed: audited first."""
        self._audit_disclosure("printing", "document.print", subject, document=kind, number=number, to=target)

    def _audit_disclosure(self, what: str, action: str, subject: str, **detail: object) -> None:
        import sqlite3

        from shebao.errors import RuleViolation

        try:
            with self.uow() as uow:
                uow.audit.record(action, subject, **detail)
                uow.commit()
        except sqlite3.OperationalError as error:  # a read-only file or folder, a full disk
            raise RuleViolation(
                "audited-disclosure",
                _("{what} refused: the disclosure cannot be audited ({error})").format(what=what, error=error),
            ) from None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
