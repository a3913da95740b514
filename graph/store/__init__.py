"""Stores behind one narrow interface: :class:`~hrcgraph.graph.store.base.GraphStore`.

``EmbeddedStore`` (pyoxigraph, on disk or in memory) is the default; :func:`open_store` opens a store by
its location, and a backend for SPARQL servers registers itself there (:func:`register_backend`).
See :mod:`hrcgraph.graph.store.base` for the contract.
"""

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
from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.store.location import is_url, open_store, register_backend
from hrcgraph.graph.store.remote import RemoteStore, open_remote

register_backend("http", open_remote)
register_backend("https", open_remote)

__all__ = [
    "AskResult",
    "EmbeddedStore",
    "GraphResult",
    "GraphStore",
    "QueryResult",
    "RemoteStore",
    "Replacement",
    "SelectResult",
    "StoreCapabilities",
    "Term",
    "is_url",
    "open_store",
    "register_backend",
]
