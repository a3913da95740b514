"""The ontology's documentation page: its terms grouped by kind, each with its label, comment and axioms."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from hrcgraph.graph.namespaces import HRC, ONTOLOGY_IRI, PREFIXES
from hrcgraph.graph.resources import ontology_files
from hrcgraph.graph.views.labels import short_iri

H = str(HRC._NS)
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
OWL = PREFIXES["owl"]
RDF_TYPE = PREFIXES["rdf"] + "type"


@lru_cache(maxsize=1)
def ontology_triples() -> list[Triple]:
    triples: list[Triple] = []
    for f in ontology_files():
        triples += parse(f.read_bytes(), format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)
    return triples


@dataclass
class Term:
    iri: str
    local: str
    label: str
    comment: str
    types: list[str] = field(default_factory=list)
    details: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


@dataclass
class OntologyDoc:
    title: str
    description: str
    metadata: list[tuple[str, str]]
    sections: list[tuple[str, str, list[Term]]]


_SECTIONS = (
    ("classes", "Classes", {OWL + "Class", RDFS + "Class"}),
    ("object-properties", "Object properties", {OWL + "ObjectProperty"}),
    ("datatype-properties", "Datatype properties", {OWL + "DatatypeProperty"}),
    ("other-properties", "Other properties", {PREFIXES["rdf"] + "Property", OWL + "AnnotationProperty"}),
    ("datatypes", "Datatypes", {RDFS + "Datatype"}),
    ("schemes", "Concept schemes", {SKOS + "ConceptScheme"}),
    ("concepts", "Concepts", {SKOS + "Concept"}),
)
_DETAILS = (
    ("subclass of", RDFS + "subClassOf"), ("subproperty of", RDFS + "subPropertyOf"), ("domain", RDFS + "domain"),
    ("range", RDFS + "range"), ("in scheme", SKOS + "inScheme"), ("notation", SKOS + "notation"),
    ("close match", SKOS + "closeMatch"), ("exact match", SKOS + "exactMatch"),
    ("equivalent class", OWL + "equivalentClass"), ("scope note", SKOS + "scopeNote"),
)


@lru_cache(maxsize=1)
def ontology_doc() -> OntologyDoc:
    """The ontology's terms grouped by kind, each with its label, comment and main axioms."""
    by_s: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in ontology_triples():
        if isinstance(t.subject, NamedNode):
            by_s[t.subject.value][t.predicate.value].append(t.object)

    def text(s: str, p: str) -> str:
        values = [o for o in by_s[s].get(p, []) if isinstance(o, Literal)]
        values.sort(key=lambda v: (v.language not in ("en", None), v.value))
        return values[0].value if values else ""

    onto = by_s.get(ONTOLOGY_IRI, {})
    metadata = [(short_iri(p), ", ".join(o.value for o in objs)) for p, objs in sorted(onto.items())
                if p not in (PREFIXES["dct"] + "description", RDF_TYPE)]
    placed: set[str] = set()
    sections = []
    for key, title, kinds in _SECTIONS:
        terms = []
        for s, props in sorted(by_s.items(), key=lambda kv: kv[0].lower()):
            types = {o.value for o in props.get(RDF_TYPE, []) if isinstance(o, NamedNode)}
            if s in placed or not (types & kinds) or not s.startswith(H):
                continue
            placed.add(s)
            details = []
            for label, p in _DETAILS:
                objs = props.get(p, [])
                if objs:
                    details.append((label, [(o.value, short_iri(o.value) if isinstance(o, NamedNode) else o.value)
                                            for o in objs]))
            terms.append(Term(s, s[len(H):], text(s, RDFS + "label") or text(s, SKOS + "prefLabel"),
                              text(s, RDFS + "comment") or text(s, SKOS + "definition"),
                              sorted(short_iri(t) for t in types), details))
        if terms:
            sections.append((key, title, terms))
    return OntologyDoc(text(ONTOLOGY_IRI, PREFIXES["dct"] + "title") or "hrcgraph ontology",
                       text(ONTOLOGY_IRI, PREFIXES["dct"] + "description"), metadata, sections)
