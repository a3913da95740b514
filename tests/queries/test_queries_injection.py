"""Parameter values built to break out of a literal or an IRI change nothing in the query.

Each hostile value either fails its type check (ParameterError, a 400 over HTTP) or is bound as a
plain value; in both cases the text handed to the engine is the query file, byte for byte, and a
value that got through answers exactly like a harmless value that matches nothing.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from hrcgraph.graph.errors import ParameterError
from hrcgraph.graph.named_queries import get_named, run_named
from hrcgraph.graph.store import SelectResult

from support.queries import RecordingStore

#: Values that would escape a string literal, an IRI or the query's structure if pasted into it.
HOSTILE = [
    '"',
    '" } UNION { ?s ?p ?o } #',
    '") || true || ("',
    "\\u0022) || true || (\\u0022",
    "\\\"",
    "> } UNION { ?s ?p ?o",
    "}",
    "} } SELECT * WHERE { ?s ?p ?o }",
    "# comment } ?text",
    "UNION",
    "' ; DROP ALL ; '",
    "?text",
    "$clause",
    "a\nb",
    'x"\r\n} INSERT DATA { <x:a> <x:b> <x:c> }',
    "\u0000",
    "\u2028}",
]


def _plain(result: object) -> list[dict[str, str | None]]:
    assert isinstance(result, SelectResult)
    names = [v.value for v in result.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in result]


def _without(rows: list[dict[str, str | None]], column: str) -> list[dict[str, str | None]]:
    return [{k: v for k, v in row.items() if k != column} for row in rows]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_phrase_is_only_ever_a_phrase(value: str, recording_store: RecordingStore) -> None:
    """clauses-containing binds a free-text phrase: hostile text is matched as text (or refused)."""
    query = get_named("clauses-containing")
    try:
        rows = _plain(run_named(recording_store, query.name, {"phrase": value}))
    except ParameterError as err:
        assert err.parameter == "phrase"
        assert any(ch in value for ch in "\n\r\u0000"), "only control characters are refused"
        return
    harmless = _plain(run_named(recording_store, query.name, {"phrase": "no clause says this"}))
    assert rows == harmless == [], "the value matched as plain text, so nothing matched"
    for text, bindings in recording_store.seen:
        assert text == query.sparql, "the text sent to the engine is the file, byte for byte"
        assert set(bindings) == {"phrase"}
    assert recording_store.seen[0][1]["phrase"] == Literal(value)


def test_a_plain_value_still_finds_what_it_names(recording_store: RecordingStore) -> None:
    """The same path that neutralizes hostile values finds real ones: a quote inside a phrase is data."""
    rows = _plain(run_named(recording_store, "clauses-containing", {"phrase": "without fear, and strongly"}))
    assert [r["symbol"] for r in rows] == ["A/HRC/RES/52/3"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("query_name", "parameter", "others"), [
    ("voting-agreement", "a", {"b": "USA"}),
    ("voting-agreement", "to", {"a": "FRA", "b": "USA"}),
    ("text-record", "symbol", {}),
    ("session-members", "session", {}),
    ("session-members", "body", {"session": "49"}),
    ("group-sponsorship", "group", {}),
    ("texts-per-agenda-item", "item", {}),
    ("voting-partners", "min_votes", {"state": "FRA"}),
    ("clauses-containing", "kind", {"phrase": "condemn"}),
])
def test_typed_parameters_refuse_hostile_values(value: str, query_name: str, parameter: str,
                                                others: dict[str, str], recording_store: RecordingStore) -> None:
    with pytest.raises(ParameterError) as err:
        run_named(recording_store, query_name, {**others, parameter: value})
    assert err.value.parameter == parameter
    assert recording_store.seen == [], "nothing reached the engine"


@pytest.mark.parametrize("value", [v for v in HOSTILE if not any(ch in v for ch in "\n\r\u0000")])
def test_a_mandate_filter_is_only_ever_text(value: str, recording_store: RecordingStore) -> None:
    """mandate-actions' optional name filter: hostile text filters everything out, like a harmless
    value that names no mandate, and the rows differ only by the echoed parameter."""
    query = get_named("mandate-actions")
    rows = _plain(run_named(recording_store, query.name, {"mandate": value}))
    harmless = _plain(run_named(recording_store, query.name, {"mandate": "no such mandate"}))
    assert _without(rows, "mandate") == _without(harmless, "mandate") == []
    assert {text for text, _ in recording_store.seen} == {query.sparql}


def test_the_query_text_is_the_same_whatever_the_values(recording_store: RecordingStore) -> None:
    query = get_named("voting-agreement")
    for a, b in [("FRA", "USA"), ("usa", "fra"), ("SUN", "CHN")]:
        run_named(recording_store, query.name, {"a": a, "b": b, "from": "1946", "to": "2030"})
    texts = {text for text, _ in recording_store.seen}
    assert texts == {query.sparql}
    assert len(recording_store.seen) == 3
