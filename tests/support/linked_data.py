"""A small published build for the linked-data tests, made the way ``graph.build`` makes one.

The graph is ``linked_data_fixture.trig`` (relative IRIs, parsed under the base a test serves), each
named graph a source; the build adds the dataset description graph, writes the dumps and publishes.
"""

from __future__ import annotations

import gzip
import io
from collections import defaultdict
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import BNode, Dataset, Graph
from rdflib import Literal as RLiteral
from rdflib import URIRef as RURIRef
from rdflib.compare import isomorphic

from hrcgraph.graph.build import source_records
from hrcgraph.graph.dumps import dataset_version, sorted_nquads, write_dumps
from hrcgraph.graph.exports import write_exports
from hrcgraph.graph.iris import DEFAULT_BASE, IriFactory
from hrcgraph.graph.manifest import BuildManifest, SourceEntry
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.store import open_store
from hrcgraph.graph.void import void_batch

FIXTURE = Path(__file__).resolve().parents[1] / "api" / "linked_data_fixture.trig"
BUILT_AT = "2026-01-15T12:00:00Z"

LICENSES = {
    "graph/ohchr": ("OHCHR Search Library voting collection",
                    "https://polyformproject.org/licenses/noncommercial/1.0.0/",
                    "OHCHR Search Library voting collection, harvested by the hrc-voting project"),
    "graph/countries": ("UN member states and groups", "https://opendatacommons.org/licenses/pddl/1-0/", None),
}


def fixture_quads(base: str = DEFAULT_BASE) -> list[Quad]:
    return list(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=base))


def publish_fixture(root: Path, base: str = DEFAULT_BASE, *, extra: list[Quad] | None = None) -> PublishedDataset:
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
        store = open_store(staging / "store", writable=True)
        store.load(quads)
        void = void_batch(store, batches, iris, built_at=BUILT_AT)
        store.load(Quad(t.subject, t.predicate, t.object, void.graph) for t in void.triples)
        batches.append(void)
        nquads = sorted_nquads(store)
        version = dataset_version(nquads)
        dumps = write_dumps(staging / "dumps", nquads)
        exports = write_exports(store, staging / "dumps", iris, source_records(batches), built_at=BUILT_AT,
                                version=version)
        per_class: dict[str, int] = {}
        for row in store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"):
            per_class[row["c"].value] = int(row["n"].value)
        manifest = BuildManifest(
            version=version, built_at=BUILT_AT, base_iri=base, triples=len(store), classes=per_class,
            graphs={g: len(t) for g, t in by_graph.items()}, sources=tuple(SourceEntry.of(b) for b in batches),
            dumps=tuple(dumps), exports=tuple(exports))
        store.close()
        return dd.publish(staging, f"build-{version[:12]}", manifest)


def _r(term: object) -> RURIRef | RLiteral | BNode:
    if isinstance(term, NamedNode):
        return RURIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return RLiteral(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return RLiteral(term.value)
    return RLiteral(term.value, datatype=RURIRef(term.datatype.value))


Triple3 = tuple[Any, Any, Any]


def same_content(got: Graph, expected: Graph | set[Triple3], *, canonical: bool) -> bool:
    """Whether two graphs say the same: isomorphic (``canonical``), or else, for graphs too large for rdflib's
    canonicalization, the same ground triples and as many triples with blank nodes, sharing no label."""
    if canonical:
        assert isinstance(expected, Graph)
        return isomorphic(got, expected)
    ground_got = {t for t in got if not any(isinstance(x, BNode) for x in t)}
    ground_expected = {t for t in expected if not any(isinstance(x, BNode) for x in t)}
    return ground_got == ground_expected and len(got) == len(expected)


def assert_dumps_round_trip(build: PublishedDataset, *, canonical: bool = True) -> None:
    """Every dump parses with rdflib and holds exactly what the store holds (each graph, for N-Quads).

    The dumps are parsed one after the other, and what the store holds is kept as plain sets of triples
    unless ``canonical`` needs rdflib graphs: the full build's dumps hold about a million triples each."""
    triples: set[Triple3] = set()
    per_graph: dict[str, set[Triple3]] = {}
    count = 0
    with open_store(build.store_path) as store:
        for q in store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            triple = (_r(q["s"]), _r(q["p"]), _r(q["o"]))
            triples.add(triple)
            per_graph.setdefault(q["g"].value, set()).add(triple)
            count += 1
    expected: Graph | set[Triple3] = _graph_of(triples) if canonical else triples
    dumps = build.dumps_path
    readers = {
        "hrcgraph.ttl": lambda: Graph().parse(dumps / "hrcgraph.ttl", format="turtle"),
        "hrcgraph.jsonld": lambda: Graph().parse(dumps / "hrcgraph.jsonld", format="json-ld"),
        "hrcgraph.nt.gz": lambda: Graph().parse(data=gzip.decompress((dumps / "hrcgraph.nt.gz").read_bytes()),
                                                format="nt"),
    }
    assert {d.name for d in build.manifest.dumps} == {*readers, "hrcgraph.nq.gz"}
    for name, read in readers.items():
        graph = read()
        assert len(graph) == len(expected), name
        assert same_content(graph, expected, canonical=canonical), name
        del graph
    ds = Dataset()
    ds.parse(data=gzip.decompress((dumps / "hrcgraph.nq.gz").read_bytes()), format="nquads")
    assert sum(len(g) for g in per_graph.values()) == count
    for name, graph_triples in per_graph.items():
        want = _graph_of(graph_triples) if canonical else graph_triples
        assert same_content(ds.graph(RURIRef(name)), want, canonical=canonical), name


def assert_dumps_hold_the_store(build: PublishedDataset) -> None:
    """Every dump holds exactly what the store holds (graph by graph for N-Quads; Turtle and JSON-LD read
    by Oxigraph's parsers): the check for a build too large for rdflib to read four times in a test run (the same
    serializers' output is read by rdflib in :func:`assert_dumps_round_trip` on a smaller real build).

    Both sides are compared as sets of canonical N-Triples/N-Quads lines, which Oxigraph writes: lines with a
    blank node (whose label a parser chooses) are only counted. The line-based dumps are compared as they
    are: every line equal to a canonical line of the store is a well-formed statement, so parsing them
    first would check nothing more (:func:`assert_line_dumps_match_the_store` checks a larger build's line
    dumps without reading its store back whole)."""
    store_dump = io.BytesIO()
    with open_store(build.store_path) as store:
        store.dump(store_dump, RdfFormat.N_QUADS)
    quad_lines = store_dump.getvalue().splitlines()  # Oxigraph's own canonical N-Quads
    del store_dump
    quads = _Statements(quad_lines, distinct=True)  # a store holds each quad once
    # A quad line is "<s> <p> <o> <g> .": its triple is the line without the graph's IRI (which has no space).
    triples = _Statements([line.rsplit(b" ", 2)[0] + b" ." for line in quad_lines])
    del quad_lines
    dumps = build.dumps_path
    parsed = {"hrcgraph.ttl": RdfFormat.TURTLE, "hrcgraph.jsonld": RdfFormat.JSON_LD}
    assert {d.name for d in build.manifest.dumps} == {*parsed, "hrcgraph.nt.gz", "hrcgraph.nq.gz"}
    for name, fmt in parsed.items():
        _assert_same_lines(_canonical_lines((dumps / name).read_bytes(), fmt), triples, name)
    for name, want in (("hrcgraph.nt.gz", triples), ("hrcgraph.nq.gz", quads)):
        _assert_same_lines(gzip.decompress((dumps / name).read_bytes()).splitlines(), want, name)


def assert_line_dumps_match_the_store(build: PublishedDataset) -> None:
    """A large build's N-Quads and N-Triples dumps against its store, without reading the store back whole.

    Reading every quad of an on-disk store decodes each of its terms by a lookup (20 s for the full build),
    so the store is asked by key instead, which decodes nothing: the N-Quads dump is sorted with no line
    twice, each of its quads without a blank node is in the store, and the store holds as many quads as the
    dump (what it holds beyond those is as many quads as the dump has with a blank node: those are compared
    statement by statement by :func:`assert_dumps_hold_the_store`, on a smaller build). The N-Triples dump is
    exactly the triples of the N-Quads dump."""
    dumps = build.dumps_path
    nquads = gzip.decompress((dumps / "hrcgraph.nq.gz").read_bytes())
    lines = nquads.splitlines()
    assert all(a < b for a, b in pairwise(lines)), "the N-Quads dump: sorted, each line once"
    quads = list(parse(nquads, format=RdfFormat.N_QUADS))
    del nquads
    assert len(quads) == len(lines)
    ground = [q for q in quads if not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)]
    assert len(ground) > len(quads) // 2
    with open_store(build.store_path) as store:
        missing = [q for q in ground if q not in store]
        assert missing == [], f"{len(missing)} quads of the dump are not in the store: {missing[:3]}"
        assert len(store) == len(quads)
    del quads, ground
    triples = sorted({line.rsplit(b" ", 2)[0] + b" ." for line in lines})
    assert gzip.decompress((dumps / "hrcgraph.nt.gz").read_bytes()).splitlines() == triples


def _canonical_lines(data: bytes, fmt: RdfFormat) -> list[bytes]:
    """The statements of ``data`` as Oxigraph writes them, one line each (N-Quads for a dataset format)."""
    out = RdfFormat.N_QUADS if fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG) else RdfFormat.N_TRIPLES
    return (serialize(parse(data, format=fmt), format=out) or b"").splitlines()


class _Statements:
    """Canonical statement lines, sorted and distinct; and, for comparing them with lines in which a parser
    chose other blank-node labels, the ground ones and how many distinct ones have a blank node."""

    def __init__(self, lines: list[bytes], *, distinct: bool = False) -> None:
        self.lines = sorted(lines) if distinct else sorted(set(lines))

    @cached_property
    def ground(self) -> list[bytes]:
        return [x for x in self.lines if b"_:" not in x]

    @cached_property
    def blank(self) -> int:
        return len(self.lines) - len(self.ground)


def _assert_same_lines(got: list[bytes], want: _Statements, name: str) -> None:
    """``got`` holds the statements of ``want``, each once. The line dumps are written sorted, with the
    store's blank-node labels, so they are first compared as they are (one comparison in C); anything else
    is compared by its ground statements and the number of the others."""
    if got == want.lines:
        return
    ground = [x for x in got if b"_:" not in x]
    if ground != want.ground:
        ground.sort()
    if ground != want.ground:  # compared as sorted lists (in C); the sets say what differs
        assert len(set(ground)) == len(ground), f"{name}: a statement written twice"
        raise AssertionError((name, sorted(set(ground) ^ set(want.ground))[:5]))
    assert len(got) - len(ground) == want.blank, f"{name}: blank-node statements differ"


def _graph_of(triples: set[Triple3]) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add(t)
    return graph
