"""The ontology: it parses, it defines every term of ``graph.namespaces.HRC`` with a label and a
comment, it defines nothing else in its namespace, and its concept schemes are complete."""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from hrcgraph.graph.namespaces import HRC, ONTOLOGY_IRI
from hrcgraph.graph.resources import ontology_files

NS = str(HRC._NS)
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

#: The Council's agenda (institution-building package, HRC resolution 5/1).
COUNCIL_ITEMS = {
    1: "Organizational and procedural matters",
    2: "Annual report of the United Nations High Commissioner for Human Rights and reports of the Office of "
       "the High Commissioner and the Secretary-General",
    3: "Promotion and protection of all human rights, civil, political, economic, social and cultural rights, "
       "including the right to development",
    4: "Human rights situations that require the Council's attention",
    5: "Human rights bodies and mechanisms",
    6: "Universal periodic review",
    7: "Human rights situation in Palestine and other occupied Arab territories",
    8: "Follow-up and implementation of the Vienna Declaration and Programme of Action",
    9: "Racism, racial discrimination, xenophobia and related forms of intolerance, follow-up and "
       "implementation of the Durban Declaration and Programme of Action",
    10: "Technical assistance and capacity-building",
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for f in ontology_files():
        graph.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    return graph


def item_iri(number: int) -> rdflib.URIRef:
    return rdflib.URIRef(f"{NS}Item{number}")


def declared() -> set[rdflib.URIRef]:
    return {rdflib.URIRef(NS + name) for name in HRC.__annotations__}


def english(graph: rdflib.Graph, term: Node, predicate: rdflib.URIRef) -> list[str]:
    return [str(o) for o in graph.objects(term, predicate)
            if isinstance(o, rdflib.Literal) and o.language == "en" and str(o).strip()]


def test_ontology_files_are_found_and_parse(ontology: rdflib.Graph) -> None:
    assert [f.name for f in ontology_files()] == ["hrc.ttl"]
    assert len(ontology) > 500


def test_ontology_loads_into_the_store() -> None:
    """The store is Oxigraph, which is stricter about IRIs than rdflib."""
    for f in ontology_files():
        store = pyoxigraph.Store()
        store.load(f.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
        assert len(store) > 500


def test_one_ontology_with_its_metadata(ontology: rdflib.Graph) -> None:
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {rdflib.URIRef(ONTOLOGY_IRI)}
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert ontology.value(onto, OWL.versionIRI) == rdflib.URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert english(ontology, onto, DCTERMS.title) and english(ontology, onto, DCTERMS.description)
    assert ontology.value(onto, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    created = ontology.value(onto, DCTERMS.created)
    assert isinstance(created, rdflib.Literal) and created.datatype == XSD.date
    assert str(ontology.value(onto, VANN.preferredNamespacePrefix)) == "hrc"


def test_every_declared_term_is_defined_with_label_and_comment(ontology: rdflib.Graph) -> None:
    missing = sorted(t.removeprefix(NS) for t in declared() if (t, RDF.type, None) not in ontology)
    assert missing == [], f"declared in graph/namespaces.py but not defined: {missing}"
    unlabelled = sorted(t.removeprefix(NS) for t in declared()
                        if not english(ontology, t, RDFS.label) or not english(ontology, t, RDFS.comment))
    assert unlabelled == [], f"terms without an English rdfs:label and rdfs:comment: {unlabelled}"


def test_every_defined_term_is_declared(ontology: rdflib.Graph) -> None:
    mentioned = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and t.startswith(NS)}
    extra = sorted(t.removeprefix(NS) for t in mentioned - declared())
    assert extra == [], f"used in the ontology but not declared in graph/namespaces.py: {extra}"


def test_every_term_is_defined_by_the_ontology(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert sorted(t.removeprefix(NS) for t in declared() if (t, RDFS.isDefinedBy, onto) not in ontology) == []


def test_each_term_has_one_kind(ontology: rdflib.Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype, SKOS.ConceptScheme, SKOS.Concept}
    for term in declared():
        found = set(ontology.objects(term, RDF.type)) & kinds
        assert len(found) == 1, f"{term}: {found}"


def test_properties_have_domain_or_say_why_not(ontology: rdflib.Graph) -> None:
    """A property without rdfs:domain says in its comment that it is used on several classes."""
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if ontology.value(prop, RDFS.domain) is None:
                comment = " ".join(english(ontology, prop, RDFS.comment)).lower()
                assert "no single domain" in comment or "used on" in comment or prop == HRC.catalogueNote, prop


def test_datatype_properties_have_xsd_ranges(ontology: rdflib.Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        rng = ontology.value(prop, RDFS.range)
        assert isinstance(rng, rdflib.URIRef) and rng.startswith(str(XSD)), prop
    assert ontology.value(HRC.yesCount, RDFS.range) == XSD.integer
    assert ontology.value(HRC.dateAdopted, RDFS.range) == XSD.date
    assert ontology.value(HRC.year, RDFS.range) == XSD.gYear
    assert ontology.value(HRC.duration, RDFS.range) == XSD.duration


def test_identifier_datatypes_restrict_strings(ontology: rdflib.Graph) -> None:
    for dt in (HRC.ISO3166Alpha2, HRC.ISO3166Alpha3, HRC.ISO3166Numeric, HRC.M49, HRC.GeoNamesID):
        restriction = ontology.value(dt, OWL.equivalentClass)
        assert restriction is not None and ontology.value(restriction, OWL.onDatatype) == XSD.string, dt


def test_concepts_belong_to_declared_schemes(ontology: rdflib.Graph) -> None:
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = {c for c in ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(NS)}
    assert len(schemes) == 10
    for concept in concepts:
        in_schemes = set(ontology.objects(concept, SKOS.inScheme))
        assert len(in_schemes) == 1 and in_schemes <= schemes, concept
        assert english(ontology, concept, SKOS.prefLabel), concept
        assert (next(iter(in_schemes)), SKOS.hasTopConcept, concept) in ontology, concept
    for scheme in schemes:
        assert set(ontology.subjects(SKOS.inScheme, scheme)), f"{scheme} has no concepts"


def test_vote_options_carry_the_catalogue_codes(ontology: rdflib.Graph) -> None:
    codes = {str(ontology.value(c, SKOS.notation)): c for c in ontology.subjects(SKOS.inScheme, HRC.VoteOptions)}
    assert codes == {"Y": HRC.VoteYes, "N": HRC.VoteNo, "A": HRC.VoteAbstain, ".": HRC.VoteAbsent,
                     "-": HRC.VoteNotMember}


def test_council_agenda_items(ontology: rdflib.Graph) -> None:
    items = set(ontology.subjects(SKOS.inScheme, HRC.CouncilAgenda))
    assert items == {item_iri(n) for n in COUNCIL_ITEMS}
    for number, title in COUNCIL_ITEMS.items():
        item = item_iri(number)
        assert (item, RDF.type, HRC.AgendaItem) in ontology
        assert ontology.value(item, SKOS.notation) == rdflib.Literal(str(number))
        assert english(ontology, item, SKOS.prefLabel) == [title]


def test_terms_are_aligned_to_known_vocabularies(ontology: rdflib.Graph) -> None:
    """Alignments the data model relies on, and a reason for keeping our own term where it is near."""
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    opengov = rdflib.Namespace("http://www.w3.org/ns/opengov#")
    schema = rdflib.Namespace("https://schema.org/")
    wd = rdflib.Namespace("http://www.wikidata.org/entity/")
    assert (HRC.AdoptedText, RDFS.subClassOf, eli.LegalResource) in ontology
    assert (HRC.AdoptedText, SKOS.closeMatch, schema.Legislation) in ontology
    assert (HRC.Membership, RDFS.subClassOf, org.Membership) in ontology
    assert (HRC.Quotation, RDFS.subClassOf, oa.Annotation) in ontology
    assert (HRC.quotes, RDFS.subPropertyOf, oa.hasTarget) in ontology
    assert (HRC.VoteEvent, SKOS.closeMatch, opengov.VoteEvent) in ontology
    assert (HRC.Vote, SKOS.closeMatch, opengov.Vote) in ontology
    assert (HRC.voteOption, SKOS.closeMatch, opengov.option) in ontology
    assert (HRC.State, SKOS.closeMatch, wd.Q6256) in ontology
    assert (HRC.State, SKOS.closeMatch, schema.Country) in ontology
    for term in set(ontology.subjects(SKOS.closeMatch, None)):
        note = " ".join(english(ontology, term, SKOS.scopeNote) + english(ontology, term, RDFS.comment))
        assert note, f"{term} is close to another vocabulary's term but does not say why it is ours"
