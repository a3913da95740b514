"""The header syntax of named queries, parameter types and binding (graph/named_queries.py)."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.errors import ParameterError, SourceError
from hrcgraph.graph.named_queries import (
    ISO3_DATATYPE,
    XSD_BOOLEAN,
    XSD_INTEGER,
    QueryParameter,
    UnknownNamedQuery,
    get_named,
    header_summary,
    param_type,
    parse_named_query,
    run_named,
)
from hrcgraph.graph.store.embedded import EmbeddedStore

BODY = "SELECT ?a ?from WHERE { ?s ?p ?o FILTER(?o = ?a && ?from > 0) }\n"


def header(*lines: str) -> str:
    return "".join(line + "\n" for line in lines) + BODY


def test_a_full_header() -> None:
    text = header(
        "#+ summary: A question",
        "#+ description: First line",
        "#+   continued here.",
        "#+",
        "#+   A second paragraph.",
        "#+ tags: [votes, states]",
        "#+ param: a | iso3 | required | example=FRA | The state | with a pipe",
        "#+ param: from | year | default=2006 | example=2020 | First year",
        "#+ column: a | The state",
        "#+ column: from | The year",
    )
    q = parse_named_query(text, "a-question")
    assert q.summary == "A question"
    assert q.description == "First line continued here.\n\nA second paragraph."
    assert q.tags == ("votes", "states")
    a, year = q.parameters
    assert (a.name, a.type.name, a.required, a.example, a.description) == (
        "a", "iso3", True, "FRA", "The state | with a pipe")
    assert (year.name, year.required, year.default, year.example) == ("from", False, "2006", "2020")
    assert [c.name for c in q.columns] == ["a", "from"]
    assert q.sparql == text
    assert q.example_values() == {"a": "FRA", "from": "2020"}


@pytest.mark.parametrize(("lines", "message", "line"), [
    (["#+ description: no summary"], "summary", 1),
    (["#+ summary: x", "#+ sumary: typo"], "unknown header field 'sumary'", 2),
    (["#+ summary: x", "#+param: a | iso3 | required | example=FRA | no space"], "header line", 2),
    (["#+ summary: x", "#+ param: a | colour | required | example=red | ?"], "unknown parameter type", 2),
    (["#+ summary: x", "#+ param: a | iso3 | required | no example"], "needs an example", 2),
    (["#+ summary: x", "#+ param: a | iso3 | required | example=FRA"], "needs a description", 2),
    (["#+ summary: x", "#+ param: a | iso3 | required | default=FRA | example=FRA | x"], "cannot have a default", 2),
    (["#+ summary: x", "#+ param: a | year | example=1800 | x"], "example does not fit", 2),
    (["#+ summary: x", "#+ param: a-b | string | example=x | x"], "SPARQL variable name", 2),
    (["#+ summary: x", "#+ param: format | string | example=x | x"], "reserved", 2),
    (["#+ summary: x", "#+ column: a"], "column: NAME | description", 2),
])
def test_header_mistakes_name_file_line_and_field(lines: list[str], message: str, line: int) -> None:
    with pytest.raises(SourceError) as err:
        parse_named_query(header(*lines), "broken", source="queries/broken.rq")
    assert message in str(err.value)
    assert err.value.location.file == "queries/broken.rq"
    assert err.value.location.line == line


def test_a_parameter_the_query_does_not_use() -> None:
    with pytest.raises(SourceError, match="not used as \\?b"):
        parse_named_query(header("#+ summary: x", "#+ param: b | string | example=x | x"), "unused")


def test_bound_on_a_parameter_is_refused() -> None:
    text = "#+ summary: x\n#+ param: to | year | example=2020 | x\nSELECT ?to WHERE { FILTER(!BOUND(?to)) }\n"
    with pytest.raises(SourceError, match=r"BOUND\(\?to\)"):
        parse_named_query(text, "bound")


def test_a_parameter_declared_twice() -> None:
    with pytest.raises(SourceError, match="declared twice"):
        parse_named_query(header("#+ summary: x", "#+ param: a | string | example=x | x",
                                 "#+ param: a | string | example=y | y"), "twice")


def test_query_names_are_lowercase_words() -> None:
    with pytest.raises(SourceError, match="lowercase"):
        parse_named_query(header("#+ summary: x"), "Bad_Name")


# --- types


def term(type_spec: str, value: str) -> object:
    return QueryParameter("p", param_type(type_spec), "a parameter").to_term(value)


@pytest.mark.parametrize(("spec", "value", "expected"), [
    ("iso3", "FRA", Literal("FRA", datatype=ISO3_DATATYPE)),
    ("iso3", " usa ", Literal("USA", datatype=ISO3_DATATYPE)),
    ("iso3", "SUN", Literal("SUN", datatype=ISO3_DATATYPE)),
    ("year", "1946", Literal("1946", datatype=XSD_INTEGER)),
    ("year", "2100", Literal("2100", datatype=XSD_INTEGER)),
    ("integer", "-3", Literal("-3", datatype=XSD_INTEGER)),
    ("integer(1..10)", "10", Literal("10", datatype=XSD_INTEGER)),
    ("string", 'strongly "condemns"', Literal('strongly "condemns"')),
    ("symbol", "A/HRC/RES/55/25", Literal("A/HRC/RES/55/25")),
    ("symbol", "E/CN.4/RES/22(XXXVI)", Literal("E/CN.4/RES/22(XXXVI)")),
    ("symbol", "E/CN.4/RES/VI[X]", Literal("E/CN.4/RES/VI[X]")),
    ("iri", "https://w3id.org/hrcgraph/id/state/MLI", NamedNode("https://w3id.org/hrcgraph/id/state/MLI")),
    ("agenda-item", "4", Literal("4", datatype=XSD_INTEGER)),
    ("agenda-item", "10.", Literal("10", datatype=XSD_INTEGER)),
    ("language", "fr", Literal("fr")),
    ("language", "es-419", Literal("es-419")),
    ("boolean", "TRUE", Literal("true", datatype=XSD_BOOLEAN)),
    ("boolean", "0", Literal("false", datatype=XSD_BOOLEAN)),
    ("session", "55", Literal("55")),
    ("session", "s-33", Literal("S-33")),
    ("session", "OM-1", Literal("OM-1")),
    ("group", "african-group", Literal("african-group")),
    ("group", "Group of African States", Literal("african-group")),
    ("enum(hrc, chr)", "chr", Literal("chr")),
])
def test_values_become_terms(spec: str, value: str, expected: object) -> None:
    assert term(spec, value) == expected


@pytest.mark.parametrize(("spec", "value", "why"), [
    ("iso3", "FR", "not an ISO 3166 alpha-3 code"),
    ("iso3", "XYZ", "not a state in the bundled country table"),
    ("year", "1945", "outside 1946..2100"),
    ("year", "twenty", "not an integer"),
    ("year", "2020.5", "not an integer"),
    ("integer(1..10)", "11", "outside 1..10"),
    ("string", "", "empty"),
    ("string", "x" * 501, "longer than 500"),
    ("string", "two\nlines", "control characters"),
    ("symbol", "A/HRC/RES/55/25 extra", "not a UN document symbol"),
    ("symbol", "resolution 55/25", "not a UN document symbol"),
    ("iri", "ftp://example.org/x", "not an absolute http(s) IRI"),
    ("iri", "https://example.org/a b", "not an absolute http(s) IRI"),
    ("agenda-item", "11", "outside 1..10"),
    ("language", "english language", "not a language tag"),
    ("boolean", "maybe", "not a boolean"),
    ("session", "fifty-five", "not a session number"),
    ("group", "the knitting circle", "not a known group"),
    ("enum(hrc, chr)", "un", "not one of hrc, chr"),
])
def test_values_that_do_not_fit_name_the_parameter(spec: str, value: str, why: str) -> None:
    with pytest.raises(ParameterError) as err:
        term(spec, value)
    assert err.value.parameter == "p"
    assert why in str(err.value)
    assert str(err.value).startswith("parameter 'p': ")


def test_unknown_types_and_bad_ranges() -> None:
    with pytest.raises(ValueError, match="unknown parameter type"):
        param_type("date")
    with pytest.raises(ValueError, match="empty range"):
        param_type("integer(5..1)")


# --- binding


def test_binding_defaults_and_unbound_optionals() -> None:
    q = get_named("voting-agreement")
    bound = q.bind({"a": "fra", "b": "USA"})
    assert bound == {
        "a": Literal("FRA", datatype=ISO3_DATATYPE),
        "b": Literal("USA", datatype=ISO3_DATATYPE),
        "from": Literal("2006", datatype=XSD_INTEGER),
    }
    assert "to" not in q.bind({"a": "FRA", "b": "USA", "to": ""}), "an empty optional value is absent"


@pytest.mark.parametrize(("params", "parameter", "why"), [
    ({"a": "FRA"}, "b", "required (e.g. USA)"),
    ({"a": "FRA", "b": ""}, "b", "required"),
    ({"a": "FRA", "b": "USA", "c": "x"}, "c", "unknown parameter; voting-agreement takes: a, b, from, to"),
    ({"a": "FRA", "b": "USA", "from": "1900"}, "from", "outside"),
])
def test_binding_errors(params: dict[str, str], parameter: str, why: str) -> None:
    with pytest.raises(ParameterError) as err:
        get_named("voting-agreement").bind(params)
    assert err.value.parameter == parameter
    assert why in str(err.value)


def test_unknown_query(empty_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownNamedQuery) as err:
        run_named(empty_store, "no-such-question", {})
    assert "voting-agreement" in str(err.value)
    assert err.value.code == "unknown-query"


def test_the_summary_of_a_header_is_read_by_the_one_header_parser() -> None:
    text = "#+ summary: Votes by state\n#+   and by year\n#+ param: x | year | bad\nSELECT ?x WHERE {}\n"
    assert header_summary(text) == "Votes by state and by year"  # even where the rest of the header is wrong
    assert header_summary("SELECT * WHERE {}") is None
    assert header_summary("#+ this is not a field\nSELECT * WHERE {}") is None
