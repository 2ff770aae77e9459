"""Opening the database file: WAL, foreign keys, busy timeout, migrations applied."""

import os
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from shebao.errors import InputError

BUSY_TIMEOUT_SECONDS = 30.0
CACHE_KIB = 65_536
# pages the write-ahead log may hold before a commit copies them into the database (SQLite's
# default is 1,000): a counter commits bill by bill, and each copy ends in two fsyncs
WAL_CHECKPOINT_PAGES = 8_192


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


def connect(path: Path) -> sqlite_utils.Database:
    """Open (creating if need be) and upgrade the database at ``path``."""
    if path.exists() and path.is_dir():
        raise InputError(f"database {path} is a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        raise InputError(f"database {path} cannot be opened: {error}") from None
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
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
