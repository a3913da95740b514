"""Property-based tests of the named-query parameter binding (hypothesis): any value a client sends
either binds to an RDF term or is refused with ParameterError, and a bound value runs as data, never
as query text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode

from hrcgraph.graph.errors import ParameterError
from hrcgraph.graph.named_queries import NamedQuery, list_named, run_query
from hrcgraph.graph.store.embedded import EmbeddedStore

QUERIES = list_named()
PARAMETERS = [(q, p.name) for q in QUERIES for p in q.parameters]
HOSTILE = st.sampled_from([
    '" } ; DROP ALL ; #', "> } SELECT * WHERE { ?s ?p ?o } #", "FRA\n} UNION { ?s ?p ?o", "'", "\\",
    "<urn:x>", "?s", "$state", "{{{{", "0x10", "-1", "1e9", "99999999999999999999", "\x00", "É", "",
])
VALUES = st.one_of(st.text(max_size=40), HOSTILE)


@pytest.mark.parametrize(("query", "name"), PARAMETERS, ids=[f"{q.name}:{n}" for q, n in PARAMETERS])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=VALUES)
def test_a_value_binds_to_a_term_or_is_refused(query: NamedQuery, name: str, value: str) -> None:
    values = {**query.example_values(), name: value}
    try:
        bound = query.bind(values)
    except ParameterError as exc:
        assert exc.parameter in values
        return
    assert all(isinstance(term, NamedNode | Literal | BlankNode) for term in bound.values())


@pytest.mark.parametrize("query", [q for q in QUERIES if q.parameters], ids=lambda q: q.name)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=HOSTILE)
def test_a_hostile_value_runs_as_data(query: NamedQuery, value: str, fixture_store: EmbeddedStore) -> None:
    """Every parameter at once gets the value: the query either refuses it or runs (no syntax error,
    no other rows than the query's own columns)."""
    values = {**query.example_values(), **{p.name: value for p in query.parameters}}
    try:
        query.bind(values)
    except ParameterError:
        return
    result = run_query(fixture_store, query, values)
    assert [getattr(v, "value", v) for v in result.variables] == [c.name for c in query.columns]
