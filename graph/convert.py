"""Conversion between pyoxigraph and rdflib terms, in one place.

rdflib is used where it is the right tool (pySHACL, small graphs in tests); the build and the
store speak pyoxigraph.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib
from rdflib.term import Node


def to_rdflib(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
    raise TypeError(f"cannot convert {t!r} to an rdflib term")


def from_rdflib(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, rdflib.Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"cannot convert {t!r} to a pyoxigraph term")


def triples_to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    g = rdflib.Graph()
    for tr in triples:
        g.add((to_rdflib(tr.subject), to_rdflib(tr.predicate), to_rdflib(tr.object)))  # type: ignore[arg-type]
    return g


def rdflib_to_triples(graph: rdflib.Graph) -> list[ox.Triple]:
    return [ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]  # type: ignore[arg-type]
