"""What a page shows, one module per kind of page; nothing here knows HTTP or HTML.

``build_view`` describes a resource (``graph.describe``), makes the part every page has
(``resource``) and lets the builder of the resource's kind add its own typed ``data``:

* ``text``: a resolution, decision or statement (sponsors, decision and roll call, clauses, ...)
* ``state``, ``mandate``, ``session``, ``agenda`` (agenda items), ``group``
* ``search`` and ``home`` for the pages not about one resource, ``ontology`` for the ontology's page.

``labels`` names things (ontology labels, readable IRIs), ``facts`` indexes a description, ``queries``
holds the query helper every builder uses, with its SPARQL written beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import DEFAULT_INCOMING_LIMIT, Description, describe_quads
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.views.agenda import agenda_page
from hrcgraph.graph.views.facts import Facts
from hrcgraph.graph.views.group import group_page
from hrcgraph.graph.views.labels import ontology_labels
from hrcgraph.graph.views.mandate import mandate_page
from hrcgraph.graph.views.resource import View, resource_view
from hrcgraph.graph.views.session import session_page
from hrcgraph.graph.views.state import state_page
from hrcgraph.graph.views.text import text_page

Builder = Callable[[GraphStore, View[None], Facts, Description], Any]

#: What each kind of page adds to the part every resource has.
BUILDERS: dict[str, Builder] = {
    "text": text_page,
    "state": state_page,
    "mandate": mandate_page,
    "session": session_page,
    "agenda": agenda_page,
    "group": group_page,
}


def build_view(store: GraphStore, iri: NamedNode, *, incoming_limit: int = DEFAULT_INCOMING_LIMIT) -> View[Any]:
    """The view of any resource: its kind's builder adds what that kind of page shows."""
    desc = describe_quads(store, iri, incoming_limit=incoming_limit)
    facts = Facts(desc.quads, ontology_labels())
    view: View[Any] = resource_view(store, desc, facts)
    builder = BUILDERS.get(view.kind)
    if builder is not None:
        view.data = builder(store, view, facts, desc)
    return view
