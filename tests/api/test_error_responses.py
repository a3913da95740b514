"""Errors to HTTP: any HrcGraphError answers with its own status and code; anything else is a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hrcgraph.api.errors import install_error_handlers
from hrcgraph.api.pool import PoolBusy, TimeLimitReached, WorkerDied
from hrcgraph.graph import errors as e
from hrcgraph.graph.errors import HrcGraphError
from hrcgraph.graph.search_index import SearchQueryError

#: One instance of every error class, as the code raises them.
SAMPLES: dict[str, HrcGraphError] = {
    "HrcGraphError": e.HrcGraphError("something broke"),
    "SourceError": e.SourceError("a bad record", e.SourceLocation(Path("queries/x.rq"), 3, "param")),
    "UnknownNameError": e.UnknownNameError("Frence", ["France"], e.SourceLocation("votes.csv", 2, "country")),
    "ShapeError": e.ShapeError("TextShape", "sh:minCount is not an integer"),
    "UnsupportedShapeError": e.UnsupportedShapeError("TextShape", "sh:qualifiedValueShape is not supported"),
    "ValidationFailed": e.ValidationFailed("3 violations"),
    "WorkerFailed": e.WorkerFailed("the worker process running hrcgraph.graph.lineage._align_run failed"),
    "ConfigError": e.ConfigError("max_rows must be at least 1"),
    "StoreError": e.StoreError("no dataset is published"),
    "WorkerDied": WorkerDied("a query worker died"),
    "QueryError": e.QueryError("SPARQL syntax error at line 1, column 8"),
    "QuerySyntaxError": e.QuerySyntaxError("error at 1:8: expected one of SELECT, ASK"),
    "QueryEvaluationError": e.QueryEvaluationError("the SERVICE could not be reached"),
    "QueryTimeout": e.QueryTimeout("no worker was free in time"),
    "TimeLimitReached": TimeLimitReached("stopped after 30 s"),
    "ParameterError": e.ParameterError("year", "'abc' is not an integer"),
    "UnknownNamedQuery": e.UnknownNamedQuery("nope", ["voting-agreement"]),
    "ProtocolError": e.ProtocolError("give exactly one 'query' parameter"),
    "UpdatesDisabled": e.UpdatesDisabled("updates are off"),
    "NotAcceptable": e.NotAcceptable("none of the formats fits the Accept header"),
    "PayloadTooLarge": e.PayloadTooLarge("the body is larger than 1000000 bytes"),
    "UnsupportedMediaType": e.UnsupportedMediaType("send application/sparql-query"),
    "ClientLeft": e.ClientLeft("the client left"),
    "TooManyQueries": e.TooManyQueries("this client already runs 4 queries", retry_after=2),
    "PoolBusy": PoolBusy("no query worker was free within 5 s", retry_after=5),
    "SearchQueryError": SearchQueryError("the query holds no word to search for"),
}

EXPECTED_STATUS = {
    "HrcGraphError": 500, "SourceError": 500, "UnknownNameError": 500, "ShapeError": 500,
    "UnsupportedShapeError": 500, "ValidationFailed": 500, "WorkerFailed": 500, "ConfigError": 500, "StoreError": 503,
    "WorkerDied": 500, "QueryError": 400, "QuerySyntaxError": 400,
    "QueryEvaluationError": 400, "QueryTimeout": 503, "TimeLimitReached": 503, "ParameterError": 400,
    "UnknownNamedQuery": 404, "ProtocolError": 400, "UpdatesDisabled": 403, "NotAcceptable": 406,
    "PayloadTooLarge": 413, "TooManyQueries": 429, "PoolBusy": 503, "UnsupportedMediaType": 415, "ClientLeft": 499,
    "SearchQueryError": 400,
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/raise/{name}")
    async def raise_it(name: str) -> None:
        if name == "bug":
            raise KeyError("an internal detail")
        if name == "token":
            raise e.UpdatesDisabled("a valid bearer token is required", status=401)
        raise SAMPLES[name]

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_samples_cover_every_error_class() -> None:
    classes: set[str] = set()
    todo: list[type[HrcGraphError]] = [HrcGraphError]
    while todo:
        cls = todo.pop()
        classes.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    assert classes == set(SAMPLES) == set(EXPECTED_STATUS)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_error_answers_with_its_status_code_and_message(client: TestClient, name: str) -> None:
    error = SAMPLES[name]
    r = client.get(f"/raise/{name}", headers={"Accept": "application/json"})
    assert r.status_code == EXPECTED_STATUS[name]
    assert r.json() == {"error": error.code, "status": EXPECTED_STATUS[name], "message": str(error)}
    assert r.headers["cache-control"] == "no-store"


def test_plain_text_is_the_default_body(client: TestClient) -> None:
    r = client.get("/raise/ParameterError")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == "Error 400: parameter 'year': 'abc' is not an integer\n"


def test_a_wrong_token_is_401_with_the_challenge(client: TestClient) -> None:
    r = client.get("/raise/token")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_anything_else_is_a_500_that_hides_its_details(client: TestClient) -> None:
    r = client.get("/raise/bug", headers={"Accept": "application/json"})
    assert r.status_code == 500
    assert r.json()["error"] == "internal-error"
    assert "internal detail" not in r.text
