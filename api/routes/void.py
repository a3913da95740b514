"""The dataset description (VoID and DCAT) at ``/.well-known/void``, as RFC 5785 and the VoID guide place it.

Turtle by default; JSON-LD, N-Triples, RDF/XML or HTML by the Accept header or ``?format=ttl|jsonld|
nt|rdf|html``. The description is the one the build stored in the graph ``<base>graph/void`` (it is in
the dumps too), plus what a file cannot say about itself: each dump's size and SHA-256 checksum.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from pyoxigraph import BlankNode, NamedNode, Quad, Triple

from hrcgraph.api.linked_data import (
    BY_EXT,
    DOC_FORMATS,
    negotiate,
    not_acceptable_text,
    public_base,
    published,
    render,
    serialize_triples,
    settings_of,
)
from hrcgraph.graph.citation import dataset_citation
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.views.facts import Facts, Node
from hrcgraph.graph.views.labels import ontology_labels, short_iri
from hrcgraph.graph.void import dataset_description, example_resources
from hrcgraph.settings import Settings

router = APIRouter(tags=["dataset description"])

WELL_KNOWN = "/.well-known/void"
VOID_FORMATS = (BY_EXT["ttl"], BY_EXT["jsonld"], BY_EXT["nt"], BY_EXT["rdf"], BY_EXT["html"])


def void_iri(settings: Settings) -> str:
    """The IRI of the dataset that the VoID description describes (``<base>dataset``; it dereferences to
    ``/.well-known/void``), for the SPARQL service description's ``sd:defaultDataset`` or ``void:inDataset``."""
    return IriFactory(settings.base_iri).dataset().value


def void_document_path() -> str:
    """Where the description is served on this server."""
    return WELL_KNOWN


@router.get(WELL_KNOWN, summary="The dataset description (VoID, DCAT)")
@router.head(WELL_KNOWN, include_in_schema=False)
def well_known_void(request: Request, format: str | None = None) -> Response:
    if format:
        fmt = BY_EXT.get(format.strip().lower().lstrip("."))
        if fmt is None:
            offered = ", ".join(f.ext for f in DOC_FORMATS)
            return PlainTextResponse(f"unknown format {format[:40]!r}; use one of: {offered}\n", status_code=400)
    else:
        fmt = negotiate(request.headers.get("accept"), VOID_FORMATS)
        if fmt is None:
            return PlainTextResponse(not_acceptable_text(VOID_FORMATS), status_code=406, headers={"Vary": "Accept"})
    triples = served_description(request)
    headers = {"Vary": "Accept", "Cache-Control": "public, max-age=300"}
    if fmt.rdf is None:
        return render(request, "void.html", headers=headers, **_page(request, triples))
    return Response(serialize_triples(triples, fmt), media_type=fmt.content_type, headers=headers)


def served_description(request: Request) -> list[Triple]:
    """The stored description, with what a file cannot say about itself added (the dumps' sizes and
    checksums, the citation of this version), and its access links (endpoint, dumps, exports, landing page)
    moved to the server's public address; the dataset keeps its IRI under the base. A build without a
    stored description gets one computed from the store."""
    settings = settings_of(request)
    iris = IriFactory(settings.base_iri)
    data = published(request)
    public = public_base(request)
    citation = dataset_citation(data.manifest, url=public, dataset_iri=iris.dataset().value)
    stored = _stored_description(data.store, iris)
    extra = dataset_description(data.manifest, iris, endpoint_url=settings.base_iri + "sparql",
                                statistics=None if stored else data.statistics,
                                examples=() if stored else example_resources(data.store, iris),
                                citation=citation.plain())
    if stored:
        # Counts, dates and links are the stored ones; sizes, checksums and the citation are added.
        added = [t for t in extra if t.predicate.value in _ADDED_PREDICATES or isinstance(t.subject, BlankNode)]
        extra = list(dict.fromkeys([*stored, *added]))
    return [_at_public_address(t, settings.base_iri, public) for t in extra]


_ADDED_PREDICATES = {"http://www.w3.org/ns/dcat#byteSize", "http://spdx.org/rdf/terms#checksum",
                     "http://purl.org/dc/terms/bibliographicCitation"}
#: Properties whose objects are where to get the data (followed by tools), not names of things.
ACCESS_PREDICATES = frozenset({
    "http://rdfs.org/ns/void#sparqlEndpoint", "http://rdfs.org/ns/void#dataDump",
    "http://www.w3.org/ns/dcat#downloadURL", "http://www.w3.org/ns/dcat#accessURL",
    "http://www.w3.org/ns/dcat#endpointURL", "http://www.w3.org/ns/dcat#endpointDescription",
    "http://www.w3.org/ns/dcat#landingPage", "http://xmlns.com/foaf/0.1/homepage",
    "http://www.w3.org/ns/dcat#distribution",
})


def _at_public_address(triple: Triple, base: str, public: str) -> Triple:
    """A statement with the endpoint, the dumps and the landing page at the public address.

    The distributions are named by their download URLs, so they move as subjects too."""
    def move(node: Any, *, access: bool) -> Any:
        if not isinstance(node, NamedNode) or base == public:
            return node
        value = node.value
        if value.startswith(base + "dumps/") or value == base + "sparql":
            return NamedNode(public + value[len(base):])
        if access and value == base:
            return NamedNode(public)
        return node

    access = triple.predicate.value in ACCESS_PREDICATES
    return Triple(move(triple.subject, access=False), triple.predicate, move(triple.object, access=access))


def _stored_description(store: GraphStore, iris: IriFactory) -> list[Triple]:
    graph = iris.source_graph("void")
    result = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return [Triple(r["s"], r["p"], r["o"]) for r in result]


def _page(request: Request, triples: list[Triple]) -> dict[str, Any]:
    """What the HTML page shows: the statements grouped by subject, the dataset first."""
    settings = settings_of(request)
    ds = IriFactory(settings.base_iri).dataset().value
    facts = Facts((Quad(t.subject, t.predicate, t.object, NamedNode(ds)) for t in triples), ontology_labels())
    subjects = sorted(facts.subjects(), key=lambda s: (s != ds, "#" in s, s))
    groups = []
    for s in subjects:
        rows = [(Node(p, short_iri(p)), facts.node(o)) for p, o, _ in facts.statements(s)]
        groups.append({"subject": Node(s, s if not s.startswith("_:") else "checksum"), "rows": rows})
    return {"groups": groups, "dataset_iri": ds,
            "alternates": [(f, f"{WELL_KNOWN}?format={f.ext}") for f in VOID_FORMATS if f.rdf is not None]}
