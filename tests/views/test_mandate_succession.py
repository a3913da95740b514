"""A mandate's succession, from the clauses of a build to its page: the view model of the timeline and the
links "succeeds" / "succeeded by" (a hand-made year file: the sample's texts convert no mandate)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.build import BuildConfig, build
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views import build_view
from hrcgraph.graph.views.mandate import MandatePage
from hrcgraph.graph.views.text import TextPage
from hrcgraph.settings import Settings

from support.views import iri

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINORITY_IE = "id/mandate/independent-expert-on-minority-issues"
MINORITY_SR = "id/mandate/special-rapporteur-on-minority-issues"
MALI_IE = "id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali"
MALI_SR = "id/mandate/special-rapporteur-on-the-situation-of-human-rights-in-mali"
FOOD = "id/mandate/special-rapporteur-on-the-right-to-food"
ADEQUATE_FOOD = "id/mandate/special-rapporteur-on-the-right-to-adequate-food"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("succession")
    texts = root / "texts"
    texts.mkdir()
    shutil.copy(FIXTURES / "texts" / "succession" / "docs-2031.json", texts)
    summary = build(BuildConfig(data_dir=root / "d", sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]}),
                    log=lambda _: None)
    assert summary.report is not None and summary.report.conforms, "the shapes accept the succession"
    return root / "d"


@pytest.fixture(scope="module")
def store(data_dir: Path) -> Iterator[GraphStore]:
    current = DataDir(data_dir).current()
    assert current is not None
    yield current.store
    current.close()


def _page(store: GraphStore, path: str) -> MandatePage:
    page = build_view(store, iri(path)).data
    assert isinstance(page, MandatePage)
    return page


def test_a_converted_mandate_is_succeeded_by_the_new_one(store: GraphStore) -> None:
    old = _page(store, MINORITY_IE)
    assert [(n.value, n.label) for n in old.succeeded_by] == [
        (iri(MINORITY_SR).value, "Special Rapporteur on minority issues")]
    assert old.succeeds == []
    (action,) = old.actions
    assert (action.type.value, action.symbol, action.date, action.duration) == (
        T.Conversion.value, "A/HRC/RES/90/1", "2031-04-04", "P3Y")
    assert action.succeeded_by is not None and action.succeeded_by.value == iri(MINORITY_SR).value
    assert action.succeeds is None


def test_the_new_mandate_succeeds_the_converted_one(store: GraphStore) -> None:
    new = _page(store, MINORITY_SR)
    assert [n.label for n in new.succeeds] == ["Independent Expert on minority issues"]
    assert new.succeeded_by == []
    (action,) = new.actions  # the same conversion, seen from the mandate it gives
    assert action.type.value == T.Conversion.value and action.symbol == "A/HRC/RES/90/1"
    assert action.succeeds is not None and action.succeeds.value == iri(MINORITY_IE).value
    assert action.succeeded_by is None


def test_an_establishment_in_place_of_a_mandate(store: GraphStore) -> None:
    new = _page(store, MALI_SR)
    assert [n.value for n in new.succeeds] == [iri(MALI_IE).value]
    (action,) = new.actions
    assert (action.type.value, action.duration) == (T.Establishment.value, "P1Y")
    assert action.succeeds is not None and action.succeeds.label == (
        "Independent Expert on the situation of human rights in Mali")
    old = _page(store, MALI_IE)
    assert [n.value for n in old.succeeded_by] == [iri(MALI_SR).value]
    (seen,) = old.actions
    assert seen.iri == action.iri and seen.succeeded_by is not None and seen.succeeded_by.value == iri(MALI_SR).value


def test_a_renaming(store: GraphStore) -> None:
    old = _page(store, FOOD)
    assert [n.value for n in old.succeeded_by] == [iri(ADEQUATE_FOOD).value]
    assert [(a.type.value, a.symbol) for a in old.actions] == [(T.Renaming.value, "A/HRC/RES/90/3")]
    assert [n.value for n in _page(store, ADEQUATE_FOOD).succeeds] == [iri(FOOD).value]


def test_the_text_page_names_what_a_conversion_gives(store: GraphStore) -> None:
    text = build_view(store, iri("id/text/A/HRC/RES/90/1")).data
    assert isinstance(text, TextPage)
    (action,) = text.actions
    assert [n.value for n in action.mandates] == [iri(MINORITY_IE).value]
    assert [n.value for n in action.resulting] == [iri(MINORITY_SR).value]
    assert action.predecessors == []


def test_the_mandate_page_links_both_ways(data_dir: Path) -> None:
    app = create_app(Settings(data_dir=data_dir, query_workers=1))
    with TestClient(app, raise_server_exceptions=False) as client:
        old = client.get("/" + MINORITY_IE)
        new = client.get("/" + MINORITY_SR)
        text = client.get("/id/text/A/HRC/RES/90/1")
    assert old.status_code == new.status_code == text.status_code == 200
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", old.text))
    assert "Succeeded by Special Rapporteur on minority issues" in words
    assert "succeeded by Special Rapporteur on minority issues" in words  # in the timeline
    assert f'href="/{MINORITY_SR}"' in old.text
    assert "Succeeds Independent Expert on minority issues" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", new.text))
    assert f'href="/{MINORITY_IE}"' in new.text
    assert f'into <a href="/{MINORITY_SR}">' in text.text
