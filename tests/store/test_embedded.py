"""What only the embedded store does: files on disk, read-only handles, releasing them on close."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from hrcgraph.graph.errors import ConfigError, StoreError
from hrcgraph.graph.store import EmbeddedStore, RemoteStore, Replacement, open_store, register_backend

EX = "http://example.org/"
QUADS = [Quad(NamedNode(EX + f"s{i}"), NamedNode(EX + "p"), Literal(i), NamedNode(EX + "g")) for i in range(2000)]


def test_opening_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="hrcgraph build"):
        open_store(tmp_path / "nothing")


def test_a_folder_and_a_file_url_are_the_same_location(tmp_path: Path) -> None:
    with open_store(tmp_path / "store", writable=True) as writer:
        writer.load(QUADS[:3])
    for location in (tmp_path / "store", str(tmp_path / "store"), (tmp_path / "store").as_uri()):
        with open_store(location) as store:
            assert isinstance(store, EmbeddedStore) and len(store) == 3
            assert store.capabilities.replacement is Replacement.PUBLISH_FILES


def test_a_server_location_opens_the_remote_store_and_other_schemes_are_refused() -> None:
    with open_store("http://127.0.0.1:8890/sparql") as store:  # nothing is sent before a query
        assert isinstance(store, RemoteStore) and not store.capabilities.writable
    with pytest.raises(ConfigError, match="unknown scheme"):
        open_store("ftp://example.org/store")


def test_a_registered_backend_opens_its_scheme() -> None:
    opened: list[tuple[str, bool]] = []

    def opener(location: str, writable: bool) -> EmbeddedStore:
        opened.append((location, writable))
        return EmbeddedStore.in_memory(QUADS[:1])

    register_backend("test-scheme", opener)
    with open_store("test-scheme://somewhere/x") as store:
        assert len(store) == 1
    assert opened == [("test-scheme://somewhere/x", False)]


def test_serialized_data_loads_in_bulk(tmp_path: Path) -> None:
    data = b"".join(f"<{EX}s{i}> <{EX}p> \"{i}\" <{EX}g> .\n".encode() for i in range(10))
    with open_store(tmp_path / "store", writable=True) as writer:
        writer.load_serialized(data, RdfFormat.N_QUADS)
    with open_store(tmp_path / "store") as store:
        assert len(store) == 10


def test_close_really_releases_the_database_files(tmp_path: Path) -> None:
    """Once ``close`` returns, nothing holds the store's files, even with an unread result left over:
    the folder can be moved, and a writer (which takes RocksDB's lock) can open it at once."""
    path = tmp_path / "store"
    with open_store(path, writable=True) as writer:
        writer.load(QUADS)
        left_over = writer.select("SELECT ?s WHERE { ?s ?p ?o }")
        next(left_over)
    moved = tmp_path / "moved"
    os.replace(path, moved)
    with open_store(moved, writable=True) as again:
        assert len(again) == len(QUADS)
    with pytest.raises(StoreError, match="closed"):
        list(left_over)
