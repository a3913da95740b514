"""The page of a mandate (a special procedure): its kind, whom it concerns, what texts did to it, and the
mandates it succeeds or that succeed it."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.facts import Facts, Node, term_node
from hrcgraph.graph.views.labels import ontology_labels, readable_tail, value_or
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text import ACTION_CLASSES


@dataclass(frozen=True)
class Action:
    """A text establishing, extending, ending, converting or renaming the mandate, or the mandate that
    succeeds it. ``succeeds`` and ``succeeded_by`` are the other mandate of a succession the action states,
    seen from the page's mandate."""

    iri: str
    type: Node
    text: str
    symbol: str
    date: str
    title: str
    duration: str
    succeeds: Node | None = None
    succeeded_by: Node | None = None


@dataclass(frozen=True)
class MandatePage:
    kinds: list[Node]
    concerns: list[Node]
    actions: list[Action]
    succeeds: list[Node]
    """The earlier mandates this one continues (``hrc:succeeds``)."""
    succeeded_by: list[Node]
    """The later mandates that continue this one."""


ACTIONS = view_query("""
SELECT ?a ?type ?t ?symbol ?date ?title ?duration ?on ?onLabel ?into ?intoLabel ?before ?beforeLabel WHERE {
  %(bind)s
  { ?a hrc:onMandate ?m } UNION { ?a hrc:resultingMandate ?m } UNION { ?a hrc:predecessorMandate ?m }
  ?a a ?type ; hrc:takenBy ?t ; hrc:onMandate ?on .
  OPTIONAL { ?a hrc:duration ?duration }
  OPTIONAL { ?on skos:prefLabel ?onLabel }
  OPTIONAL { ?a hrc:resultingMandate ?into OPTIONAL { ?into skos:prefLabel ?intoLabel } }
  OPTIONAL { ?a hrc:predecessorMandate ?before OPTIONAL { ?before skos:prefLabel ?beforeLabel } }
  OPTIONAL { ?t hrc:symbol ?symbol } OPTIONAL { ?t hrc:dateAdopted ?date } OPTIONAL { ?t dct:title ?title }
} ORDER BY ?date ?symbol""")

SUCCESSION = view_query("""
SELECT ?s ?label ?later WHERE {
  %(bind)s
  { ?m hrc:succeeds ?s BIND(false AS ?later) } UNION { ?s hrc:succeeds ?m BIND(true AS ?later) }
  OPTIONAL { ?s skos:prefLabel ?label }
} ORDER BY ?label ?s""")

#: The specific kinds of action a timeline shows (the general class adds nothing).
_SHOWN_ACTIONS = ACTION_CLASSES - {T.MandateAction.value}


def mandate_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> MandatePage:
    earlier, later = succession(store, desc.resource)
    return MandatePage(
        kinds=facts.nodes(view.iri, T.mandateKind),
        concerns=facts.nodes(view.iri, T.concerns),
        actions=actions(store, desc.resource),
        succeeds=earlier,
        succeeded_by=later,
    )


def succession(store: GraphStore, mandate: NamedNode) -> tuple[list[Node], list[Node]]:
    """The mandates ``mandate`` succeeds, and those that succeed it."""
    earlier: list[Node] = []
    later: list[Node] = []
    for row in SUCCESSION.rows(store, m=mandate):
        node = Node(row["s"].value, value_or(row["label"], readable_tail(row["s"].value)))
        side = later if row["later"].value == "true" else earlier
        if node not in side:
            side.append(node)
    return earlier, later


def actions(store: GraphStore, mandate: NamedNode) -> list[Action]:
    """The timeline: the actions on the mandate and those that make it succeed, or be succeeded by, another."""
    labels = ontology_labels()
    found: dict[str, Action] = {}
    for row in ACTIONS.rows(store, m=mandate):
        if row["type"].value not in _SHOWN_ACTIONS or row["a"].value in found:
            continue
        on = _mandate_node(row["on"], row["onLabel"])
        into = _mandate_node(row["into"], row["intoLabel"])
        before = _mandate_node(row["before"], row["beforeLabel"])
        here = mandate.value
        succeeds = succeeded_by = None
        if on is not None and on.value == here:
            succeeds, succeeded_by = before, into
        elif into is not None and into.value == here:
            succeeds = on
        elif before is not None and before.value == here:
            succeeded_by = on
        found[row["a"].value] = Action(
            row["a"].value, term_node(row["type"], labels), row["t"].value, value_or(row["symbol"]),
            value_or(row["date"]), value_or(row["title"]), value_or(row["duration"]), succeeds, succeeded_by)
    return list(found.values())


def _mandate_node(term: NamedNode | None, label: object) -> Node | None:
    if term is None:
        return None
    return Node(term.value, value_or(label, readable_tail(term.value)))
