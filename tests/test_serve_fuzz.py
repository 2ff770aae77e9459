"""The API fuzzed from its own OpenAPI document (schemathesis): whatever a client sends, the
answer is never a 500 and never a traceback, only a result or a problem document."""

import os
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from serve_world import World

CASES_PER_OPERATION = int(os.environ.get("SHEBAO_FUZZ_CASES", "40"))


def test_no_request_makes_the_server_fail(world: World, tmp_path: Path) -> None:
    from serve_world import approved_filing

    approved_filing(world)
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    assert len(operations) >= 15  # every endpoint of the API, and /healthz
    headers = world.headers("counter")
    seen: dict[str, set[int]] = {}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=CASES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            response = case.call(headers=headers)
            where = (case.method, case.formatted_path, response.text[:300])
            assert response.status_code < 500, where
            assert "Traceback" not in response.text, where
            if response.status_code >= 400:
                assert response.headers["content-type"][0].startswith("application/problem+json"), where
            seen.setdefault(case.operation.label, set()).add(response.status_code)

        fuzz()
    assert len(seen) == len(operations)
