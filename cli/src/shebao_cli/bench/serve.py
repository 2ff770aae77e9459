"""``shebao bench serve``: settlements per second through the API with 1, 8 and 32 concurrent
clients, p50 and p99 latency, beside the CLI's live figure (one ``settle_bill`` transaction a
bill, in one process) on the same world and bills.

The server is shebao's own application under uvicorn in a forked child process, so it has the
benchmark's catalogue plugin, on a socket bound before it starts; the clients are threads
with one HTTP connection each, in this process, as a hospital's counters would be. Each number
of clients settles the same first bills on a fresh copy of the world, so every run settles
every bill once and the results can be compared with the live run's.
"""

import datetime as dt
import multiprocessing
import socket
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import attrs

from shebao_cli.bench.bills import SETTLED_ON, write_bills
from shebao_cli.bench.runner import (
    _fresh_copy,
    _live_worker,
    _load_settlement_code,
    _remove_database,
    _timed,
    machine,
    results_digest,
)
from shebao_cli.bench.world import build_world, install_catalogue, uninstall_catalogue


@attrs.frozen
class ServePlan:
    bills: int
    lines: int
    persons: int
    catalogue_size: int
    clients: tuple[int, ...]
    seed: int
    servers: int = 1  # server processes on the one socket, as `shebao serve --workers`
    server: str | None = None  # a postgresql:// URL: the same runs on the server too


def _serve(db_path: Path | str, listening: socket.socket) -> None:
    import uvicorn

    from shebao_cli.serve.app import create_app

    config = uvicorn.Config(create_app(db_path, SETTLED_ON), log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[listening])


def _counter_token(db_path: Path | str) -> str:
    from shebao.model.access import Role
    from shebao.services.access import create_token
    from shebao.store.database import open_database
    from shebao.store.unit_of_work import unit_of_work

    db = open_database(db_path)
    now = dt.datetime.combine(SETTLED_ON, dt.time(8))
    secret = create_token(unit_of_work(db, "bench", now), Role.COUNTER, None, "bench", now)[1]
    if isinstance(db_path, Path):
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return secret


def _drive(port: int, token: str, bills: list[bytes], clients: int) -> tuple[float, list[float]]:
    """Post every bill once from ``clients`` concurrent clients (threads, one keep-alive
    connection each, the standard library's HTTP client, which costs the shared two cores
    least); the wall time and each latency. The clock starts once every client is connected."""
    import http.client

    pending = iter(bills)
    take = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    gate = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        gate.wait()
        while True:
            with take:
                raw = next(pending, None)
            if raw is None or failures:
                break
            started = time.perf_counter()
            connection.request("POST", "/api/v1/settlements", body=raw, headers=headers)
            response = connection.getresponse()
            body = response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != 201:
                failures.append(f"the server refused a bill: {response.status} {body[:300]!r}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return time.perf_counter() - started, latencies


def _totals(db_path: Path | str) -> tuple[int, int, int]:
    """Settlements, distinct bills and the sum of their totals (which no order changes)."""
    from shebao.store.database import open_database

    conn = open_database(db_path, create=False)
    row = conn.execute("SELECT count(*), count(DISTINCT bill_number), sum(total) FROM settlements").fetchone()
    conn.close()
    return int(row[0]), int(row[1]), int(row[2] or 0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _through_api(db_path: Path | str, bills: list[bytes], clients: int, servers: int) -> dict[str, float]:
    token = _counter_token(db_path)
    # IPPROTO_TCP named: asyncio turns Nagle's algorithm off only for sockets that say they are TCP,
    # and with it on every answer waits some 40 ms for the client's delayed ACK
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.bind(("127.0.0.1", 0))
    listening.listen(256)
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_serve, args=(db_path, listening)) for _ in range(servers)]
    for process in processes:
        process.start()
    try:
        seconds, latencies = _drive(listening.getsockname()[1], token, bills, clients)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        listening.close()
    return {
        "bills_per_s": round(len(bills) / seconds),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
    }


def run_serve_benchmark(folder: Path, plan: ServePlan, say: Callable[[str], None]) -> dict[str, object]:
    install_catalogue(plan.catalogue_size, plan.seed)
    try:
        return _run(folder, plan, say)
    finally:
        uninstall_catalogue()


def _run(folder: Path, plan: ServePlan, say: Callable[[str], None]) -> dict[str, object]:
    from shebao.store.database import connect

    world_db = folder / "world.db"
    _remove_database(world_db)
    say(f"building the world: {plan.persons} persons, {plan.catalogue_size} catalogue items")
    db = connect(world_db)
    world = build_world(db, plan.persons, plan.seed)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _load_settlement_code()
    bills_path = folder / f"bills-{plan.bills}.jsonl"
    write_bills(bills_path, world, plan.bills, plan.lines, plan.catalogue_size, plan.seed)
    bills = bills_path.read_bytes().splitlines()

    say(f"{plan.bills} bills: live, bill by bill in one process")
    live_db = _fresh_copy(world_db, folder / "live.db")
    live_seconds, _ = _timed([(_live_worker, (live_db, bills_path, plan.bills))])
    live = round(plan.bills / live_seconds)
    expected = results_digest(live_db)

    runs: dict[str, dict[str, object]] = {}
    for clients in plan.clients:
        say(f"{plan.bills} bills through the API, {clients} concurrent clients")
        served_db = _fresh_copy(world_db, folder / f"serve-{clients}.db")
        run: dict[str, object] = {**_through_api(served_db, bills, clients, plan.servers)}
        run["ratio_to_live"] = round(float(str(run["bills_per_s"])) / live, 3)
        # one client settles in the file's order, as the live run does: the same figures to the
        # fen; concurrent clients settle a person's bills in another order, which moves the
        # deductible between them, so there every bill is settled once with the same totals
        if clients == 1:
            run["matches_live"] = results_digest(served_db) == expected
        run["same_bills_and_totals"] = _totals(served_db) == _totals(live_db)
        runs[str(clients)] = run
    if plan.server:
        runs_on_server = _on_server(plan.server, world_db, bills, plan, live_db, live, say)
        runs.update({f"postgresql_{key}": value for key, value in runs_on_server.items()})
    match = all(run.get("matches_live", True) and run["same_bills_and_totals"] for run in runs.values())
    return {
        "bills": plan.bills,
        "lines": plan.lines,
        "persons": plan.persons,
        "live_bills_per_s": live,
        "server_processes": plan.servers,
        "serve": runs,
        "results_match": match,
        "machine": machine(),
    }


def _on_server(
    url: str, world_db: Path, bills: list[bytes], plan: ServePlan, live_db: Path, live: int, say: Callable[[str], None]
) -> dict[str, dict[str, object]]:
    """The API on PostgreSQL with one and with two server processes, at the largest number of
    clients: each process settles its requests on its own connection, side by side."""
    import psycopg

    from shebao_cli.bench.server import _fresh

    clients = max(plan.clients)
    made: list[str] = []
    runs: dict[str, dict[str, object]] = {}
    try:
        for servers in (1, 2):
            say(f"{plan.bills} bills through the API on PostgreSQL, {clients} clients, {servers} server process(es)")
            served = _fresh(url, world_db, made)
            run: dict[str, object] = {**_through_api(served, bills, clients, servers)}
            run["ratio_to_live"] = round(float(str(run["bills_per_s"])) / live, 3)
            run["same_bills_and_totals"] = _totals(served) == _totals(live_db)
            runs[f"{clients}_clients_{servers}_servers"] = run
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for name in made:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
    one, two = (runs[f"{clients}_clients_{n}_servers"]["bills_per_s"] for n in (1, 2))
    runs[f"{clients}_clients_2_servers"]["ratio_to_1_server"] = round(float(str(two)) / float(str(one)), 3)
    return runs
