"""The one SPARQL lexer: code and non-code, keywords, variables, updates, SERVICE, syntax error messages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Store

from hrcgraph.graph.sparql_text import (
    code_only,
    describe_syntax_error,
    first_keyword,
    has_open_string,
    is_update,
    keywords,
    substitute,
    tokens,
    uses_service,
    variables,
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


def test_keywords_ignore_strings_comments_iris_prefixed_names_and_variables() -> None:
    query = (
        'SELECT $this WHERE { $this ex:values ?minus . # VALUES in a comment\n'
        ' FILTER(?minus != "SERVICE") FILTER NOT EXISTS { $this <http://x/VALUES> ?o } }'
    )
    found = keywords(query)
    assert {"SELECT", "WHERE", "FILTER", "NOT", "EXISTS"} <= found
    assert not {"VALUES", "MINUS", "SERVICE"} & found
    assert "MINUS" in keywords("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }")


def test_variables_in_code_only() -> None:
    query = 'SELECT $this ?value WHERE { $this $PATH ?value . FILTER(?value != "$PATH ?inString") } # ?inComment'
    assert variables(query) == {"this", "value", "PATH"}


def test_code_only_blanks_strings_iris_and_comments_and_keeps_offsets_and_lines() -> None:
    query = 'SELECT ?s # WHERE {\nWHERE { ?s <http://e/WHERE> """a\n{""" }'
    code = code_only(query)
    assert len(code) == len(query)
    assert code.splitlines()[0].rstrip() == "SELECT ?s"
    assert code.count("{") == 1 and code.count("WHERE") == 1
    assert code.count("\n") == query.count("\n")


def test_tokens_name_their_kind() -> None:
    kinds = [(t.kind, t.text) for t in tokens("PREFIX ex: <http://e/> SELECT ?x WHERE { ?x ex:p 1.5e3 }")]
    assert kinds == [("word", "PREFIX"), ("pname", "ex:"), ("iri", "<http://e/>"), ("word", "SELECT"),
                     ("variable", "?x"), ("word", "WHERE"), ("variable", "?x"), ("pname", "ex:p"),
                     ("number", "1.5e3")]


def test_substitute_replaces_the_variable_not_longer_names_nor_text() -> None:
    query = 'SELECT ?a ?ab WHERE { ?a ?p "?a" } # ?a'
    assert substitute(query, "a", "<http://e/x>") == 'SELECT <http://e/x> ?ab WHERE { <http://e/x> ?p "?a" } # ?a'


def test_an_unclosed_string_is_found() -> None:
    assert has_open_string('SELECT * WHERE { ?s ?p "open }')
    assert not has_open_string('SELECT * WHERE { ?s ?p "closed", \'\'\'long\n\'\'\' }')


# --- properties on any text: the lexer reads user queries, so it must not break on any input

@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab?$:<>\"'#{}\n\\ .SERVICE")), max_size=80))
def test_code_only_keeps_length_and_lines_and_tokens_tile_the_text(text: str) -> None:
    code = code_only(text)
    assert len(code) == len(text)
    assert [i for i, c in enumerate(code) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    end = 0
    for t in tokens(text):
        assert end <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        end = t.end


_SAFE_TEXT = st.text(alphabet=st.characters(blacklist_characters="\"\\\n\r", blacklist_categories=("Cs",)),
                     max_size=20)


@settings(max_examples=100, deadline=None)
@given(comment=_SAFE_TEXT, literal=_SAFE_TEXT, keyword=st.sampled_from(["SERVICE", "service", "Service"]))
def test_a_service_clause_is_always_found_whatever_surrounds_it(comment: str, literal: str, keyword: str) -> None:
    literal_text = '"' + literal.replace('"', "") + '"'
    query = (f"# {comment}\nSELECT * WHERE {{ ?s ?p {literal_text} . "
             f"{keyword} <http://example.org/sparql> {{ ?s ?p ?o }} }}")
    Store().query(query.replace(keyword, "GRAPH"))  # the same text with GRAPH parses: the query is well formed
    assert uses_service(query)
