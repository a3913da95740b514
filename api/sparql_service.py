"""The SPARQL service behind the routes: dataset tracking, result cache, worker pool and updates.

Routes (and other parts of the API, such as named queries) call :meth:`SparqlService.query`
with a :class:`QueryRequest`; they never touch the store themselves. One instance lives in
``app.state.sparql``; tests may swap it through ``app.dependency_overrides[get_sparql_service]``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass, field

from fastapi import Request
from pyoxigraph import BlankNode, Literal, NamedNode

from hrcgraph.api.cache import ResultCache
from hrcgraph.api.pool import Worker, WorkerPool
from hrcgraph.api.remote_dataset import dataset_tracker
from hrcgraph.api.worker_protocol import Answer, QueryTask, UpdateTask, term_to_json
from hrcgraph.graph.errors import (
    NotAcceptable,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    UpdatesDisabled,
)
from hrcgraph.graph.formats import BY_KEY, GRAPH_FORMATS, RESULT_FORMATS, MediaFormat
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.sparql_text import describe_syntax_error, is_update, uses_service
from hrcgraph.settings import Settings

#: Graph formats whose output uses prefixes (our PREFIXES make Turtle and TriG shorter and readable).
_PREFIXED_FORMATS = frozenset({"ttl", "trig", "rdfxml"})


@dataclass(frozen=True)
class QueryRequest:
    query: str
    results_format: str | None
    """The format for SELECT and ASK results (a key of graph.formats.BY_KEY), None if none is acceptable."""
    graph_format: str | None
    """The format for CONSTRUCT and DESCRIBE results, None if none is acceptable."""
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    substitutions: tuple[tuple[str, NamedNode | BlankNode | Literal], ...] = ()
    """Values bound to variables (pyoxigraph's substitutions, SEP-0007), e.g. a named query's parameters."""

    def fingerprint(self, dataset: PublishedDataset, max_rows: int) -> str:
        """A digest of everything the answer depends on (for ETags)."""
        h = hashlib.sha256()
        for part in (
            dataset.version, self.query, repr(self.default_graph), repr(self.named_graphs),
            self.results_format or "", self.graph_format or "", str(max_rows), repr(self.substitutions),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:24]


@dataclass(frozen=True)
class QueryResponse:
    kind: str
    format: MediaFormat
    body: bytes
    truncated: bool
    dataset: PublishedDataset
    elapsed_ms: float
    cached: bool = False


@dataclass
class ServiceCounters:
    queries: int = 0
    timeouts: int = 0
    updates: int = 0
    errors: dict[str, int] = field(default_factory=dict)


class SparqlService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tracker = dataset_tracker(settings)
        self.pool = WorkerPool(settings.query_workers)
        self.cache: ResultCache[QueryResponse] = ResultCache(settings.cache_entries, settings.cache_bytes)
        self.counters = ServiceCounters()
        self._update_lock = asyncio.Lock()
        self.tracker.on_change(lambda _dataset: self.cache.clear())

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()
        self.cache.clear()
        self.tracker.close()

    def dataset(self) -> PublishedDataset:
        """The dataset published now (raises StoreError before the first build)."""
        return self.tracker.require()

    async def query(self, request: QueryRequest, *, max_rows: int | None = None) -> QueryResponse:
        """Run a query (or answer it from the cache). Raises QueryError, QueryTimeout, NotAcceptable."""
        limit = max_rows or self.settings.max_rows
        text = request.query
        if not text.strip():
            raise QueryError("the query is empty")
        if not self.settings.allow_service and uses_service(text):
            raise QueryError(
                "SERVICE (federated query) is not enabled on this endpoint: it answers from its own dataset only"
            )
        dataset = self.dataset()
        key = (dataset.version, text, request.default_graph, request.named_graphs,
               request.results_format, request.graph_format, limit, request.substitutions)
        hit = self.cache.get(key)
        if hit is not None:
            return QueryResponse(hit.kind, hit.format, hit.body, hit.truncated, dataset, 0.0, cached=True)
        task = QueryTask(
            query=text,
            results_format=request.results_format,
            graph_format=request.graph_format,
            max_rows=limit,
            default_graph=request.default_graph,
            named_graphs=request.named_graphs,
            prefixes=PREFIXES if request.graph_format in _PREFIXED_FORMATS else {},
            substitutions={k: term_to_json(v) for k, v in request.substitutions} or None,
            store=dataset.store_location,
            store_key=dataset.version,
        )
        self.counters.queries += 1
        header, body = await self.pool.run(task, self.settings.query_timeout_s)
        if not header.ok:
            raise self._error(header, text)
        assert body is not None and header.kind is not None and header.format is not None
        answer = QueryResponse(
            kind=header.kind,
            format=BY_KEY[header.format],
            body=body,
            truncated=header.truncated,
            dataset=dataset,
            elapsed_ms=header.elapsed_ms,
        )
        self.cache.put(key, answer, len(body) + len(text))
        return answer

    def _error(self, answer: Answer, text: str) -> Exception:
        """The error a worker reported, with a message for the client where the worker's is terse."""
        error = answer.exception()
        kind = answer.error or "internal"
        self.counters.errors[kind] = self.counters.errors.get(kind, 0) + 1
        if isinstance(error, QuerySyntaxError):
            if is_update(text):
                return QuerySyntaxError(
                    "SPARQL Update is not accepted on the query operation (/sparql): this endpoint is "
                    "read-only. Updates go to POST /sparql/update, with the server's update token."
                )
            return QuerySyntaxError(describe_syntax_error(text, answer.message))
        if isinstance(error, NotAcceptable):
            formats = RESULT_FORMATS if error.kind == "results" else GRAPH_FORMATS
            what = "SELECT and ASK" if error.kind == "results" else "CONSTRUCT and DESCRIBE"
            return NotAcceptable(
                f"none of the accepted media types fits {what} results; available: "
                + ", ".join(f.media_type for f in formats), kind=error.kind,
            )
        return error

    def check_update_token(self, token: str | None) -> None:
        """Raise unless updates are on and ``token`` is the update token."""
        expected = self.settings.update_token
        if expected is None:
            raise UpdatesDisabled(
                "updates are turned off on this server (set HRCGRAPH_UPDATE_TOKEN to turn them on)"
            )
        if self.settings.store:
            raise UpdatesDisabled("updates through hrcgraph are not available over a remote store: "
                                  "use the SPARQL server's own update endpoint")
        if token is None or not _same(token, expected):
            raise UpdatesDisabled("a valid 'Authorization: Bearer <token>' header is required", status=401)

    async def update(self, text: str, token: str | None) -> PublishedDataset:
        """Apply a SPARQL Update to the published store (requires the update token)."""
        self.check_update_token(token)
        if not text.strip():
            raise QueryError("the update is empty")
        async with self._update_lock, self.pool.exclusive(self.settings.query_timeout_s):
            # No query reads the store while the update writes it (Oxigraph leaves reading a store
            # that another process writes undefined); the workers reopen it afterwards.
            dataset = self.dataset()
            worker = await Worker.spawn()
            try:
                header, _ = await asyncio.wait_for(
                    worker.request(UpdateTask(store=dataset.store_location, update=text)),
                    self.settings.query_timeout_s,
                )
            except TimeoutError:
                worker.kill()
                raise QueryTimeout(
                    f"the update was stopped after {self.settings.query_timeout_s:g} s and not applied"
                ) from None
            finally:
                await worker.stop()
            if not header.ok:
                error = header.exception()
                if isinstance(error, QuerySyntaxError):
                    raise QuerySyntaxError(describe_syntax_error(text, header.message))
                raise StoreError(f"the update failed: {header.message}")
            self.counters.updates += 1
            return self.tracker.record_update()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


async def get_sparql_service(request: Request) -> SparqlService:
    """The FastAPI dependency that gives routes the service (async: no thread hop per request)."""
    service: SparqlService = request.app.state.sparql
    return service


