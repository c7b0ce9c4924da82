"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI application.

For every operation Hypothesis generates valid requests and invalid ones (a bounded number of each); no
answer may be a server error, and every answer must match the schema: a documented status code, the
documented content type and a body that validates against the documented schema.

Schemathesis's pytest plugin (`schema.parametrize()`) does not run under pytest 9 (it writes
`Node._nodeid`, which pytest 9 removed), so each operation is a plain parametrized test driving
`APIOperation.as_strategy()` with Hypothesis, which is the same generation without the plugin.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.v1 import api as ninja_api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}
PATHS = ninja_api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
OPERATIONS = sorted(PATHS)
# (path, mode): invalid requests only exist for operations that take parameters.
CASES = [
    (path, mode)
    for path in OPERATIONS
    for mode in EXAMPLES
    if mode is GenerationMode.POSITIVE or PATHS[path]["get"].get("parameters")
]


@pytest.fixture
def api_schema(world, settings):
    settings.API_THROTTLE_ANON = None  # Hypothesis sends hundreds of requests from one address
    # A real WSGI request closes the database connection when it ends, which would end the test's
    # transaction; Django's test client does the same as this while it runs requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_is_exercised(api):
    assert set(OPERATIONS) == set(api.get("/api/v1/openapi.json").json()["paths"])


@pytest.mark.parametrize(("path", "mode"), CASES, ids=[f"{path}-{mode.value}" for path, mode in CASES])
def test_operation_conforms_to_the_schema(api_schema, path, mode):
    operation = api_schema[path]["GET"]
    calls = []

    @hypothesis_settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,  # the same examples on every run: CI is repeatable
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case):
        response = case.call_and_validate(checks=CHECKS)
        calls.append(response.status_code)

    exercise()
    assert calls, "Hypothesis generated no request"
    if mode is GenerationMode.POSITIVE and "{" not in path:
        assert 200 in calls, calls  # valid requests to a list do get answers, not only errors
