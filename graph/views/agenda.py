"""The page of an agenda item: a Commission item under /id/, or one of the Council's ``hrc:Item1..10``,
with its texts by year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import SKOS_NOTATION, T
from hrcgraph.graph.views.facts import Facts, term_node
from hrcgraph.graph.views.labels import ontology_labels
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text_lists import DECIDED_TEXTS, TextList, TextRow, texts_with_decisions


@dataclass(frozen=True)
class AgendaPage:
    notation: str
    comment: str
    """The ontology's comment on a Council item."""
    texts: TextList
    by_year: list[tuple[str, list[TextRow]]]
    """The listed texts by year of adoption, newest first."""


AGENDA_TEXTS = view_query(DECIDED_TEXTS % "?t hrc:agendaItem ?r .")


def agenda_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> AgendaPage:
    return _page(store, desc.resource, notation=facts.value(view.iri, SKOS_NOTATION) or "", comment="")


def _page(store: GraphStore, item: NamedNode, *, notation: str, comment: str) -> AgendaPage:
    texts = texts_with_decisions(store, AGENDA_TEXTS, item, limit=3000)
    by_year: dict[str, list[TextRow]] = defaultdict(list)
    for t in texts.rows:
        by_year[t.date[:4] or "undated"].append(t)
    return AgendaPage(notation, comment, texts, sorted(by_year.items(), reverse=True))


def council_item_view(store: GraphStore, item: NamedNode) -> View[AgendaPage]:
    """The page of one of the Council's agenda items, terms of the ontology rather than resources of the data."""
    labels = ontology_labels()
    return View(kind="agenda", iri=item.value, label=labels.name(item.value),
                types=[term_node(T.AgendaItem, labels)], facts=[], incoming=[], truncations=[], sources=[],
                data=_page(store, item, notation="", comment=labels.comments.get(item.value, "")))
