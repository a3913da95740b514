"""Named research queries over HTTP.

``GET /queries`` lists the queries of ``queries/*.rq`` with their parameters, result columns and
links. ``GET /queries/{name}`` runs one; its parameters are query-string arguments. Each query gets
its own explicit route, built from its header when the app starts, so that the OpenAPI description
(``/docs``) documents every query with its parameters, their types, examples and descriptions.

Result formats (the ``format`` argument wins over the Accept header):

===========  ====================================  ==============================================
format       media type                            body
===========  ====================================  ==============================================
json         application/json (the default)        ``{"query", "parameters", "columns", "rows"}``:
                                                   one object per row, plain values (IRIs and
                                                   strings as text, numbers as numbers, booleans
                                                   as booleans, unbound as null)
csv          text/csv                              W3C SPARQL CSV results: a header row, then plain
                                                   values (``pandas.read_csv(url)``, ``read.csv``)
tsv          text/tab-separated-values             the same plain values, tab-separated
sparql-json  application/sparql-results+json       W3C SPARQL JSON results (typed RDF terms)
===========  ====================================  ==============================================

Errors: a value that does not fit its parameter's type, a missing required parameter and an
unknown parameter are ``ParameterError`` (400, naming the parameter and why); an unknown query is
404; an unknown ``format`` is 400 and an Accept header that allows none of the formats 406.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, QuerySolutions

from api.errors import NotAcceptable, ProtocolError, error_response
from api.negotiation import best_match
from graph.errors import ParameterError, QueryError
from graph.named_queries import NamedQuery, QueryParameter, list_named
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

TAG = "named queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                      "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                      "unsignedShort", "unsignedByte")
)
_NUMBER_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))


@dataclass(frozen=True)
class ResultsFormat:
    key: str
    media_type: str

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", "application/json"),
    ResultsFormat("csv", "text/csv"),
    ResultsFormat("tsv", "text/tab-separated-values"),
    ResultsFormat("sparql-json", "application/sparql-results+json"),
)
_BY_KEY = {f.key: f for f in FORMATS}
_BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}


def choose_format(format_param: str | None, accept: str | None) -> ResultsFormat:
    """The results format: the ``format`` argument if given, else the best fit for the Accept header."""
    if format_param is not None:
        fmt = _BY_KEY.get(format_param.strip().lower())
        if fmt is None:
            raise ProtocolError(f"unknown format {format_param!r}; use one of: {', '.join(_BY_KEY)}")
        return fmt
    media_type = best_match(accept, [f.media_type for f in FORMATS])
    if media_type is None:
        raise NotAcceptable("none of the accepted media types fits; available: "
                            + ", ".join(f.media_type for f in FORMATS))
    return _BY_MEDIA_TYPE[media_type]


# --- the store named queries run on

_OPENING = threading.Lock()


def get_query_store(request: Request) -> GraphStore:
    """The published dataset's store, opened read-only once per dataset version.

    Tests (and other deployments) swap it through ``app.dependency_overrides[get_query_store]``.
    """
    dataset = request.app.state.sparql.dataset()
    with _OPENING:
        opened: tuple[str, GraphStore] | None = getattr(request.app.state, "named_query_store", None)
        if opened is None or opened[0] != dataset.version:
            # The previous build's store is not closed here: a request may still be reading it. It is
            # released when the last one is done with it.
            opened = (dataset.version, EmbeddedStore.open(dataset.store_path))
            request.app.state.named_query_store = opened
    return opened[1]


# --- results


def plain_value(term: NamedNode | BlankNode | Literal | None) -> Any:
    """A term as a plain JSON value: numbers and booleans typed, everything else its lexical form."""
    if term is None:
        return None
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in _NUMBER_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


def _lexical(term: NamedNode | BlankNode | Literal | None) -> str:
    """A term's plain text, as SPARQL CSV results write it."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _table(solutions: QuerySolutions) -> tuple[list[str], list[list[Any]]]:
    columns = [v.value for v in solutions.variables]
    rows = [[plain_value(solution[i]) for i in range(len(columns))] for solution in solutions]
    return columns, rows


def render(query: NamedQuery, values: dict[str, str | None], solutions: QuerySolutions,
           fmt: ResultsFormat) -> bytes:
    """The body of an answer (runs in a worker thread: it consumes the solutions)."""
    if fmt.key in ("csv", "sparql-json"):
        native = QueryResultsFormat.CSV if fmt.key == "csv" else QueryResultsFormat.JSON
        serialized = solutions.serialize(format=native)
        assert serialized is not None  # serialize() returns the bytes when given no output
        return serialized
    if fmt.key == "tsv":
        columns = [v.value for v in solutions.variables]
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_lexical(solution[i]) for i in range(len(columns))] for solution in solutions)
        return out.getvalue().encode("utf-8")
    columns, rows = _table(solutions)
    body: dict[str, Any] = {
        "query": query.name,
        "parameters": values,
        "columns": columns,
        "rows": [dict(zip(columns, row, strict=True)) for row in rows],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _run(store: GraphStore, query: NamedQuery, params: dict[str, str], fmt: ResultsFormat) -> bytes:
    result = store.query(query.sparql, substitutions=query.bind(params))
    if not isinstance(result, QuerySolutions):
        raise QueryError(f"named query {query.name!r} is not a SELECT query")
    return render(query, query.effective_values(params), result, fmt)


# --- OpenAPI description of each query


def _parameter_doc(p: QueryParameter) -> dict[str, Any]:
    schema = dict(p.type.schema)
    if p.default is not None:
        schema["default"] = _schema_value(schema, p.default)
    doc: dict[str, Any] = {
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": f"{p.description} (type {p.type.name}: {p.type.doc})",
        "schema": schema,
    }
    if p.example is not None:
        doc["example"] = _schema_value(schema, p.example)
    return doc


def _schema_value(schema: dict[str, Any], value: str) -> Any:
    if schema.get("type") == "integer":
        try:
            return int(value.strip().removesuffix("."))
        except ValueError:
            return value
    if schema.get("type") == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value


_FORMAT_PARAMETER: dict[str, Any] = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "Results format; overrides the Accept header. json: plain rows (default); csv and tsv: "
                   "a header row and plain values; sparql-json: W3C SPARQL JSON results.",
    "schema": {"type": "string", "enum": [f.key for f in FORMATS]},
}


def _description(query: NamedQuery) -> str:
    lines = [query.description, ""]
    if query.tags:
        lines += [f"Tags: {', '.join(query.tags)}.", ""]
    if query.columns:
        lines += ["Result columns:", ""]
        lines += [f"* `{c.name}`: {c.description}" for c in query.columns]
        lines.append("")
    lines.append(f"Source: `{query.source}`.")
    return "\n".join(lines)


def _responses(query: NamedQuery) -> dict[int | str, dict[str, Any]]:
    example_row = {c.name: "..." for c in query.columns}
    return {
        200: {
            "description": "The results, one row per solution",
            "content": {
                "application/json": {"example": {"query": query.name, "parameters": query.example_values(),
                                                 "columns": [c.name for c in query.columns],
                                                 "rows": [example_row]}},
                "text/csv": {"schema": {"type": "string"}},
                "text/tab-separated-values": {"schema": {"type": "string"}},
                "application/sparql-results+json": {"schema": {"type": "object"}},
            },
        },
        400: {"description": "A parameter is missing, unknown, or does not fit its type (the message names it)"},
        406: {"description": "No results format fits the Accept header"},
    }


# --- routes


def _list_endpoint(queries: Sequence[NamedQuery]) -> Callable[[Request], Coroutine[Any, Any, JSONResponse]]:
    async def list_queries(request: Request) -> JSONResponse:
        return JSONResponse([describe(q, request) for q in queries])

    return list_queries


def describe(query: NamedQuery, request: Request) -> dict[str, Any]:
    """A query as ``GET /queries`` lists it."""
    url = str(request.url_for(route_name(query)))
    example = query.example_values()
    example_url = f"{url}?{urlencode(example)}" if example else url
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [
            {
                "name": p.name,
                "type": p.type.name,
                "typeDescription": p.type.doc,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "description": p.description,
            }
            for p in query.parameters
        ],
        "columns": [{"name": c.name, "description": c.description} for c in query.columns],
        "links": {
            "self": url,
            "example": example_url,
            "exampleCsv": example_url + ("&" if example else "?") + "format=csv",
        },
    }


def route_name(query: NamedQuery) -> str:
    return f"named-query:{query.name}"


def _run_endpoint(query: NamedQuery) -> Callable[..., Coroutine[Any, Any, Response]]:
    async def run_named_query(request: Request, store: Annotated[GraphStore, Depends(get_query_store)]) -> Response:
        args = request.query_params
        for key in args:
            if len(args.getlist(key)) > 1:
                raise ParameterError(key, "given more than once")
        fmt = choose_format(args.get("format"), request.headers.get("accept"))
        params = {k: v for k, v in args.items() if k != "format"}
        body = await run_in_threadpool(_run, store, query, params, fmt)
        headers = {}
        if fmt.key in ("csv", "tsv"):
            headers["Content-Disposition"] = f'inline; filename="{query.name}.{fmt.key}"'
        return Response(body, media_type=fmt.content_type, headers=headers)

    run_named_query.__name__ = "query_" + query.name.replace("-", "_")
    return run_named_query


def _unknown_endpoint(queries: Sequence[NamedQuery]) -> Callable[..., Coroutine[Any, Any, Response]]:
    names = ", ".join(q.name for q in queries)

    async def unknown_query(request: Request, name: str) -> Response:
        return error_response(request.headers.get("accept"), 404, "unknown-query",
                              f"no named query {name!r}; known queries: {names} (see /queries)")

    return unknown_query


def build_router(queries: Sequence[NamedQuery] | None = None) -> APIRouter:
    """The router: the list, one documented route per query, and a 404 for any other name."""
    known = list(queries) if queries is not None else list_named()
    router = APIRouter(tags=[TAG])
    router.add_api_route(
        "/queries", _list_endpoint(known), methods=["GET"], name="named-queries",
        summary="List the named research queries",
        description="Every named query with its summary, description, tags, parameters (name, type, "
                    "whether required, default, example), result columns and links to run it.",
    )
    for query in known:
        router.add_api_route(
            f"/queries/{query.name}",
            _run_endpoint(query),
            methods=["GET"],
            name=route_name(query),
            summary=query.summary,
            description=_description(query),
            operation_id="query_" + query.name.replace("-", "_"),
            responses=_responses(query),
            openapi_extra={"parameters": [*(_parameter_doc(p) for p in query.parameters), _FORMAT_PARAMETER]},
            response_class=Response,
        )
    router.add_api_route("/queries/{name}", _unknown_endpoint(known), methods=["GET"], include_in_schema=False)
    return router
