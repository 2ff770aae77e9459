"""The API's answers are typed in its OpenAPI document: every /api/v1 operation's success
answer has a schema with properties, generated from the kernel's attrs view types, and real
answers validate against it; the CLI's --json prints the same values."""

import json
from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest
from cardflow import ADDRESS
from serve_world import CHEN, LI_NA, SHANGHAI_HOSPITAL, World, approved_filing, bill

Call = Callable[[World, dict[str, str]], Any]

# one real, successful request for each operation: (method, path template) -> call
OPERATIONS: dict[tuple[str, str], list[Call]] = {
    ("post", "/api/v1/settlements"): [lambda w, ids: w.post("hospital", "/api/v1/settlements", bill("ZY20260520099"))],
    ("post", "/api/v1/settlements/preview"): [
        lambda w, ids: w.post("hospital", "/api/v1/settlements/preview", bill("ZY20260520098")),
        lambda w, ids: w.client.post(
            "/api/v1/settlements/preview",
            params={"format": "nhsa"},
            headers=w.headers("hospital"),
            content=json.dumps(bill("ZY20260520098")),
        ),
    ],
    ("get", "/api/v1/settlements/{settlement_id}"): [
        lambda w, ids: w.get("hospital", f"/api/v1/settlements/{ids['settlement']}"),
        lambda w, ids: w.get("hospital", f"/api/v1/settlements/{ids['settlement']}", format="nhsa"),
    ],
    ("post", "/api/v1/settlements/{settlement_id}/reverse"): [
        lambda w, ids: w.post("hospital", f"/api/v1/settlements/{ids['settlement']}/reverse")
    ],
    ("get", "/api/v1/persons/{citizen_id}/settlements"): [lambda w, ids: w.get("counter", f"/api/v1/persons/{CHEN}/settlements")],
    ("get", "/api/v1/persons/{citizen_id}"): [lambda w, ids: w.get("counter", f"/api/v1/persons/{LI_NA}")],
    ("get", "/api/v1/persons/{citizen_id}/entitlement"): [
        lambda w, ids: w.get("hospital", f"/api/v1/persons/{CHEN}/entitlement", certificate="card")
    ],
    ("get", "/api/v1/persons/{citizen_id}/card"): [lambda w, ids: w.get("counter", f"/api/v1/persons/{LI_NA}/card")],
    ("get", "/api/v1/persons/{citizen_id}/filing-covers"): [
        lambda w, ids: w.get("hospital", f"/api/v1/persons/{CHEN}/filing-covers", region="310100", institution=SHANGHAI_HOSPITAL)
    ],
    ("get", "/api/v1/persons/{citizen_id}/filings"): [lambda w, ids: w.get("counter", f"/api/v1/persons/{CHEN}/filings")],
    ("get", "/api/v1/filings/{filing_id}"): [lambda w, ids: w.get("counter", f"/api/v1/filings/{ids['filing']}")],
    ("post", "/api/v1/filings"): [
        lambda w, ids: _apply(w, ids, "440100", None),  # Guangzhou, within Guangdong: no filing needed
        lambda w, ids: _apply(w, ids, "310100", "other"),
    ],
    ("post", "/api/v1/filings/approve"): [
        lambda w, ids: w.post("counter", "/api/v1/filings/approve", {"filing_id": ids["other"]})
    ],
    ("post", "/api/v1/filings/reject"): [lambda w, ids: _reject(w, _apply(w, ids, "110100", "rejected").json()["id"])],
    ("post", "/api/v1/filings/revoke"): [lambda w, ids: w.post("counter", "/api/v1/filings/revoke", {"filing_id": ids["other"]})],
    ("get", "/api/v1/institutions"): [lambda w, ids: w.get("hospital", "/api/v1/institutions", region="310100", limit=3)],
}


def _apply(world: World, ids: dict[str, str], region: str, key: str | None) -> Any:
    """Li Na applies for a temporary filing for ``region`` (its id kept under ``key``)."""
    applied = world.post("counter", "/api/v1/filings", {
        "citizen_id": LI_NA, "category": "other-temporary", "treatment_region": region,
        "documents": ["personal-commitment", "card-and-copy"], "starts_on": "2026-05-20",
        "institutions": [SHANGHAI_HOSPITAL] if region == "310100" else [],
    })  # fmt: skip
    if key is not None:
        assert applied.status_code == 201, applied.text
        ids[key] = applied.json()["id"]
    return applied


def _reject(world: World, filing_id: str) -> Any:
    return world.post("counter", "/api/v1/filings/reject", {"filing_id": filing_id, "reasons": ["材料不全"]})


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _objects(document: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas an answer may be: a list's items, each branch of a union."""
    schema = _resolve(document, schema)
    if schema.get("type") == "array":
        return _objects(document, schema["items"])
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches:
        return [found for branch in branches for found in _objects(document, branch)]
    return [schema]


def _success_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    answers = document["paths"][path][method]["responses"]
    (status,) = [code for code in answers if code.startswith("2")]
    schema: dict[str, Any] = answers[status]["content"]["application/json"]["schema"]
    return schema


def _setup(world: World) -> dict[str, str]:
    """A settled bill, Chen's approved filing and Li Na's card application."""
    filing = approved_filing(world)
    settled = world.post("hospital", "/api/v1/settlements", bill())
    assert settled.status_code == 201, settled.text
    world.shebao.ok("card", "apply", LI_NA, "--document", "identity-card", "--address", ADDRESS, today="2026-05-20")
    ids = {"filing": filing, "settlement": str(settled.json()["id"])}
    return ids


def test_every_answer_has_a_typed_schema_and_real_answers_validate_against_it(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    operations = {(m, p) for p, item in document["paths"].items() if p.startswith("/api/v1/") for m in item}
    assert operations == OPERATIONS.keys()  # a new operation needs its example here
    ids = _setup(world)
    for (method, path), calls in OPERATIONS.items():
        schema = _success_schema(document, method, path)
        for shape in _objects(document, schema):
            assert shape.get("type") == "object" and shape.get("properties"), (method, path, shape)
        validator = jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})
        for call in calls:
            answer = call(world, ids)
            assert 200 <= answer.status_code < 300, (method, path, answer.text)
            errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(answer.json())]
            assert not errors, (method, path, errors[:5])


def test_amounts_dates_and_ratios_are_documented_as_they_are_written(world: World) -> None:
    schemas = world.client.get("/openapi.json").json()["components"]["schemas"]
    settlement = schemas["SettlementView"]["properties"]
    assert settlement["total"]["type"] == "string" and settlement["total"]["pattern"].startswith("^-?[0-9]+")
    assert settlement["ratio"]["type"] == "string" and settlement["service_date"]["format"] == "date"
    assert {"SettlementSummary", "SettlementEstimate", "NhsaSettlement", "PersonView", "FilingView"} <= schemas.keys()
    assert "lines" not in schemas["SettlementSummary"]["properties"]


@pytest.mark.parametrize("reveal", [False, True])
def test_the_cli_prints_what_the_api_answers(world: World, reveal: bool) -> None:
    """One view type behind both front ends: the same JSON, field for field."""
    ids = _setup(world)
    flag = ["--reveal"] if reveal else []
    params = {"reveal": "true"} if reveal else {}

    def cli(*args: str) -> Any:
        return json.loads(world.shebao.ok(*flag, *args, "--json", today="2026-05-20"))

    def api(path: str) -> Any:
        return world.get("counter", path, **params).json()

    settlement = ids["settlement"]
    assert cli("settlement", "show", settlement) == api(f"/api/v1/settlements/{settlement}")
    assert cli("settlement", "list", "--person", CHEN)["items"] == api(f"/api/v1/persons/{CHEN}/settlements")
    person = api(f"/api/v1/persons/{LI_NA}")
    shown = cli("person", "show", LI_NA)  # the person, and her account and employments besides
    assert {key: shown[key] for key in person} == person
    filing, shown = api(f"/api/v1/filings/{ids['filing']}"), cli("filing", "show", ids["filing"])
    assert [i["code"] for i in shown.pop("institutions")] == filing.pop("institutions")  # the CLI names them too
    assert shown == filing
    assert cli("person", "entitlement", CHEN, "--on", "2026-05-20") == api(f"/api/v1/persons/{CHEN}/entitlement")
    searched = cli("institution", "search", "--region", "310100")["items"]
    assert searched == world.get("counter", "/api/v1/institutions", region="310100").json() and searched[0]["level_label"]
    assert cli("institution", "show", SHANGHAI_HOSPITAL) == searched[[i["code"] for i in searched].index(SHANGHAI_HOSPITAL)]
