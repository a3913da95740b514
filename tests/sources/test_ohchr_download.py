"""Downloading the OHCHR files into the cache, from a real HTTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.sources.ohchr import read_ohchr
from hrcgraph.graph.sources.ohchr_download import FILES, PINNED, fetch_ohchr

from support.file_server import serving_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ohchr"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str], Path]]:
    """A loopback HTTP server serving a copy of the fixture files (``/partial/`` lacks votes_long.csv)."""
    root = tmp_path / "www"
    (root / "partial").mkdir(parents=True)
    for name in FILES:
        (root / name).write_bytes((FIXTURES / name).read_bytes())
    (root / "partial" / "resolutions.csv").write_bytes((FIXTURES / "resolutions.csv").read_bytes())
    with serving_folder(root) as served:
        yield served.url, served.requests, root


def test_pinned_location() -> None:
    assert PINNED == ("https://raw.githubusercontent.com/lszoszk/hrc-voting/"
                      "193f2d414c94613d8850b81d47abbec990b47d7b/data/csv/")


def test_download_into_the_cache(server: tuple[str, list[str], Path], tmp_path: Path) -> None:
    base, requests, _ = server
    cache = tmp_path / "cache" / "ohchr"
    folder = fetch_ohchr(cache, base_url=base)
    assert folder == cache
    for name in FILES:
        assert (cache / name).read_bytes() == (FIXTURES / name).read_bytes()
    assert sorted(requests) == ["/resolutions.csv", "/votes_long.csv"]
    assert len(read_ohchr(folder).records) == 13
    assert sorted(p.name for p in cache.iterdir()) == sorted(FILES)


def test_the_cache_is_reused(server: tuple[str, list[str], Path], tmp_path: Path) -> None:
    base, requests, _ = server
    cache = tmp_path / "cache"
    fetch_ohchr(cache, base_url=base)
    requests.clear()
    fetch_ohchr(cache, base_url=base.rstrip("/"))
    assert requests == []


def test_a_missing_file_fails_and_leaves_nothing_partial(server: tuple[str, list[str], Path],
                                                         tmp_path: Path) -> None:
    base, _, _ = server
    cache = tmp_path / "cache"
    with pytest.raises(SourceError) as caught:
        fetch_ohchr(cache, base_url=base + "partial/")
    assert "404" in caught.value.message
    assert str(caught.value.location.file).endswith("/partial/votes_long.csv")
    assert sorted(p.name for p in cache.iterdir()) == ["resolutions.csv"]  # the complete file is kept


def test_an_interrupted_download_leaves_no_file(server: tuple[str, list[str], Path], tmp_path: Path) -> None:
    base, _, _ = server
    cache = tmp_path / "cache"
    with pytest.raises(SourceError):
        fetch_ohchr(cache, base_url=base + "short/")
    assert list(cache.iterdir()) == []


def test_an_unreachable_server_fails_cleanly(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(SourceError) as caught:
        fetch_ohchr(cache, base_url="http://127.0.0.1:9/", timeout=5)
    assert "download failed" in caught.value.message
    assert list(cache.iterdir()) == []
