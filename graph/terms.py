"""Small helpers to write triples as pyoxigraph terms (the fast path for large sources).

Importers build ``pyoxigraph.Triple`` objects directly: a million rdflib triples would cost
the build most of its time budget. Vocabulary terms come from ``graph.namespaces`` and are
converted once and cached.

``T`` holds the ontology's own terms as pyoxigraph ``NamedNode``s, made from the closed
``HRC`` namespace: ``T.symbol`` is ``NamedNode(HRC.symbol)``, and a name the ontology does not
declare (``T.symbl``) raises ``AttributeError`` where it is written, at import for module-level
constants. Code that reads the store compares against these, never against ``H + "symbol"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import URIRef

from hrcgraph.graph.namespaces import HRC

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_STRING = NamedNode(XSD + "string")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_DATE = NamedNode(XSD + "date")
XSD_GYEAR = NamedNode(XSD + "gYear")
XSD_DURATION = NamedNode(XSD + "duration")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_ANYURI = NamedNode(XSD + "anyURI")
XSD_DATETIME = NamedNode(XSD + "dateTime")

# Terms of the standard vocabularies that the importers write on their fast path.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_STATEMENT = NamedNode(RDF + "Statement")
RDF_SUBJECT = NamedNode(RDF + "subject")
RDF_PREDICATE = NamedNode(RDF + "predicate")
RDF_OBJECT = NamedNode(RDF + "object")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
OWL_SAME_AS = NamedNode("http://www.w3.org/2002/07/owl#sameAs")
DCT_TITLE = NamedNode("http://purl.org/dc/terms/title")
SKOS_CONCEPT = NamedNode(SKOS + "Concept")
SKOS_SCHEME = NamedNode(SKOS + "ConceptScheme")
SKOS_PREF_LABEL = NamedNode(SKOS + "prefLabel")
SKOS_ALT_LABEL = NamedNode(SKOS + "altLabel")
SKOS_NOTATION = NamedNode(SKOS + "notation")
SKOS_IN_SCHEME = NamedNode(SKOS + "inScheme")
SKOS_RELATED = NamedNode(SKOS + "related")



class HrcTerms:
    """The terms of the hrcgraph ontology as pyoxigraph ``NamedNode``s (``T.symbol``).

    Built once from ``HRC``'s declarations; an undeclared name fails with ``AttributeError``.
    """

    __slots__ = ("_terms",)

    def __init__(self) -> None:
        self._terms: dict[str, NamedNode] = {
            name: NamedNode(str(HRC[name])) for name in HRC.__annotations__ if not name.startswith("_")
        }

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._terms[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of the hrcgraph ontology (graph/namespaces.py HRC)") from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)

    def __contains__(self, node: object) -> bool:
        return isinstance(node, NamedNode) and node.value.startswith(str(HRC._NS)) and (
            node.value[len(str(HRC._NS)):] in self._terms)

    def __iter__(self) -> Iterator[NamedNode]:
        return iter(self._terms.values())

    def __dir__(self) -> list[str]:
        return sorted(self._terms)


#: The ontology's terms as pyoxigraph terms: ``T.symbol``, ``T.VoteEvent``.
T = HrcTerms()

Subject = NamedNode | BlankNode
Object = NamedNode | BlankNode | Literal


@lru_cache(maxsize=4096)
def term(iri: URIRef | str) -> NamedNode:
    """A vocabulary term (rdflib URIRef or string) as a pyoxigraph NamedNode."""
    return NamedNode(str(iri))


def string(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD_INTEGER)


def date(value: dt.date | str) -> Literal:
    text = value.isoformat() if isinstance(value, dt.date) else value
    return Literal(text, datatype=XSD_DATE)


def gyear(value: int | str) -> Literal:
    return Literal(f"{int(value):04d}", datatype=XSD_GYEAR)


def duration(value: str) -> Literal:
    """An xsd:duration such as ``P1Y``."""
    return Literal(value, datatype=XSD_DURATION)


def typed(value: str, datatype: URIRef | str | NamedNode) -> Literal:
    dtype = datatype if isinstance(datatype, NamedNode) else term(datatype)
    return Literal(value, datatype=dtype)


class TripleSink:
    """Collects triples; ``add(s, p, o)`` takes vocabulary terms as rdflib URIRefs or NamedNodes."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def add(self, s: Subject, p: URIRef | NamedNode, o: Object | URIRef) -> None:
        pred = p if isinstance(p, NamedNode) else term(p)
        obj = term(o) if isinstance(o, URIRef) else o
        self.triples.append(Triple(s, pred, obj))

    def type(self, s: Subject, cls: URIRef) -> None:
        self.triples.append(Triple(s, RDF_TYPE, term(cls)))
