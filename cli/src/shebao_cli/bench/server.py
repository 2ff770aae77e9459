"""The benchmark on a PostgreSQL server, beside SQLite's figures of the same run: each run
gets a new database on the server holding a copy of the same world (``shebao db copy``), then
the batch (one process), and live settlement bill by bill with one and with two workers (by
person, as two hospitals' counters meet different people). Every database made is dropped."""

import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

_runs = itertools.count(1)


def _database_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _fresh(url: str, world_db: Path, made: list[str]) -> str:
    from shebao.maintenance.copy import copy_to_server

    name = f"shebao_bench_{os.getpid()}_{next(_runs)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    made.append(name)
    target = _database_url(url, name)
    copy_to_server(f"sqlite:{world_db}", target, "bench", dt.datetime(2026, 1, 1, 9))
    return target


def server_digest(url: str, limit: int | None = None) -> str:
    """``results_digest`` of a server database: the same figures, in the same text."""
    digest = hashlib.sha256()
    sql = (
        "SELECT s.bill_number, s.citizen_id, s.management, s.total, s.fully_self_paid, s.over_limit, s.first_self_paid,"
        " s.in_scope, s.deductible_applied, s.ratio, s.pooling_fund, s.supplementary, s.fund_total, s.personal,"
        " s.account, s.cash, s.balance_after, s.year_deductible_used, s.year_fund_paid, s.year_supplementary_paid,"
        " (SELECT string_agg(l.code || ':' || l.amount || ':' || l.in_scope, ',' ORDER BY l.line_no) FROM settlement_lines l"
        '  WHERE l.settlement_id = s.id) FROM settlements s ORDER BY s.bill_number COLLATE "C"'
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with psycopg.connect(url) as conn:
        for row in conn.execute(sql):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def run_on_server(
    url: str,
    world_db: Path,
    bills: Path,
    live: int,
    chunk: int,
    sqlite_batch_db: Path,
    say: Callable[[str], None],
    timed: Callable[[list[tuple[Callable[..., None], tuple[Any, ...]]]], tuple[float, float]],
    sqlite_digest: Callable[..., str],
) -> dict[str, object]:
    from shebao_cli.bench.runner import _batch_worker, _live_worker

    size = sum(1 for _ in bills.open("rb"))
    made: list[str] = []
    try:
        say(f"{size} bills on PostgreSQL: batch, one process")
        batch_db = _fresh(url, world_db, made)
        batch_seconds, _ = timed([(_batch_worker, (batch_db, bills, 0, 1, chunk))])
        say(f"{size} bills on PostgreSQL: live, the first {live}, one worker then two")
        one_db = _fresh(url, world_db, made)
        load_before = os.getloadavg()[0]  # on a shared machine the figures follow its load
        one_seconds, _ = timed([(_live_worker, (one_db, bills, live, 0, 1))])
        two_db = _fresh(url, world_db, made)
        two_seconds, _ = timed([(_live_worker, (two_db, bills, live, index, 2)) for index in range(2)])
        figures: dict[str, object] = {
            "batch_bills_per_s": round(size / batch_seconds),
            "live_bills_per_s": round(live / one_seconds),
            "live_2_workers_bills_per_s": round(live / two_seconds),
            "live_2_workers_ratio": round(one_seconds / two_seconds, 3),
            "live_load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            # the same figures as SQLite's batch, settlement by settlement
            "batch_matches_sqlite": server_digest(batch_db) == sqlite_digest(sqlite_batch_db),
            "live_matches_sqlite": server_digest(one_db) == server_digest(two_db) == sqlite_digest(sqlite_batch_db, limit=live),
        }
        return figures
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for name in made:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
