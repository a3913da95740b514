"""Each shipped query file: its header parses, Oxigraph parses and runs it, and it answers the fixture graph.

One test case per file (the id is the file name), built from ``queries/*.rq``.
"""

from __future__ import annotations

import re

import pytest

from hrcgraph.graph.named_queries import NamedQuery, get_named, list_named, parse_named_query, run_named
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.resources import query_files
from hrcgraph.graph.store import EmbeddedStore, SelectResult

from support.query_expectations import EXPECTED, Case

FILES = [f.name for f in query_files()]
NAMES = [name.removesuffix(".rq") for name in FILES]


def test_the_research_questions_are_there() -> None:
    assert set(NAMES) >= {
        "state-votes", "voting-agreement", "voting-partners", "texts-per-agenda-item", "item4-vs-item10",
        "group-sponsorship", "mandate-actions", "text-record", "clauses-containing", "session-members",
    }
    assert [q.name for q in list_named()] == sorted(NAMES)


@pytest.mark.parametrize("file", FILES)
def test_header_parses(file: str) -> None:
    text = next(f for f in query_files() if f.name == file).read_text(encoding="utf-8")
    query = parse_named_query(text, file.removesuffix(".rq"), source=f"queries/{file}")
    assert query.summary and query.description
    assert query.tags
    assert query.columns, "every query documents its result columns"
    for p in query.parameters:
        assert p.description
        if p.required:
            assert p.example is not None


@pytest.mark.parametrize("file", FILES)
def test_prefixes_are_the_projects(file: str) -> None:
    query = get_named(file.removesuffix(".rq"))
    declared = dict(re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", query.sparql, re.MULTILINE))
    assert declared, "each file declares its prefixes so that it runs as it is"
    for prefix, namespace in declared.items():
        assert PREFIXES.get(prefix) == namespace, f"PREFIX {prefix}: differs from graph/namespaces.py"


def _solutions(result: object) -> SelectResult:
    assert isinstance(result, SelectResult), "named queries are SELECT queries"
    return result


@pytest.mark.parametrize("file", FILES)
def test_runs_on_an_empty_store_with_every_parameter(file: str, empty_store: EmbeddedStore) -> None:
    """Oxigraph parses the query and accepts every parameter as a substitution (each is projected)."""
    query = get_named(file.removesuffix(".rq"))
    every = {p.name: (p.example or p.default or "") for p in query.parameters}
    assert all(every.values()), "each parameter has an example or a default to run with"
    solutions = _solutions(run_named(empty_store, query.name, every))
    columns = [v.value for v in solutions.variables]
    assert columns == [c.name for c in query.columns], "the '#+ column:' lines match the SELECT clause"
    for p in query.parameters:
        assert p.name in columns
    list(solutions)


@pytest.mark.parametrize("file", FILES)
def test_runs_with_only_the_required_parameters(file: str, empty_store: EmbeddedStore) -> None:
    query = get_named(file.removesuffix(".rq"))
    required = {p.name: p.example or "" for p in query.parameters if p.required}
    assert list(_solutions(run_named(empty_store, query.name, required))) is not None


def test_every_query_has_expectations() -> None:
    missing = sorted(set(NAMES) - set(EXPECTED))
    assert not missing, f"add the fixture answers of {missing} to tests/queries/query_expectations.py"
    assert not set(EXPECTED) - set(NAMES), "expectations for a query that does not exist"


def _rows(query: NamedQuery, store: EmbeddedStore, case: Case) -> list[tuple[str | None, ...]]:
    solutions = _solutions(run_named(store, query.name, case.params))
    columns = [v.value for v in solutions.variables]
    index = [columns.index(c) for c in case.columns]
    out: list[tuple[str | None, ...]] = []
    for solution in solutions:
        values = [solution[i] for i in index]
        out.append(tuple(None if v is None else v.value for v in values))
    return out


@pytest.mark.parametrize("file", FILES)
def test_answers_the_fixture_graph(file: str, fixture_store: EmbeddedStore) -> None:
    query = get_named(file.removesuffix(".rq"))
    cases = EXPECTED.get(query.name)
    if not cases:
        pytest.fail(f"no expected answers for {query.name} in tests/queries/query_expectations.py")
    for case in cases:
        got = _rows(query, fixture_store, case)
        assert got == list(case.rows), f"{query.name}?{case.id()} ({case.why})"
