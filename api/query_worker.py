"""The query worker: a separate process that runs SPARQL on the store and sends back serialized bytes.

Oxigraph cannot interrupt a running query, so queries run here, in processes that the server can
kill when a query outlives its time limit (see :mod:`api.pool`). The worker opens the published
store read-only, hands each query to Oxigraph's engine and serializes the results with pyoxigraph's
native serializers: no Python code runs per row.

The row limit is enforced without a per-row cost. Results are serialized straight into the
requested format through a sink that counts, in each 8 KB chunk, a byte pattern that occurs at
least once per row (``,{`` in SPARQL JSON, ``<result>`` in XML, a line end in CSV, TSV and
N-Triples). While that upper bound stays within the limit the result is complete and is sent as
it is. Past it, the query is run again into TSV, whose line ends count rows exactly (literals'
line breaks are escaped there), cut after ``max_rows`` rows and converted to the requested format
by Oxigraph's own parser and serializer.

Protocol (stdin and stdout; run as ``python -m api.query_worker``): each message is a frame, an
8-byte big-endian length and a payload. The server sends a JSON task; the worker answers with a
JSON header frame and, when the header says ``"ok": true``, one body frame.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import struct
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any, cast

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    Store,
    Variable,
    parse_query_results,
    serialize,
)

from hrcgraph.graph.formats import OXIGRAPH_GRAPH, OXIGRAPH_RESULTS

FRAME = struct.Struct("!Q")


class _Enough(Exception):
    """Raised by a sink to stop a serializer once the row limit is passed."""


@dataclass
class QueryTask:
    query: str
    results_format: str | None
    """The format for SELECT and ASK results (a key of graph.formats.OXIGRAPH_RESULTS), None if none fits."""
    graph_format: str | None
    """The format for CONSTRUCT and DESCRIBE results, None if none fits."""
    max_rows: int
    default_graph: Sequence[str] | None = None
    named_graphs: Sequence[str] | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    substitutions: dict[str, dict[str, str]] | None = None
    """Values bound to variables (SEP-0007), each an RDF term in the SPARQL JSON results form."""


@dataclass
class QueryOutput:
    kind: str
    """``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE)."""
    format: str
    body: bytes
    truncated: bool


class NotAcceptable(Exception):
    """The query's result kind has no format the client accepts."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


class _CountingSink:
    """A write-only file that keeps what it is given and counts a marker, stopping past a threshold."""

    def __init__(self, marker: bytes, stop_at: int | None) -> None:
        self.marker = marker
        self.stop_at = stop_at
        self.chunks: list[bytes] = []
        self.cumulative: list[int] = []
        self.count = 0
        self._tail = b""

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        m = len(self.marker)
        found = chunk.count(self.marker)
        if m > 1:
            found += (self._tail + chunk[: m - 1]).count(self.marker)
            self._tail = (self._tail + chunk)[-(m - 1):]
        self.count += found
        self.chunks.append(chunk)
        self.cumulative.append(self.count)
        if self.stop_at is not None and self.count >= self.stop_at:
            raise _Enough
        return len(chunk)

    def flush(self) -> None:
        pass

    def body(self) -> bytes:
        return b"".join(self.chunks)

    def cut_after(self, n: int) -> bytes:
        """The bytes up to and including the n-th marker (a single-byte marker)."""
        if n <= 0:
            return b""
        for i, total in enumerate(self.cumulative):
            if total >= n:
                before = self.cumulative[i - 1] if i else 0
                chunk = self.chunks[i]
                pos = -1
                for _ in range(n - before):
                    pos = chunk.index(self.marker, pos + 1)
                return b"".join(self.chunks[:i]) + chunk[: pos + 1]
        return self.body()


#: For each results format: the marker counted, and the count at which the rows may exceed the limit.
_UPPER_BOUND = {
    "json": (b",{", lambda limit: limit),  # rows = separators + 1
    "xml": (b"<result>", lambda limit: limit + 1),
    "csv": (b"\n", lambda limit: limit + 2),  # header line + rows
}


def open_store(path: str) -> Store:
    return Store.read_only(path)


def run_query(store: Store, task: QueryTask) -> QueryOutput:
    """Run one query and serialize its results (raises SyntaxError, OSError, NotAcceptable)."""
    result = _evaluate(store, task)
    if isinstance(result, QueryBoolean):
        if task.results_format is None:
            raise NotAcceptable("results")
        body = result.serialize(format=OXIGRAPH_RESULTS[task.results_format])
        assert body is not None
        return QueryOutput("results", task.results_format, body, False)
    if isinstance(result, QuerySolutions):
        if task.results_format is None:
            raise NotAcceptable("results")
        return _solutions(store, task, result)
    if task.graph_format is None:
        raise NotAcceptable("graph")
    return _graph(task, result)


def term_from_json(term: dict[str, str]) -> NamedNode | BlankNode | Literal:
    """An RDF term from its SPARQL JSON results form (``{"type": "uri", "value": ...}``)."""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return Literal(value, language=term["xml:lang"])
        if "datatype" in term:
            return Literal(value, datatype=NamedNode(term["datatype"]))
        return Literal(value)
    raise ValueError(f"not an RDF term: {term!r}")


def term_to_json(term: NamedNode | BlankNode | Literal) -> dict[str, str]:
    """The SPARQL JSON results form of an RDF term."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    else:
        out["datatype"] = term.datatype.value
    return out


def _evaluate(store: Store, task: QueryTask) -> QuerySolutions | QueryBoolean | QueryTriples:
    subs = ({Variable(k): term_from_json(v) for k, v in task.substitutions.items()}
            if task.substitutions else None)
    if task.default_graph is None and task.named_graphs is None:
        return store.query(task.query, use_default_graph_as_union=True, substitutions=subs)  # type: ignore[arg-type]
    # The protocol's dataset: the graphs named by default-graph-uri and named-graph-uri, nothing else.
    default: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(g) for g in task.default_graph or ()]
    return store.query(
        task.query,
        default_graph=default or DefaultGraph(),
        named_graphs=[NamedNode(g) for g in task.named_graphs or ()],
        substitutions=subs,  # type: ignore[arg-type]
    )


def _solutions(store: Store, task: QueryTask, solutions: QuerySolutions) -> QueryOutput:
    fmt = task.results_format
    assert fmt is not None
    if fmt != "tsv":
        marker, stop = _UPPER_BOUND[fmt]
        sink = _CountingSink(marker, stop(task.max_rows))
        try:
            solutions.serialize(cast(IO[bytes], sink), format=OXIGRAPH_RESULTS[fmt])
        except _Enough:
            pass
        else:
            return QueryOutput("results", fmt, sink.body(), False)
        # More rows than the limit may follow: count them exactly, from TSV.
        solutions = _evaluate(store, task)  # type: ignore[assignment]
    tsv, truncated = _exact_tsv(solutions, task.max_rows)
    if fmt == "tsv":
        body = tsv
    else:
        converted = parse_query_results(tsv, format=QueryResultsFormat.TSV).serialize(format=OXIGRAPH_RESULTS[fmt])
        assert converted is not None
        body = converted
    if truncated:
        body = _mark_results(fmt, body, task.max_rows)
    return QueryOutput("results", fmt, body, truncated)


def _exact_tsv(solutions: QuerySolutions, max_rows: int) -> tuple[bytes, bool]:
    keep = max_rows + 1  # the header line and max_rows rows
    sink = _CountingSink(b"\n", keep + 1)
    try:
        solutions.serialize(cast(IO[bytes], sink), format=QueryResultsFormat.TSV)
    except _Enough:
        return sink.cut_after(keep), True
    return sink.body(), False


def _graph(task: QueryTask, triples: QueryTriples) -> QueryOutput:
    fmt = task.graph_format
    assert fmt is not None
    rdf_format = OXIGRAPH_GRAPH[fmt]
    if fmt in ("nt", "nq"):
        # One triple per line, line breaks in literals escaped: line ends count triples exactly.
        sink = _CountingSink(b"\n", task.max_rows + 1)
        try:
            triples.serialize(cast(IO[bytes], sink), format=rdf_format)
        except _Enough:
            return QueryOutput("graph", fmt, _mark_graph(fmt, sink.cut_after(task.max_rows), task.max_rows), True)
        return QueryOutput("graph", fmt, sink.body(), False)
    kept = list(itertools.islice(triples, task.max_rows + 1))
    truncated = len(kept) > task.max_rows
    body = serialize(kept[: task.max_rows], format=rdf_format, prefixes=task.prefixes or None)
    assert body is not None
    if truncated:
        body = _mark_graph(fmt, body, task.max_rows)
    return QueryOutput("graph", fmt, body, truncated)


def _mark_results(fmt: str, body: bytes, max_rows: int) -> bytes:
    """Say in the results themselves that they were cut, where the format has room for it."""
    if fmt == "json" and body.startswith(b"{"):
        # First members, where streaming parsers (Oxigraph's among them) accept members they do not know.
        return b'{"truncated":true,"rowLimit":' + str(max_rows).encode() + b"," + body[1:]
    if fmt == "xml":
        return body + f"\n<!-- truncated: only the first {max_rows} rows are given -->\n".encode()
    return body


def _mark_graph(fmt: str, body: bytes, max_rows: int) -> bytes:
    note = f"truncated: only the first {max_rows} triples are given"
    if fmt in ("ttl", "nt", "nq", "trig"):
        return f"# {note}\n".encode() + body
    if fmt == "rdfxml":
        return body + f"\n<!-- {note} -->\n".encode()
    return body


def run_update(path: str, update: str) -> None:
    """Apply a SPARQL Update to the store at ``path``, opened for writing for this one operation."""
    store = Store(path)
    try:
        store.update(update)
        store.flush()
    finally:
        del store


# --- the process: frames on stdin and stdout


def read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (length,) = FRAME.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    return data


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(FRAME.pack(len(payload)))
    stream.write(payload)


def _reply(out: IO[bytes], header: dict[str, Any], body: bytes | None = None) -> None:
    header["body"] = body is not None
    write_frame(out, json.dumps(header).encode("utf-8"))
    if body is not None:
        write_frame(out, body)
    out.flush()


def _handle(message: dict[str, Any], stores: dict[str, tuple[str, Store]], out: IO[bytes]) -> None:
    op = message.get("op")
    started = time.perf_counter()
    if op == "ping":
        _reply(out, {"ok": True, "pid": os.getpid()})
        return
    if op == "close":  # let go of the store's files (an update is about to write them)
        stores.clear()
        _reply(out, {"ok": True})
        return
    if op == "update":
        try:
            run_update(message["store"], message["update"])
        except SyntaxError as exc:
            _reply(out, {"ok": False, "error": "syntax", "message": str(exc)})
        except OSError as exc:
            _reply(out, {"ok": False, "error": "store", "message": str(exc)})
        else:
            _reply(out, {"ok": True, "elapsed_ms": (time.perf_counter() - started) * 1000})
        return
    if op != "query":
        _reply(out, {"ok": False, "error": "internal", "message": f"unknown operation {op!r}"})
        return
    path, key = message["store"], message.get("store_key", "")
    opened = stores.get(path)
    if opened is None or opened[0] != key:
        stores.clear()  # one store at a time: release the previous build's files
        try:
            stores[path] = (key, open_store(path))
        except OSError as exc:
            _reply(out, {"ok": False, "error": "store", "message": f"cannot open the store: {exc}"})
            return
    store = stores[path][1]
    task = QueryTask(
        query=message["query"],
        results_format=message.get("results_format"),
        graph_format=message.get("graph_format"),
        max_rows=int(message["max_rows"]),
        default_graph=message.get("default_graph"),
        named_graphs=message.get("named_graphs"),
        prefixes=message.get("prefixes") or {},
        substitutions=message.get("substitutions"),
    )
    try:
        output = run_query(store, task)
    except SyntaxError as exc:
        _reply(out, {"ok": False, "error": "syntax", "message": str(exc)})
    except NotAcceptable as exc:
        _reply(out, {"ok": False, "error": "not-acceptable", "kind": exc.kind})
    except (OSError, ValueError) as exc:
        _reply(out, {"ok": False, "error": "evaluation", "message": str(exc)})
    else:
        header = {
            "ok": True,
            "kind": output.kind,
            "format": output.format,
            "truncated": output.truncated,
            "elapsed_ms": (time.perf_counter() - started) * 1000,
        }
        _reply(out, header, output.body)


def _widen_pipe(fd: int) -> None:
    """Ask for a 1 MiB pipe (Linux F_SETPIPE_SZ): a large result then crosses to the server in a few
    reads instead of one 64 KiB read per event-loop turn. Where the call is refused, nothing changes."""
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)


def main() -> None:
    # The protocol owns stdout: anything else printed goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _widen_pipe(out.fileno())
    source = sys.stdin.buffer
    stores: dict[str, tuple[str, Store]] = {}
    while True:
        frame = read_frame(source)
        if frame is None:
            return
        try:
            _handle(json.loads(frame), stores, out)
        except Exception as exc:  # a bug: report it, keep serving
            _reply(out, {"ok": False, "error": "internal", "message": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main()
