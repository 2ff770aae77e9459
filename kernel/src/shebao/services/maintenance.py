"""Keeping the database whole: consistent backups and the ledger identity check."""

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import sqlite_utils

from shebao.errors import InputError


@attrs.frozen
class Problem:
    check: str
    subject: str
    detail: str


LedgerCheck = Callable[[sqlite_utils.Database], Iterator[Problem]]
LEDGER_CHECKS: list[LedgerCheck] = []


def ledger_check(check: LedgerCheck) -> LedgerCheck:
    """Register an identity that must hold between a table and its ledger."""
    LEDGER_CHECKS.append(check)
    return check


def backup(db: sqlite_utils.Database, target: Path) -> int:
    """Copy the database with SQLite's online backup, consistent while others write.
    Returns the number of pages copied."""
    if target.exists():
        raise InputError(f"backup target {target} exists; choose a new file")
    if not target.parent.is_dir():
        raise InputError(f"backup folder {target.parent} does not exist")
    destination = sqlite3.connect(target)
    try:
        db.conn.backup(destination)
        pages = int(destination.execute("PRAGMA page_count").fetchone()[0])
    finally:
        destination.close()
    return pages


def check(db: sqlite_utils.Database) -> list[Problem]:
    """``PRAGMA integrity_check``, foreign keys, then every registered ledger identity."""
    problems = [
        Problem("integrity_check", "database", str(row[0]))
        for row in db.execute("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ]
    problems += [
        Problem("foreign_key_check", str(row[0]), f"row {row[1]} points to a missing {row[2]}")
        for row in db.execute("PRAGMA foreign_key_check").fetchall()
    ]
    for ledger in LEDGER_CHECKS:
        problems.extend(ledger(db))
    return problems


@ledger_check
def account_balances_equal_their_ledgers(db: sqlite_utils.Database) -> Iterator[Problem]:
    rows = db.execute(
        """
        SELECT a.citizen_id, a.balance, COALESCE(SUM(e.amount), 0)
        FROM accounts a LEFT JOIN account_entries e ON e.citizen_id = a.citizen_id
        GROUP BY a.citizen_id HAVING a.balance != COALESCE(SUM(e.amount), 0)
        """
    ).fetchall()
    for citizen_id, balance, ledger in rows:
        yield Problem("account-balance", citizen_id, f"balance {balance} fen, ledger sums to {ledger} fen")
    for (citizen_id,) in db.execute("SELECT citizen_id FROM accounts WHERE balance < 0").fetchall():
        yield Problem("account-balance", citizen_id, "balance is negative")


@ledger_check
def contributions_add_up(db: sqlite_utils.Database) -> Iterator[Problem]:
    rows = db.execute(
        """
        SELECT c.citizen_id, c.period, c.account_credit, e.amount
        FROM contributions c LEFT JOIN account_entries e
          ON e.citizen_id = c.citizen_id AND e.kind = 'contribution-credit' AND e.reference = 'contribution:' || c.period
        WHERE c.account_credit > 0 AND (e.amount IS NULL OR e.amount != c.account_credit)
          AND c.citizen_id IN (SELECT citizen_id FROM accounts)
        """
    ).fetchall()
    for citizen_id, period, credit, entry in rows:
        yield Problem("contribution-credit", f"{citizen_id} {period}", f"credit {credit} fen, ledger entry {entry}")
