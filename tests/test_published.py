"""The published dataset: version and revision, its store opened through its location, dumps, statistics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.store import RemoteStore, open_store

EX = "http://example.org/"
QUADS = [Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}p"), Literal(i), NamedNode(f"{EX}g")) for i in range(10)]


TTL = DumpFile("hrcgraph.ttl", "text/turtle", None, "turtle", size=3, sha256="0" * 64)


def _publish(root: Path, **manifest: Any) -> PublishedDataset:
    dd = DataDir(root)
    with dd.staging() as staging:
        with open_store(staging / "store", writable=True) as store:
            store.load(QUADS)
        (staging / "dumps").mkdir()
        return dd.publish(staging, "build-1", BuildManifest(built_at="2026-01-02T03:04:05Z", **manifest))


def test_the_store_opens_once_from_the_build_and_closes(tmp_path: Path) -> None:
    dataset = _publish(tmp_path, version="v1", dumps=(TTL,))
    assert dataset.store_location == str(tmp_path / "builds" / "build-1" / "store")
    store = dataset.store
    assert store is dataset.store and len(store) == len(QUADS)
    assert not store.capabilities.writable
    assert dataset.dumps == (TTL,)
    assert dataset.dumps_path == tmp_path / "builds" / "build-1" / "dumps"
    dataset.close()
    assert store.closed
    assert len(dataset.store) == len(QUADS)  # opened again on next use
    dataset.close()


def test_statistics_are_counted_over_the_store_once(tmp_path: Path) -> None:
    dataset = _publish(tmp_path, version="v1")
    stats = dataset.statistics
    assert stats.triples == len(QUADS) and stats.distinct_subjects == len(QUADS)
    assert stats.properties == {f"{EX}p": len(QUADS)}
    assert dataset.statistics is stats
    dataset.close()


def test_updates_bump_the_version_not_the_build_version(tmp_path: Path) -> None:
    dataset = _publish(tmp_path, version="v1")
    assert (dataset.version, dataset.build_version, dataset.revision) == ("v1", "v1", 0)
    updated = dataset.with_update_recorded().with_update_recorded()
    assert (updated.version, updated.build_version, updated.revision) == ("v1+u2", "v1", 2)
    assert updated.tag != dataset.tag and updated.last_modified > dataset.last_modified
    assert DataDir(tmp_path).require().version == "v1+u2"


def test_the_manifest_may_name_the_store_elsewhere(tmp_path: Path) -> None:
    dataset = _publish(tmp_path, version="v1", store="http://127.0.0.1:8890/sparql")
    assert dataset.store_location == "http://127.0.0.1:8890/sparql"
    # A server's store is opened by the remote backend, lazily: nothing is sent until a query.
    assert isinstance(dataset.store, RemoteStore)
    assert dataset.store.endpoint == "http://127.0.0.1:8890/sparql"
    dataset.close()


def test_nothing_published_says_what_to_do(tmp_path: Path) -> None:
    assert DataDir(tmp_path).current() is None
    with pytest.raises(StoreError, match="hrcgraph build"):
        DataDir(tmp_path).require()


def test_a_build_without_a_manifest_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text(json.dumps({"version": "v"})[:-3])
    with pytest.raises(StoreError, match=r"manifest\.json"):
        PublishedDataset.read(tmp_path / "broken")
