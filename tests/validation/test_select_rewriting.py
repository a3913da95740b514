"""Reading sh:select queries: where the focus nodes go, what is projected, which keywords are used."""

from __future__ import annotations

import pytest

from hrcgraph.graph.validation.select_rewriting import QueryShapeError, split_select, substitute_path


def test_focus_goes_inside_the_outermost_group_past_braces_in_strings_comments_and_iris() -> None:
    query = (
        "PREFIX ex: <http://example.org/ns#>\n"
        "# a comment with a { brace\n"
        'SELECT $this (CONCAT("{", STR(?o)) AS ?label) # another {\n'
        "FROM <http://example.org/g#graph> WHERE {\n"
        '  $this ex:p ?o . FILTER(?o != "}{")\n'
        "}"
    )
    split = split_select(query)
    assert split.head.endswith("WHERE {")
    assert split.body.startswith("\n  $this ex:p ?o")
    assert split.projection == frozenset({"this", "label"})
    text = split.with_focus("VALUES ?this { <http://example.org/a> }")
    assert text.index("VALUES ?this") > text.index("WHERE {")


@pytest.mark.parametrize(
    ("query", "projection"),
    [
        ("SELECT $this ?value WHERE { $this ?p ?value }", {"this", "value"}),
        ("SELECT DISTINCT ?this WHERE { ?this ?p ?o }", {"this"}),
        ("SELECT * WHERE { $this ?p ?o }", None),
        ("SELECT ?value { $this ?p ?value }", {"value"}),
        ("select $this (count(?o) as ?n) where { $this ?p ?o } group by $this", {"this", "n"}),
    ],
)
def test_projection(query: str, projection: set[str] | None) -> None:
    expected = None if projection is None else frozenset(projection)
    assert split_select(query).projection == expected


def test_path_substitution() -> None:
    query = 'SELECT $this ?value WHERE { $this $PATH ?value . FILTER(?value != "$PATH") }'
    replaced = substitute_path(query, "^<http://example.org/p>")
    assert replaced == 'SELECT $this ?value WHERE { $this ^<http://example.org/p> ?value . FILTER(?value != "$PATH") }'


def test_not_a_select_query_and_unclosed_string_are_reported() -> None:
    with pytest.raises(QueryShapeError, match="SELECT"):
        split_select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryShapeError, match="string"):
        split_select('SELECT $this WHERE { $this ?p "open }')
