"""The pySHACL cross-check prepares each SPARQL text once, and that changes nothing in what rdflib answers."""

from __future__ import annotations

import pyshacl
import rdflib
from rdflib.plugins.sparql import processor

from hrcgraph.graph.validation.pyshacl_check import sparql_prepared_once

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Text ;
  sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <https://example.org/symbol> ?s } }" ] .
"""

DATA = """
@prefix ex: <https://example.org/> .
ex:a a ex:Text ; ex:symbol "A/HRC/RES/1/1" .
ex:b a ex:Text .
ex:c a ex:Text .
ex:d a ex:Text ; ex:symbol "A/HRC/RES/1/2" .
"""


def _focus_nodes() -> set[str]:
    data = rdflib.Graph().parse(data=DATA, format="turtle")
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, rdflib.Graph)
    return {str(o) for o in report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#focusNode"))}


def test_the_same_results_with_each_query_prepared_once() -> None:
    plain = _focus_nodes()
    assert plain == {"https://example.org/b", "https://example.org/c"}
    original = processor.SPARQLProcessor.query
    with sparql_prepared_once():
        assert processor.SPARQLProcessor.query is not original
        assert _focus_nodes() == plain
    assert processor.SPARQLProcessor.query is original  # rdflib is as it was afterwards


def test_one_text_is_parsed_once_and_answers_with_each_binding() -> None:
    graph = rdflib.Graph().parse(data=DATA, format="turtle")
    query = "ASK { ?x <https://example.org/symbol> ?s }"
    parsed: list[str] = []
    real_parse = processor.parseQuery

    def counting(text: str) -> object:
        parsed.append(text)
        return real_parse(text)

    processor.parseQuery = counting  # type: ignore[assignment]
    try:
        with sparql_prepared_once():
            answers = [bool(graph.query(query, initBindings={"x": rdflib.URIRef(f"https://example.org/{n}")}))
                       for n in "abcd"]
    finally:
        processor.parseQuery = real_parse
    assert answers == [True, False, False, True]
    assert parsed == [query]


def test_a_use_inside_another_shares_it_and_leaves_it_in_force() -> None:
    original = processor.SPARQLProcessor.query
    with sparql_prepared_once():
        outer = processor.SPARQLProcessor.query
        with sparql_prepared_once():
            assert processor.SPARQLProcessor.query is outer
        assert processor.SPARQLProcessor.query is outer
    assert processor.SPARQLProcessor.query is original
