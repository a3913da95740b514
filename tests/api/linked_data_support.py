"""A small published build for the linked-data tests, made the way ``graph.build`` makes one.

The graph is ``linked_data_fixture.trig`` (relative IRIs, parsed under the base a test serves), each
named graph a source; the build adds the dataset description graph, writes the dumps and publishes.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, parse

from graph.dumps import dataset_version, sorted_nquads, write_dumps
from graph.iris import DEFAULT_BASE, IriFactory
from graph.publish import DataDir, PublishedBuild
from graph.sources.base import SourceBatch
from graph.store.embedded import EmbeddedStore
from graph.void import void_batch

FIXTURE = Path(__file__).with_name("linked_data_fixture.trig")
BUILT_AT = "2026-01-15T12:00:00Z"

LICENSES = {
    "graph/ohchr": ("OHCHR Search Library voting collection",
                    "https://polyformproject.org/licenses/noncommercial/1.0.0/",
                    "OHCHR Search Library voting collection, harvested by the hrc-voting project"),
    "graph/countries": ("UN member states and groups", "https://opendatacommons.org/licenses/pddl/1-0/", None),
}


def fixture_quads(base: str = DEFAULT_BASE) -> list[Quad]:
    return list(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=base))


def publish_fixture(root: Path, base: str = DEFAULT_BASE, *, extra: list[Quad] | None = None) -> PublishedBuild:
    """Publish the fixture graph (plus ``extra`` quads) as the current build of ``root``."""
    iris = IriFactory(base)
    quads = fixture_quads(base) + (extra or [])
    by_graph: dict[str, list[Any]] = defaultdict(list)
    for q in quads:
        by_graph[str(q.graph_name)[1:-1]].append(q.triple)
    batches = []
    for graph, triples in sorted(by_graph.items()):
        label, licence, attribution = LICENSES.get(graph[len(base):], (graph[len(base):], None, None))
        batches.append(SourceBatch(NamedNode(graph), label, files=[], triples=triples, license=licence,
                                   attribution=attribution))
    dd = DataDir(root)
    with dd.staging() as staging:
        store = EmbeddedStore.open(staging / "store", read_only=False)
        store.load(quads)
        void = void_batch(store, batches, iris, built_at=BUILT_AT)
        store.load(Quad(t.subject, t.predicate, t.object, void.graph) for t in void.triples)
        batches.append(void)
        store.flush()
        nquads = sorted_nquads(store)
        version = dataset_version(nquads)
        dumps = write_dumps(store, staging / "dumps", nquads=nquads)
        per_class: dict[str, int] = {}
        rows = store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
        assert isinstance(rows, QuerySolutions)
        for row in rows:
            per_class[row["c"].value] = int(row["n"].value)
        manifest = {
            "version": version,
            "built_at": BUILT_AT,
            "base_iri": base,
            "triples": len(store),
            "classes": per_class,
            "graphs": {g: len(t) for g, t in by_graph.items()},
            "sources": [{"graph": b.graph.value, "label": b.label, "license": b.license,
                         "attribution": b.attribution, "files": [], "triples": len(b.triples), "warnings": 0}
                        for b in batches],
            "dumps": [d.as_dict() for d in dumps],
        }
        store.close()
        return dd.publish(staging, f"build-{version[:12]}", manifest)
