"""What the server and its query workers say to each other: typed tasks and answers, in frames.

Both sides use these definitions (the server in :mod:`hrcgraph.api.pool` and
:mod:`hrcgraph.api.sparql_service`, the worker in :mod:`hrcgraph.api.query_worker`), so a field
added here reaches both.

On the pipes, each message is a frame: an 8-byte big-endian length and a payload. The server sends
one task as a JSON frame; the worker answers with an :class:`Answer` header frame and, when
``Answer.body`` is true, one frame holding the serialized results.

A failure travels as the name of an error class of :mod:`hrcgraph.graph.errors` (those of
``ERRORS``: ``QuerySyntaxError``, ``QueryEvaluationError``, ``NotAcceptable``, ``StoreError``) with
its message, and is raised again on the server as that class (:meth:`Answer.error`);
``internal`` is a bug in the worker.
"""

from __future__ import annotations

import json
import struct
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode

from hrcgraph.graph.errors import (
    HrcGraphError,
    NotAcceptable,
    QueryEvaluationError,
    QuerySyntaxError,
    StoreError,
)

FRAME = struct.Struct("!Q")

#: The errors a worker reports, by class name.
ERRORS: dict[str, type[HrcGraphError]] = {
    cls.__name__: cls for cls in (QuerySyntaxError, QueryEvaluationError, NotAcceptable, StoreError)
}
INTERNAL = "internal"


# --- tasks (server -> worker)


@dataclass(frozen=True)
class QueryTask:
    """Run one query on the store at ``store`` and serialize its results."""

    query: str
    results_format: str | None
    """The format for SELECT and ASK results (a key of graph.formats.OXIGRAPH_RESULTS), None if none fits."""
    graph_format: str | None
    """The format for CONSTRUCT and DESCRIBE results, None if none fits."""
    max_rows: int
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    substitutions: dict[str, dict[str, str]] | None = None
    """Values bound to variables (SEP-0007), each an RDF term in the SPARQL JSON results form."""
    store: str = ""
    """The store location (see ``graph.store.open_store``) of the published dataset."""
    store_key: str = ""
    """The dataset's version: when it changes, the worker opens the store again."""


@dataclass(frozen=True)
class UpdateTask:
    """Apply a SPARQL Update to the store at ``store``, opened for writing for this one task."""

    store: str
    update: str


@dataclass(frozen=True)
class CloseTask:
    """Let go of the store (an update is about to write it)."""


@dataclass(frozen=True)
class PingTask:
    """Say that the worker is alive, with its process id."""


Task = QueryTask | UpdateTask | CloseTask | PingTask

_OPS: dict[str, type[QueryTask] | type[UpdateTask] | type[CloseTask] | type[PingTask]] = {
    "query": QueryTask, "update": UpdateTask, "close": CloseTask, "ping": PingTask,
}
_OP_OF = {cls: op for op, cls in _OPS.items()}


def encode_task(task: Task) -> bytes:
    return json.dumps({"op": _OP_OF[type(task)], **asdict(task)}).encode("utf-8")


def decode_task(payload: bytes) -> Task:
    """The task in a frame (raises ValueError for an unknown operation or missing fields)."""
    data: dict[str, Any] = json.loads(payload)
    cls = _OPS.get(data.pop("op", None))
    if cls is None:
        raise ValueError(f"unknown operation in {payload[:80]!r}")
    if cls is QueryTask:
        for key in ("default_graph", "named_graphs"):
            if data.get(key) is not None:
                data[key] = tuple(data[key])
        data["prefixes"] = data.get("prefixes") or {}
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValueError(f"malformed {cls.__name__}: {exc}") from exc


# --- answers (worker -> server)


@dataclass(frozen=True)
class Answer:
    """The header of a worker's answer; the results follow in a frame of their own when ``body``."""

    ok: bool
    body: bool = False
    kind: str | None = None
    """``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE); for ``not-acceptable``, the kind
    that had no format."""
    format: str | None = None
    truncated: bool = False
    elapsed_ms: float = 0.0
    pid: int | None = None
    error: str | None = None
    """The class of the error (a key of ``ERRORS``), or ``internal``."""
    message: str = ""

    @classmethod
    def failure(cls, exc: BaseException) -> Answer:
        """The answer reporting ``exc``: one of the reported error classes, or a bug."""
        name = type(exc).__name__
        if ERRORS.get(name) is type(exc):
            kind = exc.kind if isinstance(exc, NotAcceptable) else None
            return cls(ok=False, error=name, message=str(exc), kind=kind or None)
        return cls(ok=False, error=INTERNAL, message=f"{name}: {exc}")

    def exception(self) -> Exception:
        """The error this answer reports, as its class in graph.errors (RuntimeError for a bug)."""
        cls = ERRORS.get(self.error or "")
        if cls is NotAcceptable:
            return NotAcceptable(self.message, kind=self.kind or "")
        if cls is not None:
            return cls(self.message)
        return RuntimeError(f"query worker error: {self.message}")


def encode_answer(answer: Answer) -> bytes:
    return json.dumps(asdict(answer)).encode("utf-8")


def decode_answer(payload: bytes) -> Answer:
    return Answer(**json.loads(payload))


# --- frames


def frame(payload: bytes) -> bytes:
    return FRAME.pack(len(payload)) + payload


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame's payload, or None at the end of the stream."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (length,) = FRAME.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    return data


# --- RDF terms in tasks


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
