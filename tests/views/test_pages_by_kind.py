"""The view models of states, mandates, sessions, agenda items and groups, and which page a resource gets."""

from __future__ import annotations

import pytest

from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views import build_view
from hrcgraph.graph.views.agenda import AgendaPage, council_item_view
from hrcgraph.graph.views.group import GroupPage
from hrcgraph.graph.views.mandate import MandatePage
from hrcgraph.graph.views.session import SessionPage
from hrcgraph.graph.views.state import Identifier, Membership, StatePage, YearVotes

from support.views import iri

MALI_MANDATE = "id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali"


@pytest.mark.parametrize(("path", "kind"), [
    ("id/text/A/HRC/RES/55/25", "text"), ("id/state/MLI", "state"), (MALI_MANDATE, "mandate"),
    ("id/session/hrc/55", "session"), ("id/agenda/chr/61/3", "agenda"), ("id/group/african-group", "group"),
    ("id/body/hrc", "resource"),
])
def test_each_resource_gets_the_page_of_its_kind(store: EmbeddedStore, path: str, kind: str) -> None:
    view = build_view(store, iri(path))
    assert view.kind == kind
    assert (view.data is None) == (kind == "resource")


def test_the_state_page(store: EmbeddedStore) -> None:
    page = build_view(store, iri("id/state/MLI")).data
    assert isinstance(page, StatePage)
    assert page.identifiers[0] == Identifier("Wikidata", "Q912", "http://www.wikidata.org/entity/Q912")
    assert Identifier("ISO 3166-1 alpha-3", "MLI", None) in page.identifiers
    assert Identifier("ISO 3166-1 alpha-2", "ML", "https://www.iso.org/obp/ui/#iso:code:3166:ML") in page.identifiers
    assert [g.label for g in page.regional_groups] == ["Group of African States"]
    assert page.status == "member" and not page.former
    assert page.memberships == [Membership(iri("id/session/hrc/S-33").value, "S-33", "2022", "HRC")]
    # one yes in 2022 (S-33/1), one no in 2005 (E/CN.4/RES/2005/1)
    assert page.votes_by_year == [YearVotes(2005, 0, 1, 0, 0, 0), YearVotes(2022, 1, 0, 0, 0, 0)]
    assert [(r.symbol, r.roles) for r in page.sponsored.rows] == [("A/HRC/RES/S-33/1", ["co-sponsor"])]
    assert page.sponsored.total == 1 and not page.sponsored.truncated
    assert [r.symbol for r in page.concerning.rows] == ["A/HRC/RES/55/25"]
    assert [m.value for m in page.mandates] == [iri(MALI_MANDATE).value]


def test_the_mandate_page(store: EmbeddedStore) -> None:
    page = build_view(store, iri(MALI_MANDATE)).data
    assert isinstance(page, MandatePage)
    assert [k.value for k in page.kinds] == [T.CountryMandate.value]
    assert [c.label for c in page.concerns] == ["Mali"]
    (action,) = page.actions
    assert (action.type.value, action.symbol, action.date, action.duration) == (
        T.Extension.value, "A/HRC/RES/55/25", "2024-04-04", "P1Y")


def test_the_session_page(store: EmbeddedStore) -> None:
    page = build_view(store, iri("id/session/hrc/S-33")).data
    assert isinstance(page, SessionPage)
    assert page.number == "S-33" and page.year == "2022"
    assert page.body is not None and page.body.label == "Human Rights Council"
    assert page.type is not None and page.type.value == T.SpecialSession.value
    (row,) = page.texts.rows
    assert (row.symbol, row.date, row.method, row.tally) == (
        "A/HRC/RES/S-33/1", "2022-05-12", "recorded vote", (3, 1, 1))


def test_an_agenda_item_lists_its_texts_by_year(store: EmbeddedStore) -> None:
    page = build_view(store, iri("id/agenda/chr/61/3")).data
    assert isinstance(page, AgendaPage)
    assert page.notation == "3."
    assert [(year, [t.symbol for t in texts]) for year, texts in page.by_year] == [("2005", ["E/CN.4/RES/2005/1"])]
    assert page.by_year[0][1][0].tally == (1, 2, 0)


def test_a_council_agenda_item_is_a_term_of_the_ontology(store: EmbeddedStore) -> None:
    view = council_item_view(store, T.Item4)
    assert view.kind == "agenda" and view.facts == [] and view.iri == T.Item4.value
    assert view.label and view.data.comment
    assert [t.symbol for t in view.data.texts.rows] == ["A/HRC/RES/S-33/1"]
    assert [year for year, _ in view.data.by_year] == ["2022"]


def test_the_group_page(store: EmbeddedStore) -> None:
    regional = build_view(store, iri("id/group/african-states")).data
    assert isinstance(regional, GroupPage)
    assert [m.value.rsplit("/", 1)[-1] for m in regional.members] == ["CIV", "GMB", "MLI"]  # by name
    political = build_view(store, iri("id/group/african-group")).data
    assert political.alt_labels == ["Group of African States (political)"]
    assert [(r.symbol, r.roles) for r in political.sponsored.rows] == [("A/HRC/RES/55/25", ["main sponsor"])]
