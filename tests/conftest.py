"""Shared fixtures: a fresh database per test, a clock, and test plugins that never leak.

The suite sees the bundled plugins and the ones a test registers, nothing else: a province,
bank or printer plugin installed beside shebao changes no result. ``SHEBAO_LOAD_PLUGINS`` is set
to the bundled distributions' entry points before any plugin is loaded, so the commands run in
process and the ``shebao`` processes the tests start load the same set."""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ShebaoCli, bundled_plugin_names
from hypothesis import settings

from shebao.plugins import plugin_manager
from shebao.store.database import open_database
from shebao.store.engine import Database
from shebao.store.unit_of_work import SqliteUnitOfWork, unit_of_work

TODAY = dt.date(2026, 3, 2)
BUNDLED_PLUGINS = ",".join(bundled_plugin_names())
os.environ["SHEBAO_LOAD_PLUGINS"] = BUNDLED_PLUGINS
# the suite reads English messages whatever the machine's locale; a test that wants Chinese sets it
os.environ["SHEBAO_LANG"] = "en"

# how long one example takes is the machine's business, not a property of shebao
settings.register_profile("any-machine", deadline=None)
settings.load_profile("any-machine")


@pytest.fixture(autouse=True)
def pinned_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with the bundled plugins alone loaded; whatever a test registered is
    gone afterwards, whether or not it used ``register_plugin``."""
    monkeypatch.setenv("SHEBAO_LOAD_PLUGINS", BUNDLED_PLUGINS)
    monkeypatch.setenv("SHEBAO_LANG", "en")
    pm = plugin_manager()
    loaded = {name for name, _ in pm.list_name_plugin()}
    assert loaded == set(bundled_plugin_names()), f"plugins loaded besides the bundled ones: {loaded}"
    yield
    for name, _ in pm.list_name_plugin():
        if name not in loaded:
            pm.unregister(name=name)


# the service's world, live server and browser fixtures; a PostgreSQL server for the engine cases
pytest_plugins = ["serve_world", "serve_browser", "pg_fixtures"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shebao.db"


@pytest.fixture
def db_target(db_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """The test's database: the SQLite file, or a new PostgreSQL database when the test runs
    on each engine (it uses ``db`` or ``uow``); the CLI and the services then share it."""
    if "engine" in request.fixturenames and request.getfixturevalue("engine") == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return db_path


@pytest.fixture
def db(db_target: str | Path, engine: str) -> Iterator[Database]:
    """A new database on each engine: the repository and service tests run on both."""
    database = open_database(db_target)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def uow(db: Database) -> SqliteUnitOfWork:
    return unit_of_work(db, "tester", dt.datetime(2026, 3, 2, 9, 30))


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


@pytest.fixture
def shebao(db_target: str | Path) -> ShebaoCli:
    return ShebaoCli(db_target)
