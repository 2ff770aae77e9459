"""Who may do what, per role and endpoint: a hospital settles only at its own institution, an
auditor changes nothing, a revoked token is refused, nobody gets in without credentials."""

import datetime as dt
from typing import Any

import pytest
from serve_world import CHEN, LI_NA, OTHER_SHANGHAI_HOSPITAL, SHANGHAI_HOSPITAL, World, approved_filing, bill

from shebao.services.access import revoke_token
from shebao.store.database import connect
from shebao.store.unit_of_work import SqliteUnitOfWork

TOKEN_ROLES = ["counter", "hospital", "auditor"]

# (method, path, body): every endpoint, each with a request that its permitted roles may make
ENDPOINTS: dict[str, tuple[str, str, Any]] = {
    "settle": ("POST", "/api/v1/settlements", bill("ZY-AUTH-1")),
    "show settlement": ("GET", "/api/v1/settlements/1", None),
    "reverse": ("POST", "/api/v1/settlements/1/reverse", None),
    "person's settlements": ("GET", f"/api/v1/persons/{CHEN}/settlements", None),
    "person": ("GET", f"/api/v1/persons/{LI_NA}", None),
    "card": ("GET", f"/api/v1/persons/{LI_NA}/card", None),
    "filing covers": ("GET", f"/api/v1/persons/{CHEN}/filing-covers?region=310100", None),
    "person's filings": ("GET", f"/api/v1/persons/{CHEN}/filings", None),
    "filing": ("GET", "/api/v1/filings/{filing}", None),
    "apply filing": ("POST", "/api/v1/filings", {"citizen_id": LI_NA, "category": "emergency", "treatment_region": "310100"}),
    "approve filing": ("POST", "/api/v1/filings/approve", {"filing_id": "{filing}"}),
    "reject filing": ("POST", "/api/v1/filings/reject", {"filing_id": "{filing}"}),
    "revoke filing": ("POST", "/api/v1/filings/revoke", {"filing_id": "{filing}"}),
    "institutions": ("GET", "/api/v1/institutions?region=310100", None),
}

# written out here, not read from the application, so that a change there shows up here
ALLOWED = {
    "settle": {"counter", "hospital"},
    "show settlement": {"counter", "hospital", "auditor"},
    "reverse": {"counter", "hospital"},
    "person's settlements": {"counter", "hospital", "auditor"},
    "person": {"counter", "hospital", "auditor"},
    "card": {"counter", "auditor"},
    "filing covers": {"counter", "hospital", "auditor"},
    "person's filings": {"counter", "auditor"},
    "filing": {"counter", "auditor"},
    "apply filing": {"counter"},
    "approve filing": {"counter"},
    "reject filing": {"counter"},
    "revoke filing": {"counter"},
    "institutions": {"counter", "hospital", "auditor"},
}


def call(world: World, who: str | None, endpoint: str, filing: str) -> Any:
    import json

    method, path, body = ENDPOINTS[endpoint]
    path = path.replace("{filing}", filing)
    if body is not None:
        body = json.loads(json.dumps(body).replace("{filing}", filing))
    headers = world.headers(who) if who else {}
    return world.client.request(method, path, headers=headers, content=json.dumps(body) if body is not None else None)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_each_role_is_allowed_or_refused_per_endpoint(world: World, endpoint: str) -> None:
    filing = approved_filing(world)
    world.post("counter", "/api/v1/settlements", bill())  # settlement 1, at the hospital's own institution
    for role in TOKEN_ROLES:
        response = call(world, role, endpoint, filing)
        if role in ALLOWED[endpoint]:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json()["type"].endswith("/forbidden")
    anonymous = call(world, None, endpoint, filing)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")


def test_a_hospital_settles_reads_and_reverses_only_at_its_own_institution(world: World) -> None:
    approved_filing(world)
    elsewhere = world.post("other-hospital", "/api/v1/settlements", bill())
    assert elsewhere.status_code == 403
    assert SHANGHAI_HOSPITAL in elsewhere.json()["detail"] and OTHER_SHANGHAI_HOSPITAL in elsewhere.json()["detail"]
    settled = world.post("hospital", "/api/v1/settlements", bill())
    assert settled.status_code == 201
    assert world.get("other-hospital", "/api/v1/settlements/1").status_code == 403
    assert world.post("other-hospital", "/api/v1/settlements/1/reverse").status_code == 403
    # a person's settlements, as another hospital sees them: none of the first hospital's
    assert world.get("other-hospital", f"/api/v1/persons/{CHEN}/settlements").json() == []
    assert len(world.get("hospital", f"/api/v1/persons/{CHEN}/settlements").json()) == 1


def test_a_revoked_or_unknown_token_is_refused(world: World) -> None:
    assert world.get("auditor", f"/api/v1/persons/{LI_NA}").status_code == 200
    db = connect(world.db_path)
    try:
        revoke_token(SqliteUnitOfWork(db, "tester", dt.datetime(2026, 5, 1, 9)), 2, dt.datetime(2026, 5, 1, 9))
    finally:
        db.close()
    refused = world.get("auditor", f"/api/v1/persons/{LI_NA}")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    unknown = world.client.get(f"/api/v1/persons/{LI_NA}", headers={"Authorization": "Bearer shb_made-up"})
    assert unknown.status_code == 401 and unknown.json()["detail"] == "unknown API token"
    wrong_scheme = world.client.get(f"/api/v1/persons/{LI_NA}", headers={"Authorization": "Basic abc"})
    assert wrong_scheme.status_code == 401
