"""schemathesis against the server's OpenAPI document, in-process (ASGI): valid and invalid
requests generated from the schema for every operation, as an admin (so requests reach the
handlers) and without a token. Never a 5xx; a 422 names the field that was wrong.

The two endless streams (server-sent events) are left out: they never finish a response; the
push tests cover them over a real socket. Examples are bounded so the whole run stays < 60 s."""
from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from shared.server import ServerSettings, create_app
from shared.server.testing import session_token

POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
# (mode, examples per operation, as admin?): unauthenticated requests mostly stop at the 401
RUNS = [(POSITIVE, 10, True), (NEGATIVE, 8, True), (POSITIVE, 3, False), (NEGATIVE, 3, False)]
BUDGET_S = 60.0


@pytest.fixture
def api_schema(db_path, clock, service):
    service.issue("ktp")
    service.issue("kk")
    token = session_token(db_path, "admin", clock)
    app = create_app(ServerSettings(db_path, clock=clock, public_burst=100_000))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return schema.exclude(path_regex=r"/stream$"), token


def _operations(schema):
    ops = []
    for result in schema.get_all_operations():
        ops.append(result.ok())
    return ops


def test_no_server_errors_and_422_names_the_field(api_schema):
    schema, token = api_schema
    operations = _operations(schema)
    assert len(operations) >= 30
    started = time.monotonic()
    seen: dict[int, int] = {}
    nothing_to_negate = []
    for operation in operations:
        for mode, examples, as_admin in RUNS:
            headers = {"Authorization": f"Bearer {token}"} if as_admin else {}
            try:
                _fuzz(operation, mode, examples, headers, seen)
            except Unsatisfiable:
                # an operation without parameters or body has no invalid form to generate
                assert mode == NEGATIVE, operation.label
                nothing_to_negate.append(operation.label)
    assert time.monotonic() - started < BUDGET_S
    assert len(set(nothing_to_negate)) < len(operations) // 2
    # the run reached the handlers and also saw refusals of bad input
    assert seen.get(200, 0) + seen.get(201, 0) > 50 and seen.get(422, 0) > 20
    assert not [code for code in seen if code >= 500]
    print("status codes seen:", dict(sorted(seen.items())), "no invalid form:", len(set(nothing_to_negate)))


def _fuzz(operation, mode, examples, headers, seen):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers=headers)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        label = f"{case.method} {case.formatted_path} → {response.status_code} {response.text[:300]}"
        assert response.status_code < 500, label
        if response.status_code == 422:
            body = response.json()
            fields = body.get("detail", {}).get("fields")
            if body["error"] == "invalid":
                assert fields and all(f["field"] for f in fields), label
                assert fields[0]["field"] in body["message"], label
            else:
                assert body["error"] in ("config", "idempotency_conflict"), label
        if response.status_code >= 400 and response.status_code != 304:
            body = response.json()
            assert body["error"] and body["message"] and body["message_en"], label
    run()
