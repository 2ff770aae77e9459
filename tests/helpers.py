"""Helpers the tests import: the CLI run in process on the test database, and a database's
every row, to show that a refused command changed nothing. Fixtures stay in conftest.py."""

from importlib.metadata import entry_points
from pathlib import Path

import attrs
import sqlite_utils
from click.testing import CliRunner

from shebao.store.database import connect
from shebao_cli.main import cli, run

BUNDLED_DISTRIBUTIONS = frozenset({"shebao-provinces", "shebao-banks", "shebao-printers"})


def bundled_plugin_names() -> list[str]:
    """The entry-point names of the plugins shebao's own distributions install."""
    return sorted(ep.name for ep in entry_points(group="shebao") if ep.dist is not None and ep.dist.name in BUNDLED_DISTRIBUTIONS)


@attrs.frozen
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


class ShebaoCli:
    """Runs ``shebao`` in-process exactly as the console script does, on the test database."""

    def __init__(self, db_path: str | Path, create: bool = True) -> None:
        self.db_path = Path(db_path)
        self.target = db_path  # a SQLite file, or a PostgreSQL URL (migrated already)
        self.create = create  # run `shebao init` first when there is no database yet

    def __call__(self, *args: str, today: str = "2026-03-02", env: dict[str, str] | None = None) -> CliResult:
        if self.create and isinstance(self.target, Path) and not self.db_path.exists() and "init" not in args:
            connect(self.db_path).close()
        runner = CliRunner(env=env)
        with runner.isolation() as (out, err, _):
            code = run(cli, ["--db", str(self.target), "--today", today, "--operator", "tester", *args])
            stdout, stderr = out.getvalue(), err.getvalue()
        return CliResult(code, stdout.decode(), stderr.decode())

    def ok(self, *args: str, today: str = "2026-03-02") -> str:
        """Run a command that must succeed; return its stdout."""
        result = self(*args, today=today)
        assert result.exit_code == 0, result.stderr
        return result.stdout


def db_snapshot(db_path: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a refused command changed nothing."""
    if isinstance(db_path, str):
        return pg_snapshot(db_path)
    database = sqlite_utils.Database(db_path)
    try:
        return {
            # a table scan reads rows in key order (rowid, or the primary key WITHOUT ROWID)
            name: list(database.execute(f"SELECT * FROM [{name}]").fetchall())
            for name in database.table_names()
        }
    finally:
        database.close()


def pg_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """``db_snapshot`` of a PostgreSQL database: each table's rows in the order of their values."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {name: conn.execute(f"SELECT * FROM {name} AS t ORDER BY t").fetchall() for name in tables}
