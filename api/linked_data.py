"""What the linked-data routes share: the published dataset, IRI <-> path mapping, RDF documents, templates.

Pages describe resources with several small queries each, so these routes read the published
dataset's store in-process (``PublishedDataset.store``, a read-only ``GraphStore``); the dataset is
the one the SPARQL service tracks, so a new build or an update is seen by both at once. The SPARQL
endpoint keeps its own worker processes; nothing here runs a user's query.

IRIs minted under the configured base answer on this server: ``<base>id/...`` is the path ``/id/...``
(``<base>graph/...`` is ``/graph/...``), so with the base ``http://127.0.0.1:8000/`` every IRI
dereferences directly, and with the public base the same paths work on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyoxigraph import RdfFormat, Triple, serialize

from hrcgraph.api.charts import tally_bar, vote_chart
from hrcgraph.api.negotiation import best_match
from hrcgraph.api.remote_dataset import dataset_tracker
from hrcgraph.graph.formats import HTML, JSON_LD, N_TRIPLES, RDF_XML, TURTLE, MediaFormat
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC, PREFIXES
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.resources import templates_dir
from hrcgraph.graph.views.labels import readable_tail, short_iri
from hrcgraph.settings import Settings

ONTOLOGY_NS = str(HRC._NS)
HYDRA = "http://www.w3.org/ns/hydra/core#"


#: The representations of a resource, HTML first (ties in negotiation go to it).
DOC_FORMATS: tuple[MediaFormat, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
BY_EXT: dict[str, MediaFormat] = {f.ext: f for f in DOC_FORMATS}
RDF_FORMATS: tuple[MediaFormat, ...] = tuple(f for f in DOC_FORMATS if f.rdf is not None)


def negotiate(accept: str | None, formats: Sequence[MediaFormat] = DOC_FORMATS) -> MediaFormat | None:
    """The representation the Accept header prefers (ties go to the order of ``formats``: HTML first),
    or None when it accepts none of them."""
    offers: list[tuple[str, MediaFormat]] = []
    for f in formats:
        offers.append((f.media_type, f))
    for f in formats:
        offers += [(alias, f) for alias in f.aliases]
    choice = best_match(accept, [media for media, _ in offers])
    if choice is None:
        return None
    # A wildcard matches the first offer; an alias counts only when the client names it.
    return next(f for media, f in offers if media == choice)


def serialize_triples(triples: Sequence[Triple], fmt: MediaFormat) -> bytes:
    assert fmt.rdf is not None
    prefixes = {**PREFIXES, "hydra": HYDRA} if fmt.rdf in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else None
    data = serialize(triples, format=fmt.rdf, prefixes=prefixes) if prefixes else serialize(triples, format=fmt.rdf)
    return data or b""


def not_acceptable_text(formats: Sequence[MediaFormat] = DOC_FORMATS) -> str:
    offered = ", ".join(f"{f.media_type} (.{f.ext})" for f in formats)
    return f"None of the formats in the Accept header is served here. Available: {offered}.\n"


# --- the dataset -------------------------------------------------------------------------------------


def settings_of(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        settings = Settings()
        request.app.state.settings = settings
    assert isinstance(settings, Settings)
    return settings


def published(request: Request) -> PublishedDataset:
    """The published dataset (raises StoreError, a 503, before the first build)."""
    service = getattr(request.app.state, "sparql", None)
    if service is not None:
        dataset: PublishedDataset = service.dataset()
        return dataset
    tracker = getattr(request.app.state, "dataset_tracker", None)
    if tracker is None:
        tracker = dataset_tracker(settings_of(request))
        request.app.state.dataset_tracker = tracker
    return tracker.require()


def public_base(request: Request) -> str:
    """The server's public address, ending in ``/``: ``HRCGRAPH_PUBLIC_URL`` when set, else the request's own
    (so links in descriptions lead to this server, whatever the base IRI of the dataset)."""
    configured = settings_of(request).public_url
    if configured:
        return configured.rstrip("/") + "/"
    return str(request.base_url).rstrip("/") + "/"


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
        env.globals["vote_chart"] = vote_chart
        env.globals["tally_bar"] = tally_bar
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
