"""The app factory: wires settings, the SPARQL service, middleware and routers; nothing else.

Routers are listed in ``ROUTERS``: each ``api/routes/<resource>.py`` exposes ``router`` (or
``build_router()`` when its routes are made when the app starts); adding a module to the list is
all it takes to serve a new resource. The editor at ``/`` is included last, so a home page among
``ROUTERS`` takes ``/`` over it.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from hrcgraph.api.errors import install_error_handlers
from hrcgraph.api.limits import BodySizeLimit
from hrcgraph.api.sparql_service import SparqlService
from hrcgraph.graph import __version__
from hrcgraph.graph.resources import static_dir
from hrcgraph.settings import Settings

#: Router modules, in order.
ROUTERS: tuple[str, ...] = (
    "hrcgraph.api.routes.sparql",
    "hrcgraph.api.routes.pages",
    "hrcgraph.api.routes.resources",
    "hrcgraph.api.routes.queries",
    "hrcgraph.api.routes.dumps",
    "hrcgraph.api.routes.void",
    "hrcgraph.api.routes.reconcile",
    "hrcgraph.api.routes.clause_search",
)

EXPOSED_HEADERS = [
    "ETag", "Last-Modified", "X-HRC-Truncated", "X-HRC-Row-Limit", "X-HRC-Dataset-Version", "X-HRC-Cache",
    "Server-Timing",
]

DESCRIPTION = """A knowledge graph of the UN Human Rights Council: resolutions, mandates, sponsors,
countries, votes and quoted clauses.

**SPARQL endpoint**: `/sparql` (SPARQL 1.1 Protocol). The default graph is the union of all named
graphs. Read-only; queries are stopped after the configured time limit (HTTP 503) and results are
cut after the row limit (`X-HRC-Truncated: true`, and `"truncated": true` in SPARQL JSON).
"""


def _modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in ROUTERS]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.load()
    service = SparqlService(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(title="hrcgraph", description=DESCRIPTION, version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.sparql = service
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
        max_age=3600,
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.mount("/static", StaticFiles(directory=str(static_dir())), name="static")
    for module in _modules():
        build = getattr(module, "build_router", None)
        app.include_router(build() if callable(build) else module.router)
    from hrcgraph.api.routes.editor import root_router

    app.include_router(root_router)
    return app
