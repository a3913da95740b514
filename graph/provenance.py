"""PROV descriptions of the source graphs, written into the ``graph/meta`` named graph."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from hrcgraph.graph import __version__
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import PROV
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.terms import XSD_DATETIME, TripleSink, integer, string, term

DCT = "http://purl.org/dc/terms/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SPDX_CHECKSUM = "http://spdx.org/rdf/terms#checksum"


def provenance_triples(batches: list[SourceBatch], iris: IriFactory, imported_at: str) -> list[Triple]:
    """One prov:Entity per source graph: the files it came from (with SHA-256), when and by what it was imported.

    ``imported_at`` is an xsd:dateTime; for reproducible builds it is fixed by the caller.
    """
    sink = TripleSink()
    agent = NamedNode(f"https://pypi.org/project/hrcgraph/{__version__}")
    sink.type(agent, PROV.SoftwareAgent)
    sink.add(agent, term(RDFS_LABEL), string(f"hrcgraph {__version__}"))
    when = Literal(imported_at, datatype=XSD_DATETIME)
    for batch in batches:
        g = batch.graph
        activity = NamedNode(g.value + "#import")
        sink.type(g, PROV.Entity)
        sink.add(g, term(RDFS_LABEL), string(batch.label))
        sink.add(g, term(PROV.wasGeneratedBy), activity)
        sink.add(g, term(PROV.generatedAtTime), when)
        sink.add(g, term(DCT + "modified"), when)
        if batch.license:
            sink.add(g, term(DCT + "license"), _iri_or_literal(batch.license))
        if batch.attribution:
            sink.add(g, term(DCT + "rights"), string(batch.attribution))
        sink.add(g, term("http://rdfs.org/ns/void#triples"), integer(batch.size))
        sink.type(activity, PROV.Activity)
        sink.add(activity, term(PROV.wasAssociatedWith), agent)
        sink.add(activity, term(PROV.endedAtTime), when)
        for i, f in enumerate(sorted(batch.files, key=lambda f: f.path.name)):
            src = NamedNode(f"{g.value}#file-{i + 1}")
            sink.type(src, PROV.Entity)
            sink.add(src, term(RDFS_LABEL), string(f.path.name))
            sink.add(src, term(DCT + "identifier"), string(f"sha256:{f.sha256}"))
            sink.add(activity, term(PROV.used), src)
            sink.add(g, term(PROV.wasDerivedFrom), src)
    return sink.triples


def _iri_or_literal(value: str) -> NamedNode | Literal:
    return NamedNode(value) if value.startswith(("http://", "https://")) else string(value)
