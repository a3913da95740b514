"""What every resource page shows: its label, classes, statements with their sources, and links to it.

A page starts from the resource's description (``graph.describe``), so it shows what the RDF documents
at the same IRI say, each fact with the named graph it came from; each kind of page adds its own
``data`` (``graph.views.text``, ``graph.views.state``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description, Truncation
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import RDF_PREDICATE, RDF_SUBJECT, RDF_TYPE, T
from hrcgraph.graph.views.facts import Fact, Facts, Node
from hrcgraph.graph.views.labels import readable_tail, short_iri
from hrcgraph.graph.views.queries import view_query

D = TypeVar("D")

TEXT_CLASSES = frozenset(t.value for t in (T.Text, T.AdoptedText, T.Resolution, T.Decision,
                                           T.PresidentialStatement, T.Draft, T.Amendment))
GROUP_CLASSES = frozenset(t.value for t in (T.Group, T.RegionalGroup, T.PoliticalGroup))

#: Which page a resource gets, from its classes: the first kind whose classes it has.
KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("text", TEXT_CLASSES),
    ("state", frozenset({T.State.value})),
    ("mandate", frozenset({T.Mandate.value})),
    ("session", frozenset({T.Session.value})),
    ("agenda", frozenset({T.AgendaItem.value})),
    ("group", GROUP_CLASSES),
)


@dataclass
class View(Generic[D]):
    """A page's content; ``kind`` picks the template, ``data`` is what that kind of page adds."""

    kind: str
    iri: str
    label: str
    types: list[Node]
    facts: list[Fact]
    incoming: list[Fact]
    truncations: list[Truncation]
    sources: list[Node]
    data: D


def kind_of(types: set[str]) -> str:
    """Which page a resource gets, from its classes."""
    for kind, classes in KINDS:
        if types & classes:
            return kind
    return "resource"


def resource_view(store: GraphStore, desc: Description, facts: Facts) -> View[None]:
    """The part of a page every resource has."""
    r = desc.resource.value
    types = facts.types(r)
    own = {r, *(p.value for p in desc.parts)}
    statements = [Fact(_predicate_node(p, facts), facts.node(o), gs) for p, o, gs in facts.statements(r)]
    incoming: list[Fact] = []
    for s in facts.subjects():
        if s in own:
            continue
        for p, o, gs in facts.statements(s):
            if isinstance(o, NamedNode) and o.value in own and p != RDF_TYPE.value:
                incoming.append(Fact(_predicate_node(p, facts), _subject_node(s, facts), gs))
    graphs = sorted({g for s in own for _, _, gs in facts.statements(s) for g in gs} - {""})
    source_names = source_labels(store)
    return View(
        kind=kind_of(types),
        iri=r,
        label=facts.label(r),
        types=[Node(t, facts.label(t)) for t in sorted(types)],
        facts=statements,
        incoming=incoming,
        truncations=desc.truncations,
        sources=[Node(g, source_names.get(g, readable_tail(g))) for g in graphs],
        data=None,
    )


def _predicate_node(p: str, facts: Facts) -> Node:
    return Node(p, facts.labels.by_iri.get(p, short_iri(p)))


def _subject_node(s: str, facts: Facts) -> Node:
    """A resource linking here; a blank node (a statement about an inferred link) is named by what it says."""
    if not s.startswith("_:"):
        return Node(s, _subject_label(s, facts))
    subject = facts.one(s, RDF_SUBJECT)
    predicate = facts.one(s, RDF_PREDICATE)
    basis = facts.one(s, T.basis)
    if subject is not None and predicate is not None:
        label = f"{facts.label(subject.value)} {facts.label(predicate.value)} (inferred"
        label += f": {facts.label(basis.value)})" if basis is not None else ")"
    else:
        label = "a statement"
    return Node(s, label, is_iri=False)


def _subject_label(s: str, facts: Facts) -> str:
    label = facts.label(s)
    if "#" in s and label == readable_tail(s):
        parent = s.split("#", 1)[0]
        return f"{facts.label(parent)} ({label})"
    return label


SOURCE_LABELS = view_query("""
SELECT ?g ?label WHERE { GRAPH ?m { ?g a prov:Entity ; rdfs:label ?label } }""")


def source_labels(store: GraphStore) -> dict[str, str]:
    """Each source graph's label, from the provenance graph."""
    return {r["g"].value: r["label"].value for r in SOURCE_LABELS.rows(store)}
