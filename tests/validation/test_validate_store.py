"""Validating stores and triples: which graphs are read, duplicates across graphs, many failures."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from hrcgraph.graph import resources
from hrcgraph.graph.store import EmbeddedStore
from hrcgraph.graph.validation import ShapesProgram, compile_shapes, shipped_shapes, validate_store, validate_triples
from hrcgraph.graph.validation.pyshacl_check import store_from_graph

from support.validation_cases import case_files, load_case

EX = "http://example.org/ns#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SHAPES = """
@prefix ex: <http://example.org/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:VoteShape a sh:NodeShape ; sh:targetClass ex:Vote ;
    sh:property [ sh:path ex:voter ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path ex:weight ; sh:datatype xsd:integer ; sh:maxInclusive 10 ] .
"""


def ex(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


@pytest.fixture(scope="module")
def program() -> ShapesProgram:
    return compile_shapes(rdflib.Graph().parse(data=SHAPES, format="turtle"))


def test_named_graphs_are_read_as_one_by_default(program: ShapesProgram) -> None:
    quads = [
        ox.Quad(ex("v1"), RDF_TYPE, ex("Vote"), ex("graph-a")),
        ox.Quad(ex("v1"), ex("voter"), ex("FRA"), ex("graph-b")),
        ox.Quad(ex("v2"), RDF_TYPE, ex("Vote")),
    ]
    union = validate_triples(quads, program)
    assert {(r.focus, r.constraint.rsplit("#", 1)[1]) for r in union.results} == {
        (f"<{EX}v2>", "MinCountConstraintComponent")
    }
    default_only = validate_triples(quads, program, union_of_graphs=False)
    assert {r.focus for r in default_only.results} == {f"<{EX}v2>"}
    store = EmbeddedStore.in_memory([*quads, ox.Quad(ex("v2"), RDF_TYPE, ex("Vote"), ex("graph-a"))])
    assert validate_store(store, program).keys() == union.keys()


def test_a_triple_in_two_graphs_counts_once(program: ShapesProgram) -> None:
    quads = [
        ox.Quad(ex("v1"), RDF_TYPE, ex("Vote"), ex("graph-a")),
        ox.Quad(ex("v1"), ex("voter"), ex("FRA"), ex("graph-a")),
        ox.Quad(ex("v1"), ex("voter"), ex("FRA"), ex("graph-b")),
    ]
    assert validate_triples(quads, program).results == []


def test_triples_and_quads_are_both_accepted(program: ShapesProgram) -> None:
    triples = [ox.Triple(ex("v1"), RDF_TYPE, ex("Vote")), ox.Triple(ex("v1"), ex("voter"), ex("FRA"))]
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    assert validate_triples(triples, program).conforms
    assert validate_triples(quads, program).conforms


def test_many_failing_values_are_all_reported(program: ShapesProgram) -> None:
    """More ill-typed and out-of-range values than one query lists at a time."""
    triples = []
    for i in range(1300):
        vote = ex(f"v{i}")
        triples += [ox.Triple(vote, RDF_TYPE, ex("Vote")), ox.Triple(vote, ex("voter"), ex("FRA"))]
        weight = f"w{i}" if i % 2 else str(11 + i)
        triples.append(ox.Triple(vote, ex("weight"), ox.Literal(weight, datatype=XSD_INTEGER)))
    report = validate_triples(triples, program)
    by_component: dict[str, int] = {}
    for r in report.results:
        name = r.constraint.rsplit("#", 1)[1]
        by_component[name] = by_component.get(name, 0) + 1
    # every value breaks the range (ill-typed ones cannot be compared); odd ones are also ill-typed
    assert by_component == {"MaxInclusiveConstraintComponent": 1300, "DatatypeConstraintComponent": 650}


def test_shipped_shapes_validate_an_empty_store() -> None:
    assert resources.shape_files(), "shapes/ ships no shapes file"
    report = validate_store(EmbeddedStore.in_memory(), shipped_shapes())
    assert report.conforms and report.results == []
    assert len(report.timings) == len(shipped_shapes().shapes)


def test_threads_do_not_change_the_report() -> None:
    for path in case_files():
        case = load_case(path)
        program = compile_shapes(case.shapes)
        store = store_from_graph(case.data)
        alone = validate_store(store, program, workers=1)
        shared = validate_store(store, program, workers=4)
        assert alone.results == shared.results, path.name
        assert [t.shape for t in alone.timings] == [t.shape for t in shared.timings]
