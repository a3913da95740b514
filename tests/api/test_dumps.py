"""The dumps: an index for people and tools, checksums, downloads with ranges, and round trips through rdflib."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.graph.build import BuildConfig
from hrcgraph.graph.build import build as run_build
from hrcgraph.graph.exports import TABLE_NAMES
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.settings import Settings

from support.linked_data import assert_dumps_hold_the_store, assert_dumps_round_trip, publish_fixture

BASE = "https://w3id.org/hrcgraph/"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> PublishedDataset:
    return publish_fixture(tmp_path_factory.mktemp("dumps") / "var")


@pytest.fixture(scope="module")
def client(build: PublishedDataset) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=build.path.parent.parent, query_workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_index_lists_every_dump_with_size_and_checksum(client: TestClient, build: PublishedDataset) -> None:
    html = client.get("/dumps/")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    as_json = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert as_json == client.get("/dumps/index.json").json()
    names = {d["name"] for d in as_json["dumps"]}
    tables = {n for t in TABLE_NAMES for n in (t, t + "-metadata.json")}
    assert names == {"hrcgraph.ttl", "hrcgraph.nt.gz", "hrcgraph.nq.gz", "hrcgraph.jsonld", *tables}
    for d in as_json["dumps"]:
        data = (build.dumps_path / d["name"]).read_bytes()
        assert d["size"] == len(data)
        assert d["sha256"] == hashlib.sha256(data).hexdigest()
        assert d["name"] in html.text and d["sha256"] in html.text
    assert client.get("/dumps", follow_redirects=False).status_code == 308


def test_sha256sums_checks_the_downloads(client: TestClient) -> None:
    sums = client.get("/dumps/SHA256SUMS")
    assert sums.status_code == 200
    lines = sums.text.strip().splitlines()
    assert len(lines) == 4 + 2 * len(TABLE_NAMES)  # the RDF dumps, the CSV tables and their metadata
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256(client.get(f"/dumps/{name}").content).hexdigest() == digest


@pytest.mark.parametrize(("name", "media_type"), [
    ("hrcgraph.ttl", "text/turtle"),
    ("hrcgraph.jsonld", "application/ld+json"),
    ("hrcgraph.nt.gz", "application/gzip"),
    ("hrcgraph.nq.gz", "application/gzip"),
    ("votes.csv", "text/csv"),
    ("votes.csv-metadata.json", "application/csvm+json"),
])
def test_downloads_have_validators_and_the_right_type(client: TestClient, build: PublishedDataset, name: str,
                                                      media_type: str) -> None:
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert "content-encoding" not in r.headers  # a .gz arrives compressed, as listed
    assert r.content == (build.dumps_path / name).read_bytes()
    assert r.headers["etag"] == '"' + hashlib.sha256(r.content).hexdigest() + '"'
    assert r.headers["last-modified"] == "Thu, 15 Jan 2026 12:00:00 GMT"
    assert r.headers["accept-ranges"] == "bytes"
    assert "attachment" in r.headers["content-disposition"]
    assert client.get(f"/dumps/{name}", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert client.get(f"/dumps/{name}", headers={"If-Modified-Since": r.headers["last-modified"]}).status_code == 304


def test_a_range_is_206(client: TestClient, build: PublishedDataset) -> None:
    data = (build.dumps_path / "hrcgraph.nq.gz").read_bytes()
    r = client.get("/dumps/hrcgraph.nq.gz", headers={"Range": "bytes=10-19"})
    assert r.status_code == 206
    assert r.content == data[10:20]
    assert r.headers["content-range"] == f"bytes 10-19/{len(data)}"
    tail = client.get("/dumps/hrcgraph.nq.gz", headers={"Range": "bytes=-5"})
    assert tail.status_code == 206 and tail.content == data[-5:]


def test_a_range_beyond_the_end_is_416(client: TestClient, build: PublishedDataset) -> None:
    size = (build.dumps_path / "hrcgraph.ttl").stat().st_size
    r = client.get("/dumps/hrcgraph.ttl", headers={"Range": f"bytes={size + 100}-{size + 200}"})
    assert r.status_code == 416
    assert r.headers["content-range"] == f"bytes */{size}"


def test_unknown_dump_is_404(client: TestClient) -> None:
    for name in ("nothing.ttl", "manifest.json", ".hrcgraph.ttl.tmp"):
        r = client.get(f"/dumps/{name}")
        assert r.status_code == 404, name
        assert "hrcgraph.ttl" in r.text
    assert client.get("/dumps/..%2Fmanifest.json").status_code == 404


def test_every_dump_round_trips_through_rdflib(build: PublishedDataset) -> None:
    assert_dumps_round_trip(build)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> PublishedDataset:
    """A real build (``graph.build``) from the seed-format record and the small OHCHR fixture."""
    root = tmp_path_factory.mktemp("seed-build") / "var"
    ohchr = REPO_ROOT / "tests" / "fixtures" / "ohchr"
    run_build(BuildConfig(data_dir=root, sources={"seeds": [seed_dir], "ohchr": [ohchr]}), log=lambda _msg: None)
    current = DataDir(root).current()
    assert current is not None
    return current


def test_a_real_build_from_the_seed_round_trips(seed_build: PublishedDataset) -> None:
    assert_dumps_round_trip(seed_build)
    graphs = seed_build.manifest.graphs
    assert BASE + "graph/void" in graphs
    assert any(g.startswith(BASE + "graph/seed/") for g in graphs)


def test_the_dumps_of_a_recent_build_hold_what_its_store_holds(recent_build_dir: Path) -> None:
    """Four years of the real collection: every dump, Turtle and JSON-LD included, read by Oxigraph and
    compared statement by statement with the store (the full build's line dumps are in test_dumps_full.py)."""
    published = DataDir(recent_build_dir).current()
    assert published is not None
    try:
        assert_dumps_hold_the_store(published)
    finally:
        published.close()
