"""A source batch in an in-memory store, and the rows a query gives over it: for the importers' tests."""

from __future__ import annotations

from pyoxigraph import Quad, Store

from hrcgraph.graph.namespaces import sparql_prefixes
from hrcgraph.graph.sources.base import SourceBatch


def batch_store(batch: SourceBatch) -> Store:
    """The batch's triples in its graph, in a store of their own."""
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object, batch.graph) for t in batch.triples)
    return store


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    """The sorted rows of a SELECT (with the project's prefixes) over the union of the graphs; an
    unbound value is ``""``."""
    rows = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    return sorted(tuple(term.value if term is not None else "" for term in row) for row in rows)  # type: ignore[union-attr]
