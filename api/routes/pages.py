"""Pages for people: the home page, search, the Council's agenda items, the ontology's documentation.

Resource pages (a text, a state, a mandate, ...) are the HTML documents of dereferenceable IRIs
(``api/routes/resources.py``); this router adds the pages that are not about one resource, and the
stylesheet and script they use (served from the package: the pages work offline).
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.routing import NoMatchFound

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
from hrcgraph.graph.resources import ontology_files, static_dir
from hrcgraph.graph.search_index import ClauseHit, SearchQueryError, index_path
from hrcgraph.graph.search_index import search as search_clauses
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.agenda import council_item_view
from hrcgraph.graph.views.home import counts, examples
from hrcgraph.graph.views.ontology import ontology_doc, ontology_triples
from hrcgraph.graph.views.search import search

router = APIRouter(tags=["pages"])

MAX_SEARCH = 1000

_ASSETS = {"pages.css": "text/css; charset=utf-8", "pages.js": "text/javascript; charset=utf-8",
           "favicon.svg": "image/svg+xml"}

@router.get("/", summary="Home: what the dataset holds, how to query it, where the dumps are")
def home(request: Request) -> Response:
    data = published(request)
    iris = IriFactory(settings_of(request).base_iri)
    return render(request, "home.html", manifest=data.manifest, counts=counts(data.manifest.classes),
                  examples=examples(data.store, iris), has_queries=_has_route(request, "named-queries"),
                  dumps=data.manifest.dumps, exports=data.manifest.exports,
                  citation=dataset_citation(data.manifest, url=public_base(request),
                                            dataset_iri=iris.dataset().value),
                  sources=[s for s in data.manifest.sources if s.license or s.attribution],
                  example_queries=EXAMPLE_QUERIES)


def _has_route(request: Request, name: str) -> bool:
    try:
        request.app.url_path_for(name)
    except NoMatchFound:
        return False
    return True


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
    dataset = published(request)
    hits = search(dataset.store, text)
    return render(request, "search.html", query=text, hits=hits, error=None,
                  clause_hits=clause_hits(dataset.dumps_path.parent, text))


def clause_hits(build_path: Path, text: str) -> list[ClauseHit]:
    """The clauses that hold the search's words (none when the build has no index or no word to search)."""
    path = index_path(build_path)
    if not path.is_file():
        return []
    try:
        return search_clauses(path, text, limit=20)
    except SearchQueryError:
        return []


@router.get("/agenda/{item}", summary="A Council agenda item (hrc:Item1 .. hrc:Item10) and its texts by year")
def council_agenda_item(item: str, request: Request) -> Response:
    if not re.fullmatch(r"Item([1-9]|10)", item):
        return render(request, "not_found.html", status=404, query="",
                      message=f"The Council's agenda has items Item1 to Item10; {item[:40]!r} is not one of them.")
    view = council_item_view(published(request).store, T[item])
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
    return Response(serialize_triples(ontology_triples(), fmt), media_type=fmt.content_type, headers=headers)
