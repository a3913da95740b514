"""Downloading the year files into the cache, from a real HTTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.sources.texts_download import PINNED, YEARS, fetch_texts

from support.file_server import serving_folder

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "texts" / "good" / "docs-2090.json"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server serving one year file (``/broken/...`` answers 500)."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "docs-2090.json").write_bytes(FIXTURE.read_bytes())
    with serving_folder(root) as served:
        yield served.url, served.requests


def test_pinned_location_and_years() -> None:
    assert PINNED == ("https://raw.githubusercontent.com/lszoszk/hrc-voting/"
                      "47c07a1fc7eb7c80aeac81aee5cb4b2024b4f982/dashboard/texts/")
    assert 1989 not in YEARS and (YEARS[0], YEARS[-1]) == (1970, 2026)


def test_a_year_missing_upstream_is_a_reported_gap(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, requests = server
    cache = tmp_path / "cache"
    fetched = fetch_texts(cache, base_url=base, years=(2090, 2091))
    assert (cache / "docs-2090.json").read_bytes() == FIXTURE.read_bytes()
    assert [str(g) for g in fetched.gaps] == [f"{base}docs-2091.json: no texts for 2091: the file is missing upstream"]
    assert sorted(requests) == ["/docs-2090.json", "/docs-2091.json"]
    # a second fetch asks nothing: the file and the gap are remembered in the cache
    again = fetch_texts(cache, base_url=base, years=(2090, 2091))
    assert len(requests) == 2 and len(again.gaps) == 1


def test_any_other_failure_is_an_error_naming_the_url(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, _ = server
    with pytest.raises(SourceError) as err:
        fetch_texts(tmp_path / "cache", base_url=base + "broken/", years=(2090,))
    assert f"{base}broken/docs-2090.json" in str(err.value) and "HTTP 500" in str(err.value)
    assert list((tmp_path / "cache").iterdir()) == []
