"""The query-text lexer: updates, SERVICE clauses, syntax error messages, nesting depth."""

from __future__ import annotations

import pytest
from pyoxigraph import Store

from hrcgraph.api.sparql_text import (
    MAX_NESTING,
    describe_syntax_error,
    first_keyword,
    is_update,
    nesting_depth,
    too_deep,
    uses_service,
)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a> <b> <c> }",
    "PREFIX ex: <http://e/>\n# a comment SELECT\nDELETE WHERE { ?s ex:p ?o }",
    "  load <http://example.org/data.ttl>",
    "BASE <http://e/> WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
])
def test_updates_are_recognised(text: str) -> None:
    assert is_update(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "PREFIX insert: <http://e/> SELECT ?delete WHERE { ?delete insert:x 'INSERT DATA' }",
    "# INSERT DATA in a comment\nASK {}",
])
def test_queries_are_not_updates(text: str) -> None:
    assert not is_update(text)


def test_first_keyword_skips_the_prologue() -> None:
    assert first_keyword("PREFIX a: <http://a/> BASE <http://b/> CONSTRUCT WHERE {}") == "CONSTRUCT"


@pytest.mark.parametrize("text,expected", [
    ("SELECT * WHERE { SERVICE <http://e/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://e/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p 'public service' }", False),
    ("PREFIX service: <http://e/> SELECT ?service WHERE { ?service service:x ?o }", False),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE in a comment", False),
    ("SELECT * WHERE { ?s <http://e/SERVICE> ?o }", False),
])
def test_service_detection(text: str, expected: bool) -> None:
    assert uses_service(text) is expected


def test_syntax_error_names_line_and_column_and_marks_the_place() -> None:
    query = "SELECT ?s\nWHERE { ?s ?p ?o .\n  FILTER(?o = ) }"
    with pytest.raises(SyntaxError) as caught:
        Store().query(query)
    message = describe_syntax_error(query, str(caught.value))
    assert message.startswith("SPARQL syntax error at line 3, column ")
    lines = message.splitlines()
    assert lines[-2].strip() == "FILTER(?o = ) }"
    # Oxigraph reports where its parser gave up; the caret stands there, at most just past the line.
    caret_col = lines[-1].index("^") - 4
    assert 0 <= caret_col <= len(lines[-2]) - 4


def test_message_without_position_is_kept() -> None:
    assert describe_syntax_error("x", "something odd") == "SPARQL syntax error: something odd"


# --- nesting depth


@pytest.mark.parametrize(("text", "depth"), [
    ("ASK {}", 1),
    ("SELECT * WHERE { ?s ?p ?o FILTER((?o + 1) > 2) }", 3),
    ("SELECT * WHERE { ?s ?p \"{{{{((((\" } # {{{{{{", 1),
    ("SELECT * WHERE { ?s <urn:x:((((> '''[[[[''' }", 1),
    ("SELECT * WHERE { ?s (((<urn:p>)/(<urn:q>))) ?o }", 4),
    ("SELECT * WHERE { ?s <urn:p> [ <urn:q> [ <urn:r> ?o ] ] }", 3),
])
def test_nesting_depth_counts_brackets_of_the_code(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize("shape", ["{%s}", "(%s)", "[%s]"])
def test_a_query_nested_deeper_than_the_limit_is_refused_with_its_depth(shape: str) -> None:
    inner = "?s ?p ?o"
    for _ in range(MAX_NESTING + 5):
        inner = shape % inner
    reason = too_deep("SELECT * WHERE { " + inner + " }")
    assert reason is not None
    assert f"nested too deep: {MAX_NESTING + 6} levels" in reason
    assert f"the limit is {MAX_NESTING}" in reason


def test_fifty_thousand_levels_are_measured_without_recursion() -> None:
    reason = too_deep("SELECT * WHERE " + "{" * 50_000 + "}" * 50_000)
    assert reason is not None and "50000 levels" in reason


def test_a_query_at_the_limit_passes() -> None:
    assert too_deep("ASK " + "{" * MAX_NESTING + "}" * MAX_NESTING) is None
