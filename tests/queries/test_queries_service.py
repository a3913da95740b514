"""Named queries run through the SPARQL service of /sparql: the time limit, the row limit, the result
cache and conditional GETs, each in an app of its own settings over a published build of the fixture graph."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.api.routes.queries import build_router
from hrcgraph.graph.named_queries import parse_named_query
from hrcgraph.settings import Settings

from support.queries import publish_fixture
from support.remote import publish_into

AGREEMENT = "/queries/voting-agreement?a=FRA&b=USA&from=2020&to=2025"
RECORD = "/queries/text-record?symbol=A/HRC/RES/49/1"  # seven rows: one per roll-call entry

#: A named query that would run for hours on any graph of a few hundred triples.
EVERY_QUADRUPLE = parse_named_query(
    "#+ summary: How many ways four triples can be picked in a row\n"
    "#+ column: n | The number of ways\n"
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n",
    "every-quadruple",
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("queries-service") / "var"
    publish_fixture(root, "v1")
    return root


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def client(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The named queries served on both engines, with the same expectations: from the data
    directory's store, and from Virtuoso holding the same build (``serve --store``)."""
    store = None
    if request.param == "virtuoso":
        store = request.getfixturevalue("virtuoso").sparql_url
        publish_into(store, data_dir)
    settings = Settings(data_dir=data_dir, query_workers=1, store=store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


# --- the time limit


@pytest.fixture(scope="module")
def slow_client(data_dir: Path) -> Iterator[TestClient]:
    """A 1 s time limit, no cache, and a slow named query served under /slow beside the shipped ones."""
    app = create_app(Settings(data_dir=data_dir, query_workers=2, query_timeout_s=1.0, cache_entries=0))
    app.include_router(build_router([EVERY_QUADRUPLE]), prefix="/slow")
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_named_query_past_the_time_limit_is_stopped(slow_client: TestClient) -> None:
    pool = slow_client.app.state.sparql.pool  # type: ignore[attr-defined]
    # Warm the workers: on a busy machine a worker's first query may itself pass the 1 s limit.
    for _ in range(10):
        if slow_client.get(AGREEMENT).status_code == 200:
            break
    else:
        pytest.fail("no worker answered a light named query within 1 s in ten tries")
    before, killed = set(pool.pids), pool.killed
    started = time.monotonic()
    r = slow_client.get("/slow/queries/every-quadruple", headers={"Accept": "application/json"})
    took = time.monotonic() - started
    assert r.status_code == 503, r.text
    assert r.json()["error"] == "query-timeout"
    assert r.json()["message"].startswith("the named query 'every-quadruple' was stopped after 1 s")
    assert "hrcgraph query --named every-quadruple" in r.json()["message"]
    assert took > 0.9  # stopped at the limit, not refused before it
    assert pool.killed == killed + 1
    # The next request is answered normally, and a fresh worker takes the killed one's place.
    r = slow_client.get(AGREEMENT)
    assert r.status_code == 200, r.text
    assert r.json()["rows"][0]["agreement"] == 0.3333
    deadline = time.monotonic() + 10
    while len(pool.pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool.pids) == 2
    assert len(before - set(pool.pids)) == 1


# --- the row limit


@pytest.fixture(scope="module")
def limited_client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=data_dir, query_workers=1, max_rows=2)),
                    raise_server_exceptions=False) as c:
        yield c


def test_the_row_limit_cuts_json_and_says_so(limited_client: TestClient, client: TestClient) -> None:
    whole = client.get(RECORD).json()["rows"]
    assert len(whole) == 7
    r = limited_client.get(RECORD)
    assert r.status_code == 200
    assert (r.headers["x-hrc-truncated"], r.headers["x-hrc-row-limit"]) == ("true", "2")
    body = r.json()
    assert body["rows"] == whole[:2]
    assert (body["truncated"], body["rowLimit"]) == (True, 2)
    assert "truncated" not in client.get(RECORD).json()


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_the_row_limit_cuts_csv_and_tsv(limited_client: TestClient, client: TestClient, fmt: str,
                                        delimiter: str) -> None:
    whole = list(csv.reader(io.StringIO(client.get(f"{RECORD}&format={fmt}").text), delimiter=delimiter))
    r = limited_client.get(f"{RECORD}&format={fmt}")
    assert (r.headers["x-hrc-truncated"], r.headers["x-hrc-row-limit"]) == ("true", "2")
    assert list(csv.reader(io.StringIO(r.text), delimiter=delimiter)) == whole[:3]  # the header and two rows


def test_the_row_limit_cuts_sparql_json(limited_client: TestClient) -> None:
    r = limited_client.get(RECORD + "&format=sparql-json")
    body = r.json()
    assert r.headers["x-hrc-truncated"] == "true"
    assert (body["truncated"], body["rowLimit"]) == (True, 2)
    assert len(body["results"]["bindings"]) == 2


def test_results_within_the_limit_are_whole(limited_client: TestClient) -> None:
    r = limited_client.get(AGREEMENT)
    assert (r.headers["x-hrc-truncated"], r.headers["x-hrc-row-limit"]) == ("false", "2")
    assert len(r.json()["rows"]) == 1
    assert "truncated" not in r.json()


# --- conditional GETs and the cache


def test_if_none_match_gets_304_without_a_body(client: TestClient) -> None:
    r = client.get(AGREEMENT)
    etag = r.headers["etag"]
    assert etag.startswith('W/"')
    assert r.headers["last-modified"].endswith("GMT")
    assert r.headers["x-hrc-dataset-version"] == "v1"
    again = client.get(AGREEMENT, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(AGREEMENT, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert client.get(AGREEMENT, headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since_gets_304(client: TestClient) -> None:
    r = client.get(AGREEMENT)
    again = client.get(AGREEMENT, headers={"If-Modified-Since": r.headers["last-modified"]})
    assert again.status_code == 304
    earlier = client.get(AGREEMENT, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert earlier.status_code == 200


def test_the_etag_differs_with_anything_the_body_depends_on(client: TestClient) -> None:
    tags = {
        client.get(url).headers["etag"]
        for url in (AGREEMENT, AGREEMENT + "&format=csv", AGREEMENT + "&format=tsv", AGREEMENT + "&format=sparql-json",
                    "/queries/voting-agreement?a=FRA&b=CHN&from=2020&to=2025",
                    "/queries/voting-agreement?a=fra&b=USA&from=2020&to=2025")  # echoed as given in JSON
    }
    assert len(tags) == 6
    etag = client.get(AGREEMENT).headers["etag"]
    assert client.get(AGREEMENT + "&format=csv", headers={"If-None-Match": etag}).status_code == 200


def test_a_repeated_run_is_answered_from_the_cache(client: TestClient) -> None:
    url = "/queries/session-members?session=49"
    first = client.get(url)
    second = client.get(url)
    assert (first.headers["x-hrc-cache"], second.headers["x-hrc-cache"]) == ("miss", "hit")
    assert first.json() == second.json()
    assert len(second.json()["rows"]) == 6
    # csv and tsv share the service's CSV results, json and sparql-json its JSON results.
    assert client.get(url + "&format=csv").headers["x-hrc-cache"] == "miss"
    tsv = client.get(url + "&format=tsv")
    assert tsv.headers["x-hrc-cache"] == "hit"
    assert len(tsv.text.splitlines()) == 7
    assert client.get(url + "&format=sparql-json").headers["x-hrc-cache"] == "hit"
