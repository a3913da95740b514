"""The /sparql endpoint in-process (TestClient, real worker processes, a small published build)."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import rdflib
from fastapi import Request
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.api.sparql_service import SparqlService, get_sparql_service

from support.api_builds import (
    BASE,
    make_settings,
    on_both_engines,  # noqa: F401 - the client tests run on both engines
    publish,
    sample_quads,
)

HRC = "https://w3id.org/hrcgraph/ontology#"
COUNT_TEXTS = f"SELECT (COUNT(?t) AS ?n) WHERE {{ ?t a <{HRC}Resolution> }}"
SYMBOLS = f"SELECT ?symbol WHERE {{ ?t <{HRC}symbol> ?symbol }} ORDER BY ?symbol"
TITLE_OF_FIRST = (f"SELECT ?title WHERE {{ ?t <{HRC}symbol> \"A/HRC/RES/55/1\" ; "
                  "<http://purl.org/dc/terms/title> ?title }")
DESCRIBE = f"DESCRIBE <{BASE}id/text/A/HRC/RES/55/3>"


def _n(response: object) -> int:
    data = json.loads(response.content)
    return int(data["results"]["bindings"][0]["n"]["value"])


# --- the three ways to send a query


def test_query_by_get(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_TEXTS})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert _n(r) == 30


def test_query_by_post_form(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": COUNT_TEXTS})
    assert r.status_code == 200 and _n(r) == 30


def test_query_by_post_body(client: TestClient) -> None:
    r = client.post("/sparql", content=COUNT_TEXTS.encode(),
                    headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert r.status_code == 200 and _n(r) == 30


# --- datasets


def test_default_graph_is_the_union_of_named_graphs(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    quads = len(sample_quads())
    assert _n(r) == quads


def test_default_graph_uri_and_named_graph_uri(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params={"query": count, "default-graph-uri": BASE + "graph/countries"})
    assert _n(r) == 30
    r = client.post("/sparql", data={"query": count, "default-graph-uri": [BASE + "graph/countries",
                                                                            BASE + "graph/ohchr"]})
    assert _n(r) == len(sample_quads())
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": named, "named-graph-uri": BASE + "graph/ohchr"})
    assert _n(r) == 1


# --- formats and negotiation


@pytest.mark.parametrize("accept,ctype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/json", "application/sparql-results+json"),
    ("text/*;q=0.5, application/sparql-results+xml;q=0.4", "text/csv; charset=utf-8"),
])
def test_select_formats_by_accept(client: TestClient, accept: str, ctype: str) -> None:
    r = client.get("/sparql", params={"query": SYMBOLS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"] == ctype
    if ctype.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["symbol"] and len(rows) == 31


@pytest.mark.parametrize("fmt,parser,ctype", [
    ("ttl", "turtle", "text/turtle"), ("nt", "nt", "application/n-triples"),
    ("jsonld", "json-ld", "application/ld+json"), ("rdfxml", "xml", "application/rdf+xml"),
])
def test_describe_formats_by_parameter(client: TestClient, fmt: str, parser: str, ctype: str) -> None:
    r = client.get("/sparql", params={"query": DESCRIBE, "format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
    g = rdflib.Graph().parse(data=r.content, format=parser)
    assert (rdflib.URIRef(BASE + "id/text/A/HRC/RES/55/3"), rdflib.URIRef(HRC + "symbol"),
            rdflib.Literal("A/HRC/RES/55/3")) in g


@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig"])
def test_construct_as_quads(client: TestClient, accept: str) -> None:
    r = client.get("/sparql", params={"query": f"CONSTRUCT WHERE {{ ?t <{HRC}symbol> ?s }}"},
                   headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"] == accept
    assert r.text.count("A/HRC/RES/55/") >= 30


def test_accept_nothing_fits_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SYMBOLS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


def test_accept_only_graph_formats_for_a_select_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SYMBOLS}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "SELECT and ASK" in r.text


def test_ask(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"ASK {{ ?t <{HRC}symbol> \"A/HRC/RES/55/2\" }}"})
    assert r.status_code == 200 and json.loads(r.content)["boolean"] is True


# --- bad input: each a clear 4xx


def test_syntax_error_is_400_with_line_and_column(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s\nWHERE { ?s ?p }"})
    assert r.status_code == 400
    assert "SPARQL syntax error at line 2, column" in r.text
    assert "WHERE { ?s ?p }" in r.text


def test_empty_query_is_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "  "})
    assert r.status_code == 400 and "empty" in r.text


def test_missing_query_in_post_is_400(client: TestClient) -> None:
    r = client.post("/sparql", data={"format": "json"})
    assert r.status_code == 400 and "'query' parameter is missing" in r.text


def test_doubled_query_is_400(client: TestClient) -> None:
    r = client.get("/sparql", params=[("query", SYMBOLS), ("query", COUNT_TEXTS)])
    assert r.status_code == 400 and "given 2 times" in r.text


@pytest.mark.parametrize("send", ["form-update", "update-content-type", "insert-as-query", "get-update"])
def test_update_sent_to_the_query_operation_is_refused(client: TestClient, send: str) -> None:
    update = "INSERT DATA { <urn:x:a> <urn:x:b> \"c\" }"
    if send == "form-update":
        r = client.post("/sparql", data={"update": update})
    elif send == "update-content-type":
        r = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    elif send == "insert-as-query":
        r = client.post("/sparql", data={"query": update})
    else:
        r = client.get("/sparql", params={"update": update})
    assert r.status_code == 400
    assert "not accepted on the query operation" in r.text
    r = client.get("/sparql", params={"query": "ASK { <urn:x:a> <urn:x:b> \"c\" }"})
    assert json.loads(r.content)["boolean"] is False


@pytest.mark.parametrize("ctype", ["text/plain", "application/json", None])
def test_query_in_a_wrong_content_type_is_415(client: TestClient, ctype: str | None) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post("/sparql", content=SYMBOLS.encode(), headers=headers)
    assert r.status_code == 415
    assert "application/sparql-query" in r.text


def test_ten_megabyte_body_is_413(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 10_000_000
    r = client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert "larger than this server accepts" in r.text
    assert client.get("/sparql", params={"query": COUNT_TEXTS}).status_code == 200


def test_overlong_url_is_414(data_dir: Path) -> None:
    with TestClient(create_app(make_settings(data_dir, max_request_bytes=4096))) as c:
        r = c.get("/sparql", params={"query": "ASK {} #" + "x" * 5000})
        assert r.status_code == 414 and "send long queries by POST" in r.text
        assert c.post("/sparql", data={"query": "ASK {} #" + "x" * 3000}).status_code == 200


def test_unknown_format_parameter_is_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SYMBOLS, "format": "yaml"})
    assert r.status_code == 400 and "unknown format" in r.text


def test_service_clause_is_refused(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text


def test_errors_as_json_when_asked(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELEC"}, headers={"Accept": "application/json"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "query-syntax-error" and body["status"] == 400


# --- limits, HEAD, caching


def test_row_limit_truncates_and_says_so(data_dir: Path) -> None:
    with TestClient(create_app(make_settings(data_dir, max_rows=7))) as c:
        r = c.get("/sparql", params={"query": SYMBOLS})
        assert r.headers["x-hrc-truncated"] == "true" and r.headers["x-hrc-row-limit"] == "7"
        data = json.loads(r.content)
        assert data["truncated"] is True and len(data["results"]["bindings"]) == 7
        r = c.get("/sparql", params={"query": COUNT_TEXTS})
        assert r.headers["x-hrc-truncated"] == "false"


def test_head_has_headers_and_no_body(client: TestClient) -> None:
    get = client.get("/sparql", params={"query": SYMBOLS})
    head = client.head("/sparql", params={"query": SYMBOLS})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == get.headers["content-type"]


def test_etag_and_last_modified_give_304(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SYMBOLS})
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    again = client.get("/sparql", params={"query": SYMBOLS}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    since = client.get("/sparql", params={"query": SYMBOLS}, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    earlier = format_datetime(datetime.now(UTC) - timedelta(days=1), usegmt=True)
    stale = client.get("/sparql", params={"query": SYMBOLS}, headers={"If-Modified-Since": earlier})
    assert stale.status_code == 200
    other = client.get("/sparql", params={"query": SYMBOLS}, headers={"Accept": "text/csv"})
    assert other.headers["etag"] != etag


def test_repeated_query_is_served_from_the_cache(client: TestClient) -> None:
    query = SYMBOLS + " LIMIT 29"
    first = client.get("/sparql", params={"query": query})
    second = client.get("/sparql", params={"query": query})
    assert first.headers["x-hrc-cache"] == "miss" and second.headers["x-hrc-cache"] == "hit"
    assert first.content == second.content
    service = client.app.state.sparql
    assert len(service.cache) >= 1


def test_a_new_build_is_noticed_and_empties_the_cache(own_client: TestClient, own_data_dir: Path) -> None:
    client, data_dir = own_client, own_data_dir
    first = client.get("/sparql", params={"query": TITLE_OF_FIRST})
    assert "(v1)" in first.text
    client.get("/sparql", params={"query": TITLE_OF_FIRST})
    publish(data_dir, sample_quads(marker="v2"), "v2")
    second = client.get("/sparql", params={"query": TITLE_OF_FIRST})
    assert "(v2)" in second.text and second.headers["x-hrc-cache"] == "miss"
    assert second.headers["x-hrc-dataset-version"] == "v2"
    assert second.headers["etag"] != first.headers["etag"]
    stale = client.get("/sparql", params={"query": TITLE_OF_FIRST}, headers={"If-None-Match": first.headers["etag"]})
    assert stale.status_code == 200


def test_no_published_build_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path / "empty"))) as c:
        r = c.get("/sparql", params={"query": COUNT_TEXTS})
        assert r.status_code == 503 and "hrcgraph build" in r.text


# --- discoverability


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    service = next(g.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.feature, sd.UnionDefaultGraph) in g
    assert (service, sd.feature, sd.BasicFederatedQuery) not in g
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    dataset = g.value(service, sd.defaultDataset)
    default = g.value(dataset, sd.defaultGraph)
    assert int(str(g.value(default, void.triples))) == len(sample_quads())
    names = {str(g.value(n, sd.name)): g.value(n, sd.graph) for n in g.objects(dataset, sd.namedGraph)}
    assert set(names) == {BASE + "graph/ohchr", BASE + "graph/countries"}
    assert str(g.value(names[BASE + "graph/countries"], void.triples)) == "30"
    assert str(g.value(names[BASE + "graph/countries"], void.classes)) == "1"
    assert any("union of all named graphs" in str(c) for c in g.objects(service, rdflib.RDFS.comment))


def test_service_description_for_any_client(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "*/*"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and json.loads(r.content)


def test_editor_for_browsers(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="hrc-config"' in r.text
    config = json.loads(r.text.split('id="hrc-config" type="application/json">')[1].split("</script>")[0])
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"]["hrc"] == HRC
    assert "PREFIX hrc:" in config["default_query"]


def test_cors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": COUNT_TEXTS}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "x-hrc-truncated" in r.headers["access-control-expose-headers"].lower()
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_openapi_documents_the_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    get = spec["paths"]["/sparql"]["get"]
    names = {p["name"] for p in get["parameters"]}
    assert {"query", "default-graph-uri", "named-graph-uri", "format"} <= names
    post = spec["paths"]["/sparql"]["post"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(post["requestBody"]["content"])
    assert "application/sparql-results+json" in get["responses"]["200"]["content"]
    assert "/sparql/update" in spec["paths"]



def test_the_endpoint_takes_its_service_from_the_dependency(client: TestClient) -> None:
    """``/sparql`` reads the request itself (no per-request dependency solving) yet honours
    ``dependency_overrides``: tests and embedders can swap the service."""
    asked: list[str] = []

    def service(request: Request) -> SparqlService:
        asked.append(request.method)
        return request.app.state.sparql

    client.app.dependency_overrides[get_sparql_service] = service
    try:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        assert client.head("/sparql", params={"query": "ASK {}"}).status_code == 200
        r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200
    finally:
        client.app.dependency_overrides.clear()
    assert asked == ["GET", "HEAD", "POST"]


# --- updates


def test_updates_are_off_without_a_token(client: TestClient) -> None:
    r = client.post("/sparql/update", content="INSERT DATA { <urn:x:a> <urn:x:b> 1 }",
                    headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"})
    assert r.status_code == 403 and "HRCGRAPH_UPDATE_TOKEN" in r.text


def test_update_with_the_token(own_data_dir: Path) -> None:
    with TestClient(create_app(make_settings(own_data_dir, update_token="s3cret"))) as c:
        update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> \"c\" } }"
        ask = {"query": "ASK { <urn:x:a> <urn:x:b> \"c\" }"}
        before = c.get("/sparql", params=ask)
        assert json.loads(before.content)["boolean"] is False
        no_token = c.post("/sparql/update", content=update, headers={"Content-Type": "application/sparql-update"})
        assert no_token.status_code == 401
        wrong = c.post("/sparql/update", content=update, headers={"Content-Type": "application/sparql-update",
                                                                   "Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        bad = c.post("/sparql/update", data={"update": "INSERT DATA {"}, headers={"Authorization": "Bearer s3cret"})
        assert bad.status_code == 400 and "syntax error" in bad.text
        ok = c.post("/sparql/update", content=update, headers={"Content-Type": "application/sparql-update",
                                                                "Authorization": "Bearer s3cret"})
        assert ok.status_code == 200, ok.text
        assert ok.headers["x-hrc-dataset-version"] == "v1+u1"
        after = c.get("/sparql", params=ask)
        assert json.loads(after.content)["boolean"] is True
        assert after.headers["etag"] != before.headers["etag"]
        sd = c.get("/sparql", headers={"Accept": "text/turtle"}).text
        assert "SPARQL11Update" in sd


def test_worker_pool_answers_quickly_when_warm(client: TestClient) -> None:
    client.get("/sparql", params={"query": COUNT_TEXTS})
    started = time.perf_counter()
    for i in range(20):
        r = client.get("/sparql", params={"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {i + 1}"})
        assert r.status_code == 200
    assert (time.perf_counter() - started) / 20 < 0.25


def test_the_service_runs_named_queries_with_bound_values(client: TestClient) -> None:
    from pyoxigraph import Literal

    from hrcgraph.api.sparql_service import QueryRequest

    service = client.app.state.sparql
    request = QueryRequest(f"SELECT ?symbol ?t WHERE {{ ?t <{HRC}symbol> ?symbol }}", "json", None,
                           substitutions=(("symbol", Literal("A/HRC/RES/55/12")),))
    answer = client.portal.call(service.query, request)  # type: ignore[union-attr]
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [r["t"]["value"] for r in rows] == [BASE + "id/text/A/HRC/RES/55/12"]
