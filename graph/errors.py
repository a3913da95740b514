"""Errors raised by hrcgraph: one tree, each class with a stable code and its HTTP status.

Every error a user can cause carries a stable ``code`` and, where it concerns a source file,
the file, line and field it was found at, so the message says what to fix. Each class also says
which HTTP status it is (``http_status``): the API answers with it (``api.errors`` translates any
``HrcGraphError`` the same way, with no list of classes), and the command line prints the code.
A client's mistake is a 4xx whose message says what to change; the server's own fault is a 5xx.

    HrcGraphError                  500 hrcgraph-error     base: a bug, or a fault of the server's own
    +-- SourceError                500 source-error       a source record or file is broken (file, line,
    |   |                                                 field); in a server, one of its own files
    |   +-- UnknownNameError       500 unknown-name       a country or group name no table knows
    +-- ShapeError                 500 shape-error        a SHACL shape is malformed
    |   +-- UnsupportedShapeError  500 unsupported-shape  a shape uses SHACL this validator cannot run
    +-- ValidationFailed           500 validation-failed  SHACL Violations block publication
    +-- WorkerFailed               500 worker-failed      a build's worker process failed (its traceback)
    +-- ConfigError                500 config-error       a setting or command-line argument is wrong
    +-- StoreError                 503 store-error        no dataset is published, or the store cannot
    |   |                                                 be opened, read or replaced
    |   +-- WorkerDied             500 worker-died        a query worker died mid-query (api.pool)
    +-- QueryError                 400 query-error        a malformed query, or one not accepted here
    |   +-- QuerySyntaxError       400 query-syntax-error  the query does not parse (the message says where)
    |   +-- QueryEvaluationError   400 query-evaluation-error  the query parsed but failed while it ran
    |   +-- QueryTimeout           503 query-timeout      stopped at its time limit, or no worker free
    |                                                     in time (as Fuseki answers a timed-out query)
    +-- ParameterError             400 parameter-error    a named query's parameter does not fit its type
    +-- UnknownNamedQuery          404 unknown-query      no named query of that name
    +-- ProtocolError              400 protocol-error     the request breaks the SPARQL protocol (no or
    |                                                     two ``query`` parameters, unknown ``format``)
    +-- UpdatesDisabled            403 updates-disabled   updates are off; 401 for a missing or wrong
    |                                                     bearer token (set per error)
    +-- TooManyQueries             429 too-many-queries   the client already runs as many queries as one
    |                                                     client may (with Retry-After)
    +-- NotAcceptable              406 not-acceptable     no result format fits the Accept header
    +-- PayloadTooLarge            413 payload-too-large  the request body is too large
    +-- UnsupportedMediaType       415 unsupported-media-type  the body's content type is not the protocol's
    +-- ClientLeft                 499 client-closed-request   the client left before the answer was ready

Codes are part of the API (error bodies carry them): a code, once published, does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class HrcGraphError(Exception):
    """Base of all hrcgraph errors. Raised as such, it is a bug or a fault of the server's own (500)."""

    code = "hrcgraph-error"
    http_status = 500
    retry_after: int | None = None
    """Seconds after which the client may try again (sent as ``Retry-After``), for a passing condition."""


@dataclass
class SourceLocation:
    """Where in a source something was found: file, 1-based line, and field (column or section)."""

    file: str | Path
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class SourceError(HrcGraphError):
    """A source file or record cannot be imported."""

    code = "source-error"

    def __init__(self, message: str, location: SourceLocation) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}")


class UnknownNameError(SourceError):
    """A country or group name that the reference tables do not know."""

    code = "unknown-name"

    def __init__(self, name: str, suggestions: list[str], location: SourceLocation) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; closest known names: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown country or group name {name!r}{hint}", location)


class ShapeError(HrcGraphError):
    """A shape in the shapes graph is malformed (a count that is not an integer, two datatypes...)."""

    code = "shape-error"

    def __init__(self, shape: str, message: str) -> None:
        self.shape = shape
        self.message = message
        super().__init__(f"shape {shape}: {message}")


class UnsupportedShapeError(ShapeError):
    """A shape uses a SHACL construct outside the subset this validator compiles."""

    code = "unsupported-shape"


class ValidationFailed(HrcGraphError):
    """SHACL Violations: the graph is not published."""

    code = "validation-failed"

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class WorkerFailed(HrcGraphError):
    """A worker process of the build (``graph.workers``) failed: the message holds its traceback, or how it
    ended."""

    code = "worker-failed"


class ConfigError(HrcGraphError):
    """A setting, config file or command-line argument is wrong (the message names it)."""

    code = "config-error"


class StoreError(HrcGraphError):
    """No dataset is published yet, or the store cannot be opened, read or replaced."""

    code = "store-error"
    http_status = 503


class QueryError(HrcGraphError):
    """A malformed query, or one the endpoint does not accept (e.g. an update on the query operation)."""

    code = "query-error"
    http_status = 400


class QuerySyntaxError(QueryError):
    """The store's parser rejected the query; the message is the parser's (with line and column).
    To clients it is a malformed query (400) like any other ``QueryError``."""

    code = "query-syntax-error"


class QueryEvaluationError(QueryError):
    """The query parsed but failed while it ran (e.g. a federated service that cannot be reached)."""

    code = "query-evaluation-error"


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped, or no worker was free in time."""

    code = "query-timeout"
    http_status = 503


class ParameterError(HrcGraphError):
    """A named-query parameter that does not fit its declared type."""

    code = "parameter-error"
    http_status = 400

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")


class UnknownNamedQuery(HrcGraphError):
    """No named query of that name."""

    code = "unknown-query"
    http_status = 404

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"no named query {name!r}; known queries: {', '.join(known)}")


class ProtocolError(HrcGraphError):
    """The request breaks the SPARQL protocol or the API's parameters (the message says which)."""

    code = "protocol-error"
    http_status = 400


class UpdatesDisabled(HrcGraphError):
    """Updates are off (403), or the bearer token is missing or wrong (401)."""

    code = "updates-disabled"
    http_status = 403

    def __init__(self, message: str, *, status: int = 403) -> None:
        self.http_status = status
        super().__init__(message)


class TooManyQueries(HrcGraphError):
    """The client already runs as many queries as one client may; it may retry after ``retry_after`` s."""

    code = "too-many-queries"
    http_status = 429

    def __init__(self, message: str, *, retry_after: int | None = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotAcceptable(HrcGraphError):
    """No representation fits the Accept header (``kind``: ``results`` for SELECT and ASK, ``graph`` for
    CONSTRUCT and DESCRIBE, or empty when not known)."""

    code = "not-acceptable"
    http_status = 406

    def __init__(self, message: str, *, kind: str = "") -> None:
        self.kind = kind
        super().__init__(message)


class PayloadTooLarge(HrcGraphError):
    """The request body is larger than the server accepts."""

    code = "payload-too-large"
    http_status = 413


class UnsupportedMediaType(HrcGraphError):
    """The request body's content type is not one the protocol allows."""

    code = "unsupported-media-type"
    http_status = 415


class ClientLeft(HrcGraphError):
    """The client closed the connection before the answer was ready (nobody reads the response)."""

    code = "client-closed-request"
    http_status = 499
