"""The page of a regional or political group: its members and the texts sponsored by it or on its behalf."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import SKOS_ALT_LABEL
from hrcgraph.graph.views.facts import Facts, Node
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text_lists import ROLE_TEXTS, TextList, texts_with_roles


@dataclass(frozen=True)
class GroupPage:
    members: list[Node]
    alt_labels: list[str]
    sponsored: TextList


MEMBERS = view_query("""
SELECT ?s ?label WHERE {
  %(bind)s ?s hrc:regionalGroup ?g . OPTIONAL { ?s skos:prefLabel ?label }
} ORDER BY ?label""")

SPONSORED = view_query(ROLE_TEXTS % """{ ?sp hrc:onBehalfOf ?r } UNION { ?sp hrc:sponsor ?r }
  ?t hrc:sponsorship ?sp . OPTIONAL { ?sp hrc:sponsorRole ?role }""")


def group_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> GroupPage:
    return GroupPage(
        members=members(store, desc.resource),
        alt_labels=[o.value for o in facts.objects(view.iri, SKOS_ALT_LABEL)],
        sponsored=texts_with_roles(store, SPONSORED, desc.resource),
    )


def members(store: GraphStore, group: NamedNode) -> list[Node]:
    return MEMBERS.nodes(store, g=group)
