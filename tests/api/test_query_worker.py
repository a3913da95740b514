"""The worker's query runner, in-process on a small in-memory store: formats and the row limit."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, QuerySolutions, parse_query_results

from hrcgraph.api.query_worker import _CountingSink, run_query
from hrcgraph.api.worker_protocol import QueryTask, term_from_json, term_to_json
from hrcgraph.graph.errors import NotAcceptable, QuerySyntaxError
from hrcgraph.graph.store import EmbeddedStore

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib parsers used as checkers

G = NamedNode("http://example.org/g")
P = NamedNode("http://example.org/p")
TRICKY = 'a "quoted" },{"x":{"type":"uri"} value,{\nwith a line break\r\nand <result> inside'


def _store(rows: int, *, tricky: bool = False) -> EmbeddedStore:
    return EmbeddedStore.in_memory(
        Quad(NamedNode(f"http://example.org/s{i:05d}"), P,
             Literal(TRICKY + str(i) if tricky else f"value {i}"), G)
        for i in range(rows)
    )


SELECT = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s <http://example.org/p> ?o } WHERE { ?s <http://example.org/p> ?o }"


def _task(query: str, fmt: str, max_rows: int, *, graph: bool = False) -> QueryTask:
    return QueryTask(query, None if graph else fmt, fmt if graph else None, max_rows)


def _count_rows(fmt: str, body: bytes) -> int:
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        root = ET.fromstring(body)
        return len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result"))
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1
    parsed = parse_query_results(body, format=QueryResultsFormat.TSV)
    assert isinstance(parsed, QuerySolutions)
    return len(list(parsed))


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("tricky", [False, True], ids=["plain", "tricky-literals"])
@pytest.mark.parametrize("rows,limit,truncated", [(50, 100, False), (100, 100, False), (101, 100, True),
                                                  (300, 100, True), (0, 100, False)])
def test_select_row_limit(fmt: str, tricky: bool, rows: int, limit: int, truncated: bool) -> None:
    out = run_query(_store(rows, tricky=tricky), _task(SELECT, fmt, limit))
    assert out.kind == "results" and out.format == fmt
    assert out.truncated is truncated
    assert _count_rows(fmt, out.body) == min(rows, limit)


@pytest.mark.parametrize("fmt", ["json", "tsv", "xml"])
def test_truncated_rows_are_the_first_ones_and_intact(fmt: str) -> None:
    store = _store(30, tricky=True)
    out = run_query(store, _task(SELECT, fmt, 10))
    full = run_query(store, _task(SELECT, "json", 1000))
    expected = json.loads(full.body)["results"]["bindings"][:10]
    parsed = parse_query_results(out.body, format={"json": QueryResultsFormat.JSON, "tsv": QueryResultsFormat.TSV,
                                                   "xml": QueryResultsFormat.XML}[fmt])
    assert isinstance(parsed, QuerySolutions)
    got = json.loads(parsed.serialize(format=QueryResultsFormat.JSON) or b"")["results"]["bindings"]
    assert got == expected
    assert got[0]["o"]["value"].startswith(TRICKY)


def test_truncated_json_says_so_in_the_body() -> None:
    out = run_query(_store(20), _task(SELECT, "json", 5))
    data = json.loads(out.body)
    assert data["truncated"] is True and data["rowLimit"] == 5
    complete = json.loads(run_query(_store(5), _task(SELECT, "json", 5)).body)
    assert "truncated" not in complete


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                        ("rdfxml", "xml"), ("nq", "nquads"), ("trig", "trig")])
@pytest.mark.parametrize("rows,limit,truncated", [(20, 20, False), (21, 20, True), (5, 20, False)])
def test_construct_triple_limit(fmt: str, parser: str, rows: int, limit: int, truncated: bool) -> None:
    out = run_query(_store(rows, tricky=True), _task(CONSTRUCT, fmt, limit, graph=True))
    assert out.kind == "graph" and out.truncated is truncated
    if parser in ("nquads", "trig"):
        graph: rdflib.Graph = rdflib.Dataset()
    else:
        graph = rdflib.Graph()
    graph.parse(data=out.body, format=parser)
    assert len(graph) == min(rows, limit)


def test_ask_in_every_results_format() -> None:
    store = _store(3)
    for fmt in ("json", "xml", "csv", "tsv"):
        out = run_query(store, _task("ASK { ?s ?p ?o }", fmt, 10))
        assert out.kind == "results" and b"true" in out.body


def test_kind_without_acceptable_format() -> None:
    with pytest.raises(NotAcceptable) as caught:
        run_query(_store(3), _task(CONSTRUCT, "json", 10))  # only a results format given
    assert caught.value.kind == "graph"
    with pytest.raises(NotAcceptable):
        run_query(_store(3), _task(SELECT, "ttl", 10, graph=True))


def test_syntax_error_is_raised() -> None:
    with pytest.raises(QuerySyntaxError):
        run_query(_store(1), _task("SELECT WHERE {", "json", 10))


def test_union_default_graph_and_protocol_dataset() -> None:
    store = _store(3)
    store.load([Quad(NamedNode("http://example.org/other"), P, Literal("x"), NamedNode("http://example.org/g2"))])
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(task: QueryTask) -> int:
        return int(json.loads(run_query(store, task).body)["results"]["bindings"][0]["n"]["value"])

    assert n(_task(count, "json", 10)) == 4  # union of all named graphs
    only_g2 = QueryTask(count, "json", None, 10, default_graph=("http://example.org/g2",), named_graphs=())
    assert n(only_g2) == 1
    named = QueryTask("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "json", None, 10,
                      default_graph=(), named_graphs=("http://example.org/g",))
    assert n(named) == 3


def test_counting_sink_finds_markers_across_chunks() -> None:
    sink = _CountingSink(b"<result>", None)
    data = b"<result>x</result><result>y</result>" * 3
    for i in range(0, len(data), 5):  # chunks that split the marker
        sink.write(data[i:i + 5])
    assert sink.count == 6 and sink.body() == data


def test_counting_sink_cuts_after_the_nth_line() -> None:
    sink = _CountingSink(b"\n", None)
    for chunk in (b"h\na\nb", b"\nc\n", b"d\ne\n"):
        sink.write(chunk)
    assert sink.cut_after(3) == b"h\na\nb\n"
    assert sink.cut_after(5) == b"h\na\nb\nc\nd\n"


def test_substitutions_bind_values_as_terms() -> None:
    store = _store(5)
    subject = NamedNode("http://example.org/s00003")
    task = QueryTask("SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }", "json", None, 10,
                     substitutions={"s": term_to_json(subject)})
    rows = json.loads(run_query(store, task).body)["results"]["bindings"]
    assert rows == [{"s": {"type": "uri", "value": subject.value},
                     "o": {"type": "literal", "value": "value 3"}}]
    for term in (subject, Literal("x", language="fr"), Literal("7", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                 Literal("plain")):
        assert term_from_json(term_to_json(term)) == term
