"""The pages' protections, without a browser: one-time enrolment codes, rate-limited logins,
sessions that expire, CSRF tokens on every form, a person's own records only, uploads checked."""

import datetime as dt
import io
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import docx
import pytest
from helpers import ShebaoCli
from litestar.testing import TestClient
from serve_world import CHEN, LI_NA, TODAY, World, approved_filing, bill

from shebao_cli.serve.app import create_app

PASSWORD = "lao-chen-2026"


def form_token(page: str, name: str = "form_token") -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def errors(page: str) -> list[str]:
    return re.findall(r'class="error"[^>]*>([^<]*)<', page)


def enrolled(shebao: ShebaoCli, citizen_id: str = CHEN) -> str:
    activated = shebao(
        "account", "activate-ecert", citizen_id, "--real-name", "passed", "--real-person", "passed", today="2026-05-19"
    )
    assert activated.exit_code == 0 or "ecert-once" in activated.stderr, activated  # the world's retiree has one
    return shebao.ok("account", "enrolment-code", citizen_id, today="2026-05-19").split(": ", 1)[1].split()[0]


def enrol(client: TestClient[Any], code: str, citizen_id: str = CHEN, password: str = PASSWORD) -> Any:
    token = form_token(client.get("/enrol").text)
    fields = {"form_token": token, "citizen_id": citizen_id, "code": code, "password": password, "password_again": password}
    return client.post("/enrol", data=fields, follow_redirects=False)


def login(client: TestClient[Any], password: str = PASSWORD, citizen_id: str = CHEN) -> Any:
    token = form_token(client.get("/login").text)
    return client.post(
        "/login", data={"form_token": token, "citizen_id": citizen_id, "password": password}, follow_redirects=False
    )


@pytest.fixture
def person(world: World) -> Iterator[TestClient[Any]]:
    """Chen, enrolled and logged in, in a browser of his own (the world's client is the counter's)."""
    code = enrolled(world.shebao)
    with TestClient(create_app(world.db_path, TODAY)) as client:
        assert enrol(client, code).status_code == 303
        assert login(client).headers["location"] == "/me"
        yield client


def test_an_enrolment_code_works_once(world: World) -> None:
    code = enrolled(world.shebao)
    with TestClient(create_app(world.db_path, TODAY)) as client:
        assert enrol(client, "00000000").status_code == 400
        assert enrol(client, code).headers["location"] == "/login?enrolled=1"
        again = enrol(client, code, password="another-password")
        assert again.status_code == 400 and "enrolment-code" in errors(again.text)[0]
        assert login(client, "another-password").status_code == 400
        assert login(client).status_code == 303


def test_guessing_enrolment_codes_is_rate_limited_like_passwords(world: World) -> None:
    code = enrolled(world.shebao)
    with TestClient(create_app(world.db_path, TODAY)) as client:
        for guess in range(5):
            assert "enrolment-code" in errors(enrol(client, f"{guess:08d}").text)[0]
        limited = enrol(client, code)  # even the right code waits until the window has passed
        assert limited.status_code == 400 and "login-rate-limit" in errors(limited.text)[0]


def test_logins_are_rate_limited_per_person(world: World) -> None:
    code = enrolled(world.shebao)
    with TestClient(create_app(world.db_path, TODAY)) as client:
        enrol(client, code)
        for _ in range(5):
            assert "wrong citizen id or password" in errors(login(client, "wrong-password").text)[0]
        limited = login(client)  # even the right password waits until the window has passed
        assert limited.status_code == 400 and "login-rate-limit" in errors(limited.text)[0]
    later = TODAY + dt.timedelta(days=1)
    with TestClient(create_app(world.db_path, later)) as client:
        assert login(client).status_code == 303


def test_a_session_expires(world: World, person: TestClient[Any]) -> None:
    assert person.get("/me").text.count("陈建") >= 1
    cookie = person.cookies.get("shebao_session")
    with TestClient(create_app(world.db_path, TODAY + dt.timedelta(days=1))) as next_day:
        next_day.cookies.set("shebao_session", cookie or "")
        page = next_day.get("/me", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login"


def test_every_form_needs_its_csrf_token(world: World, person: TestClient[Any]) -> None:
    page = person.get("/me/card").text
    fields = {"document": "identity-card", "address": "上海市徐汇区斜土路", "phone": "13900139000", "photo_receipt": "PH1234567"}
    forged = person.post("/me/card", data={**fields, "csrf": "forged"}, follow_redirects=False)
    assert forged.status_code == 403 and "stale or was not sent from this site" in errors(forged.text)[0]
    missing = person.post("/me/card", data=fields, follow_redirects=False)
    assert missing.status_code == 403
    assert "card-state" not in person.get("/me/card").text  # nothing was applied for
    accepted = person.post("/me/card", data={**fields, "csrf": form_token(page, "csrf")}, follow_redirects=False)
    assert accepted.status_code == 303
    # the login form, before any session: the token must match its cookie
    with TestClient(create_app(world.db_path, TODAY)) as stranger:
        refused = stranger.post("/login", data={"form_token": "x", "citizen_id": CHEN, "password": PASSWORD})
        assert refused.status_code == 403


def test_a_person_sees_only_their_own_records(world: World, person: TestClient[Any]) -> None:
    filing_id = approved_filing(world)
    world.post("counter", "/api/v1/settlements", bill())
    other = world.post(
        "counter",
        "/api/v1/filings",
        {"citizen_id": LI_NA, "category": "emergency", "treatment_region": "310100", "documents": ["card-and-copy"]},
    )
    assert other.status_code == 201, other.text
    other_id = other.json()["id"]

    assert filing_id in person.get("/me/filings").text and other_id not in person.get("/me/filings").text
    assert person.get(f"/me/filings/{other_id}").status_code == 404
    assert person.get("/me/settlements/1").status_code == 200
    # through the API with the session cookie: own records readable, others' refused, no changes
    assert person.get(f"/api/v1/persons/{CHEN}/settlements").status_code == 200
    assert person.get(f"/api/v1/persons/{LI_NA}").status_code == 403
    assert person.get(f"/api/v1/filings/{other_id}").status_code == 403
    assert person.post("/api/v1/filings/revoke", json={"filing_id": filing_id}).status_code == 401


def test_uploads_must_be_images_or_pdf(world: World, person: TestClient[Any]) -> None:
    csrf = form_token(person.get("/me/filings/new").text, "csrf")
    fields = {"csrf": csrf, "category": "retiree-resettled", "region": "310100", "institution": "H310100S0001"}
    script = person.post("/me/filings", data=fields, files={"doc-personal-commitment": ("x.pdf", b"<script>", "application/pdf")})
    assert script.status_code == 400 and "only JPEG, PNG or PDF" in errors(script.text)[0]
    assert "YD" not in person.get("/me/filings").text  # nothing was filed
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    incomplete = person.post("/me/filings", data=fields, files={"doc-card-and-copy": ("card.png", png, "image/png")})
    assert incomplete.status_code == 400 and "missing documents" in errors(incomplete.text)[0]
    pdf = b"%PDF-1.4 commitment"
    files = {"doc-card-and-copy": ("card.png", png, "image/png"), "doc-personal-commitment": ("c.pdf", pdf, "application/pdf")}
    assert person.post("/me/filings", data=fields, files=files, follow_redirects=False).status_code == 303
    database = sqlite3.connect(world.db_path)
    try:  # only the accepted application's scans are kept, byte for byte, under no name the sender chose
        stored = database.execute("SELECT document, media_type, content FROM filing_uploads ORDER BY id").fetchall()
    finally:
        database.close()
    assert sorted(stored) == [("card-and-copy", "image/png", png), ("personal-commitment", "application/pdf", pdf)]


def test_pages_escape_what_people_typed(world: World, person: TestClient[Any]) -> None:
    csrf = form_token(person.get("/me/card").text, "csrf")
    page = person.post("/me/card", data={"csrf": csrf, "address": "<b>x</b>", "photo_receipt": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text


def test_the_counters_audit_names_the_person_for_changes_made_online(world: World, person: TestClient[Any]) -> None:
    csrf = form_token(person.get("/me/card").text, "csrf")
    fields = {"csrf": csrf, "address": "上海市徐汇区斜土路", "phone": "13900139000", "photo_receipt": "PH1234567"}
    person.post("/me/card", data=fields)
    person.get("/me/card/form.docx")
    log = world.audit()
    assert any(row[:2] == (f"person:{CHEN}", "card.apply") for row in log)
    assert (f"person:{CHEN}", "disclose", CHEN) in log
    listed = world.shebao.ok("audit", "list", "--action", "card.apply")
    assert "person:4403**********0056" in listed and CHEN not in listed  # masked in the counter's listing


def test_pages_are_not_framed_cached_or_sniffed(world: World, person: TestClient[Any]) -> None:
    page = person.get("/me")
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert page.headers["x-content-type-options"] == "nosniff"


def test_a_person_sees_the_expenses_settled_elsewhere_with_every_part(world: World, person: TestClient[Any]) -> None:
    approved_filing(world)
    settled = world.post("hospital", "/api/v1/settlements", bill()).json()
    listing = person.get("/me/settlements").text
    assert "复旦大学附属中山医院" in listing and settled["total"] in listing and "/me/settlements/1" in listing
    page = person.get("/me/settlements/1").text
    for part in ("total", "fully_self_paid", "first_self_paid", "in_scope", "pooling_fund", "fund_total", "cash"):
        assert f'<td class="num">{settled[part]}</td>' in page, part
    assert "冠状动脉造影术" in page  # every line


ZHANG_MIN = "440305198801010046"  # a flexible worker, who pays her own contributions


def test_a_flexible_worker_sees_and_downloads_her_contribution_notice(world: World) -> None:
    world.shebao.ok("person", "register", "--id", ZHANG_MIN, "--name", "张敏", "--insured-region", "440300",
                    "--scheme", "employee", "--status", "flexible", today="2026-01-10")  # fmt: skip
    world.shebao.ok("payment", "notice", ZHANG_MIN, "--month", "2026-05", "--base", "6000.00", today="2026-05-20")
    code = enrolled(world.shebao, ZHANG_MIN)
    with TestClient(create_app(world.db_path, TODAY)) as client:
        enrol(client, code, ZHANG_MIN)
        assert login(client, citizen_id=ZHANG_MIN).status_code == 303
        page = client.get("/me/contributions").text
        notice = re.search(r"灵活就业缴费通知：(JF\d+)", page)
        assert notice and "未缴费" in page
        word = client.get("/me/contributions/notice.docx")
        assert word.status_code == 200 and word.headers["content-disposition"] == f'attachment; filename="{notice.group(1)}.docx"'
        text = "\n".join(
            cell.text for table in docx.Document(io.BytesIO(word.content)).tables for row in table.rows for cell in row.cells
        )
        text += "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
        assert "张敏" in text and notice.group(1) in text
        assert client.get("/me/contributions/receipt.docx").status_code == 404
