"""What one server process shares between requests: its workers take turns for transactions on
a lock of their own, and the write-ahead log is checkpointed between two transactions."""

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from helpers import ShebaoCli
from serve_world import CHEN, TODAY, build_people

from shebao.model.access import Actor, Role
from shebao_cli.serve.service import Service, WriterTurn, catch_up

COUNTER = Actor(Role.COUNTER, "token:1")


def test_two_workers_take_turns_and_the_second_starts_when_the_first_commits(shebao: ShebaoCli, db_path: Path) -> None:
    build_people(shebao)
    first, second = Service(db_path, TODAY), Service(db_path, TODAY)
    entered = threading.Event()
    try:
        with first.uow(COUNTER) as uow:

            def other_worker() -> None:
                second.audit_disclosure(COUNTER, "person", CHEN)
                entered.set()

            waiting = threading.Thread(target=other_worker)
            waiting.start()
            assert not entered.wait(0.3)  # the other worker waits for the turn
            uow.audit.record("disclose", CHEN, what="person")
            uow.commit()
        assert entered.wait(5)
        waiting.join()
    finally:
        first.close()
        second.close()
    lock = Path(f"{db_path}-serve.lock")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    rows = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit WHERE action = 'disclose'").fetchone()[0]
    assert rows == 2


def test_a_failed_use_case_gives_the_turn_back(shebao: ShebaoCli, db_path: Path) -> None:
    build_people(shebao)
    service = Service(db_path, TODAY)
    try:
        try:
            with service.uow(COUNTER):
                raise RuntimeError("a plugin failed")
        except RuntimeError:
            pass
        other = WriterTurn(db_path)
        other.take()  # would block for ever had the failed use case kept it
        other.give()
        other.close()
    finally:
        service.close()


def test_the_checkpoint_is_finished_after_a_transaction_so_the_log_starts_afresh(shebao: ShebaoCli, db_path: Path) -> None:
    build_people(shebao)
    service = Service(db_path, TODAY)
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    database_fd = os.open(db_path, os.O_RDONLY)
    try:
        for _ in range(20):
            service.audit_disclosure(COUNTER, "person", CHEN)
        _, written, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert catch_up(conn, database_fd)  # nothing written meanwhile: the frames left are few
        turn = service.turn
        assert turn is not None  # a SQLite file
        turn.checkpoint_due = True  # as the checkpoint thread says it
        service.audit_disclosure(COUNTER, "person", CHEN)  # finishes it after its transaction
        assert not turn.checkpoint_due
        _, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert 0 < frames == copied < written  # every frame is in the database; the log began afresh
        service.audit_disclosure(COUNTER, "person", CHEN)
        _, frames_after, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert frames_after <= frames  # and again: it does not grow
        rows = conn.execute("SELECT count(*) FROM audit WHERE action = 'disclose'").fetchone()[0]
        assert rows == 22
    finally:
        os.close(database_fd)
        conn.close()
        service.close()


def test_a_catch_up_flushes_the_pages_it_copied_so_the_finishing_turn_flushes_only_its_own(
    shebao: ShebaoCli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_people(shebao)
    service = Service(db_path, TODAY)
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    database_fd = os.open(db_path, os.O_RDONLY)
    flushed: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(os.fstat(fd).st_ino))
    try:
        for _ in range(5):
            service.audit_disclosure(COUNTER, "person", CHEN)
        assert catch_up(conn, database_fd)
        assert flushed == [db_path.stat().st_ino]  # the database file, once the frames are in it
    finally:
        os.close(database_fd)
        conn.close()
        service.close()


def test_a_catalogue_read_by_the_session_is_kept_out_of_collections_after_the_request(shebao: ShebaoCli, db_path: Path) -> None:
    import gc

    build_people(shebao)
    service = Service(db_path, TODAY)
    try:
        session = service.settlement_session()
        frozen = gc.get_freeze_count()
        session.catalogue("310100", 2026)  # read during a settlement
        assert service.settlement_session() is session  # the next request freezes it
        assert gc.get_freeze_count() > frozen
        session.catalogue("310100", 2026)  # already read: nothing more to freeze
        assert service.settlement_session() is session
    finally:
        gc.unfreeze()
        service.close()
