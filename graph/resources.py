"""The one module that knows where the shipped RDF and SPARQL files live.

ontology/, shapes/ and queries/ are package data: they are found through importlib.resources,
so they work from a wheel, an editable install or a source checkout alike, whatever the
working directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable


def ontology_files() -> list[Traversable]:
    """The ontology's Turtle files, in a stable order."""
    return _sorted(files("hrcgraph.ontology"), ".ttl")


def shape_files() -> list[Traversable]:
    """The SHACL shapes graph's Turtle files, in a stable order."""
    return _sorted(files("hrcgraph.shapes"), ".ttl")


def shape_example_files() -> list[Traversable]:
    """Valid and invalid example files for the shapes (``<Shape>-valid*.ttl``, ``<Shape>-invalid*.ttl``)."""
    return _sorted(files("hrcgraph.shapes").joinpath("examples"), ".ttl")


def query_files() -> list[Traversable]:
    """The named research queries (``queries/*.rq``)."""
    return _sorted(files("hrcgraph.queries"), ".rq")


def reference_data(name: str) -> Traversable:
    """A bundled reference data file, such as ``un-states.csv``."""
    return files("hrcgraph.graph.data").joinpath(name)


def templates_dir() -> Traversable:
    return files("hrcgraph.api.templates")


def static_dir() -> Traversable:
    return files("hrcgraph.api.static")


def _sorted(folder: Traversable, suffix: str) -> list[Traversable]:
    return sorted((f for f in _iter(folder) if f.name.endswith(suffix)), key=lambda f: f.name)


def _iter(folder: Traversable) -> Iterator[Traversable]:
    return (f for f in folder.iterdir() if f.is_file())
