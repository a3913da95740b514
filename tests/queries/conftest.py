"""Stores for the named-query tests: the small fixture graph, and the full OHCHR collection (slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from graph.iris import DEFAULT_BASE, IriFactory
from graph.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "queries"
OHCHR_DIR = REPO.parent / "shared" / "data" / "ohchr-voting"

#: Each fixture file goes into its own named graph, as the build does with sources.
FIXTURE_GRAPHS = {
    "countries.ttl": "graph/countries",
    "ohchr.ttl": "graph/ohchr",
    "seed.ttl": "graph/seed/fixture",
    "derived.ttl": "graph/derived",
}


def fixture_quads() -> list[Quad]:
    quads: list[Quad] = []
    for file, graph in FIXTURE_GRAPHS.items():
        g = NamedNode(DEFAULT_BASE + graph)
        with (FIXTURES / file).open("rb") as fh:
            quads.extend(Quad(t.subject, t.predicate, t.object, g) for t in parse(fh, format=RdfFormat.TURTLE))
    return quads


@pytest.fixture(scope="session")
def fixture_store() -> EmbeddedStore:
    """The small hand-written graph of tests/fixtures/queries (read-only: tests must not write to it)."""
    return EmbeddedStore.in_memory(fixture_quads())


@pytest.fixture
def empty_store() -> EmbeddedStore:
    return EmbeddedStore.in_memory()


@pytest.fixture(scope="session")
def ohchr_dir() -> Path:
    """The OHCHR voting collection (not part of the repository: its licence forbids committing it)."""
    if not (OHCHR_DIR / "resolutions.csv").is_file() or not (OHCHR_DIR / "votes_long.csv").is_file():
        pytest.skip(f"OHCHR voting data not found at ../shared/data/ohchr-voting/ ({OHCHR_DIR})")
    return OHCHR_DIR


@pytest.fixture(scope="session")
def ohchr_store(ohchr_dir: Path) -> Iterator[EmbeddedStore]:
    """The countries, OHCHR and membership graphs built from the full collection, in memory."""
    try:
        from graph.countries import Countries, country_batch
        from graph.membership import membership_batch
        from graph.sources.ohchr import read_ohchr
        from graph.sources.ohchr_rdf import ohchr_batch
    except ImportError as exc:  # pragma: no cover - depends on which importers are installed
        pytest.skip(f"the OHCHR importer is not available: {exc}")
    iris = IriFactory()
    countries = Countries.load()
    data = read_ohchr(ohchr_dir)
    store = Store()
    for batch in (country_batch(countries, iris), ohchr_batch(data, countries, iris),
                  membership_batch(data, iris)):
        store.bulk_extend(Quad(t.subject, t.predicate, t.object, batch.graph) for t in batch.triples)
    yield EmbeddedStore(store)
