"""The page of a state: its identifiers, regional group, Council membership, votes by year, texts."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import OWL_SAME_AS, SKOS_ALT_LABEL, SKOS_NOTATION, T
from hrcgraph.graph.views.facts import Facts, Node
from hrcgraph.graph.views.labels import readable_tail, tail, value_or
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View
from hrcgraph.graph.views.text import OPTION_KEY
from hrcgraph.graph.views.text_lists import ROLE_TEXTS, TextList, texts_with_roles

#: Identifier datatypes of states, in the order a page lists them, with how to link each.
IDENTIFIER_KINDS: tuple[tuple[NamedNode, str, str | None], ...] = (
    (T.ISO3166Alpha2, "ISO 3166-1 alpha-2", "https://www.iso.org/obp/ui/#iso:code:3166:{}"),
    (T.ISO3166Alpha3, "ISO 3166-1 alpha-3", None),
    (T.ISO3166Numeric, "ISO 3166-1 numeric", None),
    (T.M49, "UN M49", "https://unstats.un.org/unsd/methodology/m49/"),
    (T.GeoNamesID, "GeoNames", "https://www.geonames.org/{}"),
)


@dataclass(frozen=True)
class Identifier:
    label: str
    value: str
    href: str | None


@dataclass(frozen=True)
class Membership:
    """A session in which the state sat on the body (from the roll calls)."""

    session: str
    number: str
    year: str
    body: str


@dataclass(frozen=True)
class YearVotes:
    """How a state voted in one year's recorded votes: the count of each option."""

    year: int
    yes: int
    no: int
    abstain: int
    absent: int
    not_member: int


@dataclass(frozen=True)
class StatePage:
    identifiers: list[Identifier]
    regional_groups: list[Node]
    status: str | None
    former: bool
    alt_labels: list[str]
    memberships: list[Membership]
    votes_by_year: list[YearVotes]
    sponsored: TextList
    concerning: TextList
    mandates: list[Node]


def state_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> StatePage:
    r = view.iri
    return StatePage(
        identifiers=identifiers(facts, r),
        regional_groups=facts.nodes(r, T.regionalGroup),
        status=facts.value(r, T.unStatus),
        former=facts.has_type(r, T.FormerState),
        alt_labels=[o.value for o in facts.objects(r, SKOS_ALT_LABEL)],
        memberships=memberships(store, desc.resource),
        votes_by_year=votes_by_year(store, desc.resource),
        sponsored=texts_with_roles(store, SPONSORED, desc.resource),
        concerning=texts_with_roles(store, CONCERNING, desc.resource),
        mandates=mandates_concerning(store, desc.resource),
    )


def identifiers(facts: Facts, r: str) -> list[Identifier]:
    """Wikidata first, then the typed notations in ``IDENTIFIER_KINDS`` order, then GeoNames' RDF."""
    notations = [n for n in facts.objects(r, SKOS_NOTATION) if isinstance(n, Literal)]
    found = [Identifier("Wikidata", tail(o.value), o.value)
             for o in facts.objects(r, OWL_SAME_AS) if "wikidata.org" in o.value]
    for dtype, label, link in IDENTIFIER_KINDS:
        for n in notations:
            if n.datatype == dtype:
                found.append(Identifier(label, n.value, link.format(n.value) if link and "{}" in link else link))
    found += [Identifier("GeoNames (RDF)", g.value, g.value) for g in facts.objects(r, T.geonames)]
    return found


MEMBERSHIPS = view_query("""
SELECT ?session ?number ?year ?body WHERE {
  %(bind)s
  ?m org:member ?r ; hrc:inSession ?session .
  OPTIONAL { ?session hrc:sessionNumber ?number } OPTIONAL { ?session hrc:year ?year }
  OPTIONAL { ?session hrc:body ?body }
}""")


def memberships(store: GraphStore, state: NamedNode) -> list[Membership]:
    out = [Membership(row["session"].value, value_or(row["number"], readable_tail(row["session"].value)),
                      value_or(row["year"]), tail(value_or(row["body"])).upper())
           for row in MEMBERSHIPS.rows(store, r=state)]
    return sorted(out, key=lambda m: (m.year, m.body, _session_order(m.number)))


def _session_order(number: str) -> tuple[int, int]:
    special = number.startswith("S-")
    digits = re.sub(r"\D", "", number)
    return (1 if special else 0, int(digits) if digits else 0)


VOTES_BY_YEAR = view_query("""
SELECT ?year ?option (COUNT(?v) AS ?n) WHERE {
  %(bind)s
  ?v hrc:voter ?r ; hrc:voteOption ?option ; hrc:inVoteEvent ?e .
  ?t hrc:decision ?e ; hrc:dateAdopted ?date .
  BIND(YEAR(?date) AS ?year)
} GROUP BY ?year ?option ORDER BY ?year""")


def votes_by_year(store: GraphStore, state: NamedNode) -> list[YearVotes]:
    """How a state voted in recorded votes, year by year: counts of each option."""
    years: dict[int, dict[str, int]] = {}
    for row in VOTES_BY_YEAR.rows(store, r=state):
        key = OPTION_KEY.get(row["option"].value, "other")
        years.setdefault(int(row["year"].value), defaultdict(int))[key] += int(row["n"].value)
    return [YearVotes(y, c["yes"], c["no"], c["abstain"], c["absent"], c["not-member"])
            for y, c in sorted(years.items())]


SPONSORED = view_query(ROLE_TEXTS % """?sp hrc:sponsor ?r . ?t hrc:sponsorship ?sp .
  OPTIONAL { ?sp hrc:sponsorRole ?role }""")
CONCERNING = view_query(ROLE_TEXTS % "?t hrc:concerns ?r . FILTER NOT EXISTS { ?t a hrc:Mandate }")

MANDATES = view_query("""
SELECT ?s ?label WHERE {
  %(bind)s
  ?s a hrc:Mandate ; hrc:concerns ?r . OPTIONAL { ?s skos:prefLabel ?label }
} ORDER BY ?label""")


def mandates_concerning(store: GraphStore, state: NamedNode) -> list[Node]:
    return MANDATES.nodes(store, r=state)
