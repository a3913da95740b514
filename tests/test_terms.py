"""The ontology's terms as pyoxigraph terms: every declared term, and nothing else."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.terms import T


def test_every_declared_term_is_a_named_node_with_its_iri() -> None:
    declared = [name for name in HRC.__annotations__ if not name.startswith("_")]
    assert len(list(T)) == len(declared)
    for name in declared:
        node = getattr(T, name)
        assert isinstance(node, NamedNode)
        assert node.value == str(HRC[name])


def test_a_term_equals_its_iri_and_hashes_like_one() -> None:
    assert T.symbol == NamedNode("https://w3id.org/hrcgraph/ontology#symbol")
    assert {T.symbol: 1}[NamedNode(str(HRC.symbol))] == 1
    assert T["VoteEvent"] is T.VoteEvent


def test_an_undeclared_name_fails_and_says_where_terms_are_declared() -> None:
    with pytest.raises(AttributeError, match="'symbl' is not a term of the hrcgraph ontology"):
        T.symbl  # noqa: B018
    with pytest.raises(AttributeError):
        T["Resolutions"]


def test_membership_is_for_ontology_terms_only() -> None:
    assert T.Resolution in T
    assert NamedNode("https://w3id.org/hrcgraph/ontology#Resolutions") not in T
    assert NamedNode("http://www.w3.org/2000/01/rdf-schema#label") not in T
