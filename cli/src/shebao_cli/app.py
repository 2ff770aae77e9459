"""What every command shares: the database, the injected clock and the operator."""

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

    from shebao.store.unit_of_work import SqliteUnitOfWork


class App:
    def __init__(self, db_path: Path | None, today: dt.date | None, operator: str | None, reveal: bool = False) -> None:
        self._db_path = db_path
        self._db: sqlite_utils.Database | None = None
        self._today = today
        self.operator = operator or os.environ.get("SHEBAO_OPERATOR") or os.environ.get("USER") or "operator"
        self.reveal = reveal

    @property
    def db_path(self) -> Path:
        if self._db_path is None:
            from shebao.store.database import default_path

            self._db_path = default_path()
        return self._db_path

    @property
    def db(self) -> "sqlite_utils.Database":
        if self._db is None:
            from shebao.store.database import connect

            self._db = connect(self.db_path)
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
        from shebao.store.unit_of_work import SqliteUnitOfWork

        return SqliteUnitOfWork(self.db, self.operator, self.now)

    def audit_reveal(self, command: str, arguments: list[str]) -> None:
        """Unmasked personal data was shown: one audit row naming the command and its arguments."""
        with self.uow() as uow:
            uow.audit.record("reveal", command, arguments=arguments)
            uow.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
