"""Lists of texts that several pages show: a state's or a group's sponsored texts, a session's texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.views.labels import ontology_labels, value_or
from hrcgraph.graph.views.queries import ViewQuery

#: Texts with the resource's roles in them (``?role``); ``%s`` links ``?t`` to the resource ``?r``.
ROLE_TEXTS = """
SELECT DISTINCT ?t ?symbol ?title ?date ?role WHERE {
  %%(bind)s
  %s
  OPTIONAL { ?t hrc:symbol ?symbol } OPTIONAL { ?t dct:title ?title } OPTIONAL { ?t hrc:dateAdopted ?date }
} ORDER BY DESC(?date) ?symbol"""

#: Texts with how each was decided; ``%s`` links ``?t`` to the resource ``?r``.
DECIDED_TEXTS = """
SELECT ?t ?symbol ?title ?date ?method ?yes ?no ?abstain WHERE {
  %%(bind)s
  %s
  OPTIONAL { ?t hrc:symbol ?symbol } OPTIONAL { ?t dct:title ?title } OPTIONAL { ?t hrc:dateAdopted ?date }
  OPTIONAL { ?t hrc:decision ?e . OPTIONAL { ?e hrc:decisionMethod ?method }
             OPTIONAL { ?e hrc:yesCount ?yes } OPTIONAL { ?e hrc:noCount ?no }
             OPTIONAL { ?e hrc:abstainCount ?abstain } }
} ORDER BY ?date ?symbol"""


@dataclass
class TextRow:
    """A text in a list: symbol, title, date; the roles of the resource in it (sponsor, ...), or its decision."""

    iri: str
    symbol: str
    title: str
    date: str
    roles: list[str] = field(default_factory=list)
    method: str = ""
    tally: tuple[int, int, int] | None = None
    """Official yes, no and abstain counts, when the decision was a recorded vote."""


@dataclass(frozen=True)
class TextList:
    """The first ``len(rows)`` of ``total`` texts."""

    total: int
    rows: list[TextRow]
    truncated: bool


def text_list(rows: Iterable[TextRow], limit: int) -> TextList:
    items = list(rows)
    return TextList(total=len(items), rows=items[:limit], truncated=len(items) > limit)


def texts_with_roles(store: GraphStore, query: ViewQuery, resource: NamedNode, limit: int = 300) -> TextList:
    """Texts of ``query`` (``?t ?symbol ?title ?date ?role``, ``?r`` bound to the resource), each with the
    resource's roles in it, as the query orders them."""
    names = ontology_labels()
    texts: dict[str, TextRow] = {}
    for row in query.rows(store, r=resource):
        t = row["t"].value
        entry = texts.setdefault(t, TextRow(t, value_or(row["symbol"]), value_or(row["title"]), value_or(row["date"])))
        if row["role"] is not None:
            name = names.name(row["role"].value)
            if name not in entry.roles:
                entry.roles.append(name)
    return text_list(texts.values(), limit)


def texts_with_decisions(store: GraphStore, query: ViewQuery, resource: NamedNode, limit: int = 1000) -> TextList:
    """Texts of ``query`` (``?t ?symbol ?title ?date ?method ?yes ?no ?abstain``, ``?r`` bound to the resource),
    each with how it was decided."""
    names = ontology_labels()
    texts: dict[str, TextRow] = {}
    for row in query.rows(store, r=resource):
        t = row["t"].value
        if t in texts:
            continue
        yes, no, abstain = (int(value_or(row[k], "0")) for k in ("yes", "no", "abstain"))
        texts[t] = TextRow(t, value_or(row["symbol"]), value_or(row["title"]), value_or(row["date"]),
                           method=names.name(row["method"].value) if row["method"] is not None else "",
                           tally=(yes, no, abstain) if row["yes"] is not None else None)
    return text_list(texts.values(), limit)
