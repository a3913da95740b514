"""Helpers of the named-query tests: the fixture graph's quads, a published build of them, and a store that
records its queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from hrcgraph.graph.cube import load_cube
from hrcgraph.graph.iris import DEFAULT_BASE, IriFactory
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.store import open_store
from hrcgraph.graph.store.base import GraphStore, QueryResult, Term
from hrcgraph.graph.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "queries"

#: Each fixture file goes into its own named graph, as the build does with its sources.
FIXTURE_GRAPHS = {
    "countries.ttl": "graph/countries",
    "ohchr.ttl": "graph/ohchr",
    "seed.ttl": "graph/seed/fixture",
    "derived.ttl": "graph/derived",
}


def fixture_quads() -> list[Quad]:
    quads: list[Quad] = []
    for file, graph in FIXTURE_GRAPHS.items():
        g = NamedNode(DEFAULT_BASE + graph)
        with (FIXTURES / file).open("rb") as fh:
            quads.extend(Quad(t.subject, t.predicate, t.object, g) for t in parse(fh, format=RdfFormat.TURTLE))
    # The vote statistics, computed from the fixture graph as the build computes them from its graph.
    store = Store()
    store.bulk_extend(quads)
    cube = load_cube(EmbeddedStore(store), IriFactory())
    quads.extend(store.quads_for_pattern(None, None, None, cube.graph))
    return quads


def publish_fixture(data_dir: Path, version: str) -> None:
    """Publish the fixture graph as the current build of ``data_dir`` (as ``hrcgraph build`` would)."""
    dd = DataDir(data_dir)
    with dd.staging() as staging:
        with open_store(staging / "store", writable=True) as store:
            store.load(fixture_quads())
        dd.publish(staging, f"build-{version}", BuildManifest(version, datetime.now(UTC).isoformat()))


class RecordingStore(GraphStore):
    """A real store that also keeps the text and bindings of every query it is given."""

    def __init__(self, inner: GraphStore) -> None:
        super().__init__()
        self.inner = inner
        self.capabilities = inner.capabilities
        self.seen: list[tuple[str, dict[str, Term]]] = []

    def _query(self, sparql: str, *, substitutions: Mapping[str, Term] | None,
               default_graph: Sequence[str] | None, named_graphs: Sequence[str] | None,
               prefixes: Mapping[str, str] | None) -> QueryResult:
        self.seen.append((sparql, dict(substitutions or {})))
        return self.inner.query(sparql, substitutions=substitutions, default_graph=default_graph,
                                named_graphs=named_graphs, prefixes=prefixes)

    def load(self, quads: object) -> None:
        raise AssertionError("the named-query tests never write")

    def load_serialized(self, data: object, fmt: RdfFormat) -> None:
        raise AssertionError("the named-query tests never write")

    def update(self, sparql: str) -> None:
        raise AssertionError("the named-query tests never write")

    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        self.inner.dump(output, fmt, graph=graph)

    def __len__(self) -> int:
        return len(self.inner)

    def __contains__(self, quad: object) -> bool:
        return quad in self.inner
