"""The page of a session of the Council or the Commission: its dates and the texts it adopted."""

from __future__ import annotations

from dataclasses import dataclass

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.facts import Facts, Node
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text_lists import DECIDED_TEXTS, TextList, texts_with_decisions


@dataclass(frozen=True)
class SessionPage:
    body: Node | None
    number: str
    type: Node | None
    year: str
    start: str
    end: str
    texts: TextList


SESSION_TEXTS = view_query(DECIDED_TEXTS % "?t hrc:session ?r .")


def session_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> SessionPage:
    r = view.iri
    return SessionPage(
        body=facts.first_node(r, T.body),
        number=facts.value(r, T.sessionNumber) or "",
        type=facts.first_node(r, T.sessionType),
        year=facts.value(r, T.year) or "",
        start=facts.value(r, T.startDate) or "",
        end=facts.value(r, T.endDate) or "",
        texts=texts_with_decisions(store, SESSION_TEXTS, desc.resource),
    )
