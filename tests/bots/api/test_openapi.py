"""The OpenAPI document is complete, and a bounded schemathesis run finds no server error."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.bots.api.support import KEY_A

EXPECTED = {
    ("post", "/api/v1/analyze"),
    ("post", "/api/v1/improve"),
    ("post", "/api/v1/generate"),
    ("get", "/api/v1/{module}/status/{job_id}"),
    ("get", "/api/v1/{module}/result/{job_id}"),
    ("get", "/api/v1/jobs/{job_id}/file"),
    ("delete", "/api/v1/jobs/{job_id}"),
    ("post", "/api/v1/webhooks"),
    ("get", "/api/v1/webhooks"),
    ("delete", "/api/v1/webhooks/{endpoint_id}"),
    ("get", "/api/v1/webhooks/{endpoint_id}/deliveries"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
}


def test_document_lists_every_operation_with_its_problems(stack):
    spec = httpx.get(stack.api.url + "/openapi.json").json()
    ops = {(m, p) for p, item in spec["paths"].items() for m in item}
    assert ops == EXPECTED
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    submit = spec["paths"]["/api/v1/generate"]["post"]
    assert {"202", "401", "413", "415", "422", "429", "503"} <= set(submit["responses"])
    problem = submit["responses"]["413"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_result_schema_has_the_resume_models(stack):
    spec = httpx.get(stack.api.url + "/openapi.json").json()
    schemas = spec["components"]["schemas"]
    result = spec["paths"]["/api/v1/{module}/result/{job_id}"]["get"]["responses"]["200"]
    assert result["content"]["application/json"]["schema"]["$ref"].endswith("/JobResultPublic")
    props = schemas["JobResultPublic"]["properties"]
    for name in ("resume", "resume_before"):
        refs = [s.get("$ref") for s in props[name]["anyOf"]]
        assert refs == ["#/components/schemas/Resume", None]  # the model, or null
        assert name not in schemas["JobResultPublic"].get("required", [])  # a new, optional field
    resume = schemas["Resume"]["properties"]
    assert {"contact", "sections", "language", "pages", "warnings"} <= set(resume)
    bullet = schemas["Bullet"]["properties"]
    assert set(bullet) == {"id", "text"}


NO_INPUT = {"GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/webhooks"}


def _cases() -> list:
    """(operation, mode) pairs; operations without inputs have no negative cases."""
    labels = sorted(f"{m.upper()} {p}" for m, p in EXPECTED)
    return [
        pytest.param(label, mode, id=f"{label}-{mode.value}")
        for label in labels
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if not (mode == GenerationMode.NEGATIVE and label in NO_INPUT)
    ]


# schemathesis' lazy pytest loader (``from_fixture``) does not run on pytest 9, so each
# operation is driven by Hypothesis directly: one parametrized case per operation.
@pytest.mark.parametrize("label, mode", _cases())
def test_no_server_errors(stack, label, mode):
    schema = schemathesis.openapi.from_url(stack.api.url + "/openapi.json")
    (operation,) = [r.ok() for r in schema.get_all_operations() if r.ok().label == label]

    # Schema-breaking requests must be refused cleanly; conformance is checked on valid ones.
    checks = [not_a_server_error]
    if mode == GenerationMode.POSITIVE:
        checks += [status_code_conformance, content_type_conformance, response_schema_conformance]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=4,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(
            base_url=stack.api.url,
            headers={"X-API-Key": KEY_A},
            checks=checks,
            timeout=30,
        )

    run()
