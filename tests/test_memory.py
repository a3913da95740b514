"""Memory the build has freed goes back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import ctypes
import gc
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal

from hrcgraph.graph.memory import release_free_memory


def _glibc() -> bool:
    return sys.platform.startswith("linux") and hasattr(ctypes.CDLL(None), "gnu_get_libc_version")


def _resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not _glibc(), reason="malloc_trim is glibc's: elsewhere the freed memory stays with the process")
def test_the_terms_an_importer_dropped_are_given_back() -> None:
    # Terms as the importers make them: each holds its string in the C heap, which keeps it once freed.
    terms = [Literal(f"operative paragraph {i} of a resolution, as the texts give it " * 2) for i in range(300_000)]
    del terms
    gc.collect()
    freed = _resident_mb()
    assert release_free_memory()
    assert _resident_mb() < freed - 20


def test_elsewhere_it_says_it_did_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import hrcgraph.graph.memory as memory

    monkeypatch.setattr(memory.sys, "platform", "darwin")
    memory._malloc_trim.cache_clear()
    try:
        assert release_free_memory() is False
    finally:
        monkeypatch.undo()
        memory._malloc_trim.cache_clear()
