"""PostgreSQL's schema under the SQLite migrations' names, applied under one advisory lock.

A new database gets the baseline (``pg_schema.sql``): the state after every migration named in
``BASELINE``, each recorded in ``shebao_migrations`` as ``sqlite_utils`` records them. A
migration added later is written for both engines under one name: its PostgreSQL statements
go in ``LATER``. A database holding a name this shebao does not know is refused, unwritten."""

from importlib.resources import files
from typing import Any

import psycopg

from shebao import __version__
from shebao.errors import InputError
from shebao.store.database import NewerSchema, known_migrations, migration_sets

MIGRATIONS_TABLE = "shebao_migrations"
# pg_advisory_xact_lock key: two processes opening a new database do not both create it
UPGRADE_LOCK = 0x5E_BA_00_01

BASELINE: tuple[tuple[str, str], ...] = (
    ("shebao.people", "m001_people"),
    ("shebao.cards", "m001_cards"),
    ("shebao.filings", "m001_institutions_and_filings"),
    ("shebao.settlement", "m001_settlements"),
    ("shebao.settlement", "m002_supplementary_per_person_year"),
    ("shebao.settlement", "m003_clustered_lines_and_years"),
    ("shebao.forms", "m001_form_particulars"),
    ("shebao.audit", "m001_audit_chain"),
    ("shebao.register", "m001_person_history"),
    ("shebao.register", "m002_premium_assessments"),
    ("shebao.register", "m003_reversals_and_payment_problems"),
    ("shebao.fund", "m001_mutual_aid_shared_caps_reimbursement"),
    ("shebao.access", "m001_tokens_accounts_sessions"),
)
# (set, name) -> the statements of a migration written after the baseline
LATER: dict[tuple[str, str], str] = {}


def known() -> list[tuple[str, str]]:
    return [(m.name, name) for m in migration_sets() for name in known_migrations(m)]


def applied(pg: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    exists = pg.execute("SELECT to_regclass(%s) IS NOT NULL", [MIGRATIONS_TABLE]).fetchone()
    if not exists or not exists[0]:
        return []
    return [(row[0], row[1]) for row in pg.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY id")]


def refuse_newer_schema(pg: psycopg.Connection[Any], where: str) -> None:
    ours = known()
    unknown = sorted(f"{s}/{n}" for s, n in applied(pg) if (s, n) not in ours)
    if unknown:
        raise NewerSchema(
            f"database {where} has migrations unknown here ({', '.join(unknown[:3])}), written by a newer shebao;"
            f" this shebao {__version__} knows schema version {len(ours)}: upgrade shebao to use it"
        )


def upgrade(pg: psycopg.Connection[Any], where: str) -> int:
    """Apply what is pending in one transaction under the upgrade lock; how many applied."""
    refuse_newer_schema(pg, where)
    if set(applied(pg)) >= set(known()):
        return 0
    with pg.transaction():
        pg.execute("SELECT pg_advisory_xact_lock(%s)", [UPGRADE_LOCK])
        done = set(applied(pg))  # again, now under the lock
        count = 0
        if not done:
            pg.execute(
                f"CREATE TABLE {MIGRATIONS_TABLE} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                " migration_set TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, UNIQUE (migration_set, name))"
            )
            pg.execute(files("shebao.store").joinpath("pg_schema.sql").read_text(encoding="utf-8"))
            for set_name, name in BASELINE:
                _record(pg, set_name, name)
            done = set(BASELINE)
            count = len(BASELINE)
        for set_name, name in known():
            if (set_name, name) in done:
                continue
            if (set_name, name) not in LATER:
                raise InputError(f"database {where}: migration {set_name}/{name} has no PostgreSQL statements yet")
            pg.execute(LATER[(set_name, name)])
            _record(pg, set_name, name)
            count += 1
    return count


def _record(pg: psycopg.Connection[Any], set_name: str, name: str) -> None:
    pg.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (%s, %s, now()::text)", [set_name, name])
