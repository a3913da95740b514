"""Matching names to resources (graph.reconcile) over a real build: properties that hold for any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.reconcile import PROPERTIES, TYPES, Reconciler


def _names() -> tuple[list[str], list[str]]:
    """Each state's names: those that name that state alone, and those that two states share (the
    formal name of Germany, "the Federal Republic of Germany", is also the catalogue's name of the
    former state GER, 1975-1990)."""
    owners: dict[str, set[str]] = {}
    for c in Countries.load().states:
        for n in c.names():
            key = n.casefold().removeprefix("the ").strip()
            owners.setdefault(key, set()).add(c.iso3)
    names = [n for c in Countries.load().states for n in c.names()]
    unique = [n for n in names if len(owners[n.casefold().removeprefix("the ").strip()]) == 1]
    shared = sorted({n for n in names if len(owners[n.casefold().removeprefix("the ").strip()]) > 1})
    return unique, shared


NAMES, SHARED_NAMES = _names()


@pytest.fixture(scope="module")
def reconciler(recent_build_dir: Path) -> Reconciler:
    current = DataDir(recent_build_dir).current()
    assert current is not None
    return Reconciler(current.store, IriFactory(), Countries.load())


def _check(reconciler: Reconciler, query: str, types: list[str], limit: int) -> None:
    found = reconciler.reconcile(query, types, limit=limit)
    assert len(found) <= max(1, limit)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert all(0 <= c.score <= 100 for c in found)
    matches = [c for c in found if c.match]
    assert len(matches) <= 1
    assert all(c.reason.exact for c in matches)
    if types:
        assert {c.type.id for c in found} <= set(types)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60), types=st.lists(st.sampled_from([t.id for t in TYPES]), max_size=2),
       limit=st.integers(min_value=1, max_value=20))
def test_any_text_gives_ranked_candidates_and_at_most_one_match(reconciler: Reconciler, query: str,
                                                                types: list[str], limit: int) -> None:
    _check(reconciler, query, types, limit)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NAMES), case=st.sampled_from([str.upper, str.lower, str.title, str]),
       pad=st.sampled_from(["", " ", "the ", "The "]))
def test_every_name_of_a_state_in_any_case_matches_that_state(reconciler: Reconciler, name: str,
                                                               case: object, pad: str) -> None:
    assert callable(case)
    if name.casefold().startswith("the "):
        pad = pad if not pad.strip() else ""  # "the the ..." is no one's spelling
    query = pad + case(name) + " "
    found = reconciler.reconcile(query, [TYPES[0].id])
    expected = Countries.load().lookup_state(name)
    assert expected is not None
    assert found[0].id.endswith("/id/state/" + expected.iso3) and found[0].match, (query, found[0])


@pytest.mark.parametrize("name", SHARED_NAMES)
def test_a_name_two_states_share_proposes_both_and_matches_neither(reconciler: Reconciler, name: str) -> None:
    found = reconciler.reconcile(name, [TYPES[0].id])
    owners = {c.iso3 for c in Countries.load().states if name.casefold().removeprefix("the ").strip()
              in {n.casefold().removeprefix("the ").strip() for n in c.names()}}
    assert {f.id.rsplit("/", 1)[1] for f in found} >= owners
    assert not any(f.match for f in found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.text(max_size=40) | st.sampled_from(["https://w3id.org/hrcgraph/id/state/MLI",
                                                             "https://w3id.org/hrcgraph/id/state/X> } DROP"]),
                    max_size=5),
       props=st.lists(st.sampled_from([p.id for p in PROPERTIES]), min_size=1, max_size=4))
def test_extension_takes_any_ids_and_answers_each(reconciler: Reconciler, ids: list[str], props: list[str]) -> None:
    rows = reconciler.extend(ids, props)
    assert set(rows) == set(ids)
    assert all(set(values) == set(props) for values in rows.values())
