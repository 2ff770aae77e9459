"""The server engine's fewer round trips keep every guarantee: a write the server refuses still
fails its use case whole, ``ROLLBACK`` drops what was never sent, a row chained by the server
verifies as one chained by the client, and the person's row is still held before the reads."""

import datetime as dt
import threading
import time

import pytest

from shebao.errors import StoreRefused
from shebao.store.audit_chain import row_hash, verify
from shebao.store.database import open_database
from shebao.store.unit_of_work import SqliteUnitOfWork, unit_of_work

NOW = dt.datetime(2026, 3, 2, 9)


def _audit_rows(url: str) -> int:
    db = open_database(url)
    try:
        return int(db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
    finally:
        db.close()


def test_a_refused_queued_write_fails_the_use_case_and_leaves_nothing(pg_url: str) -> None:
    db = open_database(pg_url)
    before = _audit_rows(pg_url)
    try:
        uow = unit_of_work(db, "tester", NOW)
        with pytest.raises(StoreRefused), uow:
            uow.audit.record("test.first", "someone", note="queued, never committed")
            # the same key twice: the server refuses the second row when the queue is sent
            uow.db.conn.executemany("INSERT INTO day_counters (kind, day, last) VALUES (?, ?, 1)", [["x", "d"], ["x", "d"]])
            uow.commit()
        with uow:  # the connection is usable again, and nothing of the failed work is there
            assert uow.db.execute("SELECT COUNT(*) FROM day_counters WHERE kind = 'x'").fetchone()[0] == 0
    finally:
        db.close()
    assert _audit_rows(pg_url) == before


def test_rollback_drops_the_queue_unsent(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        uow = unit_of_work(db, "tester", NOW)
        with uow:
            uow.audit.record("test.dropped", "someone")
        with uow:
            uow.audit.record("test.kept", "someone")
            uow.commit()
        actions = [row[0] for row in db.execute("SELECT action FROM audit WHERE subject = 'someone'").fetchall()]
    finally:
        db.close()
    assert actions == ["test.kept"]


def test_rows_chained_by_the_server_verify_as_rows_chained_by_the_client(pg_url: str) -> None:
    """One row a use case (hashed by the server) and several (hashed here), with text beyond ASCII."""
    db = open_database(pg_url)
    try:
        uow = unit_of_work(db, "操作员", NOW)
        for index in range(3):
            with uow:
                uow.audit.record("person.register", f"李娜{index}", name="李娜", address="深圳市福田区", amount=12345)
                uow.commit()
            with uow:
                uow.audit.record_many([("settlement.batch", "王伟", {"bill": f"B{index}-{n}"}) for n in range(3)])
                uow.commit()
        assert verify(db) == []
        rows = db.execute(
            "SELECT prev_hash, id, at, business_date, operator, operator_source, action, subject, detail, hash"
            " FROM audit WHERE subject = '李娜0'"
        ).fetchall()
        assert len(rows) == 1 and row_hash(*rows[0][:9]) == rows[0][9]
    finally:
        db.close()


def _wait_until_a_lock_is_awaited(url: str) -> None:
    """Until the server shows a transaction waiting for an advisory lock: progress, not a time."""
    watcher = open_database(url)
    try:
        deadline = time.monotonic() + 60
        while not watcher.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0]:
            assert time.monotonic() < deadline, "the second transaction never reached the lock"
            time.sleep(0.01)
    finally:
        watcher.close()


def test_a_second_settlement_of_the_person_still_waits_for_the_first(pg_url: str) -> None:
    """A lock is queued (as ``lock_persons``'s row lock is), yet held before the next statement
    runs: a second transaction taking it reads only after the first commits, and sees its write."""
    first, second = open_database(pg_url), open_database(pg_url)
    try:
        first.execute("INSERT INTO day_counters (kind, day, last) VALUES ('probe', 'd', 1)")
        one, two = unit_of_work(first, "a", NOW), unit_of_work(second, "b", NOW)
        seen: list[int] = []
        with one:
            one.db.conn.executemany("SELECT pg_advisory_xact_lock(?)", [[424242]])
            one.db.execute("UPDATE day_counters SET last = 2 WHERE kind = 'probe'")

            def other() -> None:
                with two:
                    two.db.conn.executemany("SELECT pg_advisory_xact_lock(?)", [[424242]])
                    seen.append(int(two.db.execute("SELECT last FROM day_counters WHERE kind = 'probe'").fetchone()[0]))
                    two.commit()

            thread = threading.Thread(target=other)
            thread.start()
            _wait_until_a_lock_is_awaited(pg_url)
            assert not seen  # still waiting on the lock
            one.commit()
        thread.join(timeout=10)
        assert seen == [2]  # read after the first committed, on a snapshot taken once it held the lock
    finally:
        first.close()
        second.close()


def _write(uow: SqliteUnitOfWork, kind: str) -> None:
    with uow:
        uow.db.execute(
            "INSERT INTO day_counters (kind, day, last) VALUES (?, 'd', 1)"
            " ON CONFLICT (kind, day) DO UPDATE SET last = day_counters.last + 1",
            [kind],
        )
        uow.commit()


def test_an_estimate_takes_no_number_from_the_provinces_sequence(pg_url: str) -> None:
    """``next_id`` reads the sequence's next value; only ``new_ids`` takes numbers."""
    db = open_database(pg_url)
    try:
        settlements = unit_of_work(db, "tester", NOW).settlements
        ahead = settlements.next_id()
        assert settlements.next_id() == ahead  # asked again: nothing was taken
        assert settlements.new_ids(2) == [ahead, ahead + 1]
        assert settlements.next_id() == ahead + 2
    finally:
        db.close()


def test_data_version_moves_for_other_connections_commits_not_for_its_own(pg_url: str) -> None:
    """As SQLite's ``PRAGMA data_version``: the batch keeps what it read while it alone writes."""
    mine, theirs = open_database(pg_url), open_database(pg_url)
    try:
        me, them = unit_of_work(mine, "a", NOW), unit_of_work(theirs, "b", NOW)
        first = me.data_version()
        _write(me, "mine")
        assert me.data_version() == first  # our own commit
        with me:  # asked inside our transaction, as the batch does under its locks
            assert me.data_version() == first
            me.db.execute("INSERT INTO day_counters (kind, day, last) VALUES ('again', 'd', 1)")
            me.commit()
        assert me.data_version() == first
        _write(them, "theirs")
        second = me.data_version()
        assert second != first  # another connection committed
        assert me.data_version() == second
        with me:  # another commit lands between our answer and our own commit
            assert me.data_version() == second
            me.db.execute("INSERT INTO day_counters (kind, day, last) VALUES ('third', 'd', 1)")
            _write(them, "theirs")
            me.commit()
        assert me.data_version() != second
    finally:
        mine.close()
        theirs.close()
