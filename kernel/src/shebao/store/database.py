"""Opening the database file: WAL, foreign keys, busy timeout, migrations applied."""

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao import __version__
from shebao.errors import InputError, ShebaoError, StoreRefused
from shebao.i18n import _
from shebao.private_files import create_private_file
from shebao.store.engine import Database, is_server

BUSY_TIMEOUT_SECONDS = 30.0
CACHE_KIB = 65_536
# pages the write-ahead log may hold before a commit copies them into the database (SQLite's
# default is 1,000): a counter commits bill by bill, and each copy ends in two fsyncs
WAL_CHECKPOINT_PAGES = 8_192


class NewerSchema(ShebaoError):
    """The database was migrated by a newer shebao; nothing is written to it."""

    exit_code = 1


class SqliteStoreRefused(StoreRefused, sqlite3.IntegrityError):
    """A constraint refused a write: a domain error for services, and still the
    ``sqlite3.IntegrityError`` it was for code that reads SQLite's errors."""


class _Connection(sqlite3.Connection):
    """SQLite's connection, its constraint failures raised as ``StoreRefused``."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.IntegrityError as error:
            raise SqliteStoreRefused(*error.args) from error

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.IntegrityError as error:
            raise SqliteStoreRefused(*error.args) from error


def default_target() -> "str | Path":
    """``$SHEBAO_DB`` (a file, or a ``postgresql://`` URL), else the default file."""
    configured = os.environ.get("SHEBAO_DB")
    if configured and is_server(configured):
        return configured
    return default_path()


def open_database(target: "str | Path", create: bool = True) -> Database:
    """A SQLite file or a PostgreSQL server, opened and upgraded (created only when ``create``)."""
    if is_server(target):
        from shebao.store.pg_open import connect_server

        return connect_server(str(target), create=create)
    return connect(Path(target), create=create)


def default_path() -> Path:
    """``$SHEBAO_DB``, or ``shebao.db`` in the user's data directory: no set-up needed."""
    configured = os.environ.get("SHEBAO_DB")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("shebao", appauthor=False)) / "shebao.db"


def migration_sets() -> list[Migrations]:
    """Every schema migration set, in the order they apply (later sets reference earlier)."""
    from shebao.store.schema import all_migrations

    return all_migrations()


def connect(path: Path, create: bool = True) -> sqlite_utils.Database:
    """Open and upgrade the database at ``path``; create it only when ``create`` (``shebao init``
    does, every other command does not, so a mistyped ``--db`` creates nothing). A new folder is
    made 0700 and a new file 0600: the database holds every insured person's data."""
    if path.exists() and path.is_dir():
        raise InputError(_("database {path} is a directory").format(path=path))
    if not path.exists():
        if not create:
            raise InputError(
                _("no database at {path}: create one with `shebao init` (or check --db / SHEBAO_DB)").format(path=path)
            )
        _create_private(path)
    try:
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False, factory=_Connection
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        refuse_newer_schema(conn, path)  # before anything is written, even the journal mode
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        raise InputError(_("database {path} cannot be opened: {error}").format(path=path, error=error)) from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    # a batch of a million bills inserts at random places in the person index: 64 MiB of page
    # cache (taken only as pages are read) keeps it in memory; sorts and temp indexes in memory
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    db = sqlite_utils.Database(conn, execute_plugins=False)  # no sqlite-utils plugins on our data
    _upgrade(db)
    return db


def _create_private(path: Path) -> None:
    """An empty file only its owner reads (SQLite gives its -wal and -shm files the same mode)."""
    try:
        create_private_file(path)
    except FileExistsError:
        pass  # another process created it meanwhile: opened as it is
    except OSError as error:
        raise InputError(_("database {path} cannot be created: {strerror}").format(path=path, strerror=error.strerror)) from None


def schema_version() -> int:
    """This shebao's schema version: how many migrations it knows."""
    return sum(len(known_migrations(m)) for m in migration_sets())


def known_migrations(migrations: Migrations) -> list[str]:
    return [migration.name for migration in migrations._migrations]


def refuse_newer_schema(conn: sqlite3.Connection, path: Path) -> None:
    """A database a newer shebao has migrated is refused before any write: this version would
    not know its tables' rules. Read-only: the migrations table and ``user_version``."""
    stored_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [Migrations.migrations_table]
    ).fetchone()
    applied = conn.execute(f"SELECT migration_set, name FROM {Migrations.migrations_table}").fetchall() if has_table else []
    known = {(m.name, name) for m in migration_sets() for name in known_migrations(m)}
    unknown = sorted(f"{set_name}/{name}" for set_name, name in applied if (set_name, name) not in known)
    ours = schema_version()
    if unknown or stored_version > ours:
        theirs = max(stored_version, len(applied))
        raise NewerSchema(
            f"database {path} has schema version {theirs}, written by a newer shebao"
            + (f" (migrations unknown here: {', '.join(unknown[:3])})" if unknown else "")
            + f"; this shebao {__version__} knows schema version {ours}: upgrade shebao to use it"
        )


def _upgrade(db: sqlite_utils.Database) -> None:
    """Apply pending migrations under the write lock, so two processes opening a new
    database at once do not both create it; either every set applies or none does."""
    sets = migration_sets()
    if not any(m.pending(db) for m in sets):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        for migrations in sets:
            migrations.apply(db)  # re-checks what is pending, now under the lock
        db.conn.execute(f"PRAGMA user_version = {schema_version()}")
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
