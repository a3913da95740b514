"""Stores for the named-query tests: the small fixture graph, and the shared full build (slow)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hrcgraph.graph.store import GraphStore, open_store
from hrcgraph.graph.store.embedded import EmbeddedStore

from support.full_build import FullBuild
from support.queries import RecordingStore, fixture_quads


@pytest.fixture(scope="session")
def fixture_store() -> EmbeddedStore:
    """The small hand-written graph of tests/fixtures/queries (tests only read it)."""
    return EmbeddedStore.in_memory(fixture_quads())


@pytest.fixture
def recording_store(fixture_store: EmbeddedStore) -> RecordingStore:
    return RecordingStore(fixture_store)


@pytest.fixture
def empty_store() -> EmbeddedStore:
    return EmbeddedStore.in_memory()


@pytest.fixture(scope="session")
def ohchr_store(full_build: FullBuild) -> Iterator[GraphStore]:
    """The store of the shared full build (the whole OHCHR collection and the seed records, each source in
    its own named graph), opened read-only."""
    store = open_store(full_build.published.store_path)
    yield store
    store.close()
