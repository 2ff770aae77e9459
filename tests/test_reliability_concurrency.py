"""Processes settling bills of the same people at the same time: each chunk reads the year and
the account under the write lock it takes up front, so neither cap nor deductible is exceeded,
no account goes negative, and no process fails with "database is locked". The processes load
everything before they are released together, and their chunks take turns (``turns``), so the
writers interleave on a fast machine, a slow one, or one core."""

import itertools
import random
from pathlib import Path

import pytest
from reliability_world import PATIENTS, bills, copy_database, invariants, new_world, release, shebao_process, write_jsonl

from shebao.store.database import open_database

pytestmark = pytest.mark.slow

ROUNDS = 3
PROCESSES = 3
BILLS_EACH = 800


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_world(tmp_path_factory)


def batch_runs_interleaved(db: Path | str) -> int:
    """How often the writer changed between consecutive batch chunks in the audit log."""
    database = open_database(db, create=False)
    try:
        operators = [
            row[0]
            for row in database.execute("SELECT operator FROM audit WHERE action = 'settlement.batch' ORDER BY id").fetchall()
        ]
    finally:
        database.close()
    return sum(1 for a, b in itertools.pairwise(operators) if a != b)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_concurrent_batches_of_the_same_people_keep_caps_and_accounts(world: Path, tmp_path: Path, round_: int) -> None:
    concurrent_batches(copy_database(world, tmp_path / "shared.db"), tmp_path, round_)


def test_concurrent_batches_on_postgresql_lock_the_same_people(world: Path, tmp_path: Path, pg_url: str) -> None:
    """On the server the processes' transactions run side by side; each chunk holds its persons'
    rows, so the same people's settlements take turns and the caps and accounts still hold."""
    concurrent_batches(copy_database(world, pg_url), tmp_path, 0)


def concurrent_batches(db: Path | str, tmp_path: Path, round_: int) -> None:
    rng = random.Random(round_)
    same_people = rng.sample(list(PATIENTS), k=2)
    files = [
        write_jsonl(tmp_path / f"p{n}.jsonl", bills(100 * round_ + n, BILLS_EACH, prefix=f"P{n}-", patients=same_people))
        for n in range(PROCESSES)
    ]
    gate = tmp_path / "gate"
    gate.mkdir()
    processes = [
        shebao_process(db, "settle", "batch", str(path), "--chunk", "25", operator=f"batch-{n}", gate=gate, turns=True)
        for n, path in enumerate(files)
    ]
    release(gate, processes)
    for process in processes:
        code = process.wait(timeout=300)
        out, err = (stream.decode() for stream in process.communicate())
        assert "locked" not in err and "Traceback" not in err, err
        assert code == 0, err
        assert f"{BILLS_EACH} settled" in out, out
    figures = invariants(db)
    assert figures["settlements"] == PROCESSES * BILLS_EACH
    assert figures["capped"] > 0
    assert batch_runs_interleaved(db) > PROCESSES  # the chunks really took turns
    check = shebao_process(db, "check")
    assert check.wait(timeout=60) == 0, check.communicate()[0].decode()


def test_single_bills_and_a_reversal_race_a_batch(world: Path, tmp_path: Path) -> None:
    """``settle FILE`` and ``settlement reverse`` from other counters while a batch runs."""
    import json

    db = copy_database(world, tmp_path / "shared.db")
    person = next(iter(PATIENTS))
    batch = write_jsonl(tmp_path / "batch.jsonl", bills(seed=7, count=600, prefix="BATCH-", patients=[person]))
    singles = list(bills(seed=8, count=12, prefix="DESK-", patients=[person]))
    batch_process = shebao_process(db, "settle", "batch", str(batch), "--chunk", "10", operator="batch")
    desk = []
    for number, bill in enumerate(singles):
        path = tmp_path / f"desk-{number}.json"
        path.write_text(json.dumps(bill, ensure_ascii=False), encoding="utf-8")
        desk.append(shebao_process(db, "settle", str(path), operator="desk"))
    reverse = shebao_process(db, "settlement", "reverse", "1", operator="desk")
    for process in [batch_process, *desk, reverse]:
        code = process.wait(timeout=300)
        err = process.communicate()[1].decode()
        assert "locked" not in err and "Traceback" not in err, err
        # the reversal may come before settlement 1 exists: then it is refused, cleanly
        assert code == 0 or (process is reverse and code == 1 and "settlement 1" in err), err
    invariants(db)
    check = shebao_process(db, "check")
    assert check.wait(timeout=60) == 0, check.communicate()[0].decode()
