"""The store contract, run against every backend that can run here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples

from hrcgraph.graph.errors import QueryError, StoreError
from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.store.remote import RemoteStore
from hrcgraph.graph.store.virtuoso import LocalVirtuoso

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")
QUADS = [
    Quad(NamedNode(EX + "a"), NamedNode(EX + "p"), Literal("one"), G1),
    Quad(NamedNode(EX + "b"), NamedNode(EX + "p"), Literal("two"), G2),
]


@pytest.fixture(scope="module")
def virtuoso_store(virtuoso: LocalVirtuoso) -> Iterator[RemoteStore]:
    """The contract's quads loaded once into the session's Virtuoso, as a dataset of their own."""
    s = RemoteStore(virtuoso.sparql_url, manifest_graph=EX + "contract-manifest")
    s.load(QUADS)
    yield s
    s.close()


@pytest.fixture(params=["memory", "disk", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso_store")
        return
    if request.param == "memory":
        s = EmbeddedStore.in_memory(QUADS)
        yield s
    else:
        writer = EmbeddedStore.open(tmp_path / "store", read_only=False)
        writer.load(QUADS)
        writer.flush()
        writer.close()
        s = EmbeddedStore.open(tmp_path / "store")
        yield s
    s.close()


def _values(result: object, var: str) -> list[str]:
    assert isinstance(result, QuerySolutions)
    return sorted(row[var].value for row in result)


def test_default_graph_is_the_union_of_named_graphs(store: GraphStore) -> None:
    assert _values(store.query("SELECT ?o WHERE { ?s ?p ?o }"), "o") == ["one", "two"]


def test_default_graph_can_be_chosen(store: GraphStore) -> None:
    assert _values(store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[G1.value]), "o") == ["one"]


def test_named_graphs_can_be_restricted(store: GraphStore) -> None:
    q = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _values(store.query(q, named_graphs=[G2.value]), "o") == ["two"]


def test_substitutions_bind_terms_not_text(store: GraphStore) -> None:
    q = "SELECT ?s ?o WHERE { ?s ?p ?o }"  # Oxigraph substitutes projected variables only (SEP-0007)
    assert _values(store.query(q, substitutions={"o": Literal("two")}), "s") == [EX + "b"]
    assert _values(store.query(q, substitutions={"o": Literal('two" } UNION { ?s ?p ?o')}), "s") == []


def test_ask_and_construct(store: GraphStore) -> None:
    assert isinstance(store.query("ASK { ?s ?p 'one' }"), QueryBoolean)
    assert bool(store.query("ASK { ?s ?p 'one' }"))
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(triples, QueryTriples) and len(list(triples)) == 2


def test_a_malformed_query_is_a_query_error_that_says_where(store: GraphStore) -> None:
    with pytest.raises(QueryError) as err:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert "1:" in str(err.value) or "line" in str(err.value).lower()


def test_len_counts_quads(store: GraphStore) -> None:
    assert len(store) == 2


def test_opening_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="hrcgraph build"):
        EmbeddedStore.open(tmp_path / "nothing")
