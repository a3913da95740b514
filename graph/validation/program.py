"""A shapes graph compiled once into what the engine runs: checked shapes, ready queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

import rdflib

from hrcgraph.graph import resources
from hrcgraph.graph.errors import QuerySyntaxError, ShapeError
from hrcgraph.graph.store import EmbeddedStore
from hrcgraph.graph.validation.shapes import ShapeSpec, read_shapes


@dataclass(frozen=True)
class ShapesProgram:
    """The shapes to validate, each with its focus nodes, and the prefixes to write reports with."""

    shapes: tuple[ShapeSpec, ...]
    prefixes: dict[str, str] = field(compare=False)
    graph: rdflib.Graph = field(compare=False, repr=False)


def compile_shapes(graph: rdflib.Graph) -> ShapesProgram:
    """Compile a shapes graph; a shape outside the supported subset raises ``UnsupportedShapeError``,
    a malformed one ``ShapeError``, either naming the shape."""
    specs = tuple(read_shapes(graph))
    with EmbeddedStore.in_memory() as probe:
        for spec in specs:
            for constraint in spec.sparql:
                try:
                    probe.query(constraint.query.with_focus("VALUES ?this { }")).release()
                except QuerySyntaxError as exc:
                    raise ShapeError(spec.label, f"sh:select is not valid SPARQL: {exc}") from exc
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    return ShapesProgram(shapes=specs, prefixes=prefixes, graph=graph)


def read_shapes_graph(files: Iterable[Traversable | Path]) -> rdflib.Graph:
    """The Turtle files as one rdflib graph."""
    graph = rdflib.Graph()
    for f in files:
        graph.parse(data=f.read_text(encoding="utf-8"), format="turtle", publicID=_public_id(f))
    return graph


def load_shapes(files: Iterable[Traversable | Path] | None = None) -> ShapesProgram:
    """Compile the shipped shapes (``shapes/*.ttl``), or the given Turtle files."""
    return compile_shapes(read_shapes_graph(resources.shape_files() if files is None else files))


def _public_id(f: Traversable | Path) -> str:
    return f"file:///shapes/{f.name}"
