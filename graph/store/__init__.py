"""Stores behind one narrow interface: :class:`graph.store.base.GraphStore`.

``EmbeddedStore`` (pyoxigraph, on disk or in memory) is the default. A remote SPARQL 1.1 server can
implement the same interface without touching importers or the API.
"""

from hrcgraph.graph.store.base import GraphStore, QueryResult, StoreCapabilities
from hrcgraph.graph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphStore", "QueryResult", "StoreCapabilities"]
