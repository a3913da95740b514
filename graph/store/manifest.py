"""The published build's manifest, kept in a small named graph on a remote server.

A server started with ``hrcgraph serve --store URL`` has no data directory of the build's own to
read the version from: the version (for ETags and cache keys), the list of named graphs that make up
the dataset, and the whole build manifest (JSON, as in ``manifest.json``) are written into the graph
``<https://w3id.org/hrcgraph/published>`` in the same switch that publishes the build's graphs::

    <https://w3id.org/hrcgraph/published>
        <https://w3id.org/hrcgraph/published#version>  "a30824f3..." ;
        <https://w3id.org/hrcgraph/published#graph>    <https://w3id.org/hrcgraph/graph/ohchr>, ... ;
        <https://w3id.org/hrcgraph/published#manifest> "{...}" .

The graph is not part of the dataset: queries do not see it. Another manifest graph IRI lets one
server hold several datasets (``RemoteStore(manifest_graph=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

if TYPE_CHECKING:
    from hrcgraph.graph.manifest import BuildManifest
    from hrcgraph.graph.store.base import GraphStore

MANIFEST_GRAPH = "https://w3id.org/hrcgraph/published"
VERSION = NamedNode(MANIFEST_GRAPH + "#version")
GRAPH = NamedNode(MANIFEST_GRAPH + "#graph")
MANIFEST = NamedNode(MANIFEST_GRAPH + "#manifest")


@dataclass(frozen=True)
class RemoteManifest:
    version: str | None
    graphs: tuple[str, ...]
    manifest: BuildManifest | None = None
    """The build manifest stored with it (None when the graph holds none)."""


def manifest_triples(manifest: BuildManifest, graphs: list[str], *,
                     manifest_graph: str = MANIFEST_GRAPH) -> list[Triple]:
    subject = NamedNode(manifest_graph)
    triples = [Triple(subject, VERSION, Literal(manifest.version)),
               Triple(subject, MANIFEST, Literal(manifest.to_json()))]
    triples += [Triple(subject, GRAPH, NamedNode(g)) for g in sorted(graphs)]
    return triples


def read_manifest(store: GraphStore, manifest_graph: str = MANIFEST_GRAPH) -> RemoteManifest | None:
    """The manifest stored on the server, or None when nothing was published there yet."""
    from hrcgraph.graph.manifest import BuildManifest  # graph.manifest imports the store package

    g = NamedNode(manifest_graph)
    result = store.select(f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ {g} ?p ?o }} }}",
                          default_graph=[], named_graphs=[manifest_graph])
    version: str | None = None
    graphs: list[str] = []
    manifest: BuildManifest | None = None
    for row in result:
        p, o = row["p"], row["o"]
        if p == VERSION:
            version = o.value
        elif p == GRAPH:
            graphs.append(o.value)
        elif p == MANIFEST:
            manifest = BuildManifest.from_json(o.value, origin=f"the manifest graph <{manifest_graph}>")
    if version is None and not graphs:
        return None
    return RemoteManifest(version, tuple(sorted(graphs)), manifest)
