"""What every request shares in one server process: the database connection, the clock and
the settlement session (catalogues and policies asked of plugins once, not per bill).

Handlers are coroutines that call the services on the event loop's own thread: SQLite has one
writer anyway, and a settlement takes about a millisecond, less than a hop to a thread pool
would cost. More processes (``--workers``) read, check and answer in parallel, each with its
own connection, and take turns for the transactions (``WriterTurn``).
"""

import asyncio
import datetime as dt
import os
import threading
import time
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from shebao.model.access import Actor, ApiToken
from shebao.model.catalogue import CatalogueItem
from shebao.services.settlement import SettlementSession
from shebao.services.settlement.ports import TreatmentContext
from shebao.store.unit_of_work import SqliteUnitOfWork
from shebao_cli.serve.bills_together import BillsTogether

if TYPE_CHECKING:
    import sqlite3

    from shebao.store.engine import Database

# an institution suspended in the directory is seen within a minute (catalogues and policies,
# the plugins' answers, are kept: plugins load once a process)
SESSION_RENEWAL_SECONDS = 60.0
TOKENS_REMEMBERED = 1024
CHECKPOINT_SECONDS = 0.25


class WriterTurn:
    """The server's processes take turns for transactions on a lock of their own (``flock`` on
    ``<database>-serve.lock``), which the kernel hands to the next waiting process the moment it
    is released. SQLite's own busy handler instead sleeps and polls (1, 2, 5, 10 ms ...), so two
    workers that both wait for its write lock lose milliseconds a turn and the tail grows. The
    transaction still begins ``IMMEDIATE``: a CLI command writing meanwhile is waited for as
    before. Without a lock file (a read-only folder) the busy handler alone decides."""

    def __init__(self, db_path: Path) -> None:
        self.checkpoint_due = False  # set by the checkpoint thread: finish it after the next transaction
        try:
            self._fd: int | None = os.open(f"{db_path}-serve.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            self._fd = None

    def take(self) -> None:
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def give(self) -> None:
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class ServedUnitOfWork(SqliteUnitOfWork):
    """The kernel's unit of work, one transaction a use case, taken in the server's turn."""

    turn: WriterTurn

    def __enter__(self) -> Self:
        self.turn.take()
        try:
            return super().__enter__()
        except BaseException:
            self.turn.give()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
            if self.turn.checkpoint_due:
                self.turn.checkpoint_due = False
                finish_checkpoint(self.db.conn)
        finally:
            self.turn.give()


def keep_out_of_collections() -> None:
    """Move every object alive now (the application, the modules, the session's catalogues) out
    of the cyclic garbage collector's sight (``gc.freeze``): it would otherwise walk the twenty
    thousand items of a catalogue in every full collection, a pause of some 40 ms that all the
    waiting requests share."""
    import gc

    gc.freeze()


class ServedSession(SettlementSession):
    """The settlement session, noting when it read a new catalogue (frozen after the request)."""

    def __init__(self, context: TreatmentContext) -> None:
        super().__init__(context)
        self.grown = False
        self._seen: set[tuple[str, int]] = set()

    def catalogue(self, region_code: str, year: int) -> dict[str, CatalogueItem]:
        if (region_code, year) not in self._seen:
            self._seen.add((region_code, year))
            self.grown = True
        return super().catalogue(region_code, year)


LAST_FRAMES = 64  # frames left for a request's turn to copy: about a millisecond
CATCH_UPS = 4


def catch_up(conn: "sqlite3.Connection", database_fd: int) -> bool:
    """Passive checkpoints beside the transactions until the frames written meanwhile are few
    (each round copies what the settlements wrote during the one before, so they shrink fast);
    whether they are few enough for a request to finish the checkpoint in its turn.

    The pages copied are flushed to disk here too. SQLite syncs the database file only when a
    checkpoint completes, so the one finished in a request's turn would otherwise write out
    every page copied since the last (some 10 MB, 3 to 11 ms) instead of its own few."""
    done = 0
    few = False
    for _ in range(CATCH_UPS):
        _, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames < 0:
            return False  # not a write-ahead log
        few = copied - done <= LAST_FRAMES
        done = copied
        if few:
            break
    if done:
        os.fsync(database_fd)
    return few


def finish_checkpoint(conn: "sqlite3.Connection") -> None:
    """The last frames, copied between two transactions in the writers' turn, where nothing can
    be written meanwhile: the checkpoint completes, so the next transaction writes the log from
    its start instead of making it longer."""
    import contextlib
    import sqlite3

    # another process's checkpoint running makes it fail: the thread's next round will do
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()


class ArrivalOrder:
    """One request's work a turn of the event loop, in the order the requests were read (bills
    to settle excepted: they wait for each other, ``BillsTogether``).

    A handler's work is synchronous, so without this the loop runs every request it has read
    back to back (some 30 of them at 32 clients, 40 ms) before it reads its sockets again; and
    epoll hands back the connections it returned last time before one that became readable
    since, so a client answered early in such a round was read last in the next and waited two
    rounds: the slow 1%. Taking turns here, the loop polls between two requests' work: each
    request is read within about a request's time of its arrival and served in that order."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._granting = False

    async def turn(self) -> None:
        loop = asyncio.get_running_loop()
        ticket: asyncio.Future[None] = loop.create_future()
        self._waiting.append(ticket)
        if not self._granting:
            self._granting = True
            loop.call_soon(self._grant, loop)
        await ticket

    def _grant(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wake the first request still waiting; the next one on the loop's next turn, after it
        has polled the sockets (a woken task runs on that turn, before this call's successor)."""
        while self._waiting:
            ticket = self._waiting.popleft()
            if not ticket.done():  # a client gone meanwhile cancels its ticket
                ticket.set_result(None)
                break
        if self._waiting:
            loop.call_soon(self._grant, loop)
        else:
            self._granting = False


class Service:
    def __init__(self, db_path: Path | str, today: dt.date | None = None) -> None:
        self.db_path = db_path  # a SQLite file, or a postgresql:// URL
        self.turn = None if self.on_server else WriterTurn(Path(db_path))
        self._today = today
        self._db: Database | None = None
        self._settlement_session: ServedSession | None = None
        self._session_started = 0.0
        self._checkpoints: threading.Thread | None = None
        self._checkpoints_stop = threading.Event()
        self._tokens: dict[str, ApiToken] = {}  # by the secret's hash
        self._tokens_read_at = -1  # PRAGMA data_version when they were read
        self.arrival_order = ArrivalOrder()
        self.bills_together = BillsTogether(self)

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

    def start(self) -> None:
        """Once the worker's application is built: the connection, the checkpoint thread, and
        everything loaded so far kept out of the garbage collector's full collections."""
        self.start_checkpoints()
        keep_out_of_collections()

    def start_checkpoints(self) -> None:
        """Copy the write-ahead log into the database from a thread of its own, every quarter
        second, instead of in whichever settlement's commit crosses the log's limit (a pause of
        20 to 100 ms that every waiting request would share).

        A passive checkpoint takes no lock a settlement needs, so it copies the bulk beside the
        settlements; but while they go on it never catches up with the last frames, the log is
        never started afresh and grows to the connection's limit, where a commit checkpoints
        after all. So once the thread has nearly caught up, the next use case copies the few
        frames left after its transaction, in its own turn (``finish_checkpoint``). Not the
        thread in the turn: on a busy machine it can be preempted while holding it, and every
        request would wait for it to be scheduled again."""
        import sqlite3

        assert self.db is not None  # created and upgraded before a second connection opens it
        turn = self.turn
        if turn is None:
            return  # a server keeps its own log
        stop = self._checkpoints_stop = threading.Event()
        path = self.db_path

        def run() -> None:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            database_fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # Linux flushes a file through any descriptor
            try:
                while not stop.wait(CHECKPOINT_SECONDS):
                    try:
                        turn.checkpoint_due = catch_up(conn, database_fd)
                    except sqlite3.OperationalError:
                        continue  # another process's checkpoint is running: the next round will do
            finally:
                os.close(database_fd)
                conn.close()

        self._checkpoints = threading.Thread(target=run, name="shebao-checkpoints", daemon=True)
        self._checkpoints.start()

    def now(self) -> dt.datetime:
        """The wall clock; with ``--today``, that day at the current time of day."""
        now = dt.datetime.now().replace(microsecond=0)
        return dt.datetime.combine(self._today, now.time()) if self._today else now

    def today(self) -> dt.date:
        return self.now().date()

    def uow(self, actor: Actor | None = None) -> SqliteUnitOfWork:
        operator = actor.name if actor else "shebao-serve"
        if self.turn is None:  # a server database: its own locks decide turns
            from shebao.store.unit_of_work import unit_of_work

            return unit_of_work(self.db, operator, self.now())
        uow = ServedUnitOfWork(self.db, operator, self.now())
        uow.turn = self.turn
        return uow

    def settlement_session(self) -> SettlementSession:
        from shebao.services.settlement import context as settlement_context

        session = self._settlement_session
        if session is None:
            session = self._settlement_session = ServedSession(settlement_context.treatment_context(self.uow()))
            self._session_started = time.monotonic()
        elif time.monotonic() - self._session_started > SESSION_RENEWAL_SECONDS:
            session = self._settlement_session = session.renewed(settlement_context.treatment_context(self.uow()))
            self._session_started = time.monotonic()
        elif session.grown:
            session.grown = False
            keep_out_of_collections()
        return session

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
        if self.turn is not None:
            self.turn.close()
