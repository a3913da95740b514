"""Search: texts by symbol or title, states, groups and mandates by name."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal

from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views.labels import readable_tail, value_or
from hrcgraph.graph.views.queries import view_query


@dataclass(frozen=True)
class SearchHit:
    iri: str
    label: str
    kind: str
    detail: str


BY_SYMBOL = view_query("""
SELECT ?t ?symbol ?title ?exact WHERE {
  %(bind)s
  ?t hrc:symbol ?symbol . FILTER(STRSTARTS(LCASE(?symbol), ?q))
  FILTER NOT EXISTS { ?t a hrc:Draft }
  OPTIONAL { ?t dct:title ?title }
  BIND(LCASE(?symbol) = ?q AS ?exact)
} ORDER BY DESC(?exact) STRLEN(?symbol) ?symbol LIMIT %(limit)d""")

BY_NAME = view_query("""
SELECT ?s ?label ?type WHERE {
  %(bind)s
  VALUES ?type { hrc:State hrc:RegionalGroup hrc:PoliticalGroup hrc:Mandate }
  ?s a ?type . { ?s skos:prefLabel ?label } UNION { ?s skos:altLabel ?label }
  FILTER(CONTAINS(LCASE(STR(?label)), ?q))
} ORDER BY STRLEN(STR(?label)) ?label LIMIT %(limit)d""")

BY_TITLE = view_query("""
SELECT ?t ?symbol ?title ?date WHERE {
  %(bind)s
  ?t dct:title ?title . FILTER(CONTAINS(LCASE(STR(?title)), ?q))
  OPTIONAL { ?t hrc:symbol ?symbol } OPTIONAL { ?t hrc:dateAdopted ?date }
} ORDER BY DESC(?date) LIMIT %(limit)d""")

_KIND_OF_CLASS = {T.State.value: "state", T.Mandate.value: "mandate"}


def search(store: GraphStore, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Texts whose symbol is ``text`` or starts with it, texts whose title contains it (ignoring case),
    states, groups and mandates whose name contains it."""
    q = Literal(text.strip().lower())
    hits: dict[str, SearchHit] = {}
    for row in BY_SYMBOL.rows(store, limit=limit, q=q):
        hits.setdefault(row["t"].value, SearchHit(row["t"].value, row["symbol"].value, "text", value_or(row["title"])))
    for row in BY_NAME.rows(store, limit=limit, q=q):
        kind = _KIND_OF_CLASS.get(row["type"].value, "group")
        hits.setdefault(row["s"].value, SearchHit(row["s"].value, row["label"].value, kind, ""))
    for row in BY_TITLE.rows(store, limit=limit, q=q):
        label = value_or(row["symbol"], readable_tail(row["t"].value))
        hits.setdefault(row["t"].value, SearchHit(row["t"].value, label, "text", row["title"].value))
    return list(hits.values())[: limit * 2]
