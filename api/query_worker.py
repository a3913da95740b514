"""The query worker: a separate process that runs SPARQL on the store and sends back serialized bytes.

Oxigraph cannot interrupt a running query, so queries run here, in processes that the server can
kill when a query outlives its time limit (see :mod:`api.pool`). The worker opens the published
dataset's store through :func:`hrcgraph.graph.store.open_store` (read-only), hands each query to
:meth:`GraphStore.query <hrcgraph.graph.store.base.GraphStore.query>` and serializes the typed
results with their native serializers: no Python code runs per row.

The row limit is enforced without a per-row cost. Results are serialized straight into the
requested format through a sink that counts, in each 8 KB chunk, a byte pattern that occurs at
least once per row (``,{`` in SPARQL JSON, ``<result>`` in XML, a line end in CSV, TSV and
N-Triples). While that upper bound stays within the limit the result is complete and is sent as
it is. Past it, the query is run again into TSV, whose line ends count rows exactly (literals'
line breaks are escaped there), cut after ``max_rows`` rows and converted to the requested format
by Oxigraph's own parser and serializer.

The messages (run as ``python -m hrcgraph.api.query_worker``, on stdin and stdout) are defined in
:mod:`hrcgraph.api.worker_protocol`.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import sys
import time
from dataclasses import dataclass
from typing import IO, cast

from pyoxigraph import QueryResultsFormat, parse_query_results, serialize

from hrcgraph.api.worker_protocol import (
    Answer,
    CloseTask,
    PingTask,
    QueryTask,
    Task,
    UpdateTask,
    decode_task,
    encode_answer,
    frame,
    read_frame,
    term_from_json,
)
from hrcgraph.graph.errors import HrcGraphError, NotAcceptable, StoreError
from hrcgraph.graph.formats import OXIGRAPH_GRAPH, OXIGRAPH_RESULTS
from hrcgraph.graph.store import AskResult, GraphResult, GraphStore, QueryResult, SelectResult, open_store


class _Enough(Exception):
    """Raised by a sink to stop a serializer once the row limit is passed."""


@dataclass
class QueryOutput:
    kind: str
    """``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE)."""
    format: str
    body: bytes
    truncated: bool


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


def run_query(store: GraphStore, task: QueryTask) -> QueryOutput:
    """Run one query and serialize its results (raises QueryError, NotAcceptable, StoreError)."""
    result = _evaluate(store, task)
    try:
        if isinstance(result, AskResult):
            if task.results_format is None:
                raise _not_acceptable("results")
            body = result.serialize(fmt=OXIGRAPH_RESULTS[task.results_format])
            assert body is not None
            return QueryOutput("results", task.results_format, body, False)
        if isinstance(result, SelectResult):
            if task.results_format is None:
                raise _not_acceptable("results")
            return _solutions(store, task, result)
        if task.graph_format is None:
            raise _not_acceptable("graph")
        return _graph(task, result)
    finally:
        result.release()  # an unread rest of the results does not hold the store


def _not_acceptable(kind: str) -> NotAcceptable:
    return NotAcceptable(f"no accepted format for {kind} results", kind=kind)


def _evaluate(store: GraphStore, task: QueryTask) -> QueryResult:
    subs = {k: term_from_json(v) for k, v in task.substitutions.items()} if task.substitutions else None
    if task.default_graph is None and task.named_graphs is None:
        return store.query(task.query, substitutions=subs)
    # The protocol's dataset: the graphs named by default-graph-uri and named-graph-uri, nothing else.
    return store.query(task.query, substitutions=subs, default_graph=task.default_graph or (),
                       named_graphs=task.named_graphs or ())


def _solutions(store: GraphStore, task: QueryTask, solutions: SelectResult) -> QueryOutput:
    fmt = task.results_format
    assert fmt is not None
    if fmt != "tsv":
        marker, stop = _UPPER_BOUND[fmt]
        sink = _CountingSink(marker, stop(task.max_rows))
        try:
            solutions.serialize(cast(IO[bytes], sink), OXIGRAPH_RESULTS[fmt])
        except _Enough:
            pass
        else:
            return QueryOutput("results", fmt, sink.body(), False)
        # More rows than the limit may follow: count them exactly, from TSV.
        solutions.release()
        again = _evaluate(store, task)
        assert isinstance(again, SelectResult)
        try:
            tsv, truncated = _exact_tsv(again, task.max_rows)
        finally:
            again.release()
    else:
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


def _exact_tsv(solutions: SelectResult, max_rows: int) -> tuple[bytes, bool]:
    keep = max_rows + 1  # the header line and max_rows rows
    sink = _CountingSink(b"\n", keep + 1)
    try:
        solutions.serialize(cast(IO[bytes], sink), QueryResultsFormat.TSV)
    except _Enough:
        return sink.cut_after(keep), True
    return sink.body(), False


def _graph(task: QueryTask, triples: GraphResult) -> QueryOutput:
    fmt = task.graph_format
    assert fmt is not None
    rdf_format = OXIGRAPH_GRAPH[fmt]
    if fmt in ("nt", "nq"):
        # One triple per line, line breaks in literals escaped: line ends count triples exactly.
        sink = _CountingSink(b"\n", task.max_rows + 1)
        try:
            triples.serialize(cast(IO[bytes], sink), rdf_format)
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


def run_update(location: str, update: str) -> None:
    """Apply a SPARQL Update to the store at ``location``, opened for writing for this one operation
    (closing it makes the change durable)."""
    with open_store(location, writable=True) as store:
        store.update(update)


# --- the process: frames on stdin and stdout


class _Worker:
    """The worker's state: at most one store open, the one of the dataset version last asked for."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.store: GraphStore | None = None
        self.key: tuple[str, str] | None = None

    def reply(self, answer: Answer, body: bytes | None = None) -> None:
        self.out.write(frame(encode_answer(answer)))
        if body is not None:
            self.out.write(frame(body))
        self.out.flush()

    def release(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store, self.key = None, None

    def handle(self, task: Task) -> None:
        started = time.perf_counter()
        if isinstance(task, PingTask):
            self.reply(Answer(ok=True, pid=os.getpid()))
        elif isinstance(task, CloseTask):  # let go of the store's files (an update is about to write them)
            self.release()
            self.reply(Answer(ok=True))
        elif isinstance(task, UpdateTask):
            try:
                run_update(task.store, task.update)
            except HrcGraphError as exc:
                self.reply(Answer.failure(exc))
            else:
                self.reply(Answer(ok=True, elapsed_ms=(time.perf_counter() - started) * 1000))
        else:
            self.query(task, started)

    def query(self, task: QueryTask, started: float) -> None:
        key = (task.store, task.store_key)
        if self.store is None or self.key != key:
            self.release()  # one store at a time: release the previous build's files
            try:
                self.store, self.key = open_store(task.store), key
            except HrcGraphError as exc:
                self.reply(Answer.failure(StoreError(f"cannot open the store: {exc}")))
                return
        try:
            output = run_query(self.store, task)
        except HrcGraphError as exc:
            self.reply(Answer.failure(exc))
        else:
            self.reply(Answer(ok=True, body=True, kind=output.kind, format=output.format,
                              truncated=output.truncated, elapsed_ms=(time.perf_counter() - started) * 1000),
                       output.body)


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
    worker = _Worker(out)
    while True:
        payload = read_frame(source)
        if payload is None:
            worker.release()
            return
        try:
            worker.handle(decode_task(payload))
        except BrokenPipeError:  # the server is gone (it stopped, or gave up on this worker)
            worker.release()
            return
        except Exception as exc:  # a bug: report it, keep serving
            worker.reply(Answer.failure(exc))


if __name__ == "__main__":
    main()
