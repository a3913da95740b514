"""How a page names things: the ontology's labels, readable IRI tails, prefixed names, reading order."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.resources import ontology_files
from hrcgraph.graph.terms import RDFS_COMMENT, RDFS_LABEL


@dataclass(frozen=True)
class OntologyLabels:
    """Labels and comments of the ontology's terms (classes, properties, concepts)."""

    by_iri: dict[str, str]
    comments: dict[str, str]

    def name(self, iri: str) -> str:
        """The term's label, or a readable tail of its IRI."""
        return self.by_iri.get(iri, readable_tail(iri))


@lru_cache(maxsize=1)
def ontology_labels() -> OntologyLabels:
    labels: dict[str, str] = {}
    comments: dict[str, str] = {}
    for f in ontology_files():
        for t in parse(f.read_bytes(), format=RdfFormat.TURTLE):
            if not isinstance(t.subject, NamedNode) or not isinstance(t.object, Literal):
                continue
            if t.object.language not in (None, "en"):
                continue
            if t.predicate == RDFS_LABEL:
                labels[t.subject.value] = t.object.value
            elif t.predicate == RDFS_COMMENT:
                comments[t.subject.value] = t.object.value
    return OntologyLabels(labels, comments)


def short_iri(iri: str) -> str:
    """A prefixed name where a known prefix fits, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def readable_tail(iri: str) -> str:
    """The last meaningful part of an IRI, for resources without a label: ``hrc:Item10`` -> ``Item10``."""
    short = short_iri(iri)
    return short if short != iri else tail(iri)


def tail(iri: str) -> str:
    """What follows the IRI's ``#``, or its last path segment."""
    if "#" in iri:
        return iri.rsplit("#", 1)[1]
    return iri.rstrip("/").rsplit("/", 1)[-1]


def reading_key(name: str) -> str:
    """A name as a reader orders it: accents and case do not move a letter (Côte d'Ivoire before Cuba)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()


def prefer_english(values: Iterable[Any]) -> list[Literal]:
    """The literals among ``values``, English or untagged first."""
    literals = [v for v in values if isinstance(v, Literal)]
    return sorted(literals, key=lambda v: (v.language not in ("en", None), v.value))


def value_or(term: Any, default: str = "") -> str:
    """A query result's term as its lexical value, or ``default`` where it is unbound."""
    return str(term.value) if term is not None else default
