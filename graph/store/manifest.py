"""The published build's manifest, kept in a small named graph on a remote server.

A server started with ``hrcgraph serve --store URL`` has no data directory of the build's own to
read the version from: the version (for ETags and cache keys), the list of named graphs that make up
the dataset, and the whole build manifest (JSON, as in ``manifest.json``) are written into the graph
``<https://w3id.org/hrcgraph/published>`` in the same switch that publishes the build's graphs::

    <https://w3id.org/hrcgraph/published>
        <https://w3id.org/hrcgraph/published#version>  "a30824f3..." ;
        <https://w3id.org/hrcgraph/published#graph>    <https://w3id.org/hrcgraph/graph/ohchr>, ... ;
        <https://w3id.org/hrcgraph/published#manifest> "{...}" ;
        <https://w3id.org/hrcgraph/published#union>    <https://w3id.org/hrcgraph/published/union/a30824f3...> .

The union graph holds every triple of the dataset's graphs once. It is written by the same switch,
from the graphs it publishes, and queries read it as their default graph: one graph named as the
default graph is planned far better by Virtuoso than the list of the nine (a lookup by symbol with an
unbound predicate took 3.2 s over the list and 3.6 ms over the union graph). Like the SPARQL 1.1
dataset it stands for (the RDF merge of the graphs), it holds a triple stated in two graphs once.
Each publication names its union graph anew (after its version), and the switch names it in the
manifest graph only once the graph is written: Virtuoso 7.2.5 estimates a graph's size from where
the graph's id falls in its index, and for the same triples under an id it had given out earlier (to
the manifest's mention of the graph, loaded with the build) it chose a scan of the whole graph for
that lookup (230 ms instead of 3.5 ms).

Neither graph is part of the dataset's named graphs: ``GRAPH ?g`` does not see them. Another manifest
graph IRI lets one server hold several datasets (``RemoteStore(manifest_graph=...)``).
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
UNION = NamedNode(MANIFEST_GRAPH + "#union")


def union_graph(version: str, manifest_graph: str = MANIFEST_GRAPH) -> str:
    """The graph that holds the union of the graphs of a publication (``version``), beside its manifest graph."""
    return f"{manifest_graph}/union/{version[:16]}"


def union_triple(union: str, manifest_graph: str = MANIFEST_GRAPH) -> Triple:
    """The manifest graph's statement of which graph is the union graph."""
    return Triple(NamedNode(manifest_graph), UNION, NamedNode(union))


@dataclass(frozen=True)
class RemoteManifest:
    version: str | None
    graphs: tuple[str, ...]
    manifest: BuildManifest | None = None
    """The build manifest stored with it (None when the graph holds none)."""
    union: str | None = None
    """The graph holding the union of ``graphs`` (None when the publication wrote none)."""


def manifest_triples(manifest: BuildManifest, graphs: list[str], *,
                     manifest_graph: str = MANIFEST_GRAPH, union: str | None = None) -> list[Triple]:
    subject = NamedNode(manifest_graph)
    triples = [Triple(subject, VERSION, Literal(manifest.version)),
               Triple(subject, MANIFEST, Literal(manifest.to_json()))]
    if union is not None:
        triples.append(union_triple(union, manifest_graph))
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
    union: str | None = None
    for row in result:
        p, o = row["p"], row["o"]
        if p == VERSION:
            version = o.value
        elif p == GRAPH:
            graphs.append(o.value)
        elif p == MANIFEST:
            manifest = BuildManifest.from_json(o.value, origin=f"the manifest graph <{manifest_graph}>")
        elif p == UNION:
            union = o.value
    if version is None and not graphs:
        return None
    return RemoteManifest(version, tuple(sorted(graphs)), manifest, union)
