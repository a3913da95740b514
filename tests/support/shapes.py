"""Reading the shape example files: their data, their expected SHACL report, and actual reports.

Each file in ``shapes/examples/`` is Turtle data in the data model's IRIs. An invalid example also
says which results a SHACL engine must report, as data in the file itself, in the test vocabulary
``https://w3id.org/hrcgraph/shapes/test#`` (``ht:``)::

    [] a ht:ExpectedReport ;
        ht:expect [ ht:focusNode <https://w3id.org/hrcgraph/id/text/A/HRC/RES/55/25> ;
                    ht:resultPath hrc:symbol ;                 # or [ sh:inversePath hrc:decision ]
                    ht:sourceShape hrcsh:Text-symbol ;
                    ht:severity sh:Violation ] .

``ht:resultPath`` is left out for a result without a path. A valid example has no expectations.
A result is compared as the tuple ``(focus node, result path, source shape, severity)``: IRIs as
strings, an inverse path as ``"^"`` followed by the property's IRI.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hrcgraph.graph.resources import shape_files

HT = rdflib.Namespace("https://w3id.org/hrcgraph/shapes/test#")

#: (focus node, result path or None, source shape, severity)
Result = tuple[str, str | None, str, str]


class ExampleError(ValueError):
    """An example file's expected report is malformed."""


def _read(path: Path | Traversable) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


def _test_nodes(graph: rdflib.Graph) -> set[Node]:
    """The expected-report nodes and everything hanging from them (expectations, inverse paths)."""
    found: set[Node] = set(graph.subjects(RDF.type, HT.ExpectedReport))
    found.update(graph.subjects(HT.expect, None))
    todo = [o for s in list(found) for o in graph.objects(s, HT.expect)]
    while todo:
        node = todo.pop()
        if node in found or not isinstance(node, rdflib.BNode):
            continue
        found.add(node)
        todo.extend(o for o in graph.objects(node, None) if isinstance(o, rdflib.BNode))
    return found


def data_graph(path: Path | Traversable) -> rdflib.Graph:
    """The example's data: the file without its expected report."""
    graph = _read(path)
    for node in _test_nodes(graph):
        graph.remove((node, None, None))
    stray = [t for t in graph if any(isinstance(x, rdflib.URIRef) and x.startswith(str(HT)) for x in t)]
    if stray:
        raise ExampleError(f"{path.name}: test vocabulary used outside the expected report: {stray[0]}")
    return graph


def expected_results(path: Path | Traversable) -> set[Result]:
    """The results the example's expected report lists (empty for a valid example)."""
    graph = _read(path)
    results: set[Result] = set()
    for expectation in graph.objects(None, HT.expect):
        focus = _one(graph, expectation, HT.focusNode, path)
        shape = _one(graph, expectation, HT.sourceShape, path)
        severity = _one(graph, expectation, HT.severity, path)
        paths = list(graph.objects(expectation, HT.resultPath))
        if len(paths) > 1:
            raise ExampleError(f"{path.name}: an expectation has {len(paths)} ht:resultPath values")
        for term, name in ((focus, "ht:focusNode"), (shape, "ht:sourceShape"), (severity, "ht:severity")):
            if not isinstance(term, rdflib.URIRef):
                raise ExampleError(f"{path.name}: {name} must be an IRI, not {term!r}")
        results.add((str(focus), path_key(graph, paths[0]) if paths else None, str(shape), str(severity)))
    return results


def _one(graph: rdflib.Graph, node: Node, predicate: rdflib.URIRef, path: Path | Traversable) -> Node:
    values = list(graph.objects(node, predicate))
    if len(values) != 1:
        raise ExampleError(f"{path.name}: an expectation needs exactly one {graph.qname(predicate)}, "
                           f"has {len(values)}")
    return values[0]


def path_key(graph: rdflib.Graph, path: Node) -> str:
    """A SHACL path as a string: an IRI, or ``^IRI`` for ``[ sh:inversePath IRI ]``."""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    inverse = list(graph.objects(path, SH.inversePath))
    if len(inverse) == 1 and isinstance(inverse[0], rdflib.URIRef):
        return "^" + str(inverse[0])
    raise ExampleError(f"unsupported result path {path!r}: only an IRI or [ sh:inversePath IRI ]")


def report_results(report: rdflib.Graph) -> set[Result]:
    """The results of a SHACL validation report graph, as comparable tuples."""
    results: set[Result] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        paths = list(report.objects(result, SH.resultPath))
        results.add((
            str(report.value(result, SH.focusNode)),
            path_key(report, paths[0]) if paths else None,
            str(report.value(result, SH.sourceShape)),
            str(report.value(result, SH.resultSeverity)),
        ))
    return results


def shapes_graph(files: Iterable[Path | Traversable] | None = None) -> rdflib.Graph:
    """The shipped shapes graph (all of ``shapes/*.ttl``), or the given files."""
    graph = rdflib.Graph()
    for file in shape_files() if files is None else files:
        graph.parse(data=file.read_text(encoding="utf-8"), format="turtle")
    return graph
