"""The embedded store: Oxigraph on disk (or in memory for tests and validation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
)

from hrcgraph.graph.errors import QueryEvaluationError, QuerySyntaxError, StoreError
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


class EmbeddedStore(GraphStore):
    """Oxigraph in this process. On disk, one writer or many read-only readers may open a store."""

    def __init__(self, store: Store, path: Path | None = None, *, writable: bool = True) -> None:
        super().__init__()
        self._store: Store | None = store
        self.path = path
        self.capabilities = StoreCapabilities(
            named_graphs=True, substitutions=True, replacement=Replacement.PUBLISH_FILES, writable=writable,
        )

    @classmethod
    def in_memory(cls, quads: Iterable[Quad] = ()) -> EmbeddedStore:
        s = cls(Store())
        s.load(quads)
        return s

    @classmethod
    def open(cls, path: Path, *, read_only: bool = True) -> EmbeddedStore:
        """Open an on-disk store; read-only by default (many processes may read one store)."""
        if read_only and not path.is_dir():
            raise StoreError(f"no store at {path}: run 'hrcgraph build' first")
        try:
            store = Store.read_only(str(path)) if read_only else Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        return cls(store, path, writable=not read_only)

    @property
    def _engine(self) -> Store:
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def _query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        prefixes: Mapping[str, str] | None,
    ) -> QueryResult:
        subs: dict[Variable, NamedNode | BlankNode | Literal | Triple] | None = (
            {Variable(k): v for k, v in substitutions.items()} if substitutions else None
        )
        named: list[NamedNode | BlankNode] | None = (
            [NamedNode(g) for g in named_graphs] if named_graphs is not None else None
        )
        try:
            if default_graph is not None:
                # The dataset the query names: those graphs, and nothing else (an empty list is the
                # store's own default graph).
                result = self._engine.query(
                    sparql,
                    default_graph=[NamedNode(g) for g in default_graph] or DefaultGraph(),
                    named_graphs=named if named is not None else [],
                    substitutions=subs,
                    prefixes=dict(prefixes) if prefixes else None,
                )
            else:
                result = self._engine.query(
                    sparql,
                    use_default_graph_as_union=True,
                    named_graphs=named,
                    substitutions=subs,
                    prefixes=dict(prefixes) if prefixes else None,
                )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the query failed while running: {exc}") from exc
        if isinstance(result, QuerySolutions):
            return SelectResult(result)
        if isinstance(result, QueryBoolean):
            return AskResult(result)
        return GraphResult(result)

    def _check_writable(self) -> None:
        if not self.capabilities.writable:
            raise StoreError(f"the store at {self.path} is open read-only")

    def load(self, quads: Iterable[Quad]) -> None:
        self._check_writable()
        self._engine.bulk_extend(quads)

    def load_serialized(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        self._check_writable()
        try:
            self._engine.bulk_load(data, format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load the {fmt} data: {exc}") from exc

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self._engine.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise QueryEvaluationError(f"the update failed: {exc}") from exc

    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        if graph is not None:
            self._engine.dump(output, format=fmt, from_graph=graph)
        else:
            self._engine.dump(output, format=fmt)

    def __len__(self) -> int:
        return len(self._engine)

    def __contains__(self, quad: object) -> bool:
        # One key lookup: the terms are encoded, none is read back (reading back every term of a large
        # on-disk store is a lookup per term).
        return isinstance(quad, Quad) and not _has_blank_node(quad) and quad in self._engine

    def optimize(self) -> None:
        """Compact the files after a bulk load (a build does it once, before publishing)."""
        self._engine.optimize()

    def _release(self) -> None:
        store, self._store = self._store, None
        if store is not None and self.path is not None and self.capabilities.writable:
            store.flush()  # durable before the files are synced, moved or read by another process
        # The results were released by ``close``: this was the last reference to the engine, and
        # pyoxigraph closes the database (RocksDB waits for its background jobs) when it is dropped.
        del store


def _has_blank_node(quad: Quad) -> bool:
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)
