"""SHACL validation of the whole graph, fast enough for the build, with pySHACL's results.

The shapes graph is compiled once into SPARQL SELECT queries that find the violating
(focus node, path, value) rows; the queries run in pyoxigraph over the store being built, and the
rows become a report with the results pySHACL would give for the same shapes and data
(``tests/validation/test_equivalence.py`` checks this on every supported constraint, on the shapes'
example files and on a sample of the real graph).

Supported SHACL (anything else in a shape is refused by name, see ``UnsupportedShapeError``):

* targets: ``sh:targetClass`` (instances of the class or of its subclasses by ``rdfs:subClassOf*``
  in the data graph), implicit class targets, ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``;
* ``sh:property`` with ``sh:path`` an IRI or ``[ sh:inversePath IRI ]``;
* ``sh:minCount``, ``sh:maxCount``, ``sh:datatype`` (ill-typed literals such as
  ``"abc"^^xsd:integer`` fail, as rdflib reads them), ``sh:class``, ``sh:nodeKind``, ``sh:in``,
  ``sh:hasValue``, ``sh:pattern`` with ``sh:flags`` ``i`` and ``m``, ``sh:minLength``,
  ``sh:maxLength``, ``sh:languageIn``, ``sh:minInclusive``, ``sh:maxInclusive``,
  ``sh:minExclusive``, ``sh:maxExclusive``, on a property shape or on the node shape itself;
* SPARQL-based constraints (``sh:sparql`` with ``sh:select`` projecting ``$this``, prefixes from
  ``sh:prefixes``/``sh:declare``, optional ``?path`` and ``?value``, ``$PATH``, ``$currentShape``);
* ``sh:severity`` (default ``sh:Violation``), ``sh:message``, ``sh:deactivated``.

Where the two engines cannot agree, by design:

* blank nodes: results name them by their label in the store. A store loaded from an rdflib
  graph keeps rdflib's labels (``graph.convert``), so both engines name the same blank node alike;
  a blank-node property shape is named after its parent shape and path, the same for both.
* RDF terms: Oxigraph keeps literals in canonical form (``"01"^^xsd:integer`` is stored as
  ``"1"``, ``"x"@EN`` as ``"x"@en``) and does not tell ``"x"^^xsd:string`` from ``"x"``, as RDF
  1.1 says; rdflib does. Results compare terms in the store's form (``pyshacl_check`` maps
  pySHACL's terms to it); a length or pattern tested on a non-canonical lexical form, and
  ``sh:in``/``sh:hasValue`` against an explicit ``^^xsd:string``, can differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from hrcgraph.graph.errors import ShapeError, UnsupportedShapeError
from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.validation.engine import validate
from hrcgraph.graph.validation.program import ShapesProgram, compile_shapes, load_shapes, read_shapes_graph
from hrcgraph.graph.validation.report import ShapeTiming, ValidationReport, ValidationResult
from hrcgraph.graph.validation.shapes import shape_label

__all__ = [
    "ShapeError",
    "ShapeTiming",
    "ShapesProgram",
    "UnsupportedShapeError",
    "ValidationReport",
    "ValidationResult",
    "compile_shapes",
    "load_shapes",
    "read_shapes_graph",
    "shape_label",
    "shipped_shapes",
    "validate_store",
    "validate_triples",
]


@cache
def shipped_shapes() -> ShapesProgram:
    """The shipped shapes, compiled on first use and kept."""
    return load_shapes()


def validate_store(
    store: GraphStore, program: ShapesProgram | None = None, *, union_of_graphs: bool = True, workers: int = 2
) -> ValidationReport:
    """Validate the store's data (by default the union of all its graphs) against the shapes
    (by default the shipped ones), running shapes on ``workers`` threads."""
    program = program if program is not None else shipped_shapes()
    return validate(store, program, union_of_graphs=union_of_graphs, workers=workers)


def validate_triples(
    triples: Iterable[ox.Triple | ox.Quad],
    program: ShapesProgram | None = None,
    *,
    union_of_graphs: bool = True,
    workers: int = 2,
) -> ValidationReport:
    """Validate triples (or quads) loaded into a fresh in-memory store."""
    with EmbeddedStore.in_memory(
        t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in triples
    ) as store:
        return validate_store(store, program, union_of_graphs=union_of_graphs, workers=workers)
