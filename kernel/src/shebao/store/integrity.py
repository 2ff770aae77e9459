"""What only the engine can say about a database: its own integrity, the rows a reader would
refuse, how many migrations it holds, and a consistent copy of it."""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlite_utils

from shebao.errors import InputError
from shebao.store.engine import Database

# (check, subject, detail)
Finding = tuple[str, str, str]

_STORED_ID_GLOB = "[0-9]" * 17 + "[0-9X]"


def engine_findings(db: Database) -> list[Finding]:
    if isinstance(db, sqlite_utils.Database):
        return _sqlite_findings(db)
    # PostgreSQL enforces every key, foreign key and CHECK on each write; the pages are its own
    return []


def _sqlite_findings(db: sqlite_utils.Database) -> list[Finding]:
    found = [
        ("integrity_check", "database", str(row[0])) for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"
    ]
    found += [
        ("foreign_key_check", str(row[0]), f"row {row[1]} points to a missing {row[2]}")
        for row in db.execute("PRAGMA foreign_key_check").fetchall()
    ]
    return found


def unreadable_persons(db: Database) -> list[object]:
    """Person rows a reader would refuse: not an 18-character number with a real birth date,
    or a registration day that is not a real date."""
    if isinstance(db, sqlite_utils.Database):
        sql = """
            SELECT citizen_id FROM persons
            WHERE typeof(citizen_id) != 'text' OR citizen_id NOT GLOB ?
               OR date(substr(citizen_id, 7, 4) || '-' || substr(citizen_id, 11, 2) || '-' || substr(citizen_id, 13, 2))
                  IS NOT substr(citizen_id, 7, 4) || '-' || substr(citizen_id, 11, 2) || '-' || substr(citizen_id, 13, 2)
               OR date(registered_on) IS NOT registered_on
        """
        return [row[0] for row in db.execute(sql, [_STORED_ID_GLOB]).fetchall()]
    import datetime as dt

    damaged: list[object] = []
    rows = db.execute("SELECT citizen_id, registered_on FROM persons")
    for citizen_id, registered_on in rows.fetchall():
        try:
            if len(citizen_id) != 18 or not citizen_id[:17].isdigit() or citizen_id[17] not in "0123456789X":
                raise ValueError(citizen_id)
            dt.date(int(citizen_id[6:10]), int(citizen_id[10:12]), int(citizen_id[12:14]))
            if dt.date.fromisoformat(registered_on).isoformat() != registered_on:
                raise ValueError(registered_on)
        except (ValueError, TypeError):
            damaged.append(citizen_id)
    return damaged


def migrations_applied(db: Database) -> int:
    if isinstance(db, sqlite_utils.Database):
        from shebao.store.schema import all_migrations

        return sum(len(m.applied(db)) for m in all_migrations())
    return int(db.execute("SELECT count(*) FROM shebao_migrations").fetchone()[0])


def copy_to(db: Database, target: Path) -> int:
    """A consistent copy while others write, into ``target`` (already created, empty): SQLite's
    online backup (returns its pages), or ``pg_dump`` in its custom format (returns 8 KiB
    blocks written, as many as PostgreSQL pages would hold them)."""
    if isinstance(db, sqlite_utils.Database):
        destination = sqlite3.connect(target)
        try:
            db.conn.backup(destination)
            return int(destination.execute("PRAGMA page_count").fetchone()[0])
        finally:
            destination.close()
    from shebao.store.pg import PgDatabase

    assert isinstance(db, PgDatabase)
    pg_dump = _pg_dump()
    done = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={db.url}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise InputError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    os.chmod(target, 0o600)
    return -(-target.stat().st_size // 8192)


def _pg_dump() -> str:
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), key=lambda p: int(Path(p).parts[-3]), reverse=True)
    found = versions[0] if versions else shutil.which("pg_dump")
    if not found:
        raise InputError("pg_dump is not installed: install PostgreSQL's client programs to back up a server database")
    return found
