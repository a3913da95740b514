"""The SPARQL 1.1 Service Description of the endpoint, with VoID statistics of its dataset.

It states only what is true of this server: the query language, the result formats it writes,
``sd:UnionDefaultGraph`` (the default graph is the union of all named graphs), federation only
when SERVICE is allowed, and the update endpoint only when updates are on. The statistics
(triples, classes, properties, distinct subjects; for the default graph and for each named graph)
are computed by SPARQL through the worker pool, once per dataset version.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from hrcgraph.api.sparql_service import QueryRequest, SparqlService
from hrcgraph.graph.errors import HrcGraphError
from hrcgraph.graph.formats import GRAPH_FORMATS, RESULT_FORMATS
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.terms import RDF_TYPE, XSD_DATETIME, XSD_INTEGER

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

UNION_NOTE = (
    "The default graph is the union of all named graphs (sd:UnionDefaultGraph): a query without "
    "FROM, GRAPH or default-graph-uri sees every source at once. Each source is a named graph."
)


_Add = Callable[[NamedNode | BlankNode, str, NamedNode | BlankNode | Literal], None]


@dataclass(frozen=True)
class GraphStatistics:
    triples: int
    classes: int
    properties: int
    distinct_subjects: int


@dataclass
class DatasetStatistics:
    default: GraphStatistics | None
    named: dict[str, GraphStatistics] = field(default_factory=dict)


_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?s) AS ?subjects)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""
_CLASSES_PER_GRAPH = "SELECT ?g (COUNT(DISTINCT ?c) AS ?classes) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g"
_UNION = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?s) AS ?subjects)
WHERE { ?s ?p ?o }
"""
_UNION_CLASSES = "SELECT (COUNT(DISTINCT ?c) AS ?classes) WHERE { ?s a ?c }"


class ServiceDescriber:
    def __init__(self, service: SparqlService) -> None:
        self.service = service
        self._stats: tuple[str, DatasetStatistics | None] | None = None
        self._lock = asyncio.Lock()

    async def statistics(self, dataset: PublishedDataset) -> DatasetStatistics | None:
        """The dataset's statistics (None if they could not be computed within the time limit)."""
        async with self._lock:
            if self._stats is not None and self._stats[0] == dataset.version:
                return self._stats[1]
            try:
                stats: DatasetStatistics | None = await self._compute()
            except HrcGraphError:
                stats = None
            self._stats = (dataset.version, stats)
            return stats

    async def _rows(self, query: str) -> list[dict[str, str]]:
        answer = await self.service.query(QueryRequest(query, "json", None))
        data = json.loads(answer.body)
        return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]

    async def _compute(self) -> DatasetStatistics:
        per_graph = await self._rows(_PER_GRAPH)
        classes = {r["g"]: int(r["classes"]) for r in await self._rows(_CLASSES_PER_GRAPH)}
        union = (await self._rows(_UNION))[0]
        union_classes = (await self._rows(_UNION_CLASSES))[0]
        named = {
            r["g"]: GraphStatistics(int(r["triples"]), classes.get(r["g"], 0), int(r["properties"]),
                                    int(r["subjects"]))
            for r in per_graph
        }
        default = GraphStatistics(int(union["triples"]), int(union_classes["classes"]),
                                  int(union["properties"]), int(union["subjects"]))
        return DatasetStatistics(default, dict(sorted(named.items())))

    def describe(
        self,
        endpoint: str,
        update_endpoint: str | None,
        dataset: PublishedDataset,
        stats: DatasetStatistics | None,
    ) -> list[Triple]:
        """The service description as triples."""
        t: list[Triple] = []
        service = NamedNode(endpoint)

        def add(s: NamedNode | BlankNode, p: str, o: NamedNode | BlankNode | Literal) -> None:
            t.append(Triple(s, NamedNode(p), o))

        add(service, str(RDF_TYPE.value), NamedNode(SD + "Service"))
        add(service, SD + "endpoint", service)
        add(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Query"))
        for fmt in RESULT_FORMATS + GRAPH_FORMATS:
            add(service, SD + "resultFormat", NamedNode(fmt.w3c_iri))
        add(service, SD + "feature", NamedNode(SD + "UnionDefaultGraph"))
        if self.service.settings.allow_service:
            add(service, SD + "feature", NamedNode(SD + "BasicFederatedQuery"))
        add(service, SD + "defaultEntailmentRegime", NamedNode("http://www.w3.org/ns/entailment/Simple"))
        add(service, RDFS + "comment", Literal(UNION_NOTE, language="en"))
        add(service, RDFS + "comment", Literal(
            f"Limits: a query is stopped after {self.service.settings.query_timeout_s:g} s (HTTP 503); "
            f"results are cut after {self.service.settings.max_rows} rows or triples, which the "
            "X-HRC-Truncated response header says.", language="en"))

        ds = IriFactory(self.service.settings.base_iri).dataset()
        add(service, SD + "defaultDataset", ds)
        add(ds, str(RDF_TYPE.value), NamedNode(SD + "Dataset"))
        add(ds, DCT + "identifier", Literal(dataset.version))
        add(ds, DCT + "modified", Literal(dataset.last_modified.isoformat(), datatype=XSD_DATETIME))
        default_graph = BlankNode("defaultGraph")
        add(ds, SD + "defaultGraph", default_graph)
        add(default_graph, str(RDF_TYPE.value), NamedNode(SD + "Graph"))
        if stats is not None and stats.default is not None:
            _void(add, default_graph, stats.default)
        if stats is not None:
            for i, (name, gstats) in enumerate(stats.named.items()):
                named = BlankNode(f"namedGraph{i}")
                graph = BlankNode(f"graph{i}")
                add(ds, SD + "namedGraph", named)
                add(named, str(RDF_TYPE.value), NamedNode(SD + "NamedGraph"))
                add(named, SD + "name", NamedNode(name))
                add(named, SD + "graph", graph)
                add(graph, str(RDF_TYPE.value), NamedNode(SD + "Graph"))
                _void(add, graph, gstats)

        if update_endpoint is not None:
            upd = NamedNode(update_endpoint)
            add(upd, str(RDF_TYPE.value), NamedNode(SD + "Service"))
            add(upd, SD + "endpoint", upd)
            add(upd, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Update"))
            add(upd, RDFS + "comment", Literal(
                "Requires 'Authorization: Bearer <token>'.", language="en"))
        return t


def _void(add: _Add, node: BlankNode, stats: GraphStatistics) -> None:
    add(node, VOID + "triples", Literal(str(stats.triples), datatype=XSD_INTEGER))
    add(node, VOID + "classes", Literal(str(stats.classes), datatype=XSD_INTEGER))
    add(node, VOID + "properties", Literal(str(stats.properties), datatype=XSD_INTEGER))
    add(node, VOID + "distinctSubjects", Literal(str(stats.distinct_subjects), datatype=XSD_INTEGER))


def data_dump_links(base_iri: str, public_url: str, manifest: BuildManifest) -> list[Triple]:
    """Where the dataset's dumps and CSV tables are, at the server's public address (``void:dataDump``)."""
    ds = IriFactory(base_iri).dataset()
    return [Triple(ds, NamedNode(VOID + "dataDump"), NamedNode(f"{public_url.rstrip('/')}/dumps/{f.name}"))
            for f in manifest.files]
