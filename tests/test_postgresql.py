"""What the server engine adds: one numbering for every centre, its schema under the SQLite
migrations' names, a copy of a centre's file, a backup with pg_dump, and clear refusals."""

import datetime as dt
import json
import os
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from cardflow import CHEN_JIAN, LI_NA, WANG_WEI, apply, register, to_ready
from helpers import ShebaoCli
from pg_fixtures import PgCluster

from shebao.store.database import NewerSchema, open_database
from shebao.store.pg_migrations import BASELINE, known
from shebao.store.unit_of_work import unit_of_work

NOW = dt.datetime(2026, 3, 2, 9)


def test_two_centres_on_one_server_never_issue_the_same_card_number(pg_url: str) -> None:
    """Two centres on separate SQLite files both issue A00000018; on one server each card of the
    province gets its own number, and application numbers of a day are one series."""
    futian, nanshan = ShebaoCli(pg_url), ShebaoCli(pg_url)
    register(futian, LI_NA, "李娜")
    register(nanshan, WANG_WEI, "王伟")
    first, second = apply(futian, LI_NA), apply(nanshan, WANG_WEI)
    assert first != second and {first[-4:], second[-4:]} == {"0001", "0002"}
    assert to_ready(futian, first) != to_ready(nanshan, second)


def test_numbers_come_from_the_server_while_both_transactions_are_open(pg_url: str) -> None:
    """The sequence answers two open transactions at once: neither waits, neither repeats."""
    a, b = open_database(pg_url), open_database(pg_url)
    try:
        with unit_of_work(a, "futian", NOW) as one, unit_of_work(b, "nanshan", NOW) as two:
            cards = [one.cards.next_card_sequence(), two.cards.next_card_sequence(), one.cards.next_card_sequence()]
            settlements = one.settlements.new_ids(3) + two.settlements.new_ids(2)
        assert len(set(cards)) == 3 and len(set(settlements)) == 5
    finally:
        a.close()
        b.close()


def test_the_schema_is_recorded_under_the_sqlite_migrations_names(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        recorded = [tuple(row) for row in conn.execute("SELECT migration_set, name FROM shebao_migrations ORDER BY id")]
    assert recorded == list(BASELINE) == known()


def test_the_settlement_identities_are_check_constraints_on_the_server(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        checks = [row[0] for row in conn.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'settlements'::regclass AND contype = 'c'"
        )]  # fmt: skip
    for identity in ("fund_total = (pooling_fund + supplementary)", "personal = (account + cash)"):
        assert any(identity in check for check in checks), checks


def test_a_database_of_a_newer_shebao_is_refused_before_anything_is_written(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO shebao_migrations (migration_set, name, applied_at) VALUES ('shebao.people', 'm999_later', '')")
    with pytest.raises(NewerSchema, match="m999_later"):
        open_database(pg_url)
    result = ShebaoCli(pg_url)("person", "list")
    assert result.exit_code == 1 and "newer shebao" in result.stderr


def test_only_init_makes_the_schema_on_an_empty_server_database(pg_cluster: PgCluster) -> None:
    with psycopg.connect(pg_cluster.admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE empty_for_init")
    url = pg_cluster.admin.replace("/postgres?", "/empty_for_init?")
    shebao = ShebaoCli(url)
    refused = shebao("person", "list")
    assert refused.exit_code == 2 and "no shebao database" in refused.stderr and "shebao init" in refused.stderr
    assert "13 migrations applied" in shebao.ok("init")
    assert shebao("check").exit_code == 0
    unreachable = ShebaoCli(url.replace("empty_for_init", "no_such_database"))("person", "list")
    assert unreachable.exit_code == 2 and "cannot be opened" in unreachable.stderr


def test_backup_is_a_pg_dump_only_its_owner_reads(pg_url: str, tmp_path: Path) -> None:
    shebao = ShebaoCli(pg_url)
    register(shebao, LI_NA, "李娜")
    target = tmp_path / "backups" / "province.dump"
    shebao.ok("backup", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    listing = subprocess.run(["/usr/lib/postgresql/15/bin/pg_restore", "--list", str(target)], capture_output=True, text=True)
    if listing.returncode == 0:  # the Debian path; elsewhere the dump's own header says it is one
        assert "TABLE DATA public persons" in listing.stdout
    assert target.read_bytes().startswith(b"PGDMP")
    again = shebao("backup", str(target))
    assert again.exit_code == 2 and "exists" in again.stderr


def test_a_centres_file_moves_to_the_server_whole(tmp_path: Path, pg_url: str) -> None:
    centre = ShebaoCli(tmp_path / "centre.db")
    register(centre, CHEN_JIAN, "陈建", "retired")
    register(centre, LI_NA, "李娜")
    card = to_ready(centre, apply(centre, LI_NA))
    copied = json.loads(centre.ok("db", "copy", "--from", f"sqlite:{tmp_path / 'centre.db'}", "--to", pg_url, "--json"))
    rows = {t["table"]: t["rows"] for t in copied["tables"]}
    assert rows["persons"] == 2 and rows["card_applications"] == 1
    province = ShebaoCli(pg_url)
    assert province("check").exit_code == 0
    shown = json.loads(province.ok("card", "show", card, "--json"))
    assert shown["card_number"] == card
    # the numbering carries on after the copied numbers
    register(province, WANG_WEI, "王伟")
    assert to_ready(province, apply(province, WANG_WEI)) != card
    assert json.loads(province.ok("audit", "list", "--action", "database.copy", "--json"))
    # a second copy into the same database is refused, and so is a server as the source
    again = centre("db", "copy", "--from", str(tmp_path / "centre.db"), "--to", pg_url)
    assert again.exit_code == 2 and "not empty" in again.stderr
    wrong = centre("db", "copy", "--from", pg_url, "--to", pg_url)
    assert wrong.exit_code == 2 and "server" in wrong.stderr


def test_a_damaged_file_is_not_copied(tmp_path: Path, pg_url: str) -> None:
    import sqlite3

    centre = ShebaoCli(tmp_path / "centre.db")
    register(centre, LI_NA, "李娜")
    file = sqlite3.connect(tmp_path / "centre.db")
    file.execute("UPDATE persons SET registered_on = 'yesterday'")
    file.commit()
    file.close()
    refused = centre("db", "copy", "--from", str(tmp_path / "centre.db"), "--to", pg_url)
    assert refused.exit_code == 1 and "copy-source-checked" in refused.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM persons").fetchone() == (0,)


def test_the_server_url_comes_from_shebao_db_too(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from shebao_cli.main import cli, run

    monkeypatch.setitem(os.environ, "SHEBAO_DB", pg_url)
    runner = CliRunner()
    with runner.isolation() as (out, _err, _):
        assert run(cli, ["--today", "2026-03-02", "check"]) == 0
        assert b"integrity ok" in out.getvalue()


def test_serve_takes_a_pooled_connection_per_transaction(pg_url: str) -> None:
    """Two threads' transactions at once hold two connections of the pool (two server
    backends), each given back at its end; a read outside a transaction borrows one."""
    import threading

    from shebao.store.pg_pool import PooledPgDatabase

    shebao = ShebaoCli(pg_url)
    register(shebao, LI_NA, "李娜")
    register(shebao, WANG_WEI, "王伟")
    pooled = PooledPgDatabase(pg_url, max_size=4)
    backends: dict[str, int] = {}
    both_inside = threading.Barrier(2, timeout=30)

    def settle_like(citizen_id: str) -> None:
        with unit_of_work(pooled, "counter", NOW) as uow:
            uow.lock_persons([citizen_id])
            backends[citizen_id] = int(uow.db.execute("SELECT pg_backend_pid()").fetchone()[0])
            both_inside.wait()  # both transactions open at once, each holding its own person
            uow.audit.record("test.pool", citizen_id)
            uow.commit()

    try:
        threads = [threading.Thread(target=settle_like, args=(number,)) for number in (LI_NA, WANG_WEI)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(backends.values())) == 2
        assert pooled.pool.get_stats()["pool_available"] >= 2  # both given back
        outside = unit_of_work(pooled, "counter", NOW)
        assert outside.persons.get(LI_NA) is not None
        assert [e.subject for e in outside.audit.entries(action="test.pool")] != []
    finally:
        pooled.close()
    assert shebao("check").exit_code == 0


def test_two_processes_opening_a_new_database_at_once_create_it_once(pg_cluster: PgCluster) -> None:
    """The schema is made under one advisory lock: the second opener waits, finds it made, and
    applies nothing; each migration is recorded once."""
    import sys

    with psycopg.connect(pg_cluster.admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE opened_twice")
    url = pg_cluster.admin.replace("/postgres?", "/opened_twice?")
    opener = "import sys; from shebao.store.pg_open import connect_server; connect_server(sys.argv[1], create=True).close()"
    processes = [subprocess.Popen([sys.executable, "-c", opener, url], stderr=subprocess.PIPE) for _ in range(3)]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.communicate()[1].decode()
    with psycopg.connect(url) as conn:
        counted = conn.execute("SELECT COUNT(*), COUNT(DISTINCT (migration_set, name)) FROM shebao_migrations").fetchone()
    assert counted == (len(known()), len(known()))
