"""The editor's examples: research queries with their example values bound, runnable as they are."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store, Variable

from hrcgraph.api.editor import bind_example, default_query, examples

P = "http://example.org/p"
QUERY = f"""# "WHERE {{" in a comment is left alone
SELECT ?s ?who ?total WHERE {{
  {{ SELECT ?who (COUNT(?s) AS ?total) WHERE {{ ?s <{P}> ?who }} GROUP BY ?who }}
  ?s <{P}> ?who .
  FILTER(STR(?s) != "WHERE {{ in a string")
}}"""


def _rows(result: object) -> QuerySolutions:
    assert isinstance(result, QuerySolutions)
    return result


def _store() -> Store:
    store = Store()
    for i in range(6):
        who = Literal("a" if i % 2 else "b")
        store.add(Quad(NamedNode(f"http://example.org/s{i}"), NamedNode(P), who))
    return store


def test_bound_example_gives_what_a_substitution_gives() -> None:
    store = _store()
    value = Literal("a")
    result = store.query(QUERY, substitutions={Variable("who"): value})
    substituted = sorted((str(r["s"]), str(r["total"])) for r in _rows(result))
    text = bind_example(QUERY, {"who": value})
    assert text.count("VALUES (?who)") == 2
    assert '# "WHERE {" in a comment is left alone' in text
    bound = sorted((str(r["s"]), str(r["total"])) for r in _rows(store.query(text)))
    assert bound == substituted and len(bound) == 3


def test_no_values_leaves_the_text_alone() -> None:
    assert bind_example(QUERY, {}) == QUERY


def test_shipped_examples_parse() -> None:
    found = examples()
    assert found, "queries/ ships no .rq files"
    for example in found:
        Store().query(example.query)  # valid SPARQL, values bound
        assert example.summary and example.name


def test_default_query_runs() -> None:
    assert "PREFIX hrc:" in default_query()
    Store().query(default_query())
