"""The backends the store contract runs against: each parameter opens a store holding given quads.

A backend is a function ``(quads, folder) -> GraphStore`` that returns a *read-only* handle on a
store holding exactly ``quads``, the way a published dataset is opened. Add a backend by adding an
entry to ``BACKENDS`` (with ``pytest.param(..., marks=...)`` to skip it where it cannot run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from pyoxigraph import Quad

from hrcgraph.graph.store import EmbeddedStore, GraphStore, open_store

Backend = Callable[[Sequence[Quad], Path], GraphStore]


def _memory(quads: Sequence[Quad], _folder: Path) -> GraphStore:
    return EmbeddedStore.in_memory(quads)


def _disk(quads: Sequence[Quad], folder: Path) -> GraphStore:
    with open_store(folder / "store", writable=True) as writer:
        writer.load(quads)
    return open_store(folder / "store")


BACKENDS: dict[str, Backend] = {"memory": _memory, "disk": _disk}


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
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
