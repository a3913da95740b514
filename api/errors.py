"""Errors translated to HTTP, in this one place.

==============================  ======  =========================================================
error                           status  why
==============================  ======  =========================================================
ProtocolError                   400     the request breaks the SPARQL protocol (no or two
                                        ``query`` parameters, an unknown ``format``, ...)
graph.errors.QueryError         400     a malformed query, an update sent to the query operation
graph.errors.QueryTimeout       503     the query ran past the time limit and was stopped, or no
                                        worker was free in time (then with Retry-After): the
                                        service could not answer it now
graph.errors.ParameterError     400     a named query's parameter does not fit its type
api.admission.TooManyQueries    429     the client already runs as many queries as one client may
                                        (with Retry-After)
UpdatesDisabled                 403     updates are off (no token set), or 401 for a missing or
                                        wrong bearer token
graph.errors.NotAcceptable     406     no result format fits the Accept header
PayloadTooLarge                 413     the request body is larger than ``max_request_bytes``
UnsupportedMediaType            415     the request body's content type is not one of the protocol's
ClientLeft                      499     the client left before the answer was ready (its query is
                                        stopped; nobody reads this status)
graph.errors.StoreError         503     no dataset is published yet, or it cannot be opened
api.pool.WorkerDied             500     a query worker died while running a query
anything else                   500     a bug; the message is logged, the client gets a generic one
==============================  ======  =========================================================

Error bodies are plain text (what SPARQL clients show to their users), or JSON
(``{"error": code, "message": ..., "status": ...}``) when the client prefers ``application/json``.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response

from hrcgraph.graph.errors import (
    HrcGraphError,
    NotAcceptable,
    ParameterError,
    QueryError,
    QueryTimeout,
    StoreError,
)

log = logging.getLogger(__name__)


class ProtocolError(HrcGraphError):
    code = "protocol-error"


class UnsupportedMediaType(HrcGraphError):
    code = "unsupported-media-type"


class PayloadTooLarge(HrcGraphError):
    code = "payload-too-large"


class ClientLeft(HrcGraphError):
    """The client closed the connection before the answer was ready (nobody reads the response)."""

    code = "client-closed-request"


class UpdatesDisabled(HrcGraphError):
    code = "updates-disabled"

    def __init__(self, message: str, *, status: int = 403) -> None:
        self.status = status
        super().__init__(message)


def status_for(exc: BaseException) -> int:
    """The HTTP status of an error."""
    from hrcgraph.api.admission import TooManyQueries
    from hrcgraph.api.pool import WorkerDied

    if isinstance(exc, UpdatesDisabled):
        return exc.status
    if isinstance(exc, TooManyQueries):
        return 429
    if isinstance(exc, QueryTimeout):
        return 503
    if isinstance(exc, ProtocolError | QueryError | ParameterError):
        return 400
    if isinstance(exc, NotAcceptable):
        return 406
    if isinstance(exc, PayloadTooLarge):
        return 413
    if isinstance(exc, UnsupportedMediaType):
        return 415
    if isinstance(exc, WorkerDied):
        return 500
    if isinstance(exc, ClientLeft):
        return 499
    if isinstance(exc, StoreError):
        return 503
    return 500


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
        status = status_for(exc)
        if status >= 500 and not isinstance(exc, QueryTimeout | StoreError):
            log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        code = getattr(exc, "code", "error")
        response = error_response(request.headers.get("accept"), status, code, str(exc))
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(request.headers.get("accept"), 500, "internal-error",
                              "internal server error (the details are in the server's log)")

    app.add_exception_handler(HrcGraphError, on_hrcgraph_error)
    app.add_exception_handler(Exception, on_unexpected)
