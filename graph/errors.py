"""Errors raised by hrcgraph, with stable codes.

Every error a user can cause carries a stable ``code`` and, where it concerns a source file,
the file, line and field it was found at, so the message says what to fix.

    HrcGraphError                  base; ``code`` is a stable string
    +-- SourceError                a source record or file is broken (file, line, field)
    |   +-- UnknownNameError       a country or group name that no table knows (lists close names)
    +-- ValidationFailed           SHACL Violations block publication (carries the report)
    +-- ConfigError                a setting or command-line argument is wrong
    +-- StoreError                 the store cannot be opened, read or replaced
    +-- QueryError                 a SPARQL query is malformed or not allowed
    |   +-- QuerySyntaxError       the query does not parse (the message says where)
    |   +-- QueryEvaluationError   the query parsed but failed while it ran
    |   +-- QueryTimeout           a query ran past its time limit and was stopped
    +-- ParameterError             a named query's parameter does not fit its declared type
    +-- NotAcceptable              no result format the client accepts fits the query's kind of result

The API translates these to HTTP in one place (``api.errors``): client mistakes become 4xx
with the message; anything else is a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class HrcGraphError(Exception):
    """Base of all hrcgraph errors."""

    code = "hrcgraph-error"


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


class ValidationFailed(HrcGraphError):
    """SHACL Violations: the graph is not published."""

    code = "validation-failed"

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class ConfigError(HrcGraphError):
    code = "config-error"


class StoreError(HrcGraphError):
    code = "store-error"


class QueryError(HrcGraphError):
    """A malformed query, or one the endpoint does not accept (e.g. an update on the query operation)."""

    code = "query-error"


class QuerySyntaxError(QueryError):
    """The store's parser rejected the query; the message is the parser's (with line and column).
    To clients it is a ``query-error`` like any other malformed query."""


class QueryEvaluationError(QueryError):
    """The query parsed but failed while it ran (e.g. a federated service that cannot be reached)."""


class QueryTimeout(QueryError):
    code = "query-timeout"


class ParameterError(HrcGraphError):
    """A named-query parameter that does not fit its declared type."""

    code = "parameter-error"

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")


class NotAcceptable(HrcGraphError):
    """None of the formats the client accepts fits the query's results (``kind``: ``results`` for
    SELECT and ASK, ``graph`` for CONSTRUCT and DESCRIBE, or empty when not known)."""

    code = "not-acceptable"

    def __init__(self, message: str, *, kind: str = "") -> None:
        self.kind = kind
        super().__init__(message)
