"""The JSON API as a hospital's system and a counter use it: settle, show, list, reverse,
filings, institutions; errors as problem documents with the CLI's messages."""

import json
import sqlite3
from typing import Any

from serve_world import CHEN, LI_NA, SHANGHAI_HOSPITAL, World, approved_filing, bill

PROBLEM = "application/problem+json"


def test_healthz_answers_and_writes_nothing(world: World) -> None:
    before = world.audit()
    response = world.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert world.audit() == before


def test_a_hospital_settles_a_filed_bill_then_reads_and_reverses_it(world: World) -> None:
    approved_filing(world)
    settled = world.post("hospital", "/api/v1/settlements", bill())
    assert settled.status_code == 201, settled.text
    data = settled.json()
    assert data["management"] == "filed"
    assert data["citizen_id"] != CHEN and data["citizen_id"].startswith("4403")  # masked, as the CLI shows it
    number = data["id"]

    shown = world.get("hospital", f"/api/v1/settlements/{number}", format="nhsa")
    assert shown.status_code == 200
    nhsa = shown.json()
    assert nhsa["medfee_sumamt"] == data["total"] and nhsa["mdtrtarea_admvs"] == "310100"

    listed = world.get("counter", f"/api/v1/persons/{CHEN}/settlements")
    assert [s["id"] for s in listed.json()] == [number]

    again = world.post("hospital", "/api/v1/settlements", bill())
    assert again.status_code == 422 and again.headers["content-type"].startswith(PROBLEM)
    assert again.json()["rule"] == "settle-once"

    reversed_ = world.post("hospital", f"/api/v1/settlements/{number}/reverse")
    assert reversed_.status_code == 200 and reversed_.json()["status"] == "reversed"
    twice = world.post("hospital", f"/api/v1/settlements/{number}/reverse")
    assert twice.status_code == 422 and twice.json()["rule"] == "reverse-once"


def test_a_bad_bill_is_a_problem_document_with_the_clis_paths_and_nothing_is_written(world: World) -> None:
    bad = bill()
    bad["lines"][1]["quantity"] = "0"
    bad["citizen_id"] = "440300195505050057"
    response = world.post("hospital", "/api/v1/settlements", bad)
    assert response.status_code == 400
    problem: dict[str, Any] = response.json()
    assert problem["type"].endswith("/bad-input") and problem["status"] == 400
    assert "@ $.citizen_id" in problem["detail"] and "@ $.lines[1].quantity" in problem["detail"]
    assert problem["instance"] == "/api/v1/settlements"
    assert world.get("counter", f"/api/v1/persons/{CHEN}/settlements").json() == []

    broken = world.client.post("/api/v1/settlements", headers=world.headers("hospital"), content=b"{not json")
    assert broken.status_code == 400 and broken.json()["detail"].startswith("request body: bad JSON at line 1 column 2")


def test_filing_covers_and_refusals_name_their_rule(world: World) -> None:
    covers = world.get("hospital", f"/api/v1/persons/{CHEN}/filing-covers", region="310100", institution=SHANGHAI_HOSPITAL)
    assert covers.json()["covered"] is False
    filing_id = approved_filing(world)
    covers = world.get("hospital", f"/api/v1/persons/{CHEN}/filing-covers", region="310100", institution=SHANGHAI_HOSPITAL)
    assert covers.json() == {"covered": True, "filing": filing_id, "on": "2026-05-20"}

    locked = world.post("counter", "/api/v1/filings/revoke", {"filing_id": filing_id})
    assert locked.status_code == 422 and locked.json()["rule"]
    missing = world.post("counter", "/api/v1/filings/approve", {"filing_id": "YD209901010001"})
    assert missing.status_code == 404 and missing.json()["detail"] == "refused by rule 'must-exist': no filing YD209901010001"


def test_institution_search_and_person_lookup(world: World) -> None:
    found = world.get("hospital", "/api/v1/institutions", region="310100", level="tertiary", limit=3)
    assert found.status_code == 200
    assert len(found.json()) == 3 and all(i["region"] == "310100" for i in found.json())
    bad = world.get("hospital", "/api/v1/institutions", level="very-high")
    assert bad.status_code == 400 and "@ $.level" in bad.json()["detail"]

    person = world.get("counter", f"/api/v1/persons/{LI_NA}")
    assert person.json()["name"] == "李娜" and person.json()["phone"] == "138****8000"
    unknown = world.get("counter", "/api/v1/persons/11010519491231002X")
    assert unknown.status_code == 404


def test_disclosures_and_changes_are_audited_with_the_actor(world: World) -> None:
    world.get("auditor", f"/api/v1/persons/{LI_NA}")
    approved_filing(world)
    log = world.audit()
    assert ("token:2", "disclose", LI_NA) in log  # the auditor's token
    assert any(row[:2] == ("token:1", "filing.approve") for row in log)  # the counter's


def test_openapi_is_generated_from_the_kernels_types(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"Bill", "ApplyFiling", "ApproveFiling", "InstitutionView", "VisitType"} <= schemas.keys()
    assert schemas["Bill"]["properties"]["citizen_id"]["type"] == "string"
    body = document["paths"]["/api/v1/settlements"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Bill"}
    assert world.client.get("/docs").status_code == 200


def test_a_counter_may_reveal_masked_data_and_is_audited_a_hospital_may_not(world: World) -> None:
    masked = world.get("counter", f"/api/v1/persons/{LI_NA}").json()
    assert masked["citizen_id"] == "4403**********0021" and masked["phone"] == "138****8000"
    revealed = world.get("counter", f"/api/v1/persons/{LI_NA}", reveal="true").json()
    assert revealed["citizen_id"] == LI_NA and revealed["phone"] == "13800138000"
    refused = world.get("hospital", f"/api/v1/persons/{LI_NA}", reveal="true")
    assert refused.status_code == 403 and "may not reveal" in refused.json()["detail"]
    database = sqlite3.connect(world.db_path)
    try:
        details = [json.loads(d) for (d,) in database.execute("SELECT detail FROM audit WHERE action = 'disclose' ORDER BY id")]
    finally:
        database.close()
    assert [d["revealed"] for d in details] == [False, True]


def test_a_hospital_previews_a_bill_as_an_estimate_and_nothing_is_written(world: World) -> None:
    approved_filing(world)
    before = world.audit()
    preview = world.post("hospital", "/api/v1/settlements/preview", bill())
    assert preview.status_code == 200, preview.text
    estimate = preview.json()
    assert (estimate["estimate"], estimate["id"], estimate["status"]) == (True, None, "estimate")
    nhsa = world.client.post(
        "/api/v1/settlements/preview", params={"format": "nhsa"}, headers=world.headers("hospital"), content=json.dumps(bill())
    ).json()
    assert nhsa["estimate"] is True and nhsa["setl_id"] == "" and nhsa["medfee_sumamt"] == estimate["total"]
    assert world.audit() == before
    assert world.get("counter", f"/api/v1/persons/{CHEN}/settlements").json() == []

    elsewhere = world.post("other-hospital", "/api/v1/settlements/preview", bill())
    assert elsewhere.status_code == 403  # a hospital estimates its own bills only
    settled = world.post("hospital", "/api/v1/settlements", bill()).json()
    parts = ("total", "fund_total", "account", "cash")
    assert {k: settled[k] for k in parts} == {k: estimate[k] for k in parts}


def test_entitlement_says_whether_the_fund_may_pay_and_every_reason_why_not(world: World) -> None:
    electronic = world.get("hospital", f"/api/v1/persons/{CHEN}/entitlement", on="2026-05-20", certificate="electronic")
    assert electronic.status_code == 200 and electronic.json()["entitled"] is True
    by_card = world.get("hospital", f"/api/v1/persons/{CHEN}/entitlement", on="2026-05-20", certificate="card").json()
    assert by_card["entitled"] is False and "no-card" in {r["reason"] for r in by_card["reasons"]}
    employee = world.get("counter", f"/api/v1/persons/{LI_NA}/entitlement", on="2026-05-20").json()
    assert employee["entitled"] is False and "no-contribution" in {r["reason"] for r in employee["reasons"]}
    assert employee["citizen_id"] != LI_NA  # masked, as the CLI shows it
    assert ("disclose", CHEN) in [(action, subject) for _, action, subject in world.audit()]

    bad_day = world.get("hospital", f"/api/v1/persons/{CHEN}/entitlement", on="2026-13-01")
    assert bad_day.status_code == 400 and bad_day.json()["detail"] == "on '2026-13-01' is not a date (YYYY-MM-DD)"
    before_birth = world.get("hospital", f"/api/v1/persons/{CHEN}/entitlement", on="1950-01-01").json()
    assert before_birth["entitled"] is False
