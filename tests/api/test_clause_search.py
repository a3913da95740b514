"""Searching the clauses through the JSON route and the pages' search box, on a real build."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.build import BuildConfig, build
from hrcgraph.graph.publish import DataDir

from support.api_builds import make_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clause-search")
    texts = root / "texts"
    texts.mkdir()
    shutil.copy(FIXTURES / "texts" / "good" / "docs-2090.json", texts)
    build(BuildConfig(data_dir=root / "data",
                      sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]}), log=lambda _: None)
    return root / "data"


@pytest.fixture(scope="module")
def client(built: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(built)), raise_server_exceptions=False) as c:
        yield c


def test_the_index_is_published_with_the_store(built: Path) -> None:
    current = DataDir(built).current()
    assert current is not None and (current.path / "search.sqlite").is_file()


def test_json_route(client: TestClient) -> None:
    response = client.get("/search/clauses", params={"q": "strongly condemns civilians"})
    assert response.status_code == 200
    body = response.json()
    # the same words in the draft and in the resolution: equal ranks, in the index's order
    assert [(h["symbol"], h["label"]) for h in body["hits"]] == [("A/HRC/90/L.40", "OP1"), ("A/HRC/RES/90/1", "OP1")]
    assert body["hits"][0]["clause"].endswith("#op-1") and "[civilians]" in body["hits"][0]["snippet"]
    etag = response.headers["ETag"]
    assert client.get("/search/clauses", params={"q": "strongly condemns civilians"},
                      headers={"If-None-Match": etag}).status_code == 304
    phrase = client.get("/search/clauses", params={"q": '"further period of three years"'}).json()
    assert [h["symbol"] for h in phrase["hits"]] == ["A/HRC/RES/90/3"]


@pytest.mark.parametrize("query", ["*", "x" * 501])
def test_a_query_without_words_is_a_client_error(client: TestClient, query: str) -> None:
    response = client.get("/search/clauses", params={"q": query})
    assert response.status_code in (400, 422)


def test_the_search_page_shows_the_clauses(client: TestClient) -> None:
    response = client.get("/search", params={"q": "capacity-building"})
    assert response.status_code == 200
    assert "In the texts" in response.text and "<mark>capacity-building</mark>" in response.text
