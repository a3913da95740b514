"""Content negotiation: q-values, wildcards, specificity, aliases, the format parameter."""

from __future__ import annotations

import pytest

from hrcgraph.api.negotiation import best_match, negotiate, parse_accept, quality
from hrcgraph.graph.errors import ProtocolError


def test_missing_accept_takes_the_servers_first_choice() -> None:
    n = negotiate(None, None)
    assert n.results is not None and n.results.key == "json"
    assert n.graph is not None and n.graph.key == "ttl"


def test_q_values_order_the_choice() -> None:
    n = negotiate("application/sparql-results+json;q=0.5, application/sparql-results+xml", None)
    assert n.results is not None and n.results.key == "xml"


def test_more_specific_range_wins_over_a_wildcard() -> None:
    ranges = parse_accept("text/*;q=0.2, text/csv;q=0.9, */*;q=0.1")
    assert quality(ranges, "text/csv") == 0.9
    assert quality(ranges, "text/tab-separated-values") == 0.2
    assert quality(ranges, "application/json") == 0.1


def test_q_zero_refuses_a_type() -> None:
    n = negotiate("*/*, application/sparql-results+json;q=0", None)
    assert n.results is not None and n.results.key == "xml"


def test_type_wildcard_picks_within_the_type() -> None:
    n = negotiate("text/*", None)
    assert n.results is not None and n.results.key == "csv"
    assert n.graph is not None and n.graph.key == "ttl"


def test_aliases_count_only_when_named() -> None:
    n = negotiate("application/json", None)
    assert n.results is not None and n.results.key == "json"
    assert n.graph is not None and n.graph.key == "jsonld"


def test_nothing_fits() -> None:
    n = negotiate("image/png", None)
    assert n.results is None and n.graph is None


def test_format_parameter_overrides_accept() -> None:
    n = negotiate("image/png", "tsv")
    assert n.results is not None and n.results.key == "tsv"
    assert n.graph is None  # CSV/TSV name no graph format; Accept decides, and allows none
    n = negotiate(None, "nt")
    assert n.graph is not None and n.graph.key == "nt"
    assert n.results is not None and n.results.key == "json"
    n = negotiate(None, "text/csv")
    assert n.results is not None and n.results.key == "csv"


@pytest.mark.parametrize("value,results,graph", [
    ("json", "json", "jsonld"), ("xml", "xml", "rdfxml"), ("turtle", "json", "ttl"),
    ("json-ld", "json", "jsonld"), ("rdf+xml", "json", "rdfxml"), ("n-quads", "json", "nq"),
])
def test_format_names_sent_by_clients(value: str, results: str, graph: str) -> None:
    n = negotiate(None, value)
    assert n.results is not None and n.results.key == results
    assert n.graph is not None and n.graph.key == graph


def test_unknown_format_parameter_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="unknown format 'yaml'"):
        negotiate(None, "yaml")


def test_best_match_prefers_first_offer_on_ties() -> None:
    assert best_match("*/*", ["text/plain", "application/json"]) == "text/plain"
    assert best_match("application/json, text/plain;q=0.5", ["text/plain", "application/json"]) == "application/json"
    assert best_match("image/png", ["text/plain"]) is None


def test_malformed_parts_are_skipped() -> None:
    ranges = parse_accept("garbage, text/csv;q=abc, text/turtle")
    assert quality(ranges, "text/turtle") == 1.0
    assert quality(ranges, "text/csv") == 0.0
