"""The dataset description in VoID and DCAT, as served and as stored in the dumps."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.exports import TABLE_NAMES
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.manifest import BuildManifest, SourceEntry
from hrcgraph.graph.namespaces import ONTOLOGY_IRI
from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.void import dataset_description, dataset_statistics, example_resources, void_batch

from support.linked_data import FIXTURE, publish_fixture

BASE = "https://w3id.org/hrcgraph/"
SPDX = Namespace("http://spdx.org/rdf/terms#")
DS = URIRef(BASE + "dataset")

MANIFEST_CLASSES = {"https://w3id.org/hrcgraph/ontology#Resolution": 7, "https://w3id.org/hrcgraph/ontology#State": 5}
MANIFEST_DUMPS = (
    DumpFile("hrcgraph.ttl", "text/turtle", None, "turtle", size=100, sha256="a" * 64),
    DumpFile("hrcgraph.nq.gz", "application/n-quads", "gzip", "nquads", size=50, sha256="b" * 64),
)
MANIFEST = BuildManifest(
    version="abc123",
    built_at="2026-01-15T12:00:00Z",
    triples=1234,
    classes=MANIFEST_CLASSES,
    sources=(
        SourceEntry(graph=BASE + "graph/ohchr", label="OHCHR voting collection", triples=1000,
                    license="https://polyformproject.org/licenses/noncommercial/1.0.0/",
                    attribution="OHCHR; hrc-voting"),
        SourceEntry(graph=BASE + "graph/countries", label="Countries", triples=234,
                    license="https://opendatacommons.org/licenses/pddl/1-0/", attribution=None),
    ),
    dumps=MANIFEST_DUMPS,
)


def _int(node: object) -> int:
    return int(str(node))


def _graph(triples: list[Any]) -> Graph:
    return Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def described() -> Graph:
    return _graph(dataset_description(MANIFEST, IriFactory(BASE), endpoint_url=BASE + "sparql",
                                      examples=[BASE + "id/text/A/HRC/RES/55/25"]))


def test_the_dataset_is_a_void_and_dcat_dataset(described: Graph) -> None:
    assert (DS, RDF.type, VOID.Dataset) in described
    assert (DS, RDF.type, DCAT.Dataset) in described
    assert described.value(DS, DCTERMS.title) is not None
    assert "checksum" in str(described.value(DS, DCTERMS.description))
    assert described.value(DS, DCTERMS.created) == Literal("2026-01-15T12:00:00Z", datatype=XSD.dateTime)
    assert described.value(DS, DCTERMS.modified) == Literal("2026-01-15T12:00:00Z", datatype=XSD.dateTime)
    assert _int(described.value(DS, VOID.triples)) == 1234
    assert _int(described.value(DS, VOID.classes)) == 2
    assert described.value(DS, VOID.exampleResource) == URIRef(BASE + "id/text/A/HRC/RES/55/25")
    assert URIRef(ONTOLOGY_IRI) in set(described.objects(DS, VOID.vocabulary))
    assert described.value(DS, VOID.uriSpace) == Literal(BASE + "id/")


def test_each_class_has_a_partition(described: Graph) -> None:
    partitions = {described.value(p, VOID["class"]): _int(described.value(p, VOID.entities))
                  for p in described.objects(DS, VOID.classPartition)}
    assert partitions == {URIRef(k): v for k, v in MANIFEST_CLASSES.items()}


def test_each_source_is_a_subset_with_its_licence(described: Graph) -> None:
    subsets = set(described.objects(DS, VOID.subset))
    assert subsets == {URIRef(BASE + "graph/ohchr"), URIRef(BASE + "graph/countries")}
    ohchr = URIRef(BASE + "graph/ohchr")
    assert described.value(ohchr, DCTERMS.license) == URIRef("https://polyformproject.org/licenses/noncommercial/1.0.0/")
    assert str(described.value(ohchr, DCTERMS.rights)) == "OHCHR; hrc-voting"
    assert _int(described.value(ohchr, VOID.triples)) == 1000
    assert described.value(URIRef(BASE + "graph/countries"), DCTERMS.rights) is None


def test_the_endpoint_is_a_data_service(described: Graph) -> None:
    endpoint = URIRef(BASE + "sparql")
    assert described.value(DS, VOID.sparqlEndpoint) == endpoint
    services = list(described.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    assert described.value(services[0], DCAT.endpointURL) == endpoint
    assert described.value(services[0], DCAT.servesDataset) == DS


def test_dumps_are_distributions_with_size_and_checksum(described: Graph) -> None:
    dists = set(described.objects(DS, DCAT.distribution))
    assert dists == set(described.objects(DS, VOID.dataDump)) == {
        URIRef(BASE + "dumps/hrcgraph.ttl"), URIRef(BASE + "dumps/hrcgraph.nq.gz")}
    for dump in MANIFEST_DUMPS:
        dist = URIRef(BASE + "dumps/" + dump.name)
        assert (dist, RDF.type, DCAT.Distribution) in described
        assert described.value(dist, DCAT.mediaType) == URIRef(
            "https://www.iana.org/assignments/media-types/" + dump.media_type)
        assert _int(described.value(dist, DCAT.byteSize)) == dump.size
        checksum = described.value(dist, SPDX.checksum)
        assert described.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(described.value(checksum, SPDX.checksumValue)) == dump.sha256
    gz = URIRef(BASE + "dumps/hrcgraph.nq.gz")
    assert described.value(gz, DCAT.compressFormat) == URIRef("https://www.iana.org/assignments/media-types/"
                                                              "application/gzip")


def test_without_checksums_there_are_none() -> None:
    g = _graph(dataset_description(MANIFEST, IriFactory(BASE), endpoint_url=BASE + "sparql", with_checksums=False))
    assert not list(g.triples((None, SPDX.checksum, None)))
    assert not list(g.triples((None, DCAT.byteSize, None)))
    assert len(set(g.objects(DS, DCAT.distribution))) == 2


def test_statistics_count_the_store() -> None:
    store = EmbeddedStore.in_memory(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=BASE))
    stats = dataset_statistics(store)
    union = {(r["s"], r["p"], r["o"]) for r in store.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert stats.triples == len(union)
    assert stats.distinct_subjects == len({s for s, _, _ in union})
    assert stats.distinct_objects == len({o for _, _, o in union})
    assert stats.classes["https://w3id.org/hrcgraph/ontology#State"] == 6
    assert sum(stats.properties.values()) == len(union)
    assert example_resources(store, IriFactory(BASE)) == [BASE + "id/text/A/HRC/RES/55/25"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 3), st.integers(0, 2)), max_size=40))
def test_each_property_counts_a_triple_held_by_several_graphs_once(rows: list[tuple[int, int, int, int]]) -> None:
    """Per property, the triples of the union of the graphs, each once, whether the property is in one graph
    (counted there) or in several (counted by its distinct subject-object pairs)."""
    ex = "https://example.org/"
    quads = [Quad(NamedNode(f"{ex}s{s}"), NamedNode(f"{ex}p{p}"), NamedNode(f"{ex}o{o}"), NamedNode(f"{ex}g{g}"))
             for s, p, o, g in rows]
    store = EmbeddedStore.in_memory(quads)
    expected: dict[str, set[tuple[str, str]]] = {}
    for q in quads:
        expected.setdefault(q.predicate.value, set()).add((q.subject.value, q.object.value))
    assert dataset_statistics(store).properties == {k: len(v) for k, v in sorted(expected.items())}


def test_the_stored_description_has_counts_and_no_checksums() -> None:
    store = EmbeddedStore.in_memory(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=BASE))
    batch = void_batch(store, [], IriFactory(BASE), built_at="2026-01-15T12:00:00Z")
    assert batch.graph.value == BASE + "graph/void"
    g = _graph(batch.triples)
    assert _int(g.value(DS, VOID.distinctSubjects)) == dataset_statistics(store).distinct_subjects
    assert _int(g.value(DS, VOID.properties)) == len(dataset_statistics(store).properties)
    assert len(set(g.objects(DS, DCAT.distribution))) == 4 + 2 * len(TABLE_NAMES)  # dumps, CSV tables, metadata
    assert not list(g.triples((None, SPDX.checksum, None)))


def test_the_dumps_carry_the_description(tmp_path: Path) -> None:
    build = publish_fixture(tmp_path / "var")
    ds = Dataset()
    ds.parse(data=gzip.decompress((build.dumps_path / "hrcgraph.nq.gz").read_bytes()), format="nquads")
    void_graph = ds.graph(URIRef(BASE + "graph/void"))
    assert (DS, RDF.type, VOID.Dataset) in void_graph
    assert set(void_graph.objects(DS, VOID.subset)) >= {URIRef(BASE + "graph/ohchr"), URIRef(BASE + "graph/countries")}
    assert not list(void_graph.triples((None, SPDX.checksumValue, None)))
