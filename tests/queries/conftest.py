"""Stores for the named-query tests: the small fixture graph, and the full OHCHR collection (slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Quad
from query_support import RecordingStore, fixture_quads

from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.store.embedded import EmbeddedStore


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
def seed_files(request: pytest.FixtureRequest) -> list[Path]:
    """The seed-format records next to the repository; none when they are absent."""
    try:
        folder: Path = request.getfixturevalue("seed_dir")
    except pytest.skip.Exception:
        return []
    return sorted(folder.glob("*.txt"))


@pytest.fixture(scope="session")
def ohchr_store(ohchr_dir: Path, seed_files: list[Path]) -> Iterator[EmbeddedStore]:
    """The countries, OHCHR and membership graphs (and the seed records, when present), built from
    the real files into an in-memory store, each batch in its own named graph."""
    from hrcgraph.graph.countries import Countries, country_batch
    from hrcgraph.graph.membership import membership_batch
    from hrcgraph.graph.sources.ohchr import read_ohchr
    from hrcgraph.graph.sources.ohchr_rdf import ohchr_batch
    from hrcgraph.graph.sources.seed import parse_seed_file
    from hrcgraph.graph.sources.seed_rdf import seed_batch

    iris = IriFactory()
    countries = Countries.load()
    data = read_ohchr(ohchr_dir, countries)
    seeds = [parse_seed_file(path) for path in seed_files]
    store = EmbeddedStore.in_memory()
    for batch in (country_batch(countries, iris), ohchr_batch(data, countries, iris),
                  membership_batch(data, iris), *seed_batch(seeds, countries, iris)):
        store.load(Quad(t.subject, t.predicate, t.object, batch.graph) for t in batch.triples)
    yield store
    store.close()
