"""The backends the store contract runs against: each parameter opens a store holding given quads.

A backend is a function ``(quads, folder) -> GraphStore`` that returns a *read-only* handle on a
store holding exactly ``quads``, the way a published dataset is opened. Add a backend by adding an
entry to ``BACKENDS`` (with ``pytest.param(..., marks=...)`` to skip it where it cannot run).
``virtuoso`` publishes into the session's Virtuoso (``tests/conftest.py``; skipped without ``virtuoso-t``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from pyoxigraph import Quad

from hrcgraph.graph.store import EmbeddedStore, GraphStore, RemoteStore, open_store
from hrcgraph.graph.store.virtuoso import LocalVirtuoso

Backend = Callable[[Sequence[Quad], Path], GraphStore]


def _memory(quads: Sequence[Quad], _folder: Path) -> GraphStore:
    return EmbeddedStore.in_memory(quads)


def _disk(quads: Sequence[Quad], folder: Path) -> GraphStore:
    with open_store(folder / "store", writable=True) as writer:
        writer.load(quads)
    return open_store(folder / "store")


_published: dict[str, frozenset[Quad]] = {}
#: The contract's dataset on the shared server, apart from the builds other tests publish there.
CONTRACT_DATASET = "http://example.org/contract-dataset"


def _virtuoso(quads: Sequence[Quad], _folder: Path, server: LocalVirtuoso) -> GraphStore:
    """The quads published into the session's Virtuoso (replacing what the previous test put there,
    unless it was the same dataset: the contract tests only read), then opened read-only."""
    if _published.get(server.sparql_url) != frozenset(quads):
        with RemoteStore(server.sparql_url, writable=True, manifest_graph=CONTRACT_DATASET) as writer:
            writer.replace(quads)
        _published[server.sparql_url] = frozenset(quads)
    return RemoteStore(server.sparql_url, manifest_graph=CONTRACT_DATASET)


BACKENDS: dict[str, Backend] = {"memory": _memory, "disk": _disk, "virtuoso": _memory}


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "virtuoso":
        server: LocalVirtuoso = request.getfixturevalue("virtuoso")
        return lambda quads, folder: _virtuoso(quads, folder, server)
    return BACKENDS[request.param]


@pytest.fixture
def open_with(backend: Backend, tmp_path: Path) -> Iterator[Callable[[Sequence[Quad]], GraphStore]]:
    """Open a store of the current backend holding some quads; every store opened is closed after the test."""
    opened: list[GraphStore] = []

    def make(quads: Sequence[Quad]) -> GraphStore:
        folder = tmp_path / f"s{len(opened)}"
        folder.mkdir()
        store = backend(quads, folder)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
