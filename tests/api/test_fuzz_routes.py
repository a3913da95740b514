"""Every route of the OpenAPI document, fuzzed from its own description (schemathesis): whatever a
client sends, the server answers it, and never with a 5xx.

The app runs in process (served on loopback) over a small published build, with its real worker
processes. The number of
examples per operation is bounded so that the suite stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from support.api_builds import LiveServer, make_settings

EXAMPLES_PER_OPERATION = 12


@pytest.fixture(scope="module")
def fuzzed(data_dir: Path) -> Iterator[LiveServer]:
    """The ASGI app in this process, served on loopback (the worker pool lives on the server's own
    event loop, as in production)."""
    with LiveServer(make_settings(data_dir, query_timeout_s=10.0, update_token="fuzz-token")) as server:
        yield server


@pytest.fixture(scope="module")
def api_schema(fuzzed: LiveServer) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(fuzzed.url + "/openapi.json")


def test_no_route_answers_5xx(api_schema: schemathesis.BaseSchema, fuzzed: LiveServer) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers_without_5xx(case: schemathesis.Case) -> None:
            response = case.call(base_url=fuzzed.url)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} answered {response.status_code}: "
                                f"{response.text[:300]}\n  reproduce: {case.as_curl_command()}")

        answers_without_5xx()
    assert failures == []


def test_the_document_lists_the_endpoints(api_schema: schemathesis.BaseSchema) -> None:
    paths = {result.ok().path for result in api_schema.get_all_operations()}
    assert {"/sparql", "/sparql/update", "/queries"} <= paths
