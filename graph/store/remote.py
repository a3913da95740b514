"""A remote store: any SPARQL 1.1 server, through the SPARQL 1.1 Protocol and the Graph Store HTTP Protocol.

Queries are POSTed to the query endpoint and the answer is parsed into the same pyoxigraph result
objects as the embedded store gives (``QuerySolutions``, ``QueryBoolean``, ``QueryTriples``), so
everything above :class:`~hrcgraph.graph.store.base.GraphStore` works unchanged and serializes
natively. Before a query leaves, pyoxigraph parses it (against an empty in-memory store): a
malformed query gets the same :class:`~hrcgraph.graph.errors.QueryError` on both engines, and the
query's form (SELECT, ASK, CONSTRUCT/DESCRIBE) decides what to ask the server for.

The dataset is the set of named graphs listed in the server's manifest graph (:mod:`.manifest`,
written when a build is published), not whatever else the server holds (Virtuoso keeps system
graphs of its own): they are the named graphs (``named-graph-uri``), and the default graph
(``default-graph-uri``) is the union graph the publication wrote beside them (the list of the
graphs, where it wrote none), unless the caller or the query's own ``FROM`` says otherwise.

Where a server answers its own way, the answer is normalized here (Virtuoso answers ASK as a one-row
SELECT, names blank nodes ``nodeID://...`` and writes ``true`` as ``1``).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from hrcgraph.graph.errors import QueryEvaluationError, QuerySyntaxError, QueryTimeout, StoreError
from hrcgraph.graph.sparql_text import code_only, keywords
from hrcgraph.graph.store.base import (
    AskResult,
    GraphResult,
    GraphStore,
    QueryResult,
    Replacement,
    SelectResult,
    StoreCapabilities,
    Term,
)
from hrcgraph.graph.store.manifest import (
    GRAPH,
    MANIFEST_GRAPH,
    RemoteManifest,
    manifest_triples,
    read_manifest,
    union_graph,
    union_triple,
)
from hrcgraph.graph.store.query_text import with_prefixes, with_values

if TYPE_CHECKING:
    from hrcgraph.graph.manifest import BuildManifest  # graph.manifest imports this package

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
#: Triples sent per Graph Store protocol request when loading.
LOAD_BATCH = 200_000

_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
_VIRTUOSO_BOOLEAN = re.compile(
    rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")([01])"'
)


class RemoteStore(GraphStore):
    """A SPARQL 1.1 server. ``endpoint`` is its query URL (``http://host:8890/sparql``).

    ``update_endpoint`` (SPARQL Update) and ``graph_store_endpoint`` (Graph Store HTTP Protocol) are
    needed to load; for Virtuoso they default to ``/sparql`` and ``/sparql-graph-crud`` (``-auth``
    variants when credentials are given). ``timeout_s`` is sent to the server as its own time limit
    (Virtuoso's ``timeout`` parameter) and bounds the HTTP exchange."""

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout_s: float = 60.0,
        graphs: Sequence[str] | None = None,
        manifest_graph: str = MANIFEST_GRAPH,
        writable: bool = False,
    ) -> None:
        super().__init__()
        self.capabilities = StoreCapabilities(named_graphs=True, substitutions=False,
                                              replacement=Replacement.IN_STORE, writable=writable)
        self.endpoint = endpoint
        base = endpoint.rsplit("/", 1)[0]
        suffix = "-auth" if user else ""
        self.update_endpoint = update_endpoint or endpoint + suffix
        self.graph_store_endpoint = graph_store_endpoint or f"{base}/sparql-graph-crud{suffix}"
        self._auth = httpx.DigestAuth(user, password or "") if user else None
        self.timeout_s = timeout_s
        self._graphs: list[str] | None = list(graphs) if graphs is not None else None
        self._union: str | None = None
        self._client: httpx.Client | None = None
        self.manifest_graph = manifest_graph

    # -- the dataset ------------------------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        if self._client is None:  # made on first use, so that a forked worker gets its own
            self._client = httpx.Client(timeout=httpx.Timeout(self.timeout_s + 10, connect=10), auth=self._auth)
        return self._client

    def manifest(self) -> RemoteManifest | None:
        """The published build's manifest as stored on the server, or None before the first publication."""
        return read_manifest(self, self.manifest_graph)

    def graphs(self) -> list[str]:
        """The named graphs that make up the dataset (read from the server's manifest graph once)."""
        if self._graphs is None:
            found = self.manifest()
            self._graphs = list(found.graphs) if found else []
            self._union = found.union if found else None
        return self._graphs

    def default_graphs(self) -> list[str]:
        """What is sent as the default graph: the union graph, or the list of the graphs without one."""
        graphs = self.graphs()
        return [self._union] if self._union else graphs

    def refresh(self) -> None:
        """Forget the graph list, so that the next query reads the manifest again (after a publication)."""
        self._graphs = None
        self._union = None

    # -- queries ----------------------------------------------------------------------------------

    def _query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        prefixes: Mapping[str, str] | None,
    ) -> QueryResult:
        form = _form(sparql, substitutions, prefixes)
        text = with_values(with_prefixes(sparql, prefixes), substitutions)
        params: list[tuple[str, str]] = [("query", text)]
        params += self._dataset(sparql, default_graph, named_graphs)
        params.append(("timeout", str(int(self.timeout_s * 1000))))
        accept = N_TRIPLES if form is QueryTriples else SPARQL_JSON
        body = self._post_query(params, accept)
        try:
            if form is QueryTriples:
                return GraphResult([q.triple for q in parse(body, format=RdfFormat.N_TRIPLES)])
            result = parse_query_results(_normalize_json(body), QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL server at {self.endpoint} sent an answer that does not parse: {exc}") from exc
        if isinstance(result, QueryBoolean):
            return AskResult(result)
        if form is QueryBoolean:
            return AskResult(_ask_answer(result))
        return SelectResult(result)

    def _dataset(self, sparql: str, default_graph: Sequence[str] | None,
                 named_graphs: Sequence[str] | None) -> list[tuple[str, str]]:
        if default_graph is None and named_graphs is None and "FROM" in keywords(sparql):
            return []  # the query's own FROM / FROM NAMED say which graphs it reads
        empty = [self.manifest_graph + "#empty"]  # a graph that holds nothing: an empty dataset stays empty
        defaults = (list(default_graph) if default_graph is not None else self.default_graphs()) or empty
        named = (list(named_graphs) if named_graphs is not None else self.graphs()) or empty
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _post_query(self, params: list[tuple[str, str]], accept: str) -> bytes:
        try:
            response = self.client.post(self.endpoint, data=_form_data(params), headers={"Accept": accept})
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the SPARQL server at {self.endpoint} did not answer within "
                               f"{self.timeout_s:.0f} s") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.endpoint}: {exc}") from exc
        if response.status_code == 200:
            return response.content
        message = _server_message(response)
        if "SP030" in message:  # Virtuoso's parser (ours accepted the query: a dialect difference)
            raise QuerySyntaxError(f"the SPARQL server cannot parse the query: {message}")
        if "S1T00" in message or "timed out" in message.lower() or response.status_code == 504:
            raise QueryTimeout(f"the SPARQL server at {self.endpoint} stopped the query: {message}")
        if response.status_code < 500 or "SPARQL" in message or "Virtuoso" in message:
            raise QueryEvaluationError(f"the query failed on the SPARQL server: {message}")
        raise StoreError(f"the SPARQL server at {self.endpoint} answered {response.status_code}: {message}")

    # -- writing ----------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update request on the server (``StoreError`` on a read-only handle)."""
        self._check_writable()
        self._write("POST", self.update_endpoint, "SPARQL Update", data={"update": sparql})

    def put_graph(self, graph: str, ntriples: bytes, *, replace: bool = False) -> None:
        """Add N-Triples to a graph with the Graph Store HTTP Protocol (PUT replaces, POST adds)."""
        self._write("PUT" if replace else "POST", self.graph_store_endpoint, f"loading <{graph}>",
                    params={"graph": graph}, content=ntriples, headers={"Content-Type": N_TRIPLES})

    def _write(self, method: str, url: str, what: str, **request: Any) -> None:
        """One writing request (no time limit but the connection's): StoreError naming ``what`` and ``url``."""
        try:
            response = self.client.request(method, url, timeout=httpx.Timeout(3600, connect=10), **request)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}") from exc
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"{what} at {url} failed ({response.status_code}): {_server_message(response)}")

    def _check_writable(self) -> None:
        if not self.capabilities.writable:
            raise StoreError(f"the store at {self.endpoint} is open read-only (open it writable to load)")

    def load(self, quads: Iterable[Quad]) -> None:
        """Add quads, graph by graph, with the Graph Store HTTP Protocol, and list their graphs in the
        manifest graph so that queries see them. Quads in the default graph are refused: the dataset
        is made of named graphs."""
        self._check_writable()
        added = self._put_quads(quads, rename=None)
        new = sorted(set(added) - set(self.graphs()))
        if new:
            m = NamedNode(self.manifest_graph)
            listed = " ".join(f"{m} {GRAPH} {NamedNode(g)} ." for g in new)
            self.update(f"INSERT DATA {{ GRAPH {m} {{ {listed} }} }}")
            self._graphs = [*self.graphs(), *new]
        if self._union and added:  # the union graph stays the union of the graphs
            self.update(" ;\n".join(f"ADD SILENT GRAPH {NamedNode(g)} TO GRAPH {NamedNode(self._union)}"
                                     for g in added))

    def load_serialized(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        try:
            quads = list(parse(data, format=fmt))
        except SyntaxError as exc:
            raise StoreError(f"cannot load the {fmt} data: {exc}") from exc
        self.load(quads)

    def replace(self, quads: Iterable[Quad], *, manifest: BuildManifest | None = None) -> None:
        """Load the quads into staging graphs, check them, then switch with one SPARQL Update request
        (``DROP`` the old graphs, ``MOVE`` the new ones into place, rewrite the manifest graph, with
        the build ``manifest`` when one is given: its ``version`` is what servers read)."""
        self._check_writable()
        token = uuid.uuid4().hex
        stage = staging_namespace(token)
        counts: dict[str, int] = {}
        added = self._put_quads(quads, rename=lambda g: stage + quote(g, safe=""), counts=counts)
        check_staged_counts(self, {g: stage + quote(g, safe="") for g in added}, counts)
        old = self.graphs()
        m = NamedNode(self.manifest_graph)
        union = union_graph(manifest.version if manifest is not None else token, self.manifest_graph)
        ops = [f"DROP SILENT GRAPH {NamedNode(g)}" for g in old if g not in added]
        if self._union and self._union != union:
            ops.append(f"DROP SILENT GRAPH {NamedNode(self._union)}")
        ops += [f"MOVE SILENT GRAPH {NamedNode(stage + quote(g, safe=''))} TO GRAPH {NamedNode(g)}" for g in added]
        ops += union_updates(union, added)
        if manifest is not None:
            triples = manifest_triples(manifest, added, manifest_graph=self.manifest_graph, union=union)
        else:
            triples = [Triple(m, GRAPH, NamedNode(g)) for g in added] + [union_triple(union, self.manifest_graph)]
        listed = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        ops += [f"DROP SILENT GRAPH {m}", f"INSERT DATA {{ GRAPH {m} {{ {listed} }} }}"]
        self.update(" ;\n".join(ops))
        self._graphs, self._union = sorted(added), union

    def _put_quads(self, quads: Iterable[Quad], *, rename: Callable[[str], str] | None,
                   counts: dict[str, int] | None = None) -> list[str]:
        """Send quads graph by graph (batches of ``LOAD_BATCH`` triples); the graphs met, in order."""
        pending: dict[str, list[Triple]] = {}
        seen: list[str] = []
        for quad in quads:
            graph = quad.graph_name
            if not isinstance(graph, NamedNode):
                raise StoreError("a remote store holds named graphs only: a quad has no graph name")
            batch = pending.get(graph.value)
            if batch is None:
                batch = pending[graph.value] = []
                seen.append(graph.value)
                if rename is not None:
                    self.put_graph(rename(graph.value), b"", replace=True)
            batch.append(quad.triple)
            if counts is not None:
                counts[graph.value] = counts.get(graph.value, 0) + 1
            if len(batch) >= LOAD_BATCH:
                target = rename(graph.value) if rename else graph.value
                self.put_graph(target, serialize(batch, format=RdfFormat.N_TRIPLES) or b"")
                batch.clear()
        for graph_name, batch in pending.items():
            if batch:
                target = rename(graph_name) if rename else graph_name
                self.put_graph(target, serialize(batch, format=RdfFormat.N_TRIPLES) or b"")
        return seen

    # -- reading everything -----------------------------------------------------------------------

    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        graphs = [graph.value] if graph is not None else self.graphs()
        quads: list[Quad] = []
        for g in graphs:
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(g)} {{ ?s ?p ?o }} }}"
            body = self._post_query([("query", construct), ("timeout", str(int(self.timeout_s * 1000)))], N_TRIPLES)
            target = NamedNode(g)
            quads.extend(Quad(t.subject, t.predicate, t.object, target)
                         for t in parse(body, format=RdfFormat.N_TRIPLES))
        if fmt.supports_datasets:
            output.write(serialize(quads, format=fmt) or b"")
        else:
            output.write(serialize([q.triple for q in quads], format=fmt) or b"")

    def __len__(self) -> int:
        graphs = self.graphs()
        if not graphs:
            return 0
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=graphs)
        return sum(int(row["n"].value) for row in result)

    def __contains__(self, quad: object) -> bool:
        if not isinstance(quad, Quad):
            return False
        s, o, g = quad.subject, quad.object, quad.graph_name
        if not isinstance(s, NamedNode) or not isinstance(o, NamedNode | Literal) or not isinstance(g, NamedNode):
            return False  # a blank node is the server's own; RDF-star terms are not stored
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", named_graphs=[g.value],
                        substitutions={"g": g, "s": s, "p": quad.predicate, "o": o})

    def _release(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


_FORMS = {"SELECT": QuerySolutions, "ASK": QueryBoolean, "CONSTRUCT": QueryTriples, "DESCRIBE": QueryTriples}
_FORM_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _form(sparql: str, substitutions: Mapping[str, Term] | None, prefixes: Mapping[str, str] | None) -> type:
    """The result type of the query, as pyoxigraph parses it (a malformed query raises QueryError here,
    with the same message as on the embedded store).

    pyoxigraph evaluates an ASK at once, so a federated query is not probed (its SERVICE would be
    called from here): its form is read from its first keyword, and the server judges its syntax."""
    if "SERVICE" in keywords(sparql):
        found = _FORM_WORD.search(code_only(sparql))
        if found is None:
            raise QuerySyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
        return _FORMS[found.group(1).upper()]
    subs = {Variable(k): v for k, v in substitutions.items()} if substitutions else None
    try:
        probe = Store().query(sparql, substitutions=subs, prefixes=dict(prefixes) if prefixes else None)  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    return type(probe)


def _form_data(params: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in params:
        data.setdefault(key, []).append(value)
    return data


def _normalize_json(body: bytes) -> bytes:
    """Virtuoso's SPARQL JSON spellings made standard: ``nodeID://b1`` blank nodes, ``1``/``0`` booleans."""
    if b"nodeID://" in body:
        body = _VIRTUOSO_BNODE.sub(rb"\1", body)
    if b"XMLSchema#boolean" in body:
        body = _VIRTUOSO_BOOLEAN.sub(lambda m: m.group(1) + (b'true"' if m.group(2) == b"1" else b'false"'), body)
    return body


def _ask_answer(solutions: QuerySolutions) -> bool:
    """An ASK answered as a one-row SELECT (Virtuoso's ``__ASK_RETVAL``) made a boolean."""
    rows = list(solutions)
    return bool(rows) and any(term is not None and term.value not in ("0", "false") for term in rows[0])


def _server_message(response: httpx.Response) -> str:
    text = response.text.strip()
    lines = [line for line in text.splitlines() if line.strip()]
    # Virtuoso repeats the query after its message ("SPARQL query: ..."): keep the message.
    kept: list[str] = []
    for line in lines:
        if line.startswith("SPARQL query:"):
            break
        kept.append(line)
    return " ".join(kept)[:2000] or f"HTTP {response.status_code}"



STAGING = "https://w3id.org/hrcgraph/staging/"


def staging_namespace(version: str) -> str:
    """Where a build's graphs are loaded before the switch: ``<STAGING><version>/<graph, %-encoded>``."""
    return f"{STAGING}{version[:16]}/"


def union_updates(union: str, graphs: Iterable[str]) -> list[str]:
    """SPARQL Update operations that make ``union`` hold the triples of ``graphs`` (each once)."""
    return [f"DROP SILENT GRAPH {NamedNode(union)}",
            *(f"ADD SILENT GRAPH {NamedNode(g)} TO GRAPH {NamedNode(union)}" for g in graphs)]


def check_staged_counts(store: RemoteStore, staged: Mapping[str, str], expected: Mapping[str, int]) -> None:
    """Raise StoreError unless each staging graph (value) holds the expected number of triples of its
    final graph (key): a server that drops or merges literals is caught before anything is switched."""
    result = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                          default_graph=[], named_graphs=list(staged.values()))
    counts = {row["g"].value: int(row["n"].value) for row in result}
    wrong = [f"<{g}>: {counts.get(s, 0)} of {expected[g]} triples" for g, s in staged.items()
             if counts.get(s, 0) != expected[g]]
    if wrong:
        raise StoreError(f"the server at {store.endpoint} did not keep every triple: {'; '.join(wrong)}")


#: Environment variables holding the credentials that loading into a server needs (HTTP digest or
#: basic authentication on its update and Graph Store endpoints). Never put them on a command line.
USER_ENV, PASSWORD_ENV = "HRCGRAPH_STORE_USER", "HRCGRAPH_STORE_PASSWORD"
#: Where to write, for servers whose layout is not Virtuoso's (Fuseki: ``.../ds/update``, ``.../ds/data``).
UPDATE_URL_ENV, GRAPH_STORE_URL_ENV = "HRCGRAPH_STORE_UPDATE_URL", "HRCGRAPH_STORE_GRAPH_STORE_URL"


def store_location(url: str, *, timeout_s: float | None = None) -> str:
    """A remote store's location with options for :func:`open_remote` after ``#`` (never sent to the
    server): ``http://host:8890/sparql#timeout=30``."""
    base = url.split("#", 1)[0]
    return f"{base}#timeout={timeout_s:g}" if timeout_s is not None else base


def open_remote(location: str, writable: bool) -> RemoteStore:
    """The opener ``open_store`` uses for ``http(s)`` locations: the URL of the query endpoint, with
    the time limit (seconds) sent to the server with each query after ``#timeout=`` (default 60).

    A writable handle (to publish a build) takes the credentials from ``HRCGRAPH_STORE_USER`` and
    ``HRCGRAPH_STORE_PASSWORD``, and the update and Graph Store URLs from ``HRCGRAPH_STORE_UPDATE_URL``
    and ``HRCGRAPH_STORE_GRAPH_STORE_URL``, when they are set; reading needs none of them."""
    url, _, fragment = location.partition("#")
    options = dict(part.partition("=")[::2] for part in fragment.split("&") if part)
    try:
        timeout_s = float(options.get("timeout", 60))
    except ValueError as exc:
        raise StoreError(f"store location {location}: timeout must be a number of seconds") from exc
    env = os.environ if writable else {}
    return RemoteStore(url, timeout_s=timeout_s, user=env.get(USER_ENV) or None, password=env.get(PASSWORD_ENV),
                       update_endpoint=env.get(UPDATE_URL_ENV) or None,
                       graph_store_endpoint=env.get(GRAPH_STORE_URL_ENV) or None, writable=writable)
