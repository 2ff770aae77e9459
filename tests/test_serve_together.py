"""Bills that reach the service at the same moment are settled in one transaction, and each
request gets the answer it would have got alone: its settlement, or its own problem document."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import ShebaoCli
from litestar.testing import TestClient
from serve_world import CHEN, TODAY, World, approved_filing, bill, build_people, make_tokens

from shebao.services.settlement import together
from shebao_cli.serve import bills_together
from shebao_cli.serve.app import create_app

UNKNOWN_PERSON = "110101199003070011"


def bills() -> list[dict[str, Any]]:
    first = bill("ZY20260520001")
    stranger = bill("ZY20260520009")
    stranger["citizen_id"] = UNKNOWN_PERSON
    return [first, bill("ZY20260520002"), first, stranger, bill("ZY20260520003")]


def a_world(shebao: ShebaoCli, db_path: Path) -> dict[str, str]:
    build_people(shebao)
    tokens = make_tokens(db_path)
    with TestClient(create_app(db_path, TODAY)) as client:
        approved_filing(World(client, tokens, db_path, shebao))
    return tokens


def answers_at_once(db_path: Path, token: str) -> list[tuple[int, Any]]:
    """The bills posted together, as a server reads requests that arrived during one turn of
    its loop: each body already there, so every handler reaches the settlement at once."""
    app = create_app(db_path, TODAY)

    async def post(body: bytes) -> tuple[int, Any]:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Any) -> None:
            sent.append(message)

        headers = [(b"authorization", f"Bearer {token}".encode()), (b"content-type", b"application/json")]
        scope = {"type": "http", "http_version": "1.1", "method": "POST", "path": "/api/v1/settlements", "raw_path": b"",
                 "root_path": "", "scheme": "http", "query_string": b"", "headers": headers, "client": ("127.0.0.1", 1),
                 "server": ("testserver", 80), "state": {}}  # fmt: skip
        await app(scope, receive, send)  # type: ignore[arg-type]
        body_sent = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return int(sent[0]["status"]), json.loads(body_sent)

    async def post_together() -> list[tuple[int, Any]]:
        return list(await asyncio.gather(*(post(json.dumps(b).encode()) for b in bills())))

    try:
        return asyncio.run(post_together())
    finally:
        app.state.service.close()


def answers_one_by_one(db_path: Path, token: str) -> list[tuple[int, Any]]:
    with TestClient(create_app(db_path, TODAY)) as client:
        headers = {"Authorization": f"Bearer {token}"}
        answered = [client.post("/api/v1/settlements", headers=headers, content=json.dumps(b)) for b in bills()]
        return [(r.status_code, r.json()) for r in answered]


def test_bills_sent_together_are_settled_in_one_transaction_each_answered_as_if_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> list[together.Outcome]:
        calls.append(len(args[1]))
        return together.settle_together(*args, **kwargs)

    monkeypatch.setattr(bills_together, "settle_together", counted)
    alone_db, together_db = tmp_path / "alone.db", tmp_path / "together.db"
    alone_tokens = a_world(ShebaoCli(alone_db), alone_db)
    together_tokens = a_world(ShebaoCli(together_db), together_db)

    expected = answers_one_by_one(alone_db, alone_tokens["hospital"])
    calls.clear()
    answered = answers_at_once(together_db, together_tokens["hospital"])

    assert calls == [len(bills())]  # every bill in one call: one transaction
    assert [status for status, _ in answered] == [201, 201, 422, 404, 201]
    assert answered == expected  # the same settlements, ids and figures; the same problems
    assert answered[2][1]["rule"] == "settle-once"
    with TestClient(create_app(together_db, TODAY)) as counter:
        headers = {"Authorization": f"Bearer {together_tokens['counter']}"}
        listed = counter.get(f"/api/v1/persons/{CHEN}/settlements", headers=headers)
    assert sorted(s["bill_number"] for s in listed.json()) == ["ZY20260520001", "ZY20260520002", "ZY20260520003"]
