"""The SPARQL 1.1 Protocol endpoint: /sparql (queries, read-only) and /sparql/update (token-protected).

* ``GET /sparql?query=...``, ``POST /sparql`` (form-encoded ``query=...``, or the query itself as
  ``application/sparql-query``), with ``default-graph-uri`` and ``named-graph-uri`` (repeatable).
* SELECT and ASK answer as SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle,
  N-Triples, JSON-LD, RDF/XML, N-Quads or TriG, chosen from the Accept header or the ``format``
  parameter.
* ``GET /sparql`` without a query: the service description (RDF), or the query editor for browsers.
* Every answer carries ``ETag`` and ``Last-Modified`` from the dataset version; conditional GETs
  get 304 without running the query. ``X-HRC-Truncated`` and ``X-HRC-Row-Limit`` say whether the
  row limit cut the results.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.routing import APIRoute
from pyoxigraph import serialize
from starlette.datastructures import MultiDict

from hrcgraph.api.conditional import dataset_headers, not_modified, unless_client_leaves
from hrcgraph.api.linked_data import public_base
from hrcgraph.api.negotiation import negotiate, parse_accept, quality
from hrcgraph.api.routes.editor import render_editor
from hrcgraph.api.service_description import ServiceDescriber, data_dump_links
from hrcgraph.api.sparql_service import QueryRequest, SparqlService, get_sparql_service
from hrcgraph.graph.errors import NotAcceptable, ProtocolError, QueryError, UnsupportedMediaType
from hrcgraph.graph.formats import GRAPH_FORMATS, OXIGRAPH_GRAPH, RESULT_FORMATS, MediaFormat
from hrcgraph.graph.namespaces import PREFIXES


class ProtocolRoute(APIRoute):
    """A documented route whose endpoint reads the request itself, as the protocol needs (a ``query``
    given exactly once, repeatable graph parameters, two kinds of POST body).

    FastAPI describes the route in OpenAPI from its declarations, but per request the endpoint is
    called with the request and the service directly, without FastAPI's parameter and dependency
    machinery: measured in-process, that machinery cost a light request 0.3 to 1 ms on top of
    about 2 ms. ``app.dependency_overrides[get_sparql_service]`` is still honoured.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Callable[[Request, SparqlService], Awaitable[Response]] = self.endpoint

        async def handler(request: Request) -> Response:
            return await endpoint(request, await _service(request))

        return handler


async def _service(request: Request) -> SparqlService:
    override = request.app.dependency_overrides.get(get_sparql_service, get_sparql_service)
    service = override(request)
    if inspect.isawaitable(service):
        service = await service
    assert isinstance(service, SparqlService)
    return service


router = APIRouter(tags=["SPARQL"], route_class=ProtocolRoute)
Service = Annotated[SparqlService, Depends(get_sparql_service)]

STREAM_ABOVE = 1 << 20
CHUNK = 256 * 1024
UPDATE_ON_QUERY = (
    "SPARQL Update is not accepted on the query operation (/sparql): this endpoint is read-only. "
    "Updates go to POST /sparql/update, with the server's update token."
)

_EXAMPLES: dict[str, Any] = {
    "json": {
        "head": {"vars": ["symbol"]},
        "results": {"bindings": [{"symbol": {"type": "literal", "value": "A/HRC/RES/55/25"}}]},
    },
    "xml": "<?xml version=\"1.0\"?><sparql ...>...</sparql>",
    "csv": "symbol\r\nA/HRC/RES/55/25\r\n",
    "tsv": "?symbol\n\"A/HRC/RES/55/25\"\n",
    "ttl": "<https://w3id.org/hrcgraph/id/text/A/HRC/RES/55/25> hrc:symbol \"A/HRC/RES/55/25\" .",
}
_RESULT_EXAMPLES = {f.media_type: ({"example": _EXAMPLES[f.key]} if f.key in _EXAMPLES else {})
                    for f in RESULT_FORMATS + GRAPH_FORMATS}
_QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The results (SELECT, ASK) or the graph (CONSTRUCT, DESCRIBE), in the negotiated format. "
                       "Headers: ETag, Last-Modified, X-HRC-Truncated (true when the row limit cut the "
                       "results), X-HRC-Row-Limit, X-HRC-Dataset-Version.",
        "content": _RESULT_EXAMPLES,
    },
    304: {"description": "Not modified (If-None-Match / If-Modified-Since match the dataset version)."},
    400: {"description": "A malformed query (the message gives line and column), a missing or repeated "
                         "`query`, an update sent to the query operation, an unknown `format`.",
          "content": {"text/plain": {"example": "Error 400: SPARQL syntax error at line 1, column 27: ..."}}},
    406: {"description": "No result format fits the Accept header."},
    413: {"description": "The request body is too large."},
    415: {"description": "A POST body that is neither form-encoded nor application/sparql-query."},
    503: {"description": "The query ran past the time limit and was stopped, or no dataset is published."},
}

#: The GET parameters, as the OpenAPI description lists them.
_GET_PARAMETERS: list[dict[str, Any]] = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it, GET answers with the "
                    "service description (RDF Accept) or the query editor (text/html).",
     "example": "SELECT ?symbol WHERE { ?text <https://w3id.org/hrcgraph/ontology#symbol> ?symbol } LIMIT 10"},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True,
     "description": "Graphs whose merge is the default graph (repeatable). Without it and without "
                    "named-graph-uri, the default graph is the union of all named graphs."},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True,
     "description": "Graphs available to GRAPH clauses (repeatable)."},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"}, "example": "json",
     "description": "Overrides the Accept header: json, xml, csv, tsv (SELECT, ASK); ttl, nt, jsonld, rdfxml, "
                    "nq, trig (CONSTRUCT, DESCRIBE)."},
]


def _describer(request: Request, service: SparqlService) -> ServiceDescriber:
    describer: ServiceDescriber | None = getattr(request.app.state, "describer", None)
    if describer is None or describer.service is not service:
        describer = ServiceDescriber(service)
        request.app.state.describer = describer
    return describer


@router.head("/sparql", name="sparql_query_head", include_in_schema=False)
@router.get(
    "/sparql",
    name="sparql_query",
    summary="SPARQL query (GET), service description, query editor",
    responses=_QUERY_RESPONSES,
    openapi_extra={"parameters": _GET_PARAMETERS},
)
async def sparql_get(request: Request, service: Service) -> Response:
    """Run a query given in the URL (SPARQL 1.1 Protocol, query via GET).

    The parameters are read from the request (``ProtocolRoute``); ``_GET_PARAMETERS`` documents them.
    """
    params = request.query_params
    queries = params.getlist("query")
    if not queries:
        if "update" in params:
            raise QueryError(UPDATE_ON_QUERY)
        return await _describe_or_edit(request, service)
    return await _answer(
        request, service, _one(queries),
        params.getlist("default-graph-uri"), params.getlist("named-graph-uri"), params.get("format"),
    )


@router.post(
    "/sparql",
    name="sparql_query_post",
    summary="SPARQL query (POST)",
    responses=_QUERY_RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string", "example": "ASK { ?s ?p ?o }"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "format": {"type": "string", "example": "json"},
                        },
                    },
                },
                "application/sparql-query": {
                    "schema": {"type": "string"},
                    "example": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                },
            },
        },
    },
)
async def sparql_post(request: Request, service: Service) -> Response:
    """Run a query sent in the body: form-encoded (``query=...``) or as ``application/sparql-query``.

    With ``application/sparql-query``, ``default-graph-uri``, ``named-graph-uri`` and ``format`` go
    in the URL.
    """
    media_type = _media_type(request)
    params = request.query_params
    if media_type == "application/x-www-form-urlencoded":
        form = await _form(request)
        queries = [str(q) for q in form.getlist("query")]
        if not queries and form.getlist("update"):
            raise QueryError(UPDATE_ON_QUERY)
        if params.getlist("query"):
            queries += params.getlist("query")
        default = [str(g) for g in form.getlist("default-graph-uri")] or params.getlist("default-graph-uri")
        named = [str(g) for g in form.getlist("named-graph-uri")] or params.getlist("named-graph-uri")
        fmt = form.get("format") or params.get("format")
        return await _answer(request, service, _one(queries), default, named, str(fmt) if fmt else None)
    if media_type == "application/sparql-query":
        if params.getlist("query"):
            raise ProtocolError("the query is both in the body and in the URL; send it once")
        text = await _text_body(request)
        return await _answer(
            request, service, text, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"),
            params.get("format"),
        )
    if media_type == "application/sparql-update":
        raise QueryError(UPDATE_ON_QUERY)
    raise UnsupportedMediaType(
        (f"a query cannot be sent as {media_type!r}" if media_type else "the request has no Content-Type")
        + ": send it form-encoded (application/x-www-form-urlencoded, field 'query') or as "
        "application/sparql-query"
    )


@router.post(
    "/sparql/update",
    name="sparql_update",
    summary="SPARQL Update (needs the update token)",
    responses={
        200: {"description": "The update was applied; the body gives the new dataset version."},
        400: {"description": "A malformed update."},
        401: {"description": "No or wrong `Authorization: Bearer <token>`."},
        403: {"description": "Updates are turned off on this server (no update token is set)."},
        415: {"description": "A body that is neither application/sparql-update nor form-encoded `update=`."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-update": {"schema": {"type": "string"},
                                              "example": "INSERT DATA { <urn:x:a> <urn:x:b> \"c\" }"},
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "required": ["update"],
                               "properties": {"update": {"type": "string"}}},
                },
            },
        },
    },
)
async def sparql_update(request: Request, service: Service) -> Response:
    """Apply a SPARQL Update to the published dataset. Off unless the server has an update token
    (``HRCGRAPH_UPDATE_TOKEN``); the request must carry ``Authorization: Bearer <token>``. Each update
    changes the dataset version, so caches and ETags move on."""
    token = _bearer(request)
    service.check_update_token(token)
    media_type = _media_type(request)
    if media_type == "application/sparql-update":
        text = await _text_body(request)
    elif media_type == "application/x-www-form-urlencoded":
        form = await _form(request)
        updates = [str(u) for u in form.getlist("update")]
        if len(updates) != 1:
            raise ProtocolError("give the 'update' field exactly once")
        text = updates[0]
    else:
        raise UnsupportedMediaType(
            "an update is sent as application/sparql-update or form-encoded (field 'update')"
        )
    dataset = await service.update(text, token)
    return Response(
        f"update applied; dataset version {dataset.version}\n",
        media_type="text/plain; charset=utf-8",
        headers={"X-HRC-Dataset-Version": dataset.version, "Cache-Control": "no-store"},
    )


# --- helpers


def _one(queries: list[str]) -> str:
    if not queries:
        raise ProtocolError("the 'query' parameter is missing")
    if len(queries) > 1:
        raise ProtocolError(f"the 'query' parameter is given {len(queries)} times; give it once")
    return queries[0]


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _form(request: Request) -> MultiDict:
    """The fields of a form-encoded body (parsed here: the protocol's forms are small and flat)."""
    try:
        text = (await request.body()).decode("utf-8")
        return MultiDict(parse_qsl(text, keep_blank_values=True, strict_parsing=False))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"the form-encoded body cannot be read: {exc}") from exc


async def _text_body(request: Request) -> str:
    raw = await request.body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"the body is not UTF-8 (byte {exc.start})") from exc


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def _answer(
    request: Request,
    service: SparqlService,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    format_param: str | None,
) -> Response:
    negotiated = negotiate(request.headers.get("accept"), format_param)
    if negotiated.results is None and negotiated.graph is None:
        raise NotAcceptable(
            "none of the accepted media types is a format of this endpoint; available: "
            + ", ".join(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS)
        )
    given = bool(default_graphs or named_graphs)
    req = QueryRequest(
        query=query,
        results_format=negotiated.results.key if negotiated.results else None,
        graph_format=negotiated.graph.key if negotiated.graph else None,
        default_graph=tuple(default_graphs) if given else None,
        named_graphs=tuple(named_graphs) if given else None,
    )
    dataset = service.dataset()
    etag = f'W/"{dataset.tag}-{req.fingerprint(dataset, service.settings.max_rows)}"'
    headers = dataset_headers(dataset, etag)
    if not_modified(request, etag, dataset.last_modified):
        return Response(status_code=304, headers=headers)
    result = await unless_client_leaves(request, service.query(req))
    headers.update({
        "X-HRC-Truncated": "true" if result.truncated else "false",
        "X-HRC-Row-Limit": str(service.settings.max_rows),
        "X-HRC-Cache": "hit" if result.cached else "miss",
        "Server-Timing": f"query;dur={result.elapsed_ms:.1f}",
    })
    return _body_response(request, result.body, result.format, headers)


def _body_response(request: Request, body: bytes, fmt: MediaFormat, headers: dict[str, str]) -> Response:
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=fmt.content_type, headers=headers)
    if len(body) > STREAM_ABOVE:
        headers["Content-Length"] = str(len(body))
        return StreamingResponse(_chunks(body), media_type=fmt.content_type, headers=headers)
    return Response(body, media_type=fmt.content_type, headers=headers)


def _chunks(body: bytes) -> Iterator[bytes]:
    view = memoryview(body)
    for start in range(0, len(body), CHUNK):
        yield bytes(view[start:start + CHUNK])


async def _describe_or_edit(request: Request, service: SparqlService) -> Response:
    accept = request.headers.get("accept")
    ranges = parse_accept(accept)
    rdf = negotiate(accept, None).graph
    rdf_q = max([quality(ranges, rdf.media_type)] + [quality(ranges, a) for a in rdf.aliases]) if rdf else 0.0
    html_q = max(quality(ranges, "text/html"), quality(ranges, "application/xhtml+xml"))
    if html_q > rdf_q:
        return render_editor(request, service)
    if rdf is None:
        raise NotAcceptable(
            "the service description is available as "
            + ", ".join(f.media_type for f in GRAPH_FORMATS) + ", and the query editor as text/html"
        )
    dataset = service.dataset()
    etag = f'W/"{dataset.tag}-sd-{rdf.key}"'
    headers = dataset_headers(dataset, etag)
    if not_modified(request, etag, dataset.last_modified):
        return Response(status_code=304, headers=headers)
    describer = _describer(request, service)
    stats = await describer.statistics(dataset)
    endpoint = _public_url(request, service, "sparql_query")
    update = _public_url(request, service, "sparql_update") if service.settings.update_token else None
    triples = describer.describe(endpoint, update, dataset, stats)
    triples += data_dump_links(service.settings.base_iri, public_base(request), dataset.manifest)
    body = serialize(triples, format=OXIGRAPH_GRAPH[rdf.key], prefixes=_SD_PREFIXES)
    assert body is not None
    return _body_response(request, body, rdf, headers)


_SD_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
    "dct": PREFIXES["dct"],
    "rdfs": PREFIXES["rdfs"],
    "xsd": PREFIXES["xsd"],
}


def _public_url(request: Request, service: SparqlService, name: str) -> str:
    """A route's address at the server's public address (``HRCGRAPH_PUBLIC_URL``, else the request's)."""
    return public_base(request).rstrip("/") + request.url_for(name).path
