"""Pages for people: the home page, search, the Council's agenda items, the ontology's documentation.

Resource pages (a text, a state, a mandate, ...) are the HTML documents of dereferenceable IRIs
(``api/routes/resources.py``); this router adds the pages that are not about one resource, and the
stylesheet and script they use (served from the package: the pages work offline).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from starlette.routing import NoMatchFound

from hrcgraph.api.linked_data import (
    BY_EXT,
    DOC_FORMATS,
    negotiate,
    not_acceptable_text,
    published,
    render,
    serialize_triples,
    settings_of,
)
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC, ONTOLOGY_IRI, PREFIXES
from hrcgraph.graph.resources import ontology_files, static_dir
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.views import agenda_view, readable_tail, search, short_iri
from hrcgraph.graph.void import example_resources

router = APIRouter(tags=["pages"])

MAX_SEARCH = 1000
H = str(HRC._NS)
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
OWL = PREFIXES["owl"]
RDF_TYPE = PREFIXES["rdf"] + "type"

_ASSETS = {"pages.css": "text/css; charset=utf-8", "pages.js": "text/javascript; charset=utf-8",
           "favicon.svg": "image/svg+xml"}

#: What the home page counts, from the manifest's instances per class.
_COUNTED = (
    ("Resolutions", ("Resolution",)),
    ("Decisions", ("Decision",)),
    ("Presidential statements", ("PresidentialStatement",)),
    ("Decisions on texts (vote events)", ("VoteEvent",)),
    ("Votes of states", ("Vote",)),
    ("States", ("State",)),
    ("Sessions", ("Session",)),
    ("Mandates", ("Mandate",)),
    ("Sponsorships", ("Sponsorship",)),
    ("Quoted clauses", ("Clause",)),
    ("Commentaries", ("Commentary",)),
)


@router.get("/", summary="Home: what the dataset holds, how to query it, where the dumps are")
def home(request: Request) -> Response:
    data = published(request)
    iris = IriFactory(settings_of(request).base_iri)
    classes = data.manifest.classes
    counts = [(label, sum(classes.get(H + c, 0) for c in names)) for label, names in _COUNTED]
    return render(request, "home.html", manifest=data.manifest, counts=[c for c in counts if c[1]],
                  examples=_examples(data.store, iris), has_queries=_has_route(request, "named-queries"),
                  dumps=data.manifest.dumps,
                  sources=[s for s in data.manifest.sources if s.license or s.attribution],
                  example_queries=EXAMPLE_QUERIES)


def _has_route(request: Request, name: str) -> bool:
    try:
        request.app.url_path_for(name)
    except NoMatchFound:
        return False
    return True


@dataclass(frozen=True)
class Example:
    iri: str
    label: str
    note: str


def _examples(store: GraphStore, iris: IriFactory) -> list[Example]:
    """Where to start: the seed-format record's resolution, Mali, the Mali mandate, a recorded vote."""
    from hrcgraph.graph.views import Facts, ontology_labels

    found: list[Example] = []
    facts = Facts([], ontology_labels())
    for iri in example_resources(store, iris):
        label = _one(store, iri, H + "symbol") or _one(store, iri, PREFIXES["dct"] + "title") or readable_tail(iri)
        found.append(Example(iri, label, "a resolution, with its sponsors, decision, quoted clauses and commentary"))
    mali = iris.state("MLI").value
    if _one(store, mali, SKOS + "prefLabel"):
        found.append(Example(mali, "Mali", "a state: identifiers, Council membership, votes by year"))
        rows = store.query(f"SELECT ?m WHERE {{ ?m a <{H}Mandate> ; <{H}concerns> <{mali}> }} ORDER BY ?m LIMIT 1")
        for row in rows:  # type: ignore[union-attr]
            m = row["m"].value
            found.append(Example(m, _one(store, m, SKOS + "prefLabel") or readable_tail(m),
                                 "a mandate and what texts did to it"))
    recorded = store.query(f"""SELECT ?t WHERE {{ ?t <{H}decision> ?e . ?e <{H}decisionMethod> <{H}RecordedVote> .
                               ?t <{H}dateAdopted> ?d }} ORDER BY DESC(?d) LIMIT 1""")
    for row in recorded:  # type: ignore[union-attr]
        t = row["t"].value
        if all(e.iri != t for e in found):
            found.append(Example(t, _one(store, t, H + "symbol") or facts.label(t),
                                 "the latest text adopted by a recorded vote, with every state's vote"))
    return found


def _one(store: GraphStore, subject: str, predicate: str) -> str:
    rows = store.query(f"SELECT ?o WHERE {{ {NamedNode(subject)} {NamedNode(predicate)} ?o }} LIMIT 1")
    for row in rows:  # type: ignore[union-attr]
        return str(row["o"].value)
    return ""


EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    ("How did each state vote on a resolution?", """PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?state ?option WHERE {
  ?text hrc:symbol "A/HRC/RES/S-33/1" ; hrc:decision ?vote .
  ?v hrc:inVoteEvent ?vote ; hrc:voter ?s ; hrc:voteOption ?option .
  ?s skos:prefLabel ?state .
} ORDER BY ?state"""),
    ("Texts that concern Mali, newest first", """PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?symbol ?date ?title WHERE {
  ?mali skos:notation "MLI"^^hrc:ISO3166Alpha3 .
  ?text hrc:concerns ?mali ; hrc:symbol ?symbol ; dct:title ?title .
  OPTIONAL { ?text hrc:dateAdopted ?date }
} ORDER BY DESC(?date)"""),
    ("Recorded votes per year", """PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>
SELECT ?year (COUNT(?text) AS ?recorded) WHERE {
  ?text hrc:decision/hrc:decisionMethod hrc:RecordedVote ; hrc:dateAdopted ?date .
  BIND(YEAR(?date) AS ?year)
} GROUP BY ?year ORDER BY ?year"""),
)


@router.get("/search", summary="Search texts by symbol or title, and states, groups and mandates by name")
def search_page(request: Request, q: str | None = None) -> Response:
    text = (q or "").strip()
    if not text:
        return render(request, "search.html", status=400, query="", hits=[],
                      error="Type a symbol (A/HRC/RES/55/25), words of a title, or a state's name.")
    if len(text) > MAX_SEARCH:
        return render(request, "search.html", status=400, query="", hits=[],
                      error=f"The search is {len(text):,} characters long; at most {MAX_SEARCH:,} are accepted.")
    if any(ord(c) < 0x20 and c not in "\t" for c in text):
        return render(request, "search.html", status=400, query="", hits=[],
                      error="The search contains control characters; type plain text.")
    hits = search(published(request).store, text)
    return render(request, "search.html", query=text, hits=hits, error=None)


@router.get("/agenda/{item}", summary="A Council agenda item (hrc:Item1 .. hrc:Item10) and its texts by year")
def council_agenda_item(item: str, request: Request) -> Response:
    if not re.fullmatch(r"Item([1-9]|10)", item):
        return render(request, "not_found.html", status=404, query="",
                      message=f"The Council's agenda has items Item1 to Item10; {item[:40]!r} is not one of them.")
    view = agenda_view(published(request).store, NamedNode(H + item))
    return render(request, "agenda.html", view=view, alternates=[])


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> Response:
    if name not in _ASSETS:
        return PlainTextResponse("404 Not Found\n", status_code=404)
    body = static_dir().joinpath(name).read_bytes()
    return Response(body, media_type=_ASSETS[name], headers={"Cache-Control": "public, max-age=3600"})


# --- the ontology ------------------------------------------------------------------------------------


@router.get("/ontology", summary="The ontology: HTML documentation for people, Turtle (or other RDF) for tools")
def ontology(request: Request) -> Response:
    fmt = negotiate(request.headers.get("accept"))
    if fmt is None:
        return PlainTextResponse(not_acceptable_text(), status_code=406, headers={"Vary": "Accept"})
    return _ontology_document(request, fmt.ext, vary=True)


@router.get("/ontology.{ext}", summary="The ontology in one format: html, ttl, nt, jsonld, rdf")
def ontology_as(ext: str, request: Request) -> Response:
    if ext not in BY_EXT:
        offered = ", ".join(f"/ontology.{f.ext}" for f in DOC_FORMATS)
        return PlainTextResponse(f"404 Not Found: the ontology is available as {offered}\n", status_code=404)
    return _ontology_document(request, ext, vary=False)


def _ontology_document(request: Request, ext: str, *, vary: bool) -> Response:
    fmt = BY_EXT[ext]
    headers = {"Cache-Control": "public, max-age=3600"}
    if vary:
        headers["Vary"] = "Accept"
    if fmt.rdf is None:
        return render(request, "ontology.html", doc=ontology_doc(), headers=headers,
                      alternates=[(f, f"/ontology.{f.ext}") for f in DOC_FORMATS if f.rdf is not None])
    if fmt.ext == "ttl" and len(ontology_files()) == 1:
        return Response(ontology_files()[0].read_bytes(), media_type=fmt.content_type, headers=headers)
    return Response(serialize_triples(_ontology_triples(), fmt), media_type=fmt.content_type, headers=headers)


@lru_cache(maxsize=1)
def _ontology_triples() -> list[Triple]:
    triples: list[Triple] = []
    for f in ontology_files():
        triples += parse(f.read_bytes(), format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)
    return triples


@dataclass
class Term:
    iri: str
    local: str
    label: str
    comment: str
    types: list[str] = field(default_factory=list)
    details: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


@dataclass
class OntologyDoc:
    title: str
    description: str
    metadata: list[tuple[str, str]]
    sections: list[tuple[str, str, list[Term]]]


_SECTIONS = (
    ("classes", "Classes", {OWL + "Class", RDFS + "Class"}),
    ("object-properties", "Object properties", {OWL + "ObjectProperty"}),
    ("datatype-properties", "Datatype properties", {OWL + "DatatypeProperty"}),
    ("other-properties", "Other properties", {PREFIXES["rdf"] + "Property", OWL + "AnnotationProperty"}),
    ("datatypes", "Datatypes", {RDFS + "Datatype"}),
    ("schemes", "Concept schemes", {SKOS + "ConceptScheme"}),
    ("concepts", "Concepts", {SKOS + "Concept"}),
)
_DETAILS = (
    ("subclass of", RDFS + "subClassOf"), ("subproperty of", RDFS + "subPropertyOf"), ("domain", RDFS + "domain"),
    ("range", RDFS + "range"), ("in scheme", SKOS + "inScheme"), ("notation", SKOS + "notation"),
    ("close match", SKOS + "closeMatch"), ("exact match", SKOS + "exactMatch"),
    ("equivalent class", OWL + "equivalentClass"), ("scope note", SKOS + "scopeNote"),
)


@lru_cache(maxsize=1)
def ontology_doc() -> OntologyDoc:
    """The ontology's terms grouped by kind, each with its label, comment and main axioms."""
    by_s: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in _ontology_triples():
        if isinstance(t.subject, NamedNode):
            by_s[t.subject.value][t.predicate.value].append(t.object)

    def text(s: str, p: str) -> str:
        values = [o for o in by_s[s].get(p, []) if isinstance(o, Literal)]
        values.sort(key=lambda v: (v.language not in ("en", None), v.value))
        return values[0].value if values else ""

    onto = by_s.get(ONTOLOGY_IRI, {})
    metadata = [(short_iri(p), ", ".join(o.value for o in objs)) for p, objs in sorted(onto.items())
                if p not in (PREFIXES["dct"] + "description", RDF_TYPE)]
    placed: set[str] = set()
    sections = []
    for key, title, kinds in _SECTIONS:
        terms = []
        for s, props in sorted(by_s.items(), key=lambda kv: kv[0].lower()):
            types = {o.value for o in props.get(RDF_TYPE, []) if isinstance(o, NamedNode)}
            if s in placed or not (types & kinds) or not s.startswith(H):
                continue
            placed.add(s)
            details = []
            for label, p in _DETAILS:
                objs = props.get(p, [])
                if objs:
                    details.append((label, [(o.value, short_iri(o.value) if isinstance(o, NamedNode) else o.value)
                                            for o in objs]))
            terms.append(Term(s, s[len(H):], text(s, RDFS + "label") or text(s, SKOS + "prefLabel"),
                              text(s, RDFS + "comment") or text(s, SKOS + "definition"),
                              sorted(short_iri(t) for t in types), details))
        if terms:
            sections.append((key, title, terms))
    return OntologyDoc(text(ONTOLOGY_IRI, PREFIXES["dct"] + "title") or "hrcgraph ontology",
                       text(ONTOLOGY_IRI, PREFIXES["dct"] + "description"), metadata, sections)
