"""A batch settlement killed with SIGKILL at random points loses nothing and doubles nothing.

Each kill point starts from the same populated database and runs ``shebao settle batch`` in its
own process. The kill is placed by progress, not by time: a read-only connection watches the
settlements on disk, and once a seeded random number of them has been committed the process is
killed a seeded random fraction of one commit's measured time later, somewhere between two
commits. Only kills that land mid-run count (0 < settled < all), so a fast or a slow machine
only changes how long this takes. Afterwards the database is whole (integrity check, no
half-settled bill, accumulators equal to their settlements, accounts equal to their ledgers,
``shebao check`` clean), and rerunning the batch ends in exactly the state an uninterrupted run
reaches: every bill settled once, with the same figures."""

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import db_snapshot
from reliability_world import bills, copy_database, invariants, new_world, shebao_process, write_jsonl

pytestmark = pytest.mark.slow

KILL_POINTS = 12
BILLS = 3000
LEDGERS = ("settlements", "settlement_lines", "benefit_years", "accounts", "account_entries")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_world(tmp_path_factory)


def ledgers(db: Path) -> dict[str, list[tuple[object, ...]]]:
    snapshot = db_snapshot(db)
    return {name: snapshot[name] for name in LEDGERS}


def settled_on_disk(watcher: sqlite3.Connection) -> int:
    return int(watcher.execute("SELECT COUNT(*) FROM settlements").fetchone()[0])


def kill_after(process: subprocess.Popen[bytes], db: Path, settled: int, delay: float) -> bool:
    """Kill ``process`` ``delay`` seconds after at least ``settled`` settlements are on disk;
    False if it finished first. Polling a read-only connection follows the commits as they land."""
    watcher = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        while process.poll() is None:
            try:
                if settled_on_disk(watcher) >= settled:
                    break
            except sqlite3.OperationalError:
                pass  # the batch is still opening the database
            time.sleep(0.001)
    finally:
        watcher.close()
    deadline = time.perf_counter() + delay
    while process.poll() is None and time.perf_counter() < deadline:
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return process.returncode == -signal.SIGKILL


def run_to_end(db: Path | str, jsonl: Path, *extra: str) -> str:
    process = shebao_process(db, "settle", "batch", str(jsonl), *extra)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return out.decode()


def test_sigkill_at_random_points_loses_and_doubles_nothing(world: Path, tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "bills.jsonl", bills(seed=6, count=BILLS))
    reference = copy_database(world, tmp_path / "reference.db")
    started = time.perf_counter()
    run_to_end(reference, jsonl, "--chunk", "50")
    # a commit's time on this machine, measured uninterrupted, places a kill between two commits
    per_commit = (time.perf_counter() - started) / (BILLS / 50)
    expected = ledgers(reference)
    assert len(expected["settlements"]) == BILLS
    assert invariants(reference)["capped"] > 0  # the caps were reached, so they were tested

    rng = random.Random(20260630)
    killed_at: list[int] = []  # settlements on disk when each kill landed
    attempts = 0
    while len(killed_at) < KILL_POINTS:
        attempts += 1
        # a run ends before its kill only when the kill falls in its last commit: rare, retried
        assert attempts <= 4 * KILL_POINTS, f"only {len(killed_at)} of {attempts} kills landed mid-run"
        db = copy_database(world, tmp_path / f"killed-{attempts}.db")
        chunk = rng.choice([50, 200, 500])
        process = shebao_process(db, "settle", "batch", str(jsonl), "--chunk", str(chunk))
        commits_before_kill = rng.randrange(BILLS // chunk)
        if not kill_after(process, db, commits_before_kill * chunk, rng.uniform(0, per_commit * chunk / 50)):
            continue  # finished before the kill: not a kill point
        figures = invariants(db)
        if not 0 < figures["settlements"] < BILLS:
            continue  # killed before the first commit or after the last: nothing to recover
        killed_at.append(figures["settlements"])
        check = shebao_process(db, "check")
        assert check.wait(timeout=60) == 0, check.communicate()[0].decode()
        summary = run_to_end(db, jsonl)
        assert f"{BILLS - figures['settlements']} settled, {figures['settlements']} already settled" in summary
        invariants(db)
        assert ledgers(db) == expected, f"kill {len(killed_at)} at {figures['settlements']} settlements"
        # and a third run settles nothing at all
        assert f"0 settled, {BILLS} already settled" in run_to_end(db, jsonl)
        assert ledgers(db) == expected
    print(f"SIGKILL: {len(killed_at)} kill points in {attempts} runs; settlements on disk when killed: {sorted(killed_at)}")
    assert len(set(killed_at)) > 1  # the kills landed at different points


PG_KILL_POINTS = 4
PG_BILLS = 1500


def settled_on_server(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT COUNT(*) FROM settlements").fetchone()
        return int(row[0]) if row else 0


def business_ledgers(url: str) -> dict[str, list[tuple[object, ...]]]:
    """The ledgers as figures, without the numbers a server's sequence gave: a killed run may
    have taken numbers it never committed, so a rerun's ids differ but nothing else may."""
    import psycopg

    with psycopg.connect(url) as conn:
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'settlements' AND column_name != 'id'"
                " ORDER BY ordinal_position"
            )
        ]
        return {
            "settlements": conn.execute(
                f"SELECT {', '.join(columns)} FROM settlements ORDER BY institution_code, bill_number"
            ).fetchall(),
            "lines": conn.execute(
                "SELECT s.institution_code, s.bill_number, l.line_no, l.amount, l.in_scope FROM settlement_lines l"
                " JOIN settlements s ON s.id = l.settlement_id ORDER BY 1, 2, 3"
            ).fetchall(),
            "benefit_years": conn.execute("SELECT * FROM benefit_years ORDER BY 1, 2, 3").fetchall(),
            "accounts": conn.execute("SELECT * FROM accounts ORDER BY 1").fetchall(),
            "entries": conn.execute(
                "SELECT citizen_id, kind, SUM(amount), COUNT(*) FROM account_entries GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall(),
        }


def test_sigkill_on_postgresql_loses_and_doubles_nothing(world: Path, tmp_path: Path, pg_cluster: Any) -> None:
    """The same on the server: a killed batch's open transaction is rolled back by PostgreSQL,
    and the rerun reaches the uninterrupted run's figures."""
    jsonl = write_jsonl(tmp_path / "bills.jsonl", bills(seed=6, count=PG_BILLS))
    reference = copy_database(world, pg_cluster.new_database())
    started = time.perf_counter()
    run_to_end(reference, jsonl, "--chunk", "50")
    per_commit = (time.perf_counter() - started) / (PG_BILLS / 50)
    expected = business_ledgers(reference)
    assert len(expected["settlements"]) == PG_BILLS

    rng = random.Random(20261203)
    killed_at: list[int] = []
    attempts = 0
    while len(killed_at) < PG_KILL_POINTS:
        attempts += 1
        assert attempts <= 4 * PG_KILL_POINTS, f"only {len(killed_at)} of {attempts} kills landed mid-run"
        url = copy_database(world, pg_cluster.new_database())
        chunk = rng.choice([50, 200])
        process = shebao_process(url, "settle", "batch", str(jsonl), "--chunk", str(chunk))
        commits_before_kill = rng.randrange(PG_BILLS // chunk)
        while process.poll() is None and settled_on_server(url) < commits_before_kill * chunk:
            time.sleep(0.001)
        deadline = time.perf_counter() + rng.uniform(0, per_commit * chunk / 50)
        while process.poll() is None and time.perf_counter() < deadline:
            time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if process.returncode != -signal.SIGKILL:
            continue
        figures = invariants(url)
        if not 0 < figures["settlements"] < PG_BILLS:
            continue
        killed_at.append(figures["settlements"])
        check = shebao_process(url, "check")
        assert check.wait(timeout=60) == 0, check.communicate()[0].decode()
        summary = run_to_end(url, jsonl)
        assert f"{PG_BILLS - figures['settlements']} settled, {figures['settlements']} already settled" in summary
        invariants(url)
        assert business_ledgers(url) == expected, f"kill {len(killed_at)} at {figures['settlements']} settlements"
    print(f"SIGKILL on PostgreSQL: {len(killed_at)} kill points in {attempts} runs: {sorted(killed_at)}")
