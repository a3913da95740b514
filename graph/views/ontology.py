"""The ontology's documentation page: its terms grouped by kind, each with its label, comment and axioms."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Triple, parse
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from hrcgraph.graph.namespaces import HRC, ONTOLOGY_IRI
from hrcgraph.graph.resources import ontology_files
from hrcgraph.graph.views.labels import prefer_english, short_iri

H = str(HRC._NS)


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


#: The page's sections: the terms of each kind, each term in the first section whose classes it has.
_SECTIONS = (
    ("classes", "Classes", {str(OWL.Class), str(RDFS.Class)}),
    ("object-properties", "Object properties", {str(OWL.ObjectProperty)}),
    ("datatype-properties", "Datatype properties", {str(OWL.DatatypeProperty)}),
    ("other-properties", "Other properties", {str(RDF.Property), str(OWL.AnnotationProperty)}),
    ("datatypes", "Datatypes", {str(RDFS.Datatype)}),
    ("schemes", "Concept schemes", {str(SKOS.ConceptScheme)}),
    ("concepts", "Concepts", {str(SKOS.Concept)}),
)
#: The axioms listed under a term.
_DETAILS = tuple((label, str(p)) for label, p in (
    ("subclass of", RDFS.subClassOf), ("subproperty of", RDFS.subPropertyOf), ("domain", RDFS.domain),
    ("range", RDFS.range), ("in scheme", SKOS.inScheme), ("notation", SKOS.notation),
    ("close match", SKOS.closeMatch), ("exact match", SKOS.exactMatch),
    ("equivalent class", OWL.equivalentClass), ("scope note", SKOS.scopeNote),
))
_TYPE, _TITLE, _DESCRIPTION = str(RDF.type), str(DCTERMS.title), str(DCTERMS.description)


@lru_cache(maxsize=1)
def ontology_doc() -> OntologyDoc:
    """The ontology's terms grouped by kind, each with its label, comment and main axioms."""
    by_s: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in ontology_triples():
        if isinstance(t.subject, NamedNode):
            by_s[t.subject.value][t.predicate.value].append(t.object)

    def text(s: str, p: object) -> str:
        values = prefer_english(by_s[s].get(str(p), []))
        return values[0].value if values else ""

    onto = by_s.get(ONTOLOGY_IRI, {})
    metadata = [(short_iri(p), ", ".join(o.value for o in objs)) for p, objs in sorted(onto.items())
                if p not in (_DESCRIPTION, _TYPE)]
    placed: set[str] = set()
    sections = []
    for key, title, kinds in _SECTIONS:
        terms = []
        for s, props in sorted(by_s.items(), key=lambda kv: kv[0].lower()):
            types = {o.value for o in props.get(_TYPE, []) if isinstance(o, NamedNode)}
            if s in placed or not (types & kinds) or not s.startswith(H):
                continue
            placed.add(s)
            details = []
            for label, p in _DETAILS:
                objs = props.get(p, [])
                if objs:
                    details.append((label, [(o.value, short_iri(o.value) if isinstance(o, NamedNode) else o.value)
                                            for o in objs]))
            terms.append(Term(s, s[len(H):], text(s, RDFS.label) or text(s, SKOS.prefLabel),
                              text(s, RDFS.comment) or text(s, SKOS.definition),
                              sorted(short_iri(t) for t in types), details))
        if terms:
            sections.append((key, title, terms))
    return OntologyDoc(text(ONTOLOGY_IRI, _TITLE) or "hrcgraph ontology", text(ONTOLOGY_IRI, _DESCRIPTION),
                       metadata, sections)
