"""The named queries over HTTP (api/routes/queries.py), in the app made by api.app.create_app, over the
fixture graph published into a data directory and answered by the app's own query workers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.named_queries import list_named
from hrcgraph.settings import Settings

from support.queries import publish_fixture
from support.query_expectations import EXPECTED

AGREEMENT = "/queries/voting-agreement?a=FRA&b=USA&from=2020&to=2025"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over a published build of the fixture graph (read only: tests share it)."""
    data_dir = tmp_path_factory.mktemp("queries-api") / "var"
    publish_fixture(data_dir, "v1")
    with TestClient(create_app(Settings(data_dir=data_dir, query_workers=2)), raise_server_exceptions=False) as c:
        yield c


def test_csv_that_pandas_and_r_read_in_one_line(client: TestClient) -> None:
    r = client.get(AGREEMENT, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows == [{"a": "FRA", "b": "USA", "from": "2020", "to": "2025", "votes": "3", "agreed": "1",
                     "opposed": "1", "agreement": "0.3333"}]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_query_answers_over_http_as_expected(client: TestClient, name: str) -> None:
    """The fixture answers of tests/queries/query_expectations.py, run by the server's query workers."""
    for case in EXPECTED[name]:
        r = client.get(f"/queries/{name}", params={**case.params, "format": "sparql-json"})
        assert r.status_code == 200, r.text
        bindings = r.json()["results"]["bindings"]
        got = [tuple(b[c]["value"] if c in b else None for c in case.columns) for b in bindings]
        assert got == list(case.rows), f"{name}?{case.id()} ({case.why})"


def test_pandas_reads_the_csv(client: TestClient) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(client.get(AGREEMENT + "&format=csv").text))
    assert list(frame.columns) == ["a", "b", "from", "to", "votes", "agreed", "opposed", "agreement"]
    assert frame.loc[0, "votes"] == 3
    assert frame.loc[0, "agreement"] == pytest.approx(0.3333)


def test_json_is_plain_rows_by_default(client: TestClient) -> None:
    r = client.get(AGREEMENT)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body == {
        "query": "voting-agreement",
        "parameters": {"a": "FRA", "b": "USA", "from": "2020", "to": "2025"},
        "columns": ["a", "b", "from", "to", "votes", "agreed", "opposed", "agreement"],
        "rows": [{"a": "FRA", "b": "USA", "from": 2020, "to": 2025, "votes": 3, "agreed": 1, "opposed": 1,
                  "agreement": 0.3333}],
    }


def test_defaults_are_reported_and_unbound_values_are_null(client: TestClient) -> None:
    body = client.get("/queries/voting-agreement?a=FRA&b=GMB&to=2022").json()
    assert body["parameters"] == {"a": "FRA", "b": "GMB", "from": "2006", "to": "2022"}
    assert body["rows"] == [{"a": "FRA", "b": "GMB", "from": 2006, "to": 2022, "votes": 0, "agreed": 0,
                             "opposed": 0, "agreement": None}]


def test_tsv_has_plain_values(client: TestClient) -> None:
    r = client.get("/queries/text-record?symbol=A/HRC/RES/49/1", headers={"Accept": "text/tab-separated-values"})
    assert r.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text), delimiter="\t"))
    assert len(rows) == 7
    assert rows[0]["text"] == "https://w3id.org/hrcgraph/id/text/A/HRC/RES/49/1"
    assert (rows[0]["voter"], rows[0]["vote"], rows[0]["yes"]) == ("CHN", "No", "2")


def test_sparql_json_results(client: TestClient) -> None:
    r = client.get(AGREEMENT, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    body = r.json()
    assert body["head"]["vars"][:2] == ["a", "b"]
    votes = body["results"]["bindings"][0]["votes"]
    assert votes == {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_format_argument_wins_over_accept(client: TestClient) -> None:
    r = client.get(AGREEMENT + "&format=tsv", headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize(("url", "parameter", "why"), [
    ("/queries/voting-agreement?a=FRA&b=XYZ", "b", "not a state in the bundled country table"),
    ("/queries/voting-agreement?a=FRA", "b", "required"),
    ("/queries/voting-agreement?a=FRA&b=USA&from=1800", "from", "outside 1946..2100"),
    ("/queries/voting-agreement?a=FRA&b=USA&country=MLI", "country", "unknown parameter"),
    ("/queries/voting-agreement?a=FRA&a=USA&b=CHN", "a", "more than once"),
    ("/queries/text-record?symbol=%22%7D%20UNION%20%7B", "symbol", "not a UN document symbol"),
])
def test_parameter_errors_are_400_naming_the_parameter(client: TestClient, url: str, parameter: str,
                                                        why: str) -> None:
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "parameter-error"
    assert body["message"].startswith(f"parameter {parameter!r}: ")
    assert why in body["message"]


def test_a_hostile_phrase_is_a_plain_value(client: TestClient) -> None:
    r = client.get("/queries/clauses-containing", params={"phrase": '" ) } UNION { ?s ?p ?o } #'})
    assert r.status_code == 200
    assert r.json()["rows"] == []
    assert r.json()["parameters"]["phrase"] == '" ) } UNION { ?s ?p ?o } #'


def test_unknown_query_is_404(client: TestClient) -> None:
    r = client.get("/queries/who-voted-twice", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["error"] == "unknown-query"
    assert "voting-agreement" in r.json()["message"]


def test_unknown_format_is_400_and_unacceptable_accept_is_406(client: TestClient) -> None:
    assert client.get(AGREEMENT + "&format=xlsx").status_code == 400
    assert client.get(AGREEMENT, headers={"Accept": "image/png"}).status_code == 406


def test_the_list(client: TestClient) -> None:
    r = client.get("/queries")
    assert r.status_code == 200
    listed = {q["name"]: q for q in r.json()}
    assert sorted(listed) == [q.name for q in list_named()]
    agreement = listed["voting-agreement"]
    assert agreement["summary"] == "Voting agreement between two states"
    assert "votes" in agreement["tags"]
    assert [p["name"] for p in agreement["parameters"]] == ["a", "b", "from", "to"]
    assert agreement["parameters"][0] | {"description": ""} == {
        "name": "a", "type": "iso3", "typeDescription": agreement["parameters"][0]["typeDescription"],
        "required": True, "default": None, "example": "FRA", "description": ""}
    assert [c["name"] for c in agreement["columns"]][-1] == "agreement"
    example = agreement["links"]["exampleCsv"]
    assert example.startswith("http://testserver/queries/voting-agreement?a=FRA&b=USA")
    assert client.get(example).status_code == 200
    for q in listed.values():
        assert client.get(q["links"]["example"]).status_code == 200, q["name"]


def test_openapi_documents_every_query(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for query in list_named():
        operation = spec["paths"][f"/queries/{query.name}"]["get"]
        assert operation["summary"] == query.summary
        assert query.description.split("\n")[0][:40] in operation["description"]
        documented = {p["name"]: p for p in operation["parameters"]}
        assert set(documented) == {p.name for p in query.parameters} | {"format"}
        for p in query.parameters:
            doc = documented[p.name]
            assert doc["in"] == "query"
            assert doc["required"] == p.required
            assert p.description in doc["description"]
            if p.example is not None:
                assert "example" in doc
        assert set(operation["responses"]["200"]["content"]) >= {"application/json", "text/csv"}
    assert spec["paths"]["/queries/voting-agreement"]["get"]["parameters"][2]["schema"] == {
        "type": "integer", "minimum": 1946, "maximum": 2100, "default": 2006}
    assert "/queries/{name}" not in spec["paths"]
    assert client.get("/docs").status_code == 200


# --- the published build


def test_runs_on_the_published_build_and_follows_a_new_one(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    publish_fixture(data_dir, "v1")
    with TestClient(create_app(Settings(data_dir=data_dir, query_workers=1)), raise_server_exceptions=False) as c:
        r = c.get(AGREEMENT + "&format=csv")
        assert r.status_code == 200, r.text
        assert r.text.splitlines()[1] == "FRA,USA,2020,2025,3,1,1,0.3333"
        assert r.headers["x-hrc-dataset-version"] == "v1"
        publish_fixture(data_dir, "v2")
        again = c.get(AGREEMENT + "&format=csv", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 200, "a new build changes the ETag"
        assert again.headers["x-hrc-dataset-version"] == "v2"
        assert again.headers["etag"] != r.headers["etag"]
        assert again.headers["x-hrc-cache"] == "miss", "the cache of the old build is not served"
        r = c.get("/queries/session-members?session=49")
        assert r.status_code == 200, r.text
        assert len(r.json()["rows"]) == 6


def test_no_build_yet_is_503(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "nothing", query_workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get(AGREEMENT, headers={"Accept": "application/json"})
        assert r.status_code == 503
        assert json.loads(r.text)["error"] == "store-error"
        assert "hrcgraph build" in json.loads(r.text)["message"]
