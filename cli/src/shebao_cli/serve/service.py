"""What every request shares in one server process: the database connection, the clock and
the settlement session (catalogues and policies asked of plugins once, not per bill).

Handlers are coroutines that call the services on the event loop's own thread: SQLite has one
writer anyway, and a settlement takes about a millisecond, less than a hop to a thread pool
would cost. More processes (``--workers``) settle in parallel, each with its own connection.
"""

import datetime as dt
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from shebao.model.access import Actor, ApiToken

if TYPE_CHECKING:
    from shebao.services.settlement import SettlementSession
    from shebao.store.engine import Database
    from shebao.store.unit_of_work import SqliteUnitOfWork

SESSION_RENEWAL_SECONDS = 60.0  # an institution suspended in the directory is seen within a minute
TOKENS_REMEMBERED = 1024
CHECKPOINT_SECONDS = 0.25


class Service:
    def __init__(self, db_path: Path | str, today: dt.date | None = None) -> None:
        self.db_path = db_path  # a SQLite file, or a postgresql:// URL
        self._today = today
        self._db: Database | None = None
        self._settlement_session: SettlementSession | None = None
        self._session_started = 0.0
        self._checkpoints: threading.Thread | None = None
        self._checkpoints_stop = threading.Event()
        self._tokens: dict[str, ApiToken] = {}  # by the secret's hash
        self._tokens_read_at = -1  # PRAGMA data_version when they were read

    @property
    def db(self) -> "Database":
        if self._db is None:
            from shebao.store.database import open_database

            self._db = open_database(self.db_path)  # created or upgraded, a newer schema refused
            if self.on_server:
                from shebao.store.pg_pool import PooledPgDatabase

                self._db.close()
                self._db = PooledPgDatabase(str(self.db_path))  # handlers on threads never share one
        return self._db

    @property
    def on_server(self) -> bool:
        from shebao.store.engine import is_server

        return is_server(self.db_path)

    def start_checkpoints(self) -> None:
        """Copy the write-ahead log into the database from a thread of its own, every quarter
        second, instead of in whichever settlement's commit crosses the log's limit (a pause of
        up to a tenth of a second that every waiting request would share). A passive checkpoint
        takes no lock a settlement needs; the connection's own limit stays as a backstop."""
        import sqlite3

        assert self.db is not None  # created and upgraded before a second connection opens it
        if self.on_server:
            return  # a server keeps its own log
        stop = self._checkpoints_stop = threading.Event()
        path = self.db_path

        def run() -> None:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                while not stop.wait(CHECKPOINT_SECONDS):
                    try:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    except sqlite3.OperationalError:
                        continue  # another process's checkpoint is running: the next turn will do

            finally:
                conn.close()

        self._checkpoints = threading.Thread(target=run, name="shebao-checkpoints", daemon=True)
        self._checkpoints.start()

    def now(self) -> dt.datetime:
        """The wall clock; with ``--today``, that day at the current time of day."""
        now = dt.datetime.now().replace(microsecond=0)
        return dt.datetime.combine(self._today, now.time()) if self._today else now

    def today(self) -> dt.date:
        return self.now().date()

    def uow(self, actor: Actor | None = None) -> "SqliteUnitOfWork":
        from shebao.store.unit_of_work import unit_of_work

        return unit_of_work(self.db, actor.name if actor else "shebao-serve", self.now())

    def settlement_session(self) -> "SettlementSession":
        from shebao.services import settlement_context
        from shebao.services.settlement import SettlementSession

        if self._settlement_session is None or time.monotonic() - self._session_started > SESSION_RENEWAL_SECONDS:
            self._settlement_session = SettlementSession(settlement_context.treatment_context(self.uow()))
            self._session_started = time.monotonic()
        return self._settlement_session

    def api_token(self, secret: str) -> "ApiToken":
        """The active token with this secret. Tokens already checked are remembered until another
        connection commits (``PRAGMA data_version`` moves), so a revocation by ``shebao token
        revoke`` counts from the next request, and a settlement does not read its token again."""
        from shebao.services import access

        version = self.uow().data_version()  # on a server, new each time: tokens are read each request
        if version != self._tokens_read_at or len(self._tokens) >= TOKENS_REMEMBERED:
            self._tokens.clear()
            self._tokens_read_at = version
        key = access.secret_hash(secret.strip())
        found = self._tokens.get(key)
        if found is None:
            found = self._tokens[key] = access.authenticate_token(self.uow(), secret)
        return found

    def audit_disclosure(self, actor: Actor, what: str, subject: str, **detail: object) -> None:
        """Personal data was shown to ``actor``: one audit row with the wall clock."""
        with self.uow(actor) as uow:
            uow.audit.record("disclose", subject, what=what, role=actor.role.value, **detail)
            uow.commit()

    def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints_stop.set()
            self._checkpoints.join()
            self._checkpoints = None
        if self._db is not None:
            self._db.close()
            self._db = None
