"""Running the benchmark: one world, then per size of bills a fresh copy of it settled by the
floor, by shebao's batch (one process, then W), and a sample live, bill by bill.

Every measured run is a child process (forked), so its peak memory is its own and a size's
figures do not depend on the sizes run before it.
"""

import datetime as dt
import hashlib
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from shebao_cli.bench.bills import SETTLED_ON, write_bills
from shebao_cli.bench.world import World, build_world, install_catalogue, uninstall_catalogue

_ID_KEY = b'"citizen_id": "'


def partition_of(raw: bytes, count: int) -> int:
    """Which of ``count`` workers settles this bill: by person, so accumulators never race."""
    start = raw.find(_ID_KEY)
    if start < 0:
        return 0  # not a bill shebao can read: one worker reports it
    start += len(_ID_KEY)
    return zlib.crc32(raw[start : raw.find(b'"', start)]) % count


def _lines(path: Path, index: int, count: int) -> Iterator[bytes]:
    with path.open("rb") as stream:
        for raw in stream:
            if count == 1 or partition_of(raw, count) == index:
                yield raw


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fresh_copy(world_db: Path, target: Path) -> Path:
    _remove_database(target)
    shutil.copyfile(world_db, target)
    return target


def _batch_worker(db_path: Path | str, bills: Path, index: int, count: int, chunk: int) -> None:
    from shebao.services.settlement.batch import settle_batch
    from shebao.store.database import open_database
    from shebao.store.unit_of_work import unit_of_work

    db = open_database(db_path)
    uow = unit_of_work(db, "bench", dt.datetime.combine(SETTLED_ON, dt.time(12)))
    summary = settle_batch(uow, _lines(bills, index, count), str(bills), SETTLED_ON, chunk_size=chunk)
    db.close()
    if summary.refused:
        raise SystemExit(f"worker {index}: {len(summary.refused)} bills refused, first: {summary.refused[0].message}")


def _live_worker(db_path: Path | str, bills: Path, limit: int, index: int = 0, count: int = 1) -> None:
    """Settle the first ``limit`` bills one transaction each; with ``count`` workers, this one's
    share of them (by person, as counters of different hospitals meet different people)."""
    from shebao.services.settlement import SettlementSession, settle_bill
    from shebao.services.settlement import context as settlement_context
    from shebao.services.settlement.bills import bill_from_json
    from shebao.store.database import open_database
    from shebao.store.unit_of_work import unit_of_work

    db = open_database(db_path)
    uow = unit_of_work(db, "bench", dt.datetime.combine(SETTLED_ON, dt.time(12)))
    session = SettlementSession(settlement_context.treatment_context(uow))  # a counter's, kept all day
    with bills.open("rb") as stream:
        for number, raw in enumerate(stream):
            if number >= limit:
                break
            if count == 1 or partition_of(raw, count) == index:
                settle_bill(uow, bill_from_json(raw, str(bills)), SETTLED_ON, session=session)
    db.close()


def _floor_worker(db_path: Path, bills: Path) -> None:
    from shebao_cli.bench.floor import prepare, run_floor

    lookups = prepare(db_path)
    started = time.perf_counter()
    run_floor(db_path, bills, lookups)
    Path(f"{db_path}.seconds").write_text(str(time.perf_counter() - started))


def _load_settlement_code() -> None:
    """Import settlement's modules before the measured processes fork, as a running counter has
    them loaded, and read stdnum's county database once, as a counter has by its first person:
    the floor's clock, too, starts after its imports (``prepare``)."""
    from shebao.ids import CitizenId

    CitizenId("440300195505050056")


def _timed(targets: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> tuple[float, float]:
    """Run the targets as parallel child processes; their wall time and peak memory (MB)."""
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    processes = [context.Process(target=target, args=args) for target, args in targets]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a benchmark process failed with status {process.exitcode}")
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    return seconds, peak_kb / 1024


def results_digest(db_path: Path, limit: int | None = None) -> str:
    """A digest of every settlement's figures in bill order (ids left out: they depend on
    which worker wrote first), with the final accumulators when the whole file is compared."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    digest = hashlib.sha256()
    sql = (
        "SELECT s.bill_number, s.citizen_id, s.management, s.total, s.fully_self_paid, s.over_limit, s.first_self_paid,"
        " s.in_scope, s.deductible_applied, s.ratio, s.pooling_fund, s.supplementary, s.fund_total, s.personal,"
        " s.account, s.cash, s.balance_after, s.year_deductible_used, s.year_fund_paid, s.year_supplementary_paid,"
        " (SELECT group_concat(l.code || ':' || l.amount || ':' || l.in_scope, ',') FROM settlement_lines l"
        "  WHERE l.settlement_id = s.id) FROM settlements s ORDER BY s.bill_number"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    for row in conn.execute(sql):
        digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def _person_query_ms(db_path: Path, world: World, lines: bool) -> float:
    """Median time to find one person's settlements: as ``settlement list --person`` asks
    (``lines=False``, a listing shows none), or as full values with every line."""
    from shebao.services.settlement import SettlementQuery, find_settlements
    from shebao.store.database import connect
    from shebao.store.unit_of_work import SqliteUnitOfWork

    db = connect(db_path)
    uow = SqliteUnitOfWork(db, "bench", dt.datetime.combine(SETTLED_ON, dt.time(12)))
    timings = []
    for person in world.persons[:: max(1, len(world.persons) // 50)]:
        started = time.perf_counter()
        find_settlements(uow, SettlementQuery(citizen_id=person.citizen_id, limit=1000, lines=lines))
        timings.append(time.perf_counter() - started)
    db.close()
    return statistics.median(timings) * 1000


def start_up(db_path: Path, rounds: int = 9) -> dict[str, float]:
    """Cold start of shebao against the bare import of its own dependencies: best of ``rounds``,
    the four commands taking turns in each round, so a slower spell of the machine falls on
    all of them alike rather than on whichever was being timed."""
    python = sys.executable
    shebao = str(Path(python).with_name("shebao"))
    env = {**os.environ, "SHEBAO_DB": str(db_path)}
    commands = {
        "python_import_click_ms": [python, "-c", "import click"],
        "python_import_dependencies_ms": [python, "-c", "import click, attrs, cattrs, pluggy, sqlite_utils"],
        "shebao_version_ms": [shebao, "--version"],
        "shebao_person_list_ms": [shebao, "person", "list"],
    }
    figures = dict.fromkeys(commands, float("inf"))
    for _ in range(rounds):
        for name, args in commands.items():
            started = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, env=env)
            figures[name] = min(figures[name], (time.perf_counter() - started) * 1000)
    figures["version_ratio"] = figures["shebao_version_ms"] / figures["python_import_click_ms"]
    figures["person_list_ratio"] = figures["shebao_person_list_ms"] / figures["python_import_dependencies_ms"]
    return figures


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.system(),
    }


@attrs.frozen
class BenchPlan:
    """What ``shebao bench settle`` was asked to run."""

    sizes: tuple[int, ...]  # bills of each run
    lines: int  # per bill
    workers: int
    persons: int
    catalogue_size: int
    live_bills: int
    seed: int
    chunk: int  # bills per transaction
    server: str | None = None  # a postgresql:// URL: the same bills on the server too


def run_benchmark(folder: Path, plan: BenchPlan, say: Callable[[str], None]) -> dict[str, object]:
    install_catalogue(plan.catalogue_size, plan.seed)
    try:
        return _run(folder, plan, say)
    finally:
        uninstall_catalogue()


def _run(folder: Path, plan: BenchPlan, say: Callable[[str], None]) -> dict[str, object]:
    from shebao.store.database import connect

    lines, workers = plan.lines, plan.workers
    world_db = folder / "world.db"
    _remove_database(world_db)
    say(f"building the world: {plan.persons} persons, {plan.catalogue_size} catalogue items")
    db = connect(world_db)
    world = build_world(db, plan.persons, plan.seed)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _load_settlement_code()

    runs: list[dict[str, object]] = []
    match = True
    peak = 0.0
    for size in sorted(plan.sizes):
        run, same, run_peak = _run_size(folder, plan, world_db, world, size, say)
        runs.append(run)
        match = match and same
        peak = max(peak, run_peak)
    say("start-up times")
    figures = start_up(folder / "batch-1.db")
    largest = runs[-1]
    return {
        "bills": sorted(plan.sizes),
        "lines": lines,
        "workers": workers,
        "persons": plan.persons,
        "catalogue_items": plan.catalogue_size,
        "batch_bills_per_s": largest["batch_bills_per_s"],
        f"batch_{workers}_workers_bills_per_s": largest.get(f"batch_{workers}_workers_bills_per_s", largest["batch_bills_per_s"]),
        "live_bills_per_s": largest["live_bills_per_s"],
        "floor_bills_per_s": largest["floor_bills_per_s"],
        "ratio_to_floor": largest["ratio_to_floor"],
        "peak_memory_mb": round(peak, 1),
        "seconds_per_1000": {str(run["bills"]): run["seconds_per_1000"] for run in runs},
        "person_query_ms": largest["person_query_ms"],
        "person_query_with_lines_ms": largest["person_query_with_lines_ms"],
        "settled_in_person_query": largest["bills"],
        "start_up": {key: round(value, 3) for key, value in figures.items()},
        "results_match": match,
        "runs": runs,
        "machine": machine(),
    }


def _run_size(
    folder: Path, plan: BenchPlan, world_db: Path, world: World, size: int, say: Callable[[str], None]
) -> tuple[dict[str, object], bool, float]:
    """One size: the floor, the batch in one process (and in ``workers``), the first bills live;
    the figures, whether every result matched, and the peak memory."""
    lines, workers, chunk = plan.lines, plan.workers, plan.chunk
    bills = folder / f"bills-{size}.jsonl"
    say(f"{size} bills of {lines} lines: writing")
    write_bills(bills, world, size, lines, plan.catalogue_size, plan.seed)

    floor_db = _fresh_copy(world_db, folder / "floor.db")
    _timed([(_floor_worker, (floor_db, bills))])
    floor_seconds = float(Path(f"{floor_db}.seconds").read_text())

    say(f"{size} bills: batch, one process")
    single_db = _fresh_copy(world_db, folder / "batch-1.db")
    single_seconds, peak = _timed([(_batch_worker, (single_db, bills, 0, 1, chunk))])
    run: dict[str, object] = {
        "bills": size,
        "floor_bills_per_s": round(size / floor_seconds),
        "batch_bills_per_s": round(size / single_seconds),
        "ratio_to_floor": round(floor_seconds / single_seconds, 3),
        "seconds_per_1000": round(single_seconds / size * 1000, 4),
        "peak_memory_mb": round(peak, 1),
    }
    match = True
    if workers > 1:
        say(f"{size} bills: batch, {workers} processes")
        parallel_db = _fresh_copy(world_db, folder / f"batch-{workers}.db")
        parallel_seconds, parallel_peak = _timed(
            [(_batch_worker, (parallel_db, bills, index, workers, chunk)) for index in range(workers)]
        )
        run[f"batch_{workers}_workers_bills_per_s"] = round(size / parallel_seconds)
        run[f"seconds_per_1000_{workers}_workers"] = round(parallel_seconds / size * 1000, 4)
        match = run["workers_match"] = results_digest(single_db) == results_digest(parallel_db)
        peak = max(peak, parallel_peak)
    live = min(size, plan.live_bills)
    say(f"{size} bills: live, the first {live} bill by bill")
    live_db = _fresh_copy(world_db, folder / "live.db")
    live_seconds, _ = _timed([(_live_worker, (live_db, bills, live))])
    run["live_bills_per_s"] = round(live / live_seconds)
    run["live_bills"] = live
    same = run["live_matches_batch"] = results_digest(live_db) == results_digest(single_db, limit=live)
    if plan.server:
        from shebao_cli.bench.server import run_on_server

        run["postgresql"] = run_on_server(plan.server, world_db, bills, live, chunk, single_db, say, _timed, results_digest)
    run["person_query_ms"] = round(_person_query_ms(single_db, world, lines=False), 3)
    run["person_query_with_lines_ms"] = round(_person_query_ms(single_db, world, lines=True), 3)
    return run, match and same, peak
