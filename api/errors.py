"""Errors translated to HTTP, in this one place.

Every ``HrcGraphError`` carries its status (``http_status``) and stable code; the tree, with the
status of each class, is drawn in ``graph.errors``. This module turns any of them into a response
the same way, whatever the class: no list of classes to keep in order. Anything that is not an
``HrcGraphError`` is a bug: 500, logged, and the client gets a generic message.

Error bodies are plain text (what SPARQL clients show to their users), or JSON
(``{"error": code, "message": ..., "status": ...}``) when the client prefers ``application/json``.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response

from hrcgraph.graph.errors import HrcGraphError

log = logging.getLogger(__name__)


def status_for(exc: BaseException) -> int:
    """The HTTP status of an error: its own for an HrcGraphError, 500 for anything else."""
    return exc.http_status if isinstance(exc, HrcGraphError) else 500


def error_response(request_accept: str | None, status: int, code: str, message: str) -> Response:
    """An error body in the form the client prefers: JSON if it asks for JSON first, else plain text."""
    from hrcgraph.api.negotiation import best_match

    choice = best_match(request_accept, ["text/plain", "application/json", "application/problem+json"])
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="hrcgraph update"'
    if choice in ("application/json", "application/problem+json"):
        body = json.dumps({"error": code, "status": status, "message": message}, ensure_ascii=False)
        return Response(body, status_code=status, media_type=choice, headers=headers)
    return Response(f"Error {status}: {message}\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    async def on_hrcgraph_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HrcGraphError)
        status = status_for(exc)
        if status == 500:  # a bug or a fault of the server's own; 503 is a state (busy, nothing published)
            log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        return error_response(request.headers.get("accept"), status, exc.code, str(exc))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(request.headers.get("accept"), 500, "internal-error",
                              "internal server error (the details are in the server's log)")

    app.add_exception_handler(HrcGraphError, on_hrcgraph_error)
    app.add_exception_handler(Exception, on_unexpected)
