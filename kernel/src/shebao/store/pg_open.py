"""Opening a shebao database on a PostgreSQL server: connected, checked, upgraded."""

from typing import Any

import psycopg

from shebao.errors import InputError
from shebao.store.pg import PgDatabase, redacted
from shebao.store.pg_migrations import applied, refuse_newer_schema, upgrade


def connect_server(url: str, create: bool = True) -> PgDatabase:
    """The database at ``url``; its schema made only when ``create`` (``shebao init``), so a
    mistyped URL writes nothing. The server's database itself is made by its administrator."""
    pg = _connect(url)
    try:
        refuse_newer_schema(pg, redacted(url))
        if not create and not applied(pg):
            raise InputError(f"no shebao database at {redacted(url)}: create one with `shebao init` (or check --db / SHEBAO_DB)")
        upgrade(pg, redacted(url))
    except BaseException:
        pg.close()
        raise
    return PgDatabase(pg, url)


def _connect(url: str) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as error:
        raise InputError(f"database {redacted(url)} cannot be opened: {str(error).strip().splitlines()[0]}") from None
