"""What the linked-data routes share: the published dataset, IRI <-> path mapping, RDF documents, templates.

Pages describe resources with several small queries each, so these routes read the published store
in-process through a read-only Oxigraph handle, reopened when the published build (or its update
revision) changes. The SPARQL endpoint keeps its own worker processes; nothing here runs a user's query.

IRIs minted under the configured base answer on this server: ``<base>id/...`` is the path ``/id/...``
(``<base>graph/...`` is ``/graph/...``), so with the base ``http://127.0.0.1:8000/`` every IRI
dereferences directly, and with the public base the same paths work on the server.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyoxigraph import RdfFormat, Triple, serialize

from hrcgraph.api.negotiation import best_match
from hrcgraph.api.settings import Settings
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.namespaces import HRC, PREFIXES
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.resources import templates_dir
from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.views import readable_tail, short_iri

ONTOLOGY_NS = str(HRC._NS)
HYDRA = "http://www.w3.org/ns/hydra/core#"


@dataclass(frozen=True)
class DocFormat:
    """A representation of a resource: its file extension, media type and (for RDF) Oxigraph format."""

    ext: str
    media_type: str
    label: str
    rdf: RdfFormat | None
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


DOC_FORMATS: tuple[DocFormat, ...] = (
    DocFormat("html", "text/html", "HTML", None, ("application/xhtml+xml",)),
    DocFormat("ttl", "text/turtle", "Turtle", RdfFormat.TURTLE, ("application/x-turtle",)),
    DocFormat("jsonld", "application/ld+json", "JSON-LD", RdfFormat.JSON_LD, ("application/json",)),
    DocFormat("nt", "application/n-triples", "N-Triples", RdfFormat.N_TRIPLES),
    DocFormat("rdf", "application/rdf+xml", "RDF/XML", RdfFormat.RDF_XML, ("application/xml", "text/xml")),
)
BY_EXT: dict[str, DocFormat] = {f.ext: f for f in DOC_FORMATS}
RDF_FORMATS: tuple[DocFormat, ...] = tuple(f for f in DOC_FORMATS if f.rdf is not None)


def negotiate(accept: str | None, formats: Sequence[DocFormat] = DOC_FORMATS) -> DocFormat | None:
    """The representation the Accept header prefers (ties go to the order of ``formats``: HTML first),
    or None when it accepts none of them."""
    offers: list[tuple[str, DocFormat]] = []
    for f in formats:
        offers.append((f.media_type, f))
    for f in formats:
        offers += [(alias, f) for alias in f.aliases]
    choice = best_match(accept, [media for media, _ in offers])
    if choice is None:
        return None
    # A wildcard matches the first offer; an alias counts only when the client names it.
    return next(f for media, f in offers if media == choice)


def serialize_triples(triples: Sequence[Triple], fmt: DocFormat) -> bytes:
    assert fmt.rdf is not None
    prefixes = {**PREFIXES, "hydra": HYDRA} if fmt.rdf in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    data = serialize(triples, format=fmt.rdf, prefixes=prefixes) if prefixes else serialize(triples, format=fmt.rdf)
    return data or b""


def not_acceptable_text(formats: Sequence[DocFormat] = DOC_FORMATS) -> str:
    offered = ", ".join(f"{f.media_type} (.{f.ext})" for f in formats)
    return f"None of the formats in the Accept header is served here. Available: {offered}.\n"


# --- the dataset -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The published build as the linked-data routes see it."""

    store: EmbeddedStore
    manifest: BuildManifest
    dumps_path: Path
    version: str


class StoreHolder:
    """One read-only handle on the published store, reopened when the published version changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, str] | None = None
        self._store: EmbeddedStore | None = None

    def get(self, store_path: Path, version: str) -> EmbeddedStore:
        key = (str(store_path), version)
        with self._lock:
            if self._key != key or self._store is None:
                self._store = EmbeddedStore.open(store_path)
                self._key = key
            return self._store


def settings_of(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        settings = Settings()
        request.app.state.settings = settings
    assert isinstance(settings, Settings)
    return settings


def published(request: Request) -> Published:
    """The published dataset (raises StoreError, a 503, before the first build)."""
    state = request.app.state
    holder = getattr(state, "linked_data_stores", None)
    if holder is None:
        holder = StoreHolder()
        state.linked_data_stores = holder
    service = getattr(state, "sparql", None)
    if service is not None:
        dataset = service.dataset()
        build, version = dataset.build, dataset.version
    else:
        settings = settings_of(request)
        build = DataDir(settings.data_dir).current()
        if build is None:
            raise StoreError(f"no dataset is published in {settings.data_dir}: run 'hrcgraph build' first")
        version = build.version
    return Published(holder.get(build.store_path, version), build.manifest, build.dumps_path, version)


def iri_factory(request: Request) -> IriFactory:
    return IriFactory(settings_of(request).base_iri)


# --- IRIs and paths ------------------------------------------------------------------------------------


def local_href(iri: str, base: str) -> str:
    """Where a page links for an IRI: our own resources on this server, the ontology's terms on its page,
    anything else as it is."""
    if iri.startswith(base):
        rest = iri[len(base):]
        return "/" + rest
    if iri.startswith(ONTOLOGY_NS):
        local = iri[len(ONTOLOGY_NS):]
        if local.startswith("Item") and local[4:].isdigit():
            return f"/agenda/{local}"
        return "/ontology#" + quote(local, safe="")
    if iri == ONTOLOGY_NS.rstrip("#"):
        return "/ontology"
    return iri


def document_href(iri: str, base: str, ext: str) -> str:
    """The path of one representation of a resource under the base: ``/id/state/MLI.ttl``."""
    path = local_href(iri.split("#", 1)[0], base)
    return f"{path}.{ext}"


# --- templates ---------------------------------------------------------------------------------------


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        env = Environment(loader=FileSystemLoader(str(templates_dir())),
                          autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        env.filters["short"] = short_iri
        env.filters["tail"] = readable_tail
        env.filters["thousands"] = lambda n: f"{int(n):,}" if n is not None else ""
        env.filters["filesize"] = _filesize
        _ENV = env
    return _ENV


def _filesize(n: int | None) -> str:
    if n is None:
        return ""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size):,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """Render a page; every template gets ``href(iri)`` to link IRIs the way this server serves them."""
    settings = settings_of(request)
    base = settings.base_iri

    def href(iri: str) -> str:
        return local_href(iri, base)

    body = environment().get_template(template).render(href=href, base=base, request_path=request.url.path,
                                                       origin=str(request.base_url), **context)
    return HTMLResponse(body, status_code=status, headers=headers)
