"""Search, the home page's examples, and the checks of the pages' queries."""

from __future__ import annotations

import pytest

from hrcgraph.graph.iris import DEFAULT_BASE, IriFactory
from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.home import counts, examples
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.search import SearchHit, search

from support.views import iri


def test_search_finds_a_symbol_first_then_names_then_titles(store: EmbeddedStore) -> None:
    assert search(store, "A/HRC/RES/55/25") == [SearchHit(
        iri("id/text/A/HRC/RES/55/25").value, "A/HRC/RES/55/25", "text",
        "Technical assistance and capacity-building for Mali in the field of human rights")]
    hits = search(store, "  Mali ")
    assert [(h.kind, h.iri.split("/id/", 1)[1]) for h in hits][:2] == [
        ("state", "state/MLI"), ("mandate", "mandate/independent-expert-on-the-situation-of-human-rights-in-mali")]
    assert ("text", "A/HRC/RES/55/25") in [(h.kind, h.label) for h in hits]


def test_search_text_is_a_value_not_sparql(store: EmbeddedStore) -> None:
    assert search(store, '") } DROP ALL #') == []
    assert search(store, "côte")[0].iri == iri("id/state/CIV").value


def test_search_limits_each_kind_of_hit(store: EmbeddedStore) -> None:
    assert len([h for h in search(store, "a/hrc/res/", limit=1) if h.kind == "text"]) <= 2


def test_the_home_page_examples(store: EmbeddedStore) -> None:
    found = examples(store, IriFactory(DEFAULT_BASE))
    assert [(e.iri.split("/id/", 1)[1], e.label) for e in found] == [
        ("text/A/HRC/RES/55/25", "A/HRC/RES/55/25"),
        ("state/MLI", "Mali"),
        ("mandate/independent-expert-on-the-situation-of-human-rights-in-mali",
         "Independent Expert on the situation of human rights in Mali"),
        ("text/A/HRC/RES/S-33/1", "A/HRC/RES/S-33/1"),
    ]


def test_the_home_page_counts_what_the_build_holds() -> None:
    assert counts({T.Resolution.value: 4, T.State.value: 6, T.Vote.value: 0, "urn:x:other": 9}) == [
        ("Resolutions", 4), ("States", 6)]


def test_a_query_naming_an_unknown_term_fails_when_written() -> None:
    with pytest.raises(AttributeError, match="symbl"):
        view_query("SELECT ?s WHERE { ?s hrc:symbl ?o }")
    assert "PREFIX hrc:" in view_query("SELECT ?s WHERE { ?s hrc:symbol ?o }").text
