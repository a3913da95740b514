"""The page of a mandate (a special procedure): its kind, whom it concerns, and what texts did to it."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.facts import Facts, Node, term_node
from hrcgraph.graph.views.labels import ontology_labels, value_or
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text import ACTION_CLASSES


@dataclass(frozen=True)
class Action:
    """A text establishing, extending or ending the mandate."""

    iri: str
    type: Node
    text: str
    symbol: str
    date: str
    title: str
    duration: str


@dataclass(frozen=True)
class MandatePage:
    kinds: list[Node]
    concerns: list[Node]
    actions: list[Action]


ACTIONS = view_query("""
SELECT ?a ?type ?t ?symbol ?date ?title ?duration WHERE {
  %(bind)s
  ?a hrc:onMandate ?m ; a ?type ; hrc:takenBy ?t .
  OPTIONAL { ?a hrc:duration ?duration }
  OPTIONAL { ?t hrc:symbol ?symbol } OPTIONAL { ?t hrc:dateAdopted ?date } OPTIONAL { ?t dct:title ?title }
} ORDER BY ?date ?symbol""")

#: The specific kinds of action a timeline shows (the general class adds nothing).
_SHOWN_ACTIONS = ACTION_CLASSES - {T.MandateAction.value}


def mandate_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> MandatePage:
    return MandatePage(
        kinds=facts.nodes(view.iri, T.mandateKind),
        concerns=facts.nodes(view.iri, T.concerns),
        actions=actions(store, desc.resource),
    )


def actions(store: GraphStore, mandate: NamedNode) -> list[Action]:
    labels = ontology_labels()
    found: dict[str, Action] = {}
    for row in ACTIONS.rows(store, m=mandate):
        if row["type"].value in _SHOWN_ACTIONS and row["a"].value not in found:
            found[row["a"].value] = Action(
                row["a"].value, term_node(row["type"], labels), row["t"].value, value_or(row["symbol"]),
                value_or(row["date"]), value_or(row["title"]), value_or(row["duration"]))
    return list(found.values())
