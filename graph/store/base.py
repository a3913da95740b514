"""The store interface: every part of hrcgraph that reads or writes RDF does it through a ``GraphStore``.

A backend is a class implementing :class:`GraphStore`; which one serves a published dataset is
chosen by its *store location* (:func:`hrcgraph.graph.store.open_store`): a local folder is the
embedded Oxigraph store, an ``http(s)`` URL a SPARQL 1.1 server. Nothing outside this package
imports pyoxigraph's ``Store`` or reaches into a backend.

The interface, whole::

    class GraphStore:
        capabilities: StoreCapabilities

        query(sparql, *, substitutions=None, default_graph=None, named_graphs=None, prefixes=None)
            -> SelectResult | AskResult | GraphResult
        select(sparql, **same) -> SelectResult          # QueryError if the query is not a SELECT
        ask(sparql, **same) -> bool                     # ... not an ASK
        construct(sparql, **same) -> GraphResult        # ... not a CONSTRUCT or DESCRIBE
        load(quads: Iterable[Quad]) -> None             # bulk load
        load_serialized(data: bytes | IO[bytes], fmt: RdfFormat) -> None
        update(sparql: str) -> None                     # SPARQL 1.1 Update, on a writable handle
        replace(quads: Iterable[Quad]) -> None          # atomic swap of the whole dataset, where
                                                        # capabilities.replacement is IN_STORE
        dump(output: IO[bytes], fmt: RdfFormat, *, graph=None) -> None
        __len__() -> int                                # number of quads
        __contains__(quad: Quad) -> bool                # the quad, in its named graph (no blank node)
        close() -> None                                 # idempotent; also a context manager;
                                                        # a writable handle makes its writes durable

Results are typed, and the same types whatever the backend:

* :class:`SelectResult` wraps pyoxigraph ``QuerySolutions``: the embedded store's own answer, or
  what ``pyoxigraph.parse_query_results`` makes of a server's SPARQL JSON, XML or TSV results
  (CSV is lossy: Oxigraph does not read it back, so a backend asks a server for one of the others).
* :class:`AskResult` wraps a boolean (``QueryBoolean`` from either source, or a plain bool).
* :class:`GraphResult` wraps an iterator of triples: the embedded store's ``QueryTriples``, or the
  triples ``pyoxigraph.parse`` reads from a server's Turtle/N-Triples/RDF-XML answer.

Each serializes natively (Oxigraph's serializers, no Python per row): solutions and booleans to
SPARQL JSON, XML, CSV and TSV (``QueryResultsFormat``); triples to Turtle, N-Triples, JSON-LD,
RDF/XML, N-Quads and TriG (``RdfFormat``). A result is read once: it is a stream.

A result holds its store's engine while it is read. ``close()`` releases every result still open
(reading one afterwards raises ``StoreError``) and then the engine itself, so that once ``close``
returns, the store's files are no longer held (a build may then sync and move them).

Writing a backend: subclass ``GraphStore``, call ``super().__init__()``, set ``capabilities``,
implement ``_query`` (``query`` wraps it and keeps track of the results it hands out), the
abstract methods, and ``_release`` (what ``close`` lets go of); add ``replace`` where
``capabilities.replacement`` is ``IN_STORE``. Register the backend's URL schemes with
:func:`hrcgraph.graph.store.register_backend`, and add it to the contract tests
(``tests/store/conftest.py``, ``BACKENDS``).

The default graph of a query is the union of all named graphs unless ``default_graph`` is given
(an empty list is the store's own default graph), as users of a public endpoint expect.

Errors: a malformed query raises :class:`~hrcgraph.graph.errors.QuerySyntaxError`, one that fails
while it runs :class:`~hrcgraph.graph.errors.QueryEvaluationError` (both ``QueryError``); a store that
cannot be opened or read raises :class:`~hrcgraph.graph.errors.StoreError`.
"""

from __future__ import annotations

import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from typing import IO, Self

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    Variable,
    parse_query_results,
    serialize,
)

from hrcgraph.graph.errors import QueryError, QueryEvaluationError, StoreError

Term = NamedNode | BlankNode | Literal


class Replacement(Enum):
    """How a whole dataset is replaced so that readers see the old one or the new one, never a mix."""

    PUBLISH_FILES = "publish-files"
    """The store lives in local files: a build writes a new store in a staging folder and the data
    directory swaps its ``current`` link to it (:meth:`hrcgraph.graph.publish.DataDir.publish`)."""
    IN_STORE = "in-store"
    """The backend does it itself: :meth:`GraphStore.replace` (e.g. a server loads new graphs, then switches)."""


@dataclass(frozen=True)
class StoreCapabilities:
    """What a backend supports, declared up front (like rdflib's ``Store.context_aware``)."""

    named_graphs: bool
    substitutions: bool
    """Whether the engine binds ``query(substitutions=...)`` itself (else the backend adds a VALUES
    block made from the terms: either way values are terms, never query text)."""
    replacement: Replacement
    """How the whole dataset is replaced atomically."""
    writable: bool
    """Whether ``load`` and ``update`` are allowed on this handle (a published store is opened read-only)."""


# --- typed results -------------------------------------------------------------------------------


class _Result:
    """A result that can be released by its store's ``close`` (it then no longer holds the engine)."""

    _released = False

    def release(self) -> None:
        """Let go of the engine (what is not read yet is lost). Idempotent."""
        self._released = True
        self._drop()

    def _drop(self) -> None:  # pragma: no cover - overridden
        pass

    def _check(self) -> None:
        if self._released:
            raise StoreError("this query result was released: its store was closed before it was read")


class SelectResult(_Result):
    """The solutions of a SELECT query: ``variables``, then one ``QuerySolution`` per row (read once)."""

    def __init__(self, solutions: QuerySolutions) -> None:
        self._solutions: QuerySolutions | None = solutions
        self.variables: list[Variable] = list(solutions.variables)

    def __iter__(self) -> Iterator[QuerySolution]:
        return self

    def __next__(self) -> QuerySolution:
        self._check()
        assert self._solutions is not None
        try:
            return next(self._solutions)
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the query failed while running: {exc}") from exc

    def serialize(self, output: IO[bytes] | None = None, fmt: QueryResultsFormat = QueryResultsFormat.JSON
                  ) -> bytes | None:
        """Write the (remaining) solutions in a SPARQL results format; bytes when ``output`` is None."""
        self._check()
        assert self._solutions is not None
        try:
            return self._solutions.serialize(output, format=fmt)
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the query failed while running: {exc}") from exc

    def _drop(self) -> None:
        self._solutions = None


class AskResult(_Result):
    """The answer of an ASK query; true or false as a bool is."""

    def __init__(self, value: QueryBoolean | bool) -> None:
        self.value = bool(value)
        # pyoxigraph makes QueryBoolean objects only as results, so a plain bool is read from JSON.
        self._boolean = value if isinstance(value, QueryBoolean) else _boolean(self.value)

    def __bool__(self) -> bool:
        return self.value

    def serialize(self, output: IO[bytes] | None = None, fmt: QueryResultsFormat = QueryResultsFormat.JSON
                  ) -> bytes | None:
        """Write the answer in a SPARQL results format; bytes when ``output`` is None."""
        return self._boolean.serialize(output, format=fmt)


def _boolean(value: bool) -> QueryBoolean:
    parsed = parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                 format=QueryResultsFormat.JSON)
    assert isinstance(parsed, QueryBoolean)
    return parsed


class GraphResult(_Result):
    """The triples of a CONSTRUCT or DESCRIBE query (read once)."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._triples: Iterator[Triple] | None = triples if isinstance(triples, QueryTriples) else iter(triples)

    def __iter__(self) -> Iterator[Triple]:
        return self

    def __next__(self) -> Triple:
        self._check()
        assert self._triples is not None
        try:
            return next(self._triples)
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the query failed while running: {exc}") from exc

    def serialize(self, output: IO[bytes] | None = None, fmt: RdfFormat = RdfFormat.TURTLE, *,
                  prefixes: Mapping[str, str] | None = None) -> bytes | None:
        """Write the (remaining) triples in an RDF format; bytes when ``output`` is None."""
        self._check()
        assert self._triples is not None
        try:
            if prefixes:
                return serialize(self._triples, output, format=fmt, prefixes=dict(prefixes))
            if isinstance(self._triples, QueryTriples):  # the engine's own serializer, with no Python per triple
                return self._triples.serialize(output, format=fmt)
            return serialize(self._triples, output, format=fmt)
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the query failed while running: {exc}") from exc

    def _drop(self) -> None:
        self._triples = None


QueryResult = SelectResult | AskResult | GraphResult


# --- the interface ---------------------------------------------------------------------------------


class GraphStore(ABC):
    """A read-mostly RDF dataset with SPARQL. See the module docstring for the contract."""

    capabilities: StoreCapabilities

    def __init__(self) -> None:
        self._results: weakref.WeakSet[_Result] = weakref.WeakSet()
        self._results_lock = threading.Lock()  # queries may run on several threads (validation does)
        self._closed = False

    # -- queries

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. Raises ``QuerySyntaxError`` for a malformed query.

        ``substitutions`` bind variables to RDF terms (never text pasted into the query);
        ``prefixes`` are declared before the query's own (which win), so that hand-typed queries may
        use the usual prefixes without declaring them."""
        if self._closed:
            raise StoreError("the store is closed")
        result = self._query(sparql, substitutions=substitutions, default_graph=default_graph,
                             named_graphs=named_graphs, prefixes=prefixes)
        with self._results_lock:
            self._results.add(result)
        return result

    @abstractmethod
    def _query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        prefixes: Mapping[str, str] | None,
    ) -> QueryResult:
        """The backend's query (``query`` keeps track of the results it hands out)."""

    def select(self, sparql: str, *, substitutions: Mapping[str, Term] | None = None,
               default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
               prefixes: Mapping[str, str] | None = None) -> SelectResult:
        """Run a SELECT query (``QueryError`` if it is another form)."""
        result = self.query(sparql, substitutions=substitutions, default_graph=default_graph,
                            named_graphs=named_graphs, prefixes=prefixes)
        if not isinstance(result, SelectResult):
            result.release()
            raise QueryError("a SELECT query was expected")
        return result

    def ask(self, sparql: str, *, substitutions: Mapping[str, Term] | None = None,
            default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
            prefixes: Mapping[str, str] | None = None) -> bool:
        """Run an ASK query (``QueryError`` if it is another form)."""
        result = self.query(sparql, substitutions=substitutions, default_graph=default_graph,
                            named_graphs=named_graphs, prefixes=prefixes)
        if not isinstance(result, AskResult):
            result.release()
            raise QueryError("an ASK query was expected")
        return result.value

    def construct(self, sparql: str, *, substitutions: Mapping[str, Term] | None = None,
                  default_graph: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                  prefixes: Mapping[str, str] | None = None) -> GraphResult:
        """Run a CONSTRUCT or DESCRIBE query (``QueryError`` if it is another form)."""
        result = self.query(sparql, substitutions=substitutions, default_graph=default_graph,
                            named_graphs=named_graphs, prefixes=prefixes)
        if not isinstance(result, GraphResult):
            result.release()
            raise QueryError("a CONSTRUCT or DESCRIBE query was expected")
        return result

    # -- writing

    @abstractmethod
    def load(self, quads: Iterable[Quad]) -> None:
        """Add quads (bulk load; not atomic: a failed load leaves part of them)."""

    @abstractmethod
    def load_serialized(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        """Add the quads of an RDF document (bulk load, parsed by the backend)."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Apply a SPARQL 1.1 Update (``QuerySyntaxError`` if malformed; ``StoreError`` if read-only)."""

    def replace(self, quads: Iterable[Quad]) -> None:
        """Replace the whole dataset atomically: readers see the old or the new, never a mix.

        Only where ``capabilities.replacement`` is ``IN_STORE``; a store in local files is replaced by
        publishing a new build (``Replacement.PUBLISH_FILES``)."""
        raise StoreError(
            f"{type(self).__name__} is replaced by publishing a new build, not in place "
            f"(capabilities.replacement is {self.capabilities.replacement.value})"
        )

    # -- reading whole

    @abstractmethod
    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        """Serialize the whole dataset (or one graph) to ``output``."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    @abstractmethod
    def __contains__(self, quad: object) -> bool:
        """Whether the store holds ``quad`` (a ``Quad`` in a named graph, without blank nodes: a blank node's
        label is the store's own, so one cannot be asked for by its label)."""

    # -- lifetime

    def close(self) -> None:
        """Release every result still open, then the backend's files or connections. Idempotent."""
        if self._closed:
            return
        self._closed = True
        with self._results_lock:
            results = list(self._results)
            self._results.clear()
        for result in results:
            result.release()
        self._release()

    def _release(self) -> None:  # noqa: B027 - optional for backends with nothing to release
        """Let go of the backend's files or connections (called once, by ``close``)."""

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
