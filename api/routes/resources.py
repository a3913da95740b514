"""Dereferencing: every IRI minted under the base answers, as the W3C note "Cool URIs for the Semantic Web" says.

``GET /id/{path}`` names a thing (a state, a resolution), not a document, so it answers
**303 See Other** to the document that describes it, picked by the Accept header
(``Vary: Accept``): ``/id/state/MLI.html`` for browsers, ``.ttl``, ``.nt``, ``.jsonld`` or ``.rdf``
for RDF clients. Each document answers 200 with its own media type and ``Link`` headers to the others.
Hash IRIs (``<text>#vote-FRA``) need nothing more: a client strips the fragment, and the text's
document describes its parts.

A symbol may contain dots (``/id/text/E/CN.4/RES/2005/1``): a path is first looked up as it is; only
when it names nothing, a final ``.ext`` is read as a format, and only if the path without it is a
known resource. Unknown resources get 404 with a link to search, a known resource with an unknown
extension 404 listing the formats, an Accept header that allows none of them 406.

``/graph/{path}`` does the same for the source graphs' IRIs, and ``/dataset`` answers 303 to the
dataset description at ``/.well-known/void``.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote, unquote

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from pyoxigraph import NamedNode

from hrcgraph.api.conditional import not_modified
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
from hrcgraph.graph.describe import describe, is_known
from hrcgraph.graph.formats import MediaFormat
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.text_content import text_content
from hrcgraph.graph.views import build_view

router = APIRouter(tags=["linked data"])

#: IRI characters kept as they are when a decoded path is encoded again (as graph.iris mints them).
_SAFE = "/()-._~!$&'*+,;=:@"
_MAX_PATH = 2000


@router.head("/id/{path:path}", include_in_schema=False)
@router.get("/id/{path:path}", summary="Dereference a resource IRI")
def resource(path: str, request: Request) -> Response:
    return dereference(request, "id/")


@router.head("/graph/{path:path}", include_in_schema=False)
@router.get("/graph/{path:path}", summary="Dereference a source graph's IRI")
def source_graph(path: str, request: Request) -> Response:
    return dereference(request, "graph/")


@router.head("/dataset", include_in_schema=False)
@router.get("/dataset", summary="The dataset: see its description")
def dataset(request: Request) -> Response:
    return RedirectResponse("/.well-known/void", status_code=303, headers={"Vary": "Accept"})


def dereference(request: Request, prefix: str) -> Response:
    base = settings_of(request).base_iri
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    raw_path = raw.decode("latin-1").split("?", 1)[0]
    rest = raw_path[len("/" + prefix):] if raw_path.startswith("/" + prefix) else raw_path.lstrip("/")
    if len(rest) > _MAX_PATH:
        return _not_found(request, rest[:80] + "…", "The path is too long to be an IRI of this dataset.")
    store = published(request).store
    for candidate in _candidates(rest):
        found = _resolve(store, base + prefix, candidate)
        if found is None:
            continue
        kind, iri, ext = found
        if kind == "resource":
            return _see_other(request, prefix, candidate, iri)
        if kind == "document":
            return _document(request, store, iri, BY_EXT[ext])
        return _unknown_extension(request, prefix, candidate, ext)
    return _not_found(request, unquote(rest), None)


def _candidates(rest: str) -> list[str]:
    """The path as sent, then decoded and encoded as IRIs are minted, then decoded (an IRI may hold
    non-ASCII characters)."""
    decoded = unquote(rest, errors="replace")
    found: list[str] = []
    for c in (rest, quote(decoded, safe=_SAFE), decoded):
        if c and c not in found:
            found.append(c)
    return found


def _iri(namespace: str, path: str) -> NamedNode | None:
    if any(ch in path for ch in "<>\"{}|\\^` \n\r\t") or any(ord(ch) < 0x20 for ch in path):
        return None
    try:
        return NamedNode(namespace + path)
    except ValueError:
        return None


def _resolve(store: GraphStore, namespace: str, path: str) -> tuple[str, NamedNode, str] | None:
    """("resource", iri, ""), ("document", iri, ext) or ("unknown-extension", iri, ext); None if unknown."""
    iri = _iri(namespace, path)
    if iri is not None and is_known(store, iri):
        return "resource", iri, ""
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        stem, ext = path.rsplit(".", 1)
        stem_iri = _iri(namespace, stem)
        if stem_iri is not None and is_known(store, stem_iri):
            return ("document" if ext in BY_EXT else "unknown-extension"), stem_iri, ext
    return None


def _see_other(request: Request, prefix: str, path: str, iri: NamedNode) -> Response:
    fmt = negotiate(request.headers.get("accept"))
    if fmt is None:
        return PlainTextResponse(not_acceptable_text(), status_code=406, headers={"Vary": "Accept"})
    location = f"/{prefix}{quote(path, safe=_SAFE + '%')}.{fmt.ext}"
    return Response(status_code=303, headers={
        "Location": location, "Vary": "Accept", "Cache-Control": "public, max-age=3600",
        "Link": f'<{iri.value}>; rel="about"'})


def _document(request: Request, store: GraphStore, iri: NamedNode, fmt: MediaFormat) -> Response:
    data = published(request)
    etag = '"' + hashlib.sha256(f"{data.version}\0{iri.value}\0{fmt.ext}".encode()).hexdigest()[:32] + '"'
    base_path = request.url.path.rsplit(".", 1)[0]
    links = [f'<{base_path}.{f.ext}>; rel="alternate"; type="{f.media_type}"' for f in DOC_FORMATS if f != fmt]
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Link": ", ".join(links)}
    if not_modified(request, etag, None):
        return Response(status_code=304, headers=headers)
    if fmt.rdf is None:
        view = build_view(store, iri)
        content = text_content(store, iri) if view.kind == "text" else None
        return render(request, f"{view.kind}.html", view=view, headers=headers, content=content,
                      alternates=[(f, f"{base_path}.{f.ext}") for f in DOC_FORMATS if f.rdf is not None])
    body = serialize_triples(describe(store, iri), fmt)
    return Response(body, media_type=fmt.content_type, headers=headers)


def _wants_html(request: Request) -> bool:
    fmt = negotiate(request.headers.get("accept"))
    return fmt is not None and fmt.ext == "html"


def _not_found(request: Request, what: str, reason: str | None) -> Response:
    tail = what.rstrip("/").rsplit("/", 1)[-1] if what else ""
    search_for = what if what.count("/") >= 2 and not what.startswith(("state/", "group/")) else tail
    message = reason or f"Nothing in this dataset has the IRI you asked for ({what})."
    if _wants_html(request):
        return render(request, "not_found.html", status=404, message=message, query=search_for[:200])
    return PlainTextResponse(f"404 Not Found: {message} Search: /search?q={quote(search_for[:200])}\n",
                             status_code=404)


def _unknown_extension(request: Request, prefix: str, path: str, ext: str) -> Response:
    stem = path.rsplit(".", 1)[0]
    offered = ", ".join(f".{f.ext}" for f in DOC_FORMATS)
    message = (f"This resource has no '.{ext[:20]}' representation; it is available as {offered} "
               f"(or at /{prefix}{stem} with an Accept header).")
    if _wants_html(request):
        return render(request, "not_found.html", status=404, message=message, query="",
                      formats=[(f, f"/{prefix}{stem}.{f.ext}") for f in DOC_FORMATS])
    return PlainTextResponse(f"404 Not Found: {message}\n", status_code=404)
