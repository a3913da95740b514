"""Loading the validation test cases and comparing our report with pySHACL's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib

from hrcgraph.graph.validation import ValidationReport, compile_shapes, validate_store
from hrcgraph.graph.validation.pyshacl_check import pyshacl_validate, store_from_graph

CASES_DIR = Path(__file__).resolve().parents[1] / "validation" / "cases"
SHAPES_GRAPH = rdflib.URIRef("urn:test:shapes")
DATA_GRAPH = rdflib.URIRef("urn:test:data")
EX = "http://example.org/ns#"


@dataclass
class Case:
    """A case file: a shapes graph and a data graph, in the named graphs of one TriG file."""

    name: str
    shapes: rdflib.Graph
    data: rdflib.Graph


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.trig"))


def load_case(path: Path) -> Case:
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    shapes, data = rdflib.Graph(), rdflib.Graph()
    for graph in (shapes, data):
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace)
    for triple in dataset.graph(SHAPES_GRAPH):
        shapes.add(triple)
    for triple in dataset.graph(DATA_GRAPH):
        data.add(triple)
    assert len(shapes) and len(data), f"{path.name}: both <urn:test:shapes> and <urn:test:data> must hold triples"
    return Case(path.stem, shapes, data)


def both_reports(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[ValidationReport, ValidationReport]:
    """Our report (a store made from ``data``) and pySHACL's (``data`` itself)."""
    ours = validate_store(store_from_graph(data), compile_shapes(shapes))
    theirs = pyshacl_validate(data, shapes)
    return ours, theirs


def difference(ours: ValidationReport, theirs: ValidationReport) -> str:
    """The results only one engine gave, readable; empty when the reports agree."""
    only_ours = sorted(ours.keys() - theirs.keys(), key=str)
    only_theirs = sorted(theirs.keys() - ours.keys(), key=str)
    lines = [f"only ours:     {k}" for k in only_ours] + [f"only pySHACL:  {k}" for k in only_theirs]
    return "\n".join(lines)

