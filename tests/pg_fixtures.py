"""A real PostgreSQL server for the tests: started once per session (``pg_server``), one fresh
database per test made from a migrated template.

Without PostgreSQL's binaries the PostgreSQL cases are skipped with their reason, except under
CI (``CI=true``), where a missing server fails them."""

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pg_server
import psycopg
import pytest

from shebao.store.pg_open import connect_server

TEMPLATE = "shebao_template"
ENGINES = ["sqlite", "postgresql"]
_numbers = itertools.count(1)


class PgCluster:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.admin = pg_server.url(folder, "postgres")
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")  # a cluster used before, by an earlier run
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        connect_server(pg_server.url(folder, TEMPLATE), create=True).close()  # migrated once

    def new_database(self) -> str:
        """The URL of a new database holding the schema and nothing else."""
        name = f"test_{os.getpid()}_{next(_numbers)}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return pg_server.url(self.folder, name)


# a cluster already running (``.ci/run`` starts one with ``tests/pg_server.py``): used as it is
RUNNING = "SHEBAO_TEST_PG_DIR"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if os.environ.get(RUNNING):
        yield PgCluster(Path(os.environ[RUNNING]))
        return
    if pg_server.binaries() is None:
        reason = "PostgreSQL is not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI the PostgreSQL tests must run")
        pytest.skip(reason)
    folder = pg_server.start()
    try:
        yield PgCluster(folder)
    finally:
        pg_server.stop(folder)


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """A new, migrated, empty shebao database on the session's server."""
    return pg_cluster.new_database()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn; a test marked ``sqlite_only`` (SQLite's files, pragmas, upgrades
    of its old schemas) runs on SQLite alone."""
    if request.param == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about SQLite's own file or schema history")
    return str(request.param)
