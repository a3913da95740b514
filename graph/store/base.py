"""The store interface: query, load, dump; what a backend can do is declared, not guessed."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
)

#: Results are pyoxigraph's own result objects, whatever the backend: they serialize natively
#: (``.serialize(format=...)``) so no Python code runs per row on the way to a client.
QueryResult = QuerySolutions | QueryBoolean | QueryTriples
Term = NamedNode | BlankNode | Literal


@dataclass(frozen=True)
class StoreCapabilities:
    """What a backend supports, declared up front (like rdflib's ``Store.context_aware``)."""

    named_graphs: bool
    substitutions: bool
    """Whether ``query(substitutions=...)`` binds values natively (else a VALUES block is used)."""
    local_files: bool
    """Whether the store lives in local files that a build can prepare and swap atomically."""


class GraphStore(ABC):
    """A read-mostly RDF dataset with SPARQL.

    The default graph of a query is the union of all named graphs unless ``default_graph`` is given,
    as users of a public endpoint expect.
    """

    capabilities: StoreCapabilities

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. Raises ``graph.errors.QueryError`` for a malformed query.

        ``prefixes`` are declared before the query's own (which win), so that hand-typed queries may
        use the usual prefixes without declaring them."""

    @abstractmethod
    def load(self, quads: Iterable[Quad]) -> None:
        """Add quads (bulk load)."""

    @abstractmethod
    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        """Serialize the whole dataset (or one graph) to ``output``."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None:  # noqa: B027 - optional for backends with nothing to release
        """Release files or connections."""
