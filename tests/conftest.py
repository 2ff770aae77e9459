"""Shared fixtures: a fresh database per test, a clock, and test plugins that never leak."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import sqlite_utils
from click.testing import CliRunner

from shebao.plugins import plugin_manager
from shebao.store.database import connect
from shebao.store.unit_of_work import SqliteUnitOfWork
from shebao_cli.main import cli, run

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shebao.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = connect(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def uow(db: sqlite_utils.Database) -> SqliteUnitOfWork:
    return SqliteUnitOfWork(db, "tester", dt.datetime(2026, 3, 2, 9, 30))


@pytest.fixture
def register_plugin() -> Iterator[object]:
    """Register test plugins under explicit names; every one is unregistered afterwards."""
    pm = plugin_manager()
    names: list[str] = []

    def register(plugin: object, name: str) -> None:
        pm.register(plugin, name=name)
        names.append(name)

    try:
        yield register
    finally:
        for name in names:
            pm.unregister(name=name)


@attrs.frozen
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


class ShebaoCli:
    """Runs ``shebao`` in-process exactly as the console script does, on the test database."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def __call__(self, *args: str, today: str = "2026-03-02", env: dict[str, str] | None = None) -> CliResult:
        runner = CliRunner(env=env)
        with runner.isolation() as (out, err, _):
            code = run(cli, ["--db", str(self.db_path), "--today", today, "--operator", "tester", *args])
            stdout, stderr = out.getvalue(), err.getvalue()
        return CliResult(code, stdout.decode(), stderr.decode())

    def ok(self, *args: str, today: str = "2026-03-02") -> str:
        """Run a command that must succeed; return its stdout."""
        result = self(*args, today=today)
        assert result.exit_code == 0, result.stderr
        return result.stdout


@pytest.fixture
def shebao(db_path: Path) -> ShebaoCli:
    return ShebaoCli(db_path)


def db_snapshot(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a refused command changed nothing."""
    database = sqlite_utils.Database(db_path)
    try:
        return {
            # a table scan reads rows in key order (rowid, or the primary key WITHOUT ROWID)
            name: list(database.execute(f"SELECT * FROM [{name}]").fetchall())
            for name in database.table_names()
        }
    finally:
        database.close()
