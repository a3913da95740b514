"""The ontology as a source graph: loaded with the data so that queries can read the labels of
classes and concepts (agenda item titles, vote options, stances) from the same endpoint."""

from __future__ import annotations

import hashlib

import rdflib
from rdflib.compare import to_canonical_graph

from hrcgraph.graph.convert import rdflib_to_triples
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.resources import ontology_files
from hrcgraph.graph.sources.base import SourceBatch

ONTOLOGY_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def ontology_batch(iris: IriFactory) -> SourceBatch:
    """The shipped ontology files, parsed, in the ``graph/ontology`` named graph."""
    graph = rdflib.Graph()
    for f in ontology_files():
        graph.parse(data=f.read_text(encoding="utf-8"), format="turtle", publicID=f"urn:hrcgraph:ontology:{f.name}")
    # Blank nodes (owl:equivalentClass restrictions, lists) get canonical labels, so dumps stay byte-identical.
    canonical = to_canonical_graph(graph)
    return SourceBatch(iris.source_graph("ontology"), "The hrcgraph ontology", files=[],
                       triples=rdflib_to_triples(canonical), license=ONTOLOGY_LICENSE)


def ontology_checksum() -> str:
    h = hashlib.sha256()
    for f in ontology_files():
        h.update(f.read_bytes())
    return h.hexdigest()
