"""The clause index: queries made safe, phrases, prefixes and ranking, on a small index."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad

from hrcgraph.graph.search_index import IndexedClause, SearchQueryError, fts_query, index_store, search, write_index
from hrcgraph.graph.store import EmbeddedStore

CLAUSES = [
    IndexedClause("t1#op-1", "t1", "A/HRC/RES/90/1", "OP1", "Strongly condemns the attacks on civilians and schools;"),
    IndexedClause("t1#op-2", "t1", "A/HRC/RES/90/1", "OP2", "Calls upon all parties to protect civilians;"),
    IndexedClause("t2#op-23", "t2", "A/HRC/RES/90/2", "OP23",
                  "Decides to extend the mandate of the Independent Expert for a period of one year;"),
    IndexedClause("t2#pp-3", "t2", "A/HRC/RES/90/2", "PP3", "Recalling the communiqués on violent extremism,"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.sqlite"
    assert write_index(path, CLAUSES) == 4
    return path


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("civilians", '"civilians"'),
        ('"period of one year" mandate', '"period of one year" "mandate"'),
        ("extrem*", '"extrem"*'),
        # FTS5 syntax typed by a user is words, not operators
        ("civilians OR NOT schools", '"civilians" "OR" "NOT" "schools"'),
        ('col:value ^start NEAR(a b) "unclosed', '"col" "value" "start" "NEAR" "a" "b" "unclosed"'),
    ],
)
def test_queries_are_made_safe(query: str, fts: str) -> None:
    assert fts_query(query) == fts


@pytest.mark.parametrize("query", ["", "   ", "*", '""', "-- ;", "x" * 501])
def test_queries_without_words_are_refused(query: str) -> None:
    with pytest.raises(SearchQueryError):
        fts_query(query)


def test_words_are_all_required_and_ranked(index: Path) -> None:
    # BM25: the shorter paragraph, where the word weighs more, first
    assert [h.clause for h in search(index, "civilians")] == ["t1#op-2", "t1#op-1"]
    assert [h.clause for h in search(index, "civilians schools")] == ["t1#op-1"]
    hit = search(index, "attacks")[0]
    assert (hit.symbol, hit.label, hit.snippet) == ("A/HRC/RES/90/1", "OP1",
                                                     "Strongly condemns the [attacks] on civilians and schools;")


def test_phrases_prefixes_and_accents(index: Path) -> None:
    assert [h.clause for h in search(index, '"period of one year"')] == ["t2#op-23"]
    assert search(index, '"one period"') == []
    assert [h.clause for h in search(index, "extrem*")] == ["t2#pp-3"]
    assert [h.clause for h in search(index, "communiques")] == ["t2#pp-3"]  # accents folded


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_query_or_a_clear_refusal(index: Path, text: str) -> None:
    try:
        search(index, text)
    except SearchQueryError as exc:
        assert exc.parameter == "q"


def test_a_clause_held_by_two_graphs_is_indexed_once(tmp_path: Path) -> None:
    ex, hrc = "https://example.org/", "https://w3id.org/hrcgraph/ontology#"
    clause, text = NamedNode(ex + "t#op-1"), NamedNode(ex + "t")
    quads = [Quad(clause, NamedNode(p), o, NamedNode(ex + g)) for g in ("g1", "g2") for p, o in (
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NamedNode(hrc + "Clause")),
        (hrc + "clauseOf", text), (hrc + "clauseText", Literal("Decides to remain seized of the matter")),
        (hrc + "clauseLabel", Literal("OP1")))]
    with EmbeddedStore.in_memory() as store:
        store.load([*quads, Quad(text, NamedNode(hrc + "symbol"), Literal("A/HRC/RES/90/1"), NamedNode(ex + "g1"))])
        assert index_store(store, tmp_path) == 1
    assert [h.label for h in search(tmp_path / "search.sqlite", "seized")] == ["OP1"]
