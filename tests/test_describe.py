"""Resource descriptions: own statements, hash parts, labels of linked resources, bounded incoming links."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from hrcgraph.graph.describe import HYDRA, describe, describe_quads, is_known
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.store.embedded import EmbeddedStore

FIXTURE = Path(__file__).parent / "api" / "linked_data_fixture.trig"
BASE = "https://w3id.org/hrcgraph/"
SKOS_PREF = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore.in_memory(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=BASE))


def n(path: str) -> NamedNode:
    return NamedNode(BASE + path)


def h(term: str) -> NamedNode:
    return NamedNode(str(getattr(HRC, term)))


def test_a_text_is_described_with_its_hash_parts(store: EmbeddedStore) -> None:
    text = n("id/text/A/HRC/RES/S-33/1")
    triples = set(describe(store, text))
    assert Triple(text, h("symbol"), _literal("A/HRC/RES/S-33/1")) in triples
    # Every state's vote is a part of the text (``#vote-FRA`` points to ``#vote``, not to the text).
    for code, option in [("FRA", "VoteYes"), ("CHN", "VoteNo"), ("USA", "VoteAbstain"), ("CIV", "VoteAbsent")]:
        vote = NamedNode(text.value + f"#vote-{code}")
        assert Triple(vote, h("voteOption"), h(option)) in triples
        assert Triple(vote, h("voter"), n(f"id/state/{code}")) in triples
    assert Triple(NamedNode(text.value + "#vote"), h("yesCount"), _integer(3)) in triples
    assert Triple(NamedNode(text.value + "#sponsor-2"), h("sponsor"), n("id/state/MLI")) in triples


def test_linked_resources_are_named(store: EmbeddedStore) -> None:
    triples = set(describe(store, n("id/text/A/HRC/RES/S-33/1")))
    # The voters and sponsors are labelled and typed, but their own other statements are not copied.
    assert Triple(n("id/state/CHN"), SKOS_PREF, _literal("China", "en")) in triples
    assert Triple(n("id/state/CHN"), RDF_TYPE, h("State")) in triples
    assert not any(t.subject == n("id/state/CHN") and t.predicate == h("regionalGroup") for t in triples)


def test_incoming_links_are_part_of_the_description(store: EmbeddedStore) -> None:
    text = n("id/text/A/HRC/RES/55/25")
    triples = set(describe(store, text))
    commentary = n("id/commentary/unwatch/9a8b7c6d5e4f3a2b")
    assert Triple(commentary, h("commentaryOn"), text) in triples
    # Quotations point to the text's clauses (its parts): they are incoming links too.
    assert Triple(NamedNode(commentary.value + "#q-1"), h("quotes"),
                  NamedNode(text.value + "#clause-77aa01de")) in triples
    mali = set(describe(store, n("id/state/MLI")))
    assert Triple(NamedNode(BASE + "id/text/A/HRC/RES/S-33/1#vote-MLI"), h("voter"), n("id/state/MLI")) in mali
    assert Triple(n("id/membership/hrc/S-33/MLI"), NamedNode("http://www.w3.org/ns/org#member"),
                  n("id/state/MLI")) in mali


def test_incoming_links_are_bounded_and_the_truncation_is_said(store: EmbeddedStore) -> None:
    mali = n("id/state/MLI")
    desc = describe_quads(store, mali, incoming_limit=1)
    voter = [q for q in desc.quads if q.predicate == h("voter") and q.object == mali]
    assert len(voter) == 1
    truncated = {t.predicate.value: (t.shown, t.total) for t in desc.truncations}
    assert truncated[h("voter").value] == (1, 2)
    triples = desc.triples()
    totals = [t for t in triples if t.predicate.value == HYDRA + "totalItems"]
    counted = sorted(int(t.object.value) for t in totals if isinstance(t.object, Literal))
    assert counted == sorted(total for _, total in truncated.values())
    managed = {t.object for t in triples if t.predicate.value == HYDRA + "property"}
    assert h("voter") in managed
    # Without a limit that bites, nothing is said to be truncated.
    assert describe_quads(store, mali).truncations == []


def test_each_statement_keeps_its_graph(store: EmbeddedStore) -> None:
    text = n("id/text/A/HRC/RES/55/25")
    quads = describe_quads(store, text).quads
    subject_graphs = {str(q.graph_name) for q in quads if q.subject == text and q.predicate == h("subject")
                      and q.object == n("id/subject/mali")}
    assert subject_graphs == {f"<{BASE}graph/ohchr>", f"<{BASE}graph/seed/5d41402abc4b2a76>"}
    assert all(isinstance(q, Quad) for q in quads)


def test_unknown_and_hostile_iris(store: EmbeddedStore) -> None:
    assert describe(store, n("id/state/XXX")) == []
    assert not is_known(store, n("id/state/XXX"))
    assert is_known(store, n("id/state/MLI"))
    # A quote or a brace in an IRI cannot break out of the query: pyoxigraph refuses to make such a term,
    # and an IRI that is valid but strange is simply unknown.
    with pytest.raises(ValueError):
        NamedNode(BASE + 'id/state/MLI> } ; DROP ALL ; #')
    strange = NamedNode(BASE + "id/state/%3E%7D%20UNION")
    assert describe(store, strange) == []
    assert describe(store, NamedNode(BASE + "id/subject/été")) == []


def test_a_description_serializes_in_every_format(store: EmbeddedStore) -> None:
    triples = describe(store, n("id/state/MLI"), incoming_limit=1)
    for fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML):
        data = serialize(triples, format=fmt)
        assert data
        assert len(list(parse(data, format=fmt))) == len(triples), fmt


def _literal(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
