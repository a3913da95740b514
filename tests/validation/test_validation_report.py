"""The report: conformance, ordering, the text for people and the sh:ValidationReport graph."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.validation import ShapesProgram, ValidationReport, compile_shapes, validate_store
from hrcgraph.graph.validation.report import _share, parse_term

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
SHAPES = """
@prefix ex: <http://example.org/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ItemShape a sh:NodeShape ; sh:targetClass ex:Item ;
    sh:property [ sh:path ex:count ; sh:datatype xsd:integer ; sh:minCount 1 ] ;
    sh:property [ sh:path [ sh:inversePath ex:holds ] ; sh:maxCount 1 ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:label ; sh:minLength 2 ; sh:severity sh:Info ; sh:message "Label too short" ] .
"""


def data_store(items: int, *, broken: bool = True) -> GraphStore:
    ex = "http://example.org/ns#"
    quads = []
    for i in range(items):
        item = ox.NamedNode(f"{ex}item{i:03d}")
        quads.append(ox.Quad(item, RDF_TYPE, ox.NamedNode(ex + "Item")))
        count = "abc" if broken else str(i)
        quads.append(ox.Quad(item, ox.NamedNode(ex + "count"), ox.Literal(count, datatype=XSD_INTEGER)))
    if broken:
        first = ox.NamedNode(f"{ex}item000")
        for holder in ("a", "b"):
            quads.append(ox.Quad(ox.NamedNode(ex + holder), ox.NamedNode(ex + "holds"), first))
        quads.append(ox.Quad(first, ox.NamedNode(ex + "label"), ox.Literal("x", language="en")))
    return EmbeddedStore.in_memory(quads)


@pytest.fixture(scope="module")
def program() -> ShapesProgram:
    return compile_shapes(rdflib.Graph().parse(data=SHAPES, format="turtle"))


def test_results_are_sorted_most_severe_first_and_conformance_counts_violations_only(program: ShapesProgram) -> None:
    report = validate_store(data_store(3), program)
    severities = [r.severity.rsplit("#", 1)[1] for r in report.results]
    assert severities == ["Violation"] * 3 + ["Warning", "Info"]
    assert not report.conforms
    assert len(report.violations) == 3 and len(report.warnings) == 1 and len(report.infos) == 1
    assert report.infos[0].message == "Label too short"
    assert report.warnings[0].path == "^<http://example.org/ns#holds>"
    only_warnings = ValidationReport(results=report.warnings + report.infos)
    assert only_warnings.conforms


def test_text_groups_by_severity_and_shape_with_counts_and_limit(program: ShapesProgram) -> None:
    report = validate_store(data_store(30), program)
    text = report.to_text(limit=10)
    lines = text.splitlines()
    assert lines[0].startswith("SHACL validation: does not conform (30 Violations, 1 Warning, 1 Info)")
    assert "Violation  ex:ItemShape/ex:count  30 results (Datatype 30)" in lines
    assert "Warning  ex:ItemShape/^ex:holds  1 result (MaxCount 1)" in lines
    assert "Info  ex:ItemShape/ex:label  1 result (MinLength 1)" in lines
    shown = [line for line in lines if line.startswith("    [")]
    assert len(shown) == 10
    assert shown[0] == (
        '    [Datatype] ex:item000 ex:count value "abc"^^xsd:integer: Value is not a literal of datatype xsd:integer'
    )
    assert "    ... 22 more" in lines
    assert lines[-1] == "... 22 more results not shown (limit 10)"
    assert "Time per shape" not in text


def test_verbose_text_lists_time_per_shape(program: ShapesProgram) -> None:
    report = validate_store(data_store(2, broken=False), program)
    text = report.to_text(verbose=True)
    assert text.splitlines()[0].startswith("SHACL validation: conforms (no results)")
    timing = [line for line in text.splitlines() if re.match(r"\s+\d+\.\d{3} s ", line)]
    assert len(timing) == len(report.timings) == 4
    assert any(line.endswith("ex:ItemShape/ex:count  (focus nodes of ex:ItemShape)") for line in timing)


def test_rdf_report_says_what_the_results_say(program: ShapesProgram) -> None:
    report = validate_store(data_store(2), program)
    graph = report.to_rdf()
    (node,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.results) == 4
    by_component = {str(graph.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[1]: r for r in results}
    warning = by_component["MaxCountConstraintComponent"]
    path = graph.value(warning, SH.resultPath)
    assert graph.value(path, SH.inversePath) == rdflib.URIRef("http://example.org/ns#holds")
    assert graph.value(warning, SH.resultSeverity) == SH.Warning
    shape = graph.value(warning, SH.sourceShape)
    assert isinstance(shape, rdflib.BNode)
    assert graph.value(shape, SH.maxCount) == rdflib.Literal(1)
    datatype = by_component["DatatypeConstraintComponent"]
    assert graph.value(datatype, SH.value) == rdflib.Literal("abc", datatype=rdflib.XSD.integer)
    assert str(graph.value(datatype, SH.focusNode)).startswith("http://example.org/ns#item")
    reparsed = rdflib.Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(reparsed) == len(graph)


@pytest.mark.parametrize(
    ("limit", "sizes", "quotas"),
    [(10, [30, 1, 1], [8, 1, 1]), (50, [3, 4], [3, 4]), (2, [5, 5, 5], [1, 1, 0]), (0, [4], [0]), (9, [], [])],
)
def test_limit_is_shared_between_groups(limit: int, sizes: list[int], quotas: list[int]) -> None:
    assert _share(limit, sizes) == quotas


@pytest.mark.parametrize(
    "text",
    ['"x"', '"x"@en-gb', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "<http://example.org/a>", "_:b1",
     '"line\\nbreak \\"quoted\\""'],
)
def test_result_terms_parse_back(text: str) -> None:
    term = parse_term(text)
    expected_type = rdflib.BNode if text.startswith("_:") else rdflib.URIRef if text.startswith("<") else rdflib.Literal
    assert isinstance(term, expected_type)
    # The term goes into a report graph and comes back out of its N-Triples serialization unchanged.
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("urn:s"), rdflib.RDF.value, term))
    [(_, _, back)] = rdflib.Graph().parse(data=graph.serialize(format="nt"), format="nt")
    if isinstance(term, rdflib.BNode):
        assert isinstance(back, rdflib.BNode) and term == rdflib.BNode("b1")
    else:
        assert back == term and back.n3() == term.n3()
    if not text.startswith("_:"):
        assert str(ox.parse(input=f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES).__next__().object) == text
