"""The ontology's documentation page: every declared term placed once, in the section of its kind."""

from __future__ import annotations

from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.views.ontology import ontology_doc


def test_every_term_of_the_ontology_is_documented_once_with_its_label() -> None:
    doc = ontology_doc()
    assert doc.title and doc.description
    placed = [t for _, _, terms in doc.sections for t in terms]
    assert len({t.iri for t in placed}) == len(placed)
    declared = {str(HRC._NS) + name for name in HRC.__annotations__ if not name.startswith("_")}
    assert declared <= {t.iri for t in placed}
    assert all(t.label and t.comment for t in placed if t.iri in declared)


def test_terms_are_grouped_by_kind_with_their_axioms() -> None:
    sections = {key: {t.local: t for t in terms} for key, _, terms in ontology_doc().sections}
    assert "Resolution" in sections["classes"] and "symbol" in sections["datatype-properties"]
    assert "sponsor" in sections["object-properties"] and "VoteYes" in sections["concepts"]
    details = dict(sections["classes"]["Resolution"].details)
    assert ("https://w3id.org/hrcgraph/ontology#AdoptedText", "hrc:AdoptedText") in details["subclass of"]
