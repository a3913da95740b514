"""What the home page offers as places to start: a few resources of each kind, found in the data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import NamedNode

from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import DCT_TITLE, SKOS_PREF_LABEL, T
from hrcgraph.graph.views.labels import readable_tail
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.void import example_resources


@dataclass(frozen=True)
class Example:
    iri: str
    label: str
    note: str


#: What the home page counts, each a sum of the build manifest's instances of some classes.
COUNTED: tuple[tuple[str, tuple[NamedNode, ...]], ...] = (
    ("Resolutions", (T.Resolution,)),
    ("Decisions", (T.Decision,)),
    ("Presidential statements", (T.PresidentialStatement,)),
    ("Decisions on texts (vote events)", (T.VoteEvent,)),
    ("Votes of states", (T.Vote,)),
    ("States", (T.State,)),
    ("Sessions", (T.Session,)),
    ("Mandates", (T.Mandate,)),
    ("Sponsorships", (T.Sponsorship,)),
    ("Quoted clauses", (T.Clause,)),
    ("Commentaries", (T.Commentary,)),
)


def counts(instances: Mapping[str, int]) -> list[tuple[str, int]]:
    """The home page's counts from the manifest's instances per class IRI, leaving out what is absent."""
    found = [(label, sum(int(instances.get(c.value, 0)) for c in classes)) for label, classes in COUNTED]
    return [(label, n) for label, n in found if n]


FIRST_VALUE = view_query("SELECT ?o WHERE { %(bind)s ?s ?p ?o } LIMIT 1")
MANDATE_CONCERNING = view_query("SELECT ?m WHERE { %(bind)s ?m a hrc:Mandate ; hrc:concerns ?r } ORDER BY ?m LIMIT 1")
LATEST_RECORDED = view_query("""
SELECT ?t WHERE {
  ?t hrc:decision ?e ; hrc:dateAdopted ?d . ?e hrc:decisionMethod hrc:RecordedVote .
} ORDER BY DESC(?d) LIMIT 1""")


def examples(store: GraphStore, iris: IriFactory) -> list[Example]:
    """Where to start: the seed-format record's resolution, Mali, the Mali mandate, a recorded vote."""
    found: list[Example] = []
    for iri in example_resources(store, iris):
        found.append(Example(iri, _name(store, NamedNode(iri), T.symbol, DCT_TITLE),
                             "a resolution, with its sponsors, decision, quoted clauses and commentary"))
    mali = iris.state("MLI")
    if _first(store, mali, SKOS_PREF_LABEL):
        found.append(Example(mali.value, "Mali", "a state: identifiers, Council membership, votes by year"))
        for row in MANDATE_CONCERNING.rows(store, r=mali):
            found.append(Example(row["m"].value, _name(store, row["m"], SKOS_PREF_LABEL),
                                 "a mandate and what texts did to it"))
    for row in LATEST_RECORDED.rows(store):
        if all(e.iri != row["t"].value for e in found):
            found.append(Example(row["t"].value, _name(store, row["t"], T.symbol),
                                 "the latest text adopted by a recorded vote, with every state's vote"))
    return found


def _name(store: GraphStore, subject: NamedNode, *predicates: NamedNode) -> str:
    """The first value of the first of ``predicates`` that the subject has, else a readable IRI tail."""
    for p in predicates:
        value = _first(store, subject, p)
        if value:
            return value
    return readable_tail(subject.value)


def _first(store: GraphStore, subject: NamedNode, predicate: NamedNode) -> str:
    for row in FIRST_VALUE.rows(store, s=subject, p=predicate):
        return str(row["o"].value)
    return ""
