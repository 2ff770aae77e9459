"""Shared fixtures: a fresh database per test, a clock, and test plugins that never leak."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from shebao.plugins import plugin_manager
from shebao.store.database import connect
from shebao.store.unit_of_work import SqliteUnitOfWork

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shebao.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = connect(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def uow(db: sqlite_utils.Database) -> SqliteUnitOfWork:
    return SqliteUnitOfWork(db, "tester", dt.datetime(2026, 3, 2, 9, 30))


@pytest.fixture
def register_plugin() -> Iterator[object]:
    """Register test plugins under explicit names; every one is unregistered afterwards."""
    pm = plugin_manager()
    names: list[str] = []

    def register(plugin: object, name: str) -> None:
        pm.register(plugin, name=name)
        names.append(name)

    try:
        yield register
    finally:
        for name in names:
            pm.unregister(name=name)
