"""A worker's first bills do not wait for what could be prepared before it serves: the busiest
treatment places' catalogues are built at start, and kept when the session is renewed."""

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ShebaoCli
from litestar.testing import TestClient
from serve_world import SHANGHAI_HOSPITAL, TODAY, World, approved_filing, bill, build_people, make_tokens

import shebao
from shebao.model.catalogue import CatalogueItem
from shebao.regions import Region
from shebao.store.institutions import SqliteInstitutions
from shebao_cli.serve.app import create_app
from shebao_cli.serve.service import SESSION_RENEWAL_SECONDS, Service
from shebao_cli.serve.warm import WARMED_CATALOGUES


class CataloguesAsked:
    """Notes every catalogue the plugins are asked for, and lets the bundled plugins answer."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    @shebao.hookimpl(tryfirst=True)
    def shebao_catalogue(self, region: Region, year: int) -> list[CatalogueItem] | None:
        self.asked.append((region.code, year))
        return None


def test_a_worker_builds_the_busiest_places_catalogues_before_it_serves(
    shebao: ShebaoCli, db_path: Path, register_plugin: Callable[[object, str], None]
) -> None:
    build_people(shebao)
    tokens = make_tokens(db_path)
    noted = CataloguesAsked()
    register_plugin(noted, "catalogues-asked")
    with TestClient(create_app(db_path, TODAY)) as client:
        assert ("310100", 2026) in noted.asked  # Shanghai's, where the directory's hospitals are
        assert len(noted.asked) <= WARMED_CATALOGUES
        asked_at_start = list(noted.asked)
        world = World(client, tokens, db_path, shebao)
        approved_filing(world)
        settled = world.post("hospital", "/api/v1/settlements", bill())
        assert settled.status_code == 201, settled.text
    assert noted.asked == asked_at_start  # the first bill found its catalogue ready


def test_a_place_no_plugin_gives_a_catalogue_for_is_left_to_its_first_bill(
    shebao: ShebaoCli, db_path: Path, register_plugin: Callable[[object, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    build_people(shebao)
    monkeypatch.setattr(SqliteInstitutions, "busiest_regions", lambda self, limit: ["650100", "310100"])
    noted = CataloguesAsked()
    register_plugin(noted, "catalogues-asked")
    with TestClient(create_app(db_path, TODAY)) as client:
        assert client.get("/healthz").status_code == 200  # Urumqi's refusal did not stop the worker
    assert noted.asked == [("650100", 2026), ("310100", 2026)]


def test_a_renewed_session_reads_the_directory_again_and_keeps_the_catalogues(
    shebao: ShebaoCli, db_path: Path, register_plugin: Callable[[object, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    build_people(shebao)
    noted = CataloguesAsked()
    register_plugin(noted, "catalogues-asked")
    service = Service(db_path, TODAY)
    try:
        session = service.settlement_session()
        session.catalogue("310100", 2026)
        assert session.institution(SHANGHAI_HOSPITAL).designated
        with sqlite3.connect(db_path) as directory:  # as a directory sync suspending the hospital would
            directory.execute("UPDATE institutions SET status = 'suspended' WHERE code = ?", [SHANGHAI_HOSPITAL])
        assert service.settlement_session() is session  # within the minute: as it was read
        later = time.monotonic() + SESSION_RENEWAL_SECONDS + 1
        monkeypatch.setattr(time, "monotonic", lambda: later)
        renewed = service.settlement_session()
        assert renewed is not session
        assert not renewed.institution(SHANGHAI_HOSPITAL).designated  # the suspension is seen
        renewed.catalogue("310100", 2026)
        assert noted.asked == [("310100", 2026)]  # the catalogue was asked of the plugins once
    finally:
        service.close()
