"""The query editor page (YASGUI, served from this server): at GET /sparql for browsers, and at /.

``root_router`` puts the editor at ``/`` only as long as no other router claims that path: the
app includes it after every other router, so a home page added later takes precedence.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from hrcgraph.api.editor import default_query, examples, prefixes
from hrcgraph.api.linked_data import render
from hrcgraph.api.sparql_service import SparqlService, get_sparql_service
from hrcgraph.graph.resources import static_dir

YASGUI_SCRIPT = "vendor/yasgui/yasgui.min.js"


def yasgui_installed() -> bool:
    return static_dir().joinpath(YASGUI_SCRIPT).is_file()


def render_editor(request: Request, service: SparqlService) -> Response:
    endpoint = request.url_for("sparql_query").path
    config: dict[str, Any] = {
        "endpoint": endpoint,
        "prefixes": prefixes(),
        "examples": [{"name": e.name, "summary": e.summary, "query": e.query} for e in examples()],
        "default_query": default_query(),
        "version_key": "1",
    }
    context: dict[str, Any] = {
        "endpoint": endpoint,
        "static_url": request.url_for("static", path="").path.rstrip("/"),
        "docs_url": "/docs",
        "timeout": f"{service.settings.query_timeout_s:g}",
        "max_rows": service.settings.max_rows,
        "examples": examples(),
        "default_query": default_query(),
        "yasgui_installed": yasgui_installed(),
        "config": config,
    }
    return render(request, "editor.html", headers={"Vary": "Accept"}, **context)


root_router = APIRouter(tags=["Query editor"])


@root_router.get("/", response_class=HTMLResponse, summary="The SPARQL query editor", include_in_schema=True)
async def editor_home(request: Request, service: Annotated[SparqlService, Depends(get_sparql_service)]) -> Response:
    """YASGUI, prefilled with the dataset's prefixes and research queries, sending queries to /sparql."""
    return render_editor(request, service)
