"""The dataset's description in VoID and DCAT: what it holds, where it comes from, how to get it.

``dataset_description`` turns a build manifest into triples about the dataset
``<base>dataset``: title, description, creation and modification dates, counts (``void:triples``,
``void:distinctSubjects``, ``void:properties``, ``void:classes``, one ``void:classPartition`` per
class), one ``void:subset`` per source graph with that source's own licence and attribution, the
SPARQL endpoint (``void:sparqlEndpoint`` and a ``dcat:DataService``), the dumps as
``dcat:Distribution``s, an example resource and the vocabularies used.

The build stores this description in the named graph ``<base>graph/void`` (``void_batch``), so the
dumps carry it. A file cannot contain its own checksum: sizes and SHA-256 checksums of the dumps
(``dcat:byteSize``, ``spdx:checksum``) are only in the description served at ``/.well-known/void``,
which adds them from the manifest to what the store holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from hrcgraph.graph.dumps import DUMP_KINDS, DUMPS, DumpFile
from hrcgraph.graph.exports import (
    CSV_MEDIA_TYPE,
    CSVW_MEDIA_TYPE,
    EXPORT_CONFORMS_TO,
    TABLE_NAMES,
    ExportFile,
    file_title,
)
from hrcgraph.graph.formats import TURTLE
from hrcgraph.graph.iris import IriFactory, content_hash
from hrcgraph.graph.manifest import BuildManifest, SourceEntry
from hrcgraph.graph.namespaces import DCAT, HRC, ONTOLOGY_IRI, PREFIXES, SD, VOID
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import RDF_TYPE, XSD_DATETIME, TripleSink, integer, string, term, typed

DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

TITLE = "hrcgraph: the UN Human Rights Council as linked data"
DESCRIPTION = (
    "A knowledge graph of the UN Human Rights Council (2006 on) and the Commission on Human Rights "
    "(1946-2006): resolutions, decisions and presidential statements, their sessions, agenda items, sponsors, "
    "recorded votes state by state, special procedure mandates, quoted clauses and commentaries. Each source is "
    "kept in its own named graph, with its own licence and attribution. Sizes and SHA-256 checksums of the dumps "
    "are given in the description served at /.well-known/void and in /dumps/SHA256SUMS, not inside the dumps "
    "(a file cannot contain its own checksum)."
)



@dataclass(frozen=True)
class DatasetStatistics:
    """Counts over the whole dataset (the union of its graphs)."""

    triples: int
    distinct_subjects: int
    distinct_objects: int
    properties: dict[str, int] = field(default_factory=dict)
    """Property IRI -> number of triples using it."""
    classes: dict[str, int] = field(default_factory=dict)
    """Class IRI -> number of distinct instances."""


def dataset_statistics(store: GraphStore) -> DatasetStatistics:
    """Count triples, distinct subjects and objects, and the use of each property and class.

    A statement found in several source graphs counts once: the union default graph repeats it."""

    def grouped(query: str) -> dict[str, int]:
        return {r["k"].value: int(r["n"].value) for r in store.select(query)}

    def one(query: str) -> int:
        return int(next(iter(store.select(query)))["n"].value)

    def per_property() -> dict[str, int]:
        # A property found in one graph is counted there; one found in several (a type, a title, a licence)
        # by its distinct subject-object pairs. The DISTINCT of all triples at once held a set of every
        # triple: on the corpus-sized build 950 MB more and 8.3 s, against 100 MB and 3.2 s this way.
        in_graphs: dict[str, dict[str, int]] = {}
        for r in store.select("SELECT ?k ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?k ?o } } GROUP BY ?k ?g"):
            in_graphs.setdefault(r["k"].value, {})[r["g"].value] = int(r["n"].value)
        return {k: next(iter(counts.values())) if len(counts) == 1 else
                one(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s {NamedNode(k)} ?o }} }}")
                for k, counts in in_graphs.items()}

    # Each count is a pass over the whole store; they run two at a time (the store answers without the
    # interpreter lock, and the build has a core free at this point).
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="hrcgraph-void") as pool:
        by_property = pool.submit(per_property)
        by_class = pool.submit(grouped, "SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?k } GROUP BY ?k")
        subjects = pool.submit(one, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
        objects = pool.submit(one, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
        properties, classes = by_property.result(), by_class.result()
    return DatasetStatistics(
        triples=sum(properties.values()),
        distinct_subjects=subjects.result(),
        distinct_objects=objects.result(),
        properties=dict(sorted(properties.items())),
        classes=dict(sorted(classes.items())),
    )


def example_resources(store: GraphStore, iris: IriFactory) -> list[str]:
    """Resources worth showing first: the text of a seed-format record (it has a commentary) and
    A/HRC/RES/55/25, when the graph holds them."""
    found: list[str] = []
    rows = store.select(
        f"SELECT ?t WHERE {{ ?c <{HRC.commentaryOn}> ?t }} ORDER BY ?t LIMIT 1")
    found += [r["t"].value for r in rows]
    known = iris.text("A/HRC/RES/55/25")
    if store.ask(f"ASK {{ {known} ?p ?o }}") and known.value not in found:
        found.append(known.value)
    return found


def dataset_description(
    manifest: BuildManifest,
    iris: IriFactory,
    *,
    endpoint_url: str,
    statistics: DatasetStatistics | None = None,
    dumps_url: str | None = None,
    with_checksums: bool = True,
    examples: Sequence[str] = (),
    landing_page: str | None = None,
    citation: str | None = None,
) -> list[Triple]:
    """The VoID and DCAT description of the dataset.

    The manifest's ``built_at``, ``version``, ``sources`` and ``dumps`` are used and, without
    ``statistics``, its ``triples`` and ``classes``. ``dumps_url`` is the folder the
    dumps are served from (default ``<base>dumps/``); ``with_checksums=False`` leaves out sizes and checksums
    (for the copy stored inside the dumps). ``exports`` (the CSV tables and their CSV on the Web metadata, same
    fields) are distributions too; ``citation`` is the dataset's ``dct:bibliographicCitation``.
    """
    sink = TripleSink()
    ds = iris.dataset()
    base = iris.base
    dumps_at = dumps_url or base + "dumps/"
    sink.type(ds, VOID.Dataset)
    sink.type(ds, DCAT.Dataset)
    sink.add(ds, term(DCT + "title"), string(TITLE, "en"))
    sink.add(ds, term(DCT + "description"), string(DESCRIPTION, "en"))
    built_at = manifest.built_at
    if built_at:
        when = Literal(built_at, datatype=XSD_DATETIME)
        sink.add(ds, term(DCT + "created"), when)
        sink.add(ds, term(DCT + "modified"), when)
    if manifest.version:
        sink.add(ds, term("http://www.w3.org/2002/07/owl#versionInfo"), string(manifest.version))
    sink.add(ds, term(DCAT.landingPage), NamedNode(landing_page or base))
    sink.add(ds, term(FOAF + "homepage"), NamedNode(landing_page or base))
    sink.add(ds, term(VOID.uriSpace), string(base + "id/"))
    sink.add(ds, term(VOID.rootResource), NamedNode(base + "id/body/hrc"))
    for ex in examples:
        sink.add(ds, term(VOID.exampleResource), NamedNode(ex))
    _counts(sink, ds, manifest, statistics)
    _subsets(sink, ds, manifest)
    _service(sink, ds, endpoint_url)
    _distributions(sink, ds, manifest.files, dumps_at, with_checksums)
    if citation:
        sink.add(ds, term(DCT + "bibliographicCitation"), string(citation))
    return sink.triples


def void_batch(store: GraphStore, batches: Sequence[SourceBatch], iris: IriFactory, *, built_at: str,
               endpoint_url: str | None = None) -> SourceBatch:
    """The description stored in the graph ``<base>graph/void`` (and so in the dumps), made from what the
    build loaded: counts over ``store``, the sources of ``batches``. Without sizes or checksums of the dumps."""

    # The dumps are not written yet: their names and formats are known, their sizes and checksums are not.
    manifest = BuildManifest(
        version="", built_at=built_at, sources=tuple(SourceEntry.of(b) for b in batches),
        dumps=tuple(DumpFile(d.file_name, d.format.media_type, d.encoding, d.name, size=0, sha256="") for d in DUMPS),
        exports=tuple(ExportFile(file, media, size=0, sha256="") for name in TABLE_NAMES
                      for file, media in ((name, CSV_MEDIA_TYPE), (name + "-metadata.json", CSVW_MEDIA_TYPE))))
    triples = dataset_description(
        manifest, iris, endpoint_url=endpoint_url or iris.base + "sparql",
        statistics=dataset_statistics(store), with_checksums=False, examples=example_resources(store, iris))
    return SourceBatch(iris.source_graph("void"), "Description of the dataset (VoID, DCAT)", files=[],
                       triples=triples)


def vocabularies(iris_used: Iterable[str]) -> list[str]:
    """The vocabularies (namespace IRIs; the hrcgraph ontology's own IRI) that the given terms belong to."""
    found: set[str] = set()
    for iri in iris_used:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns):
                found.add(ONTOLOGY_IRI if prefix == "hrc" else ns)
                break
    return sorted(found)


def _counts(sink: TripleSink, ds: NamedNode, manifest: BuildManifest,
            statistics: DatasetStatistics | None) -> None:
    if statistics is not None:
        classes = statistics.classes
        sink.add(ds, term(VOID.triples), integer(statistics.triples))
        sink.add(ds, term(VOID.distinctSubjects), integer(statistics.distinct_subjects))
        sink.add(ds, term(VOID.distinctObjects), integer(statistics.distinct_objects))
        sink.add(ds, term(VOID.properties), integer(len(statistics.properties)))
        for prop, n in statistics.properties.items():
            node = NamedNode(f"{ds.value}#property-{_fragment(prop)}")
            sink.add(ds, term(VOID.propertyPartition), node)
            sink.add(node, term(VOID.property), NamedNode(prop))
            sink.add(node, term(VOID.triples), integer(n))
        used = [*statistics.properties, *classes]
    else:
        classes = dict(manifest.classes)
        if manifest.triples:
            sink.add(ds, term(VOID.triples), integer(manifest.triples))
        used = list(classes)
    sink.add(ds, term(VOID.classes), integer(len(classes)))
    for cls, n in classes.items():
        node = NamedNode(f"{ds.value}#class-{_fragment(cls)}")
        sink.add(ds, term(VOID.classPartition), node)
        sink.add(node, term(VOID["class"]), NamedNode(cls))
        sink.add(node, term(VOID.entities), integer(n))
    for vocab in vocabularies(used):
        sink.add(ds, term(VOID.vocabulary), NamedNode(vocab))


def _subsets(sink: TripleSink, ds: NamedNode, manifest: BuildManifest) -> None:
    for source in manifest.sources:
        g = NamedNode(source.graph)
        sink.add(ds, term(VOID.subset), g)
        sink.type(g, VOID.Dataset)
        sink.add(g, term(DCT + "title"), string(source.label or g.value, "en"))
        sink.add(g, term(VOID.triples), integer(source.triples))
        if source.license:
            value = source.license
            sink.add(g, term(DCT + "license"),
                     NamedNode(value) if value.startswith(("http://", "https://")) else string(value))
        if source.attribution:
            sink.add(g, term(DCT + "rights"), string(source.attribution))
        sink.add(g, term(SD.name), g)


def _service(sink: TripleSink, ds: NamedNode, endpoint_url: str) -> None:
    endpoint = NamedNode(endpoint_url)
    sink.add(ds, term(VOID.sparqlEndpoint), endpoint)
    service = NamedNode(f"{ds.value}#sparql-service")
    sink.type(service, DCAT.DataService)
    sink.add(service, term(DCT + "title"), string("SPARQL 1.1 endpoint", "en"))
    sink.add(service, term(DCAT.endpointURL), endpoint)
    sink.add(service, term(DCAT.endpointDescription), endpoint)
    sink.add(service, term(DCT + "conformsTo"), NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    sink.add(service, term(DCAT.servesDataset), ds)
    sink.add(ds, term(VOID.feature), NamedNode(TURTLE.w3c_iri))


def _distributions(sink: TripleSink, ds: NamedNode, dumps: Sequence[DumpFile | ExportFile], dumps_at: str,
                   with_checksums: bool) -> None:
    for dump in dumps:
        url = NamedNode(dumps_at + dump.name)
        fmt = dump.format
        sink.add(ds, term(VOID.dataDump), url)
        sink.add(ds, term(DCAT.distribution), url)
        sink.type(url, DCAT.Distribution)
        kind = DUMP_KINDS.get(fmt)
        sink.add(url, term(DCT + "title"), string(file_title(dump), "en"))
        if fmt in EXPORT_CONFORMS_TO:
            sink.add(url, term(DCT + "conformsTo"), NamedNode(EXPORT_CONFORMS_TO[fmt]))
        sink.add(url, term(DCAT.downloadURL), url)
        sink.add(url, term(DCAT.accessURL), url)
        sink.add(url, term(DCAT.mediaType), NamedNode(IANA_MEDIA_TYPES + dump.media_type))
        if kind and kind.format.w3c_iri:
            sink.add(url, term(DCT + "format"), NamedNode(kind.format.w3c_iri))
        if dump.encoding == "gzip":
            sink.add(url, term(DCAT.compressFormat), NamedNode(IANA_MEDIA_TYPES + "application/gzip"))
        if with_checksums and dump.sha256:
            sink.add(url, term(DCAT.byteSize), typed(str(dump.size), XSD + "nonNegativeInteger"))
            checksum = BlankNode(f"checksum-{_fragment(dump.name)}")
            sink.add(url, term(SPDX + "checksum"), checksum)
            sink.add(checksum, RDF_TYPE, term(SPDX + "Checksum"))
            sink.add(checksum, term(SPDX + "algorithm"), term(SPDX + "checksumAlgorithm_sha256"))
            sink.add(checksum, term(SPDX + "checksumValue"), typed(dump.sha256, XSD + "hexBinary"))


def _fragment(iri: str) -> str:
    """A readable fragment for a term: ``hrc-Resolution``, ``dct-title``; the IRI's tail otherwise."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri[len(ns):].replace("_", "").replace("-", "").isalnum():
            return f"{prefix}-{iri[len(ns):]}"
    tail = "".join(c if c.isalnum() or c in "-_." else "-" for c in iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    return f"{tail or 'term'}-{content_hash(iri, length=8)}"

