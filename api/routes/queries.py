"""Named research queries over HTTP.

``GET /queries`` lists the queries of ``queries/*.rq`` with their parameters, result columns and
links. ``GET /queries/{name}`` runs one; its parameters are query-string arguments. Each query gets
its own explicit route, built from its header when the app starts, so that the OpenAPI description
(``/docs``) documents every query with its parameters, their types, examples and descriptions.

A run goes through the SPARQL service of ``/sparql`` (:class:`api.sparql_service.SparqlService`):
the query file's text, byte for byte, with the parameters bound as RDF terms (substitutions), is
answered by a worker process that is killed at the time limit (503), cut at the row limit, and kept
in the result cache. Answers carry the same ``ETag``, ``Last-Modified``, ``X-HRC-Truncated``,
``X-HRC-Row-Limit``, ``X-HRC-Cache`` and ``X-HRC-Dataset-Version`` headers as ``/sparql``, and a
conditional GET that matches gets 304 without running the query.

Result formats (the ``format`` argument wins over the Accept header):

===========  ====================================  ==============================================
format       media type                            body
===========  ====================================  ==============================================
json         application/json (the default)        ``{"query", "parameters", "columns", "rows"}``:
                                                   one object per row, plain values (IRIs and
                                                   strings as text, numbers as numbers, booleans
                                                   as booleans, unbound as null); also
                                                   ``"truncated": true`` and ``"rowLimit"`` when
                                                   the row limit cut the rows
csv          text/csv                              W3C SPARQL CSV results: a header row, then plain
                                                   values (``pandas.read_csv(url)``, ``read.csv``)
tsv          text/tab-separated-values             the same plain values, tab-separated (not W3C
                                                   SPARQL TSV, which writes N-Triples terms)
sparql-json  application/sparql-results+json       W3C SPARQL JSON results (typed RDF terms)
===========  ====================================  ==============================================

``json`` and ``sparql-json`` are made from the service's SPARQL JSON results, ``csv`` and ``tsv``
from its SPARQL CSV results, so each pair shares one cache entry.

Errors: a value that does not fit its parameter's type, a missing required parameter and an
unknown parameter are ``ParameterError`` (400, naming the parameter and why); an unknown query is
404; an unknown ``format`` is 400 and an Accept header that allows none of the formats 406; a run
past the time limit, or no published dataset, is 503.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from hrcgraph.api.conditional import dataset_headers, not_modified, unless_client_leaves
from hrcgraph.api.negotiation import best_match
from hrcgraph.api.pool import TimeLimitReached
from hrcgraph.api.sparql_service import QueryRequest, QueryResponse, SparqlService, get_sparql_service
from hrcgraph.graph.errors import NotAcceptable, ParameterError, ProtocolError, QueryTimeout, UnknownNamedQuery
from hrcgraph.graph.formats import CSV_RESULTS, JSON_RESULTS, TSV_RESULTS, content_type
from hrcgraph.graph.named_queries import NamedQuery, QueryParameter, list_named
from hrcgraph.graph.published import PublishedDataset

TAG = "named queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                      "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                      "unsignedShort", "unsignedByte")
)
_NUMBER_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))

Service = Annotated[SparqlService, Depends(get_sparql_service)]


@dataclass(frozen=True)
class ResultsFormat:
    key: str
    media_type: str
    service_format: str
    """The results format asked of the SPARQL service (a key of graph.formats.BY_KEY)."""

    @property
    def content_type(self) -> str:
        return content_type(self.media_type)


FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", "application/json", JSON_RESULTS.key),  # this API's own JSON, plain values
    ResultsFormat("csv", CSV_RESULTS.media_type, CSV_RESULTS.key),
    ResultsFormat("tsv", TSV_RESULTS.media_type, CSV_RESULTS.key),  # plain values, made from CSV results
    ResultsFormat("sparql-json", JSON_RESULTS.media_type, JSON_RESULTS.key),
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


# --- results, from the bytes the service serialized


def plain_value(term: dict[str, str] | None) -> Any:
    """A term of SPARQL JSON results as a plain JSON value: numbers and booleans typed, everything
    else its lexical form (blank nodes as ``_:id``, unbound as None)."""
    if term is None:
        return None
    value = term["value"]
    kind = term["type"]
    if kind == "bnode":
        return f"_:{value}"
    if kind not in ("literal", "typed-literal"):
        return value
    datatype = term.get("datatype")
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype in _NUMBER_TYPES:
            number = float(value)
            return number if math.isfinite(number) else value  # JSON has no INF or NaN
    except ValueError:
        return value
    if datatype == XSD + "boolean":
        return value.strip() in ("true", "1")
    return value


def plain_json(query: NamedQuery, values: dict[str, str | None], sparql_json: bytes) -> bytes:
    """The default JSON body, from SPARQL JSON results (a ``truncated`` mark there is kept)."""
    results = json.loads(sparql_json)
    if "results" not in results:
        raise RuntimeError(f"the named query {query.name!r} is not a SELECT query")
    columns: list[str] = results["head"]["vars"]
    body: dict[str, Any] = {
        "query": query.name,
        "parameters": values,
        "columns": columns,
        "rows": [{c: plain_value(b.get(c)) for c in columns} for b in results["results"]["bindings"]],
    }
    if results.get("truncated"):
        body["truncated"] = True
        body["rowLimit"] = results.get("rowLimit")
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def csv_to_tsv(sparql_csv: bytes) -> bytes:
    """SPARQL CSV results re-written tab-separated: the same header and plain values (a value holding
    a tab, a line break or a double quote is quoted, as in CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerows(csv.reader(io.StringIO(sparql_csv.decode("utf-8"), newline="")))
    return out.getvalue().encode("utf-8")


async def render(query: NamedQuery, values: dict[str, str | None], answer: QueryResponse,
                 fmt: ResultsFormat) -> bytes:
    """The body of an answer in ``fmt``, from the service's bytes (re-written off the event loop)."""
    if fmt.key == "json":
        return await run_in_threadpool(plain_json, query, values, answer.body)
    if fmt.key == "tsv":
        return await run_in_threadpool(csv_to_tsv, answer.body)
    return answer.body


def _etag(dataset: PublishedDataset, request: QueryRequest, query: NamedQuery, fmt: ResultsFormat,
          values: dict[str, str | None], max_rows: int) -> str:
    """A weak ETag of everything the body depends on: the service's fingerprint, the query, the
    format, and the parameter values as given (the JSON body echoes them)."""
    h = hashlib.sha256()
    for part in (request.fingerprint(dataset, max_rows), query.name, fmt.key, json.dumps(values, sort_keys=True)):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return f'W/"{dataset.tag}-{h.hexdigest()[:24]}"'


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
            "description": "The results, one row per solution. Headers: ETag, Last-Modified, X-HRC-Truncated "
                           "(true when the row limit cut the rows), X-HRC-Row-Limit, X-HRC-Cache, "
                           "X-HRC-Dataset-Version.",
            "content": {
                "application/json": {"example": {"query": query.name, "parameters": query.example_values(),
                                                 "columns": [c.name for c in query.columns],
                                                 "rows": [example_row]}},
                "text/csv": {"schema": {"type": "string"}},
                "text/tab-separated-values": {"schema": {"type": "string"}},
                "application/sparql-results+json": {"schema": {"type": "object"}},
            },
        },
        304: {"description": "Not modified (If-None-Match / If-Modified-Since match the dataset version)"},
        400: {"description": "A parameter is missing, unknown, or does not fit its type (the message names it)"},
        406: {"description": "No results format fits the Accept header"},
        503: {"description": "The query ran past the time limit and was stopped, or no dataset is published"},
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
    async def run_named_query(request: Request, service: Service) -> Response:
        args = request.query_params
        for key in args:
            if len(args.getlist(key)) > 1:
                raise ParameterError(key, "given more than once")
        fmt = choose_format(args.get("format"), request.headers.get("accept"))
        params = {k: v for k, v in args.items() if k != "format"}
        bound = query.bind(params)
        values = query.effective_values(params)
        req = QueryRequest(query.sparql, results_format=fmt.service_format, graph_format=None,
                           substitutions=tuple(bound.items()))
        dataset = service.dataset()
        max_rows = service.settings.max_rows
        headers = dataset_headers(dataset, _etag(dataset, req, query, fmt, values, max_rows))
        if not_modified(request, headers["ETag"], dataset.last_modified):
            return Response(status_code=304, headers=headers)
        try:
            answer = await unless_client_leaves(request, service.query(req))
        except TimeLimitReached:
            raise QueryTimeout(
                f"the named query {query.name!r} was stopped after {service.settings.query_timeout_s:g} s "
                "(the time limit of this server); narrow it down with its parameters (a shorter span of "
                "years, a more specific value), or run it on a local copy of the data with "
                f"'hrcgraph query --named {query.name}'"
            ) from None
        body = await render(query, values, answer, fmt)
        headers.update({
            "X-HRC-Truncated": "true" if answer.truncated else "false",
            "X-HRC-Row-Limit": str(max_rows),
            "X-HRC-Cache": "hit" if answer.cached else "miss",
            "Server-Timing": f"query;dur={answer.elapsed_ms:.1f}",
        })
        if fmt.key in ("csv", "tsv"):
            headers["Content-Disposition"] = f'inline; filename="{query.name}.{fmt.key}"'
        return Response(body, media_type=fmt.content_type, headers=headers)

    run_named_query.__name__ = "query_" + query.name.replace("-", "_")
    return run_named_query


def _unknown_endpoint(queries: Sequence[NamedQuery]) -> Callable[..., Coroutine[Any, Any, Response]]:
    names = [q.name for q in queries]

    async def unknown_query(request: Request, name: str) -> Response:
        raise UnknownNamedQuery(name, names)

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
