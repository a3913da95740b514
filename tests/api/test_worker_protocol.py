"""The messages between the server and its query workers: every task and answer survives the pipe."""

from __future__ import annotations

import io

import pytest
from pyoxigraph import Literal, NamedNode

from hrcgraph.api.worker_protocol import (
    Answer,
    CloseTask,
    PingTask,
    QueryTask,
    UpdateTask,
    decode_answer,
    decode_task,
    encode_answer,
    encode_task,
    frame,
    read_frame,
    term_to_json,
)
from hrcgraph.graph.errors import (
    NotAcceptable,
    QueryError,
    QueryEvaluationError,
    QuerySyntaxError,
    StoreError,
)

TASKS = [
    QueryTask("SELECT * WHERE { ?s ?p ?o }", "json", None, 100),
    QueryTask("CONSTRUCT WHERE { ?s ?p ?o }", None, "ttl", 5, default_graph=("http://example.org/g",),
              named_graphs=(), prefixes={"ex": "http://example.org/"},
              substitutions={"s": term_to_json(NamedNode("http://example.org/s")),
                             "o": term_to_json(Literal("x", language="fr"))},
              store="/data/builds/b1/store", store_key="v1+u2"),
    UpdateTask(store="/data/builds/b1/store", update="INSERT DATA { <a:b> <a:c> <a:d> }"),
    CloseTask(),
    PingTask(),
]


@pytest.mark.parametrize("task", TASKS, ids=lambda t: type(t).__name__)
def test_every_task_round_trips(task: object) -> None:
    assert decode_task(encode_task(task)) == task  # type: ignore[arg-type]


def test_an_unknown_or_malformed_task_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        decode_task(b'{"op": "drop"}')
    with pytest.raises(ValueError, match="malformed QueryTask"):
        decode_task(b'{"op": "query", "query": "ASK {}"}')


@pytest.mark.parametrize("error", [
    QuerySyntaxError("error at 1:8: expected WHERE"),
    QueryEvaluationError("the query failed while running: bad service"),
    StoreError("cannot open the store: no store at /x"),
    NotAcceptable("no accepted format for graph results", kind="graph"),
], ids=lambda e: type(e).__name__)
def test_errors_arrive_as_their_class_with_their_message(error: Exception) -> None:
    answer = decode_answer(encode_answer(Answer.failure(error)))
    assert not answer.ok and not answer.body
    again = answer.exception()
    assert type(again) is type(error) and str(again) == str(error)
    if isinstance(error, NotAcceptable):
        assert isinstance(again, NotAcceptable) and again.kind == "graph"


def test_a_bug_in_the_worker_is_not_a_client_error() -> None:
    for bug in (KeyError("x"), QueryError("a query error no answer code covers")):
        answer = decode_answer(encode_answer(Answer.failure(bug)))
        assert answer.error == "internal"
        assert isinstance(answer.exception(), RuntimeError)


def test_an_answer_with_a_body_round_trips() -> None:
    answer = Answer(ok=True, body=True, kind="results", format="json", truncated=True, elapsed_ms=1.5)
    assert decode_answer(encode_answer(answer)) == answer


def test_frames_carry_their_length() -> None:
    stream = io.BytesIO(frame(b"one") + frame(b"") + frame(b"three") + frame(b"cut")[:-1])
    assert [read_frame(stream) for _ in range(4)] == [b"one", b"", b"three", None]
