"""Downloading the OHCHR files into the cache, from a real HTTP server on loopback."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.sources.ohchr import read_ohchr
from hrcgraph.graph.sources.ohchr_download import FILES, PINNED, fetch_ohchr

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ohchr"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``/short/<file>`` announces the whole file but sends only half of it."""

    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if self.path.startswith("/short/"):
            body = (Path(self.directory) / self.path.removeprefix("/short/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str], Path]]:
    """A loopback HTTP server serving a copy of the fixture files (``/partial/`` lacks votes_long.csv)."""
    root = tmp_path / "www"
    (root / "partial").mkdir(parents=True)
    for name in FILES:
        (root / name).write_bytes((FIXTURES / name).read_bytes())
    (root / "partial" / "resolutions.csv").write_bytes((FIXTURES / "resolutions.csv").read_bytes())
    requests: list[str] = []
    handler = partial(type("Handler", (_Handler,), {"requests": requests}), directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", requests, root
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


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
