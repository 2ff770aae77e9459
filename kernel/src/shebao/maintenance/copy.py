"""Moving a centre's database to the province's server: the source checked, the copy verified
(counts, sums, the same check on the server) before it commits, and audited there."""

import datetime as dt
from pathlib import Path

from shebao.errors import InputError, RuleViolation
from shebao.maintenance import check
from shebao.store.copy import TableCopy, copy_sqlite_to_server
from shebao.store.database import connect
from shebao.store.engine import Database, is_server
from shebao.store.pg import PgDatabase, redacted
from shebao.store.pg_open import connect_server
from shebao.store.unit_of_work import unit_of_work


def source_file(text: str) -> Path:
    """``sqlite:PATH`` or ``PATH``: the SQLite file to copy."""
    if is_server(text):
        raise InputError(f"--from {redacted(text)} is a server: copy from a centre's SQLite file (sqlite:PATH)")
    return Path(text.removeprefix("sqlite:"))


def copy_to_server(source: str, target: str, operator: str, now: dt.datetime) -> list[TableCopy]:
    if not is_server(target):
        raise InputError("--to must be a postgresql:// URL: the province's server database")
    path = source_file(source)
    database = connect(path, create=False)
    try:
        problems = check(database)
        if problems:
            raise RuleViolation(
                "copy-source-checked", f"{path} does not pass `shebao check` ({problems[0].check}): repair it first"
            )
        server = connect_server(target, create=True)
        try:
            copied = copy_sqlite_to_server(database, server, _problems)
            with unit_of_work(server, operator, now) as uow:
                uow.audit.record("database.copy", str(path), rows=sum(t.rows for t in copied), tables=len(copied))
                uow.commit()
        finally:
            server.close()
    finally:
        database.close()
    return copied


def _problems(db: PgDatabase) -> list[str]:
    target: Database = db
    return [f"{p.check} {p.subject}: {p.detail}" for p in check(target)]
