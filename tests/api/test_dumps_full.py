"""The full build (the whole OHCHR collection and the seed-format record): its dumps hold what its store
holds (read by Oxigraph's parsers; rdflib reads the dumps of a real build in test_dumps.py), and the pages
of the seed resolution, of A/HRC/RES/S-33/1 and of Mali answer quickly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.settings import Settings

from support.full_build import FullBuild
from support.linked_data import assert_line_dumps_match_the_store

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def client(full_build: FullBuild) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=full_build.data_dir, query_workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_full_dumps_hold_what_the_store_holds(full_build: FullBuild) -> None:
    """The line dumps against the store, each quad looked up by key (every dump is read back and compared
    statement by statement on the recent build in test_dumps.py: on the full build that took a minute)."""
    assert_line_dumps_match_the_store(full_build.published)


@pytest.mark.parametrize("path", [
    "/",
    "/id/state/MLI",
    "/id/text/A/HRC/RES/S-33/1",
    "/id/text/A/HRC/RES/55/25",
    "/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali",
    "/id/session/hrc/55",
    "/agenda/Item4",
    "/.well-known/void",
])
def test_pages_of_the_full_graph_answer(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200, r.text[:300]


def test_mali_is_described_within_bounds(client: TestClient) -> None:
    ttl = client.get("/id/state/MLI.ttl")
    assert ttl.status_code == 200
    assert len(ttl.content) < 2_000_000
    html = client.get("/id/state/MLI.html").text
    assert "Independent Expert on the situation of human rights in Mali" in html
    assert "<rect" in html  # the votes-by-year chart


def test_the_seed_resolution_is_reachable_from_home(client: TestClient) -> None:
    home = client.get("/").text
    start = home.split('id="start"', 1)[1].split("</section>", 1)[0]
    first = start.split('href="', 1)[1].split('"', 1)[0]
    page = client.get(first, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Commentaries" in page.text and "UN Watch" in page.text
