"""The clause index: queries made safe, phrases, prefixes and ranking, on a small index."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad

from hrcgraph.graph.dumps import sorted_nquads
from hrcgraph.graph.search_index import (
    IndexBuild,
    IndexedClause,
    SearchQueryError,
    clauses_of_nquads,
    fts_query,
    search,
    write_index,
)
from hrcgraph.graph.sources.registry import batches_of, quads_of
from hrcgraph.graph.store import EmbeddedStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

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


ORACLE = """
    SELECT DISTINCT ?clause ?text ?symbol ?label ?wording WHERE {
      ?clause a <https://w3id.org/hrcgraph/ontology#Clause> ;
              <https://w3id.org/hrcgraph/ontology#clauseOf> ?text ;
              <https://w3id.org/hrcgraph/ontology#clauseText> ?wording .
      OPTIONAL { ?text <https://w3id.org/hrcgraph/ontology#symbol> ?symbol }
      OPTIONAL { ?clause <https://w3id.org/hrcgraph/ontology#clauseLabel> ?label }
    } ORDER BY ?clause"""
"""What the index holds, asked of a store: the index reads the same from the N-Quads, with no store. DISTINCT: the
store's union of graphs gives a statement held by two graphs twice, the index once."""


def _oracle(store: EmbeddedStore) -> list[IndexedClause]:
    return [IndexedClause(r["clause"].value, r["text"].value, r["symbol"].value if r["symbol"] is not None else "",
                          r["label"].value if r["label"] is not None else "", r["wording"].value)
            for r in store.select(ORACLE)]


def test_the_clauses_read_from_the_n_quads_are_those_a_query_finds(recent_ohchr_dir: Path, texts_dir: Path) -> None:
    """The real sample texts joined to four years of the real collection: every clause, in the same order."""
    batches = batches_of({"ohchr": [recent_ohchr_dir], "texts": [texts_dir]}, log=lambda _m: None)
    with EmbeddedStore.in_memory() as store:
        store.load(quads_of(batches))
        want = _oracle(store)
        got = clauses_of_nquads(io.BytesIO(sorted_nquads(store)))
    assert len(want) > 300 and got == want


def test_a_statement_in_two_graphs_counts_once_and_marks_inside_literals_are_read_as_literals() -> None:
    ex, hrc = "https://example.org/", "https://w3id.org/hrcgraph/ontology#"
    a, b, t = NamedNode(ex + "t#op-1"), NamedNode(ex + "t#op-2"), NamedNode(ex + "t")
    lone = NamedNode(ex + "u#op-1")  # no clauseOf: not indexed, as the query finds no row for it
    g1, g2 = NamedNode(ex + "g1"), NamedNode(ex + "g2")
    quads = [Quad(c, NamedNode(RDF_TYPE), NamedNode(hrc + "Clause"), g) for c in (a, b, lone) for g in (g1, g2)]
    quads += [Quad(a, NamedNode(hrc + "clauseOf"), t, g1), Quad(a, NamedNode(hrc + "clauseOf"), t, g2),
              Quad(b, NamedNode(hrc + "clauseOf"), t, g1),
              Quad(a, NamedNode(hrc + "clauseText"), Literal(f"Recalls <{hrc}clauseLabel> and <{hrc}symbol>"), g1),
              Quad(b, NamedNode(hrc + "clauseText"), Literal("Decides"), g1),
              Quad(b, NamedNode(hrc + "clauseText"), Literal("Décide", language="fr"), g2),
              Quad(b, NamedNode(hrc + "clauseLabel"), Literal("OP2"), g1),
              Quad(t, NamedNode(hrc + "symbol"), Literal("A/HRC/RES/90/1"), g2),
              Quad(lone, NamedNode(hrc + "clauseText"), Literal("Alone"), g1)]
    with EmbeddedStore.in_memory() as store:
        store.load(quads)
        want = _oracle(store)
        got = clauses_of_nquads(io.BytesIO(sorted_nquads(store)))
    assert sorted(got, key=repr) == sorted(want, key=repr)
    assert [(c.clause, c.label, c.symbol) for c in got] == [
        (a.value, "", "A/HRC/RES/90/1"), (b.value, "OP2", "A/HRC/RES/90/1"), (b.value, "OP2", "A/HRC/RES/90/1")]


def test_the_index_written_by_a_worker_is_the_one_written_here(tmp_path: Path) -> None:
    """A large build's index is written by a worker process from a copy of its N-Quads, which is removed."""
    nquads = b"".join(
        f'<https://example.org/t#op-{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        f'<https://w3id.org/hrcgraph/ontology#Clause> <https://example.org/g> .\n'
        f'<https://example.org/t#op-{i}> <https://w3id.org/hrcgraph/ontology#clauseOf> <https://example.org/t> '
        f'<https://example.org/g> .\n'
        f'<https://example.org/t#op-{i}> <https://w3id.org/hrcgraph/ontology#clauseText> "Decides {i} times" '
        f'<https://example.org/g> .\n'.encode() for i in range(50))
    for name, min_bytes in (("here", len(nquads) + 1), ("worker", 0)):
        (tmp_path / name).mkdir()
        assert IndexBuild(nquads, tmp_path / name, min_bytes=min_bytes).finish() == 50
        assert [p.name for p in (tmp_path / name).iterdir()] == ["search.sqlite"]
    here, worker = (search(tmp_path / n / "search.sqlite", "decides 7") for n in ("here", "worker"))
    assert here == worker and [h.clause for h in here] == ["https://example.org/t#op-7"]


def test_a_build_that_fails_leaves_no_worker_and_no_copy(tmp_path: Path) -> None:
    indexing = IndexBuild(b"<https://example.org/a> <https://example.org/p> \"x\" <https://example.org/g> .\n",
                          tmp_path, min_bytes=0)
    assert indexing.worker is not None
    indexing.close()
    assert indexing.worker.process.returncode is not None and list(tmp_path.iterdir()) == []
