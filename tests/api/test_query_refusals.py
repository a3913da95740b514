"""Requests refused before any worker sees them: queries nested too deep, protocol parameters without
a query."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.sparql_text import MAX_NESTING

from support.api_builds import LiveServer, make_settings

HRC = "https://w3id.org/hrcgraph/ontology#"
COUNT_TEXTS = f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{HRC}Resolution> }}"
DEEP_GROUPS = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
DEEP_EXPRESSION = "SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }"
DEEP_PATH = "SELECT * WHERE { ?s " + "(" * 5_000 + f"<{HRC}symbol>" + ")" * 5_000 + " ?o }"


def _n(response: httpx.Response) -> int:
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("query", [DEEP_GROUPS, DEEP_EXPRESSION, DEEP_PATH], ids=["groups", "expression", "path"])
def test_a_deeply_nested_query_is_400_and_says_why(client: TestClient, query: str) -> None:
    r = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert "nested too deep" in r.text and f"the limit is {MAX_NESTING}" in r.text
    assert _n(client.get("/sparql", params={"query": COUNT_TEXTS})) == 30


def test_a_deeply_nested_query_never_reaches_a_worker(client: TestClient) -> None:
    service = client.app.state.sparql  # type: ignore[attr-defined]
    before = service.counters.queries
    r = client.post("/sparql", data={"query": DEEP_GROUPS})
    assert r.status_code == 400
    assert service.counters.queries == before


def test_a_deeply_nested_update_is_400(own_data_dir: Path) -> None:
    with TestClient(create_app(make_settings(own_data_dir, update_token="s3cret"))) as c:
        update = "INSERT { <urn:x:a> <urn:x:b> <urn:x:c> } WHERE " + "{" * 50_000 + "}" * 50_000
        r = c.post("/sparql/update", content=update,
                   headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"})
        assert r.status_code == 400 and "nested too deep: 50000 levels" in r.text


def test_a_fifty_thousand_deep_query_leaves_a_real_server_up(live_server: LiveServer) -> None:
    r = httpx.post(live_server.endpoint, content=DEEP_GROUPS,
                   headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 400
    assert "nested too deep: 50000 levels" in r.text
    ok = httpx.get(live_server.endpoint, params={"query": COUNT_TEXTS}, timeout=30)
    assert ok.status_code == 200 and _n(ok) == 30


@pytest.mark.parametrize("params", [
    {"default-graph-uri": "https://w3id.org/hrcgraph/graph/ohchr"},
    {"named-graph-uri": "https://w3id.org/hrcgraph/graph/ohchr"},
    {"format": "json"},
])
def test_protocol_parameters_without_a_query_are_400(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/sparql", params=params, headers={"Accept": "text/turtle"})
    assert r.status_code == 400
    assert "'query' parameter is missing" in r.text and next(iter(params)) in r.text


def test_a_bare_get_is_the_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "sparql-service-description" in r.text
