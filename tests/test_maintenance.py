"""Backups and the ledger check, as an operator uses them."""

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from helpers import ShebaoCli

RETIREE = "440300195505050056"


@pytest.fixture
def with_account(shebao: ShebaoCli) -> None:
    shebao.ok(
        "person", "register", "--id", RETIREE, "--name", "陈建", "--insured-region", "440300",
        "--scheme", "employee", "--status", "retired", today="2026-01-01",
    )  # fmt: skip
    shebao.ok("account", "credit-retirees", "--month", "2026-02")


def test_backup_is_a_complete_copy(shebao: ShebaoCli, with_account: None, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    shebao.ok("backup", str(target))
    copy = sqlite_utils.Database(target)
    assert copy.execute("SELECT balance FROM accounts").fetchone()[0] == 8000
    again = shebao("backup", str(target))
    assert again.exit_code == 2 and "exists" in again.stderr


def test_check_passes_on_a_healthy_database_and_catches_a_tampered_balance(
    shebao: ShebaoCli, with_account: None, db_path: Path
) -> None:
    assert "every ledger identity holds" in shebao.ok("check")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE accounts SET balance = balance + 1")
    conn.commit()
    conn.close()
    result = shebao("check")
    assert result.exit_code == 1
    assert "account-balance" in result.stdout


def test_audit_log_refuses_update_and_delete(shebao: ShebaoCli, with_account: None, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    for statement in ("UPDATE audit SET operator = 'x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()


def test_reveal_is_itself_audited(shebao: ShebaoCli, with_account: None) -> None:
    shebao.ok("--reveal", "person", "show", RETIREE)
    assert '"shebao person show"' in shebao.ok("audit", "list", "--action", "reveal", "--json")


def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "shared.db"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "shebao_cli", "--db", str(db), "init"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [(p.wait(), p.stderr.read() if p.stderr else b"") for p in processes]
    assert all(code == 0 for code, _ in results), results
    names = sqlite_utils.Database(db).execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert len(names) == len(set(names))


def test_a_database_of_the_first_release_upgrades_in_place(tmp_path: Path, shebao: ShebaoCli) -> None:
    """The foundation release had only the people schema; opening it applies the rest and
    keeps what it held."""
    from shebao.store.migrations_people import people

    old = tmp_path / "old.db"
    database = sqlite_utils.Database(old)
    people.apply(database)
    database.execute(
        "INSERT INTO persons (citizen_id, name, nationality, hukou_region, insured_region, scheme, status, registered_on)"
        " VALUES ('440300195505050056', '陈建', 'CHN', '440300', '440300', 'employee', 'retired', '2026-01-10')"
    )
    database.conn.commit()
    database.close()
    upgraded = ShebaoCli(old)
    assert "陈建" in upgraded.ok("person", "list")
    assert "ready" in upgraded.ok("init")
    tables = set(sqlite_utils.Database(old).table_names())
    assert {"settlements", "filings", "institutions"} <= tables
