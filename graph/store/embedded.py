"""The embedded store: Oxigraph on disk (or in memory for tests and validation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, Variable

from hrcgraph.graph.errors import QueryError, StoreError
from hrcgraph.graph.store.base import GraphStore, QueryResult, StoreCapabilities, Term


class EmbeddedStore(GraphStore):
    capabilities = StoreCapabilities(named_graphs=True, substitutions=True, local_files=True)

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

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
        return cls(store, path)

    @property
    def raw(self) -> Store:
        """The pyoxigraph store, for code that needs the engine itself (validation, the endpoint)."""
        return self._store

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        subs: dict[Variable, NamedNode | BlankNode | Literal | Triple] | None = (
            {Variable(k): v for k, v in substitutions.items()} if substitutions else None
        )
        try:
            if default_graph is not None:
                return self._store.query(
                    sparql,
                    default_graph=[NamedNode(g) for g in default_graph] or DefaultGraph(),
                    named_graphs=[NamedNode(g) for g in named_graphs] if named_graphs is not None else None,
                    substitutions=subs,
                    prefixes=dict(prefixes) if prefixes else None,
                )
            return self._store.query(
                sparql,
                use_default_graph_as_union=True,
                named_graphs=[NamedNode(g) for g in named_graphs] if named_graphs is not None else None,
                substitutions=subs,
                prefixes=dict(prefixes) if prefixes else None,
            )
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc

    def load(self, quads: Iterable[Quad]) -> None:
        self._store.bulk_extend(quads)

    def dump(self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None) -> None:
        if graph is not None:
            self._store.dump(output, format=fmt, from_graph=graph)
        else:
            self._store.dump(output, format=fmt)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Make everything written so far durable and compact (after a bulk load)."""
        self._store.flush()
        self._store.optimize()

    def close(self) -> None:
        # pyoxigraph closes the database when the object is released.
        del self._store
