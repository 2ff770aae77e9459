"""``shebao bench serve``: settlements per second through the API with 1, 8 and 32 concurrent
clients, p50 and p99 latency, beside the CLI's live figure (one ``settle_bill`` transaction a
bill, in one process) on the same world and bills.

The server is shebao's own application under uvicorn in a forked child process, so it has the
benchmark's catalogue plugin, on a socket bound before it starts; the clients are threads
with one HTTP connection each, in this process, as a hospital's counters would be. Each number
of clients settles the same first bills on a fresh copy of the world, so every run settles
every bill once and the results can be compared with the live run's.

The machine is shared, so the live figure is measured again just before each served run and
the ratio taken to that one (other jobs' load changes within seconds, not within one pair of
runs). The CPU time a bill costs the server and the live process is reported too: unlike
bills per second, it hardly moves with the load, and their quotient is the ratio a quiet
machine would give, when the server alone is busy.
"""

import datetime as dt
import multiprocessing
import os
import resource
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


def _drive(
    port: int, token: str, bills: list[bytes], clients: int, at_start: Callable[[], None] = lambda: None
) -> tuple[float, list[float]]:
    """Post every bill once from ``clients`` concurrent clients (threads, one keep-alive
    connection each); the wall time and each latency. The clock starts once every client is
    connected.

    Each request goes out in one write, as a hospital's system would send it. The standard
    library's client writes the headers and the body in two, and with 32 client threads taking
    turns on one interpreter lock the body often followed its headers by milliseconds: the
    server waited for it, and the benchmark counted the wait as the server's latency. Answers
    are read with the standard library's parser."""
    import http.client

    pending = iter(bills)
    take = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    head = (
        f"POST /api/v1/settlements HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    gate = threading.Barrier(clients + 1)

    def answer(connection: socket.socket) -> tuple[int, bytes]:
        response = http.client.HTTPResponse(connection, method="POST")
        response.begin()
        return response.status, response.read()

    def client() -> None:
        connection = socket.create_connection(("127.0.0.1", port), timeout=60)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        answer(connection)
        gate.wait()
        while True:
            with take:
                raw = next(pending, None)
            if raw is None or failures:
                break
            started = time.perf_counter()
            connection.sendall(b"%s%d\r\n\r\n%s" % (head, len(raw), raw))
            status, body = answer(connection)
            latencies.append(time.perf_counter() - started)
            if status != 201:
                failures.append(f"the server refused a bill: {status} {body[:300]!r}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    at_start()
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


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a running process (Linux's /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


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
        before: list[float | None] = []

        def at_start() -> None:  # every client connected and answered: the servers have started
            before.extend(_cpu_seconds(p.pid) for p in processes if p.pid is not None)

        seconds, latencies = _drive(listening.getsockname()[1], token, bills, clients, at_start)
        after = [_cpu_seconds(p.pid) for p in processes if p.pid is not None]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        listening.close()
    figures: dict[str, float] = {
        "bills_per_s": round(len(bills) / seconds),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
    }
    if before and None not in before and None not in after:
        used = sum(a for a in after if a is not None) - sum(b for b in before if b is not None)
        figures["server_cpu_ms_per_bill"] = round(used / len(bills) * 1000, 3)
    return figures


def _live(world_db: Path, target: Path, bills_path: Path, count: int) -> tuple[Path, float, float]:
    """A live run on a fresh copy: its database, bills per second and CPU ms a bill."""
    live_db = _fresh_copy(world_db, target)
    cpu = _children_cpu()
    seconds, _ = _timed([(_live_worker, (live_db, bills_path, count))])
    return live_db, count / seconds, (_children_cpu() - cpu) / count * 1000


def run_serve_benchmark(folder: Path, plan: ServePlan, say: Callable[[str], None]) -> dict[str, object]:
    install_catalogue(plan.catalogue_size, plan.seed)
    try:
        return _run(folder, plan, say)
    finally:
        uninstall_catalogue()


def _run(folder: Path, plan: ServePlan, say: Callable[[str], None]) -> dict[str, object]:
    from shebao.store.database import connect

    load_at_start = [round(x, 2) for x in os.getloadavg()]
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
    live_db, live_rate, live_cpu = _live(world_db, folder / "live.db", bills_path, plan.bills)
    live = round(live_rate)
    expected = results_digest(live_db)

    runs: dict[str, dict[str, object]] = {}
    for clients in plan.clients:
        say(f"{plan.bills} bills live again, then through the API, {clients} concurrent clients")
        _, beside, beside_cpu = _live(world_db, folder / "live-again.db", bills_path, plan.bills)
        served_db = _fresh_copy(world_db, folder / f"serve-{clients}.db")
        served = _through_api(served_db, bills, clients, plan.servers)
        run: dict[str, object] = {**served, "live_bills_per_s": round(beside)}
        run["ratio_to_live"] = round(served["bills_per_s"] / beside, 3)
        run["live_cpu_ms_per_bill"] = round(beside_cpu, 3)
        if "server_cpu_ms_per_bill" in served:
            run["cpu_ratio_to_live"] = round(beside_cpu / served["server_cpu_ms_per_bill"], 3)
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
        "live_cpu_ms_per_bill": round(live_cpu, 3),
        "server_processes": plan.servers,
        "serve": runs,
        "results_match": match,
        # the 1, 5 and 15 minute load averages: other jobs on the same cores move every figure
        "load_average": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
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
