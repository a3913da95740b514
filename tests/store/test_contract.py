"""The store contract, run against every backend of ``conftest.BACKENDS``: same data, same answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from io import BytesIO

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from hrcgraph.graph.errors import QueryError, QueryEvaluationError, QuerySyntaxError, StoreError
from hrcgraph.graph.store import AskResult, GraphResult, GraphStore, Replacement, SelectResult

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")
A, B, P = NamedNode(EX + "a"), NamedNode(EX + "b"), NamedNode(EX + "p")
QUADS = [
    Quad(A, P, Literal("one"), G1),
    Quad(B, P, Literal("two", language="en"), G2),
]
RESULT_FORMATS = [QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV]
GRAPH_FORMATS = [RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML,
                 RdfFormat.N_QUADS, RdfFormat.TRIG]

Opener = Callable[[Sequence[Quad]], GraphStore]


@pytest.fixture
def store(open_with: Opener) -> GraphStore:
    return open_with(QUADS)


def _values(result: SelectResult, var: str) -> list[str]:
    return sorted(row[var].value for row in result)


# --- the dataset of a query


def test_default_graph_is_the_union_of_named_graphs(store: GraphStore) -> None:
    assert _values(store.select("SELECT ?o WHERE { ?s ?p ?o }"), "o") == ["one", "two"]


def test_default_graph_can_be_chosen(store: GraphStore) -> None:
    assert _values(store.select("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[G1.value]), "o") == ["one"]


def test_an_empty_default_graph_list_is_the_stores_own_default_graph(store: GraphStore) -> None:
    assert _values(store.select("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[]), "o") == []


def test_named_graphs_can_be_restricted(store: GraphStore) -> None:
    q = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _values(store.select(q, named_graphs=[G2.value]), "o") == ["two"]


def test_substitutions_bind_terms_not_text(store: GraphStore) -> None:
    q = "SELECT ?s ?o WHERE { ?s ?p ?o }"  # Oxigraph substitutes projected variables only (SEP-0007)
    assert _values(store.select(q, substitutions={"o": Literal("one")}), "s") == [A.value]
    assert _values(store.select(q, substitutions={"o": Literal('one" } UNION { ?s ?p ?o')}), "s") == []


def test_prefixes_are_declared_for_the_query(store: GraphStore) -> None:
    assert _values(store.select("SELECT ?o WHERE { ex:a ex:p ?o }", prefixes={"ex": EX}), "o") == ["one"]


# --- typed results


def test_select_gives_variables_and_solutions(store: GraphStore) -> None:
    result = store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s")
    assert isinstance(result, SelectResult)
    assert [v.value for v in result.variables] == ["s", "o"]
    rows = [(row["s"], row["o"]) for row in result]
    assert rows == [(A, Literal("one")), (B, Literal("two", language="en"))]


def test_ask_gives_a_boolean(store: GraphStore) -> None:
    result = store.query("ASK { ?s ?p 'one' }")
    assert isinstance(result, AskResult) and bool(result) is True
    assert store.ask("ASK { ?s ?p 'three' }") is False


def test_construct_and_describe_give_triples(store: GraphStore) -> None:
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, GraphResult)
    assert set(result) == {Triple(A, P, Literal("one")), Triple(B, P, Literal("two", language="en"))}
    described = set(store.construct(f"DESCRIBE <{A.value}>"))
    assert Triple(A, P, Literal("one")) in described


def test_a_form_other_than_the_one_asked_for_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="SELECT"):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="ASK"):
        store.ask("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="CONSTRUCT"):
        store.construct("SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_solutions_serialize_to_every_results_format(store: GraphStore, fmt: QueryResultsFormat) -> None:
    body = store.select("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s").serialize(fmt=fmt)
    assert body is not None
    if fmt is QueryResultsFormat.CSV:  # lossy by design (no term types): Oxigraph does not read it back
        assert body.decode().splitlines() == ["s,o", f"{A.value},one", f"{B.value},two"]
        return
    back = parse_query_results(body, format=fmt)
    rows = [(row["s"], row["o"]) for row in back]  # type: ignore[union-attr]
    assert rows == [(A, Literal("one")), (B, Literal("two", language="en"))]


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_booleans_serialize_to_every_results_format(store: GraphStore, fmt: QueryResultsFormat) -> None:
    result = store.query("ASK { ?s ?p 'one' }")
    assert isinstance(result, AskResult)
    out = BytesIO()
    result.serialize(out, fmt)
    if fmt is QueryResultsFormat.JSON:
        assert json.loads(out.getvalue())["boolean"] is True
    else:
        assert b"true" in out.getvalue()


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_triples_serialize_to_every_rdf_format(store: GraphStore, fmt: RdfFormat) -> None:
    body = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(fmt=fmt)
    assert body is not None
    back = {(q.subject, q.predicate, q.object) for q in parse(body, format=fmt)}
    assert back == {(A, P, Literal("one")), (B, P, Literal("two", language="en"))}


def test_triples_serialize_with_prefixes(store: GraphStore) -> None:
    body = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(
        fmt=RdfFormat.TURTLE, prefixes={"ex": EX})
    assert body is not None and b"@prefix ex:" in body and b"ex:a" in body


# --- errors


def test_a_malformed_query_is_a_syntax_error_that_says_where(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert "1:" in str(err.value) or "line" in str(err.value).lower()


def test_a_query_that_fails_while_running_is_an_evaluation_error(store: GraphStore) -> None:
    # A federated query to a service that cannot be reached parses, then fails.
    with pytest.raises(QueryEvaluationError):
        list(store.select("SELECT * WHERE { SERVICE <foo:bar> { ?s ?p ?o } }"))


# --- the whole dataset


def test_len_counts_quads(store: GraphStore) -> None:
    assert len(store) == 2


def test_a_quad_is_in_the_store_in_its_own_graph_only(store: GraphStore) -> None:
    assert all(q in store for q in QUADS)
    assert Quad(A, P, Literal("one"), G2) not in store  # another graph
    assert Quad(A, P, Literal("one", language="en"), G1) not in store  # another literal
    assert Quad(BlankNode(), P, Literal("one"), G1) not in store  # a blank node is never asked for by label
    assert Triple(A, P, Literal("one")) not in store  # not a quad


@pytest.mark.parametrize("fmt", [RdfFormat.N_QUADS, RdfFormat.TRIG], ids=lambda f: f.name)
def test_dump_round_trips_with_graphs(store: GraphStore, fmt: RdfFormat) -> None:
    out = BytesIO()
    store.dump(out, fmt)
    assert set(parse(out.getvalue(), format=fmt)) == set(QUADS)


def test_dump_of_one_graph(store: GraphStore) -> None:
    out = BytesIO()
    store.dump(out, RdfFormat.N_TRIPLES, graph=G1)
    assert {(q.subject, q.object) for q in parse(out.getvalue(), format=RdfFormat.N_TRIPLES)} == {(A, Literal("one"))}


def test_capabilities_are_declared(store: GraphStore) -> None:
    caps = store.capabilities
    assert caps.named_graphs and isinstance(caps.replacement, Replacement)
    if caps.replacement is Replacement.PUBLISH_FILES:
        with pytest.raises(StoreError, match="publishing a new build"):
            store.replace(QUADS)


def test_a_published_store_is_read_only(store: GraphStore) -> None:
    if store.capabilities.writable:
        pytest.skip("this backend's test store is writable by construction (in memory)")
    with pytest.raises(StoreError, match="read-only"):
        store.load(QUADS)


# --- closing


def test_close_releases_unread_results(store: GraphStore) -> None:
    pending = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    triples = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    store.close()
    assert store.closed
    with pytest.raises(StoreError, match="closed"):
        list(pending)
    with pytest.raises(StoreError, match="closed"):
        triples.serialize(fmt=RdfFormat.N_TRIPLES)
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")
    store.close()  # idempotent


def test_an_answer_read_before_close_stays_usable(store: GraphStore) -> None:
    answer = store.ask("ASK { ?s ?p 'one' }")
    rows = list(store.select("SELECT ?o WHERE { ?s ?p ?o }"))
    store.close()
    assert answer is True and len(rows) == 2 and rows[0]["o"] is not None
