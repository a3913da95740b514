"""The queries behind the pages, written as SPARQL text beside their builder and checked when loaded.

``view_query`` declares the usual prefixes and checks that every ``hrc:`` name the query uses is a
term of the ontology (``graph.terms.T``), so a typo fails at import, not on a page. Values enter a
query as a ``VALUES`` block of validated pyoxigraph terms (``%(bind)s`` in the text, filled by
``graph.describe.bind``), never as pasted strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.describe import bind
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.store.base import GraphStore, SelectResult
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.facts import Node
from hrcgraph.graph.views.labels import readable_tail, value_or

_USED_PREFIXES = ("hrc", "rdf", "rdfs", "skos", "dct", "org", "prov")
_HEADER = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in _USED_PREFIXES)
_HRC_NAME = re.compile(r"\bhrc:([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class ViewQuery:
    """A SELECT a page runs, with ``%(bind)s`` where its input values go."""

    text: str

    def rows(self, store: GraphStore, *, limit: int | None = None, **terms: NamedNode | Literal) -> SelectResult:
        """The rows with the ``terms`` bound to their variables (and ``%(limit)d`` set, for a query that has it)."""
        return self._run(store, bind(**terms) if terms else "", limit)

    def nodes(self, store: GraphStore, *, limit: int | None = None, **terms: NamedNode | Literal) -> list[Node]:
        """The resources ``?s`` of the rows, named by ``?label`` (or their IRI's tail where unlabelled)."""
        return [Node(r["s"].value, value_or(r["label"], readable_tail(r["s"].value)))
                for r in self.rows(store, limit=limit, **terms)]

    def rows_among(self, store: GraphStore, name: str, nodes: Sequence[NamedNode]) -> SelectResult:
        """The rows with ``?name`` bound to each of ``nodes`` in turn (one query)."""
        values = " ".join(str(n) for n in nodes)
        return self._run(store, f"VALUES ?{name} {{ {values} }}", None)

    def _run(self, store: GraphStore, values: str, limit: int | None) -> SelectResult:
        return store.select(self.text % {"bind": values, "limit": int(limit or 0)})


def view_query(body: str) -> ViewQuery:
    """A query of a page; raises ``AttributeError`` for an ``hrc:`` name the ontology does not declare."""
    for name in _HRC_NAME.findall(body):
        getattr(T, name)
    return ViewQuery(_HEADER + body)
