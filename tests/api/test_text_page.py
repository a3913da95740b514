"""The text page with the texts' paragraphs: clauses in order, what changed, citations, the series."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.build import BuildConfig, build

from support.api_builds import make_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("text-page")
    texts = root / "texts"
    texts.mkdir()
    shutil.copy(FIXTURES / "texts" / "good" / "docs-2090.json", texts)
    build(BuildConfig(data_dir=root / "data",
                      sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]}), log=lambda _: None)
    with TestClient(create_app(make_settings(root / "data")), raise_server_exceptions=False) as c:
        yield c


def test_the_text_shows_its_paragraphs_in_order_with_anchors(client: TestClient) -> None:
    page = client.get("/id/text/A/HRC/RES/90/1", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200
    html = page.text
    order = [html.index(f'id="{f}"') for f in ("pp-1", "pp-2", "op-1", "op-2", "op-3", "op-3-a", "op-3-b", "op-4")]
    assert order == sorted(order)
    assert '<strong class="phrase">Also strongly condemns</strong>' in html
    assert 'class="paragraph sub-paragraph"' in html
    assert "Cites" in html and 'href="/id/text/A/RES/90/100"' in html  # the cited General Assembly text


def test_the_cited_text_shows_who_cites_it(client: TestClient) -> None:
    html = client.get("/id/text/A/RES/90/100", headers={"Accept": "text/html"}, follow_redirects=True).text
    assert "Cited by" in html and 'href="/id/text/A/HRC/RES/90/1"' in html
