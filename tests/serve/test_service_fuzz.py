"""Property-based fuzzing of the HTTP service from its own OpenAPI document (schemathesis), over real HTTP.

For every operation, schemathesis generates requests that fit the document and requests that break it, and
checks each answer: never a 5xx, a status and a body the document declares, and a 4xx for what the document
says is invalid. The rule backend keeps it fast; examples are bounded so it runs in CI in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from llmextract.config import ServeSettings, Settings
from llmextract.serve.app import create_app
from llmextract.testing import running_app

TOKEN = "fuzz-token"
# Small limits, so the fuzzer can reach them.
LIMITS = ServeSettings(max_body_bytes=20_000, max_article_chars=4_000, max_batch=4)


# The documents are built from the apps without starting them, so the tests can be generated at collection
# (schemathesis's lazy ``from_fixture`` loader does not work with pytest 9); the fixtures then serve the
# same apps on loopback ports.
OPEN_APP = create_app(Settings(backend="rules"), LIMITS)
GUARDED_APP = create_app(Settings(backend="rules"), ServeSettings(**LIMITS.model_dump(exclude={"token"}), token=TOKEN))
open_schema = schemathesis.openapi.from_dict(OPEN_APP.openapi())
guarded_schema = schemathesis.openapi.from_dict(GUARDED_APP.openapi())
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def open_service():
    with running_app(OPEN_APP) as url:
        yield url


@pytest.fixture(scope="module")
def guarded_service():
    with running_app(GUARDED_APP) as url:
        yield url


@open_schema.parametrize()
@FUZZ
def test_no_request_makes_the_open_service_fail(case, open_service):
    case.call_and_validate(base_url=open_service)


@guarded_schema.parametrize()
@settings(FUZZ, max_examples=40)
def test_no_request_makes_the_guarded_service_fail(case, guarded_service):
    case.call_and_validate(base_url=guarded_service, headers={"Authorization": f"Bearer {TOKEN}"})
