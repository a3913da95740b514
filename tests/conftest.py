"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hrcgraph.graph.store.virtuoso import LocalVirtuoso

REPO_ROOT = Path(__file__).resolve().parents[1]
OHCHR_DATA = REPO_ROOT.parent / "shared" / "data" / "ohchr-voting"


@pytest.fixture(scope="session")
def ohchr_dir() -> Path:
    """The OHCHR voting collection, ``../shared/data/ohchr-voting`` next to the repository.

    Its licence forbids committing it, so tests that need it are skipped when it is absent.
    """
    missing = [name for name in ("resolutions.csv", "votes_long.csv") if not (OHCHR_DATA / name).is_file()]
    if missing:
        pytest.skip(f"OHCHR voting data not found: {', '.join(missing)} missing from "
                    f"../shared/data/ohchr-voting/ (resolved to {OHCHR_DATA})")
    return OHCHR_DATA


SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The seed record's folder, ``../shared/seeds`` next to the repository (not redistributed here)."""
    if not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed-format records not found in ../shared/seeds/ (resolved to {SEEDS})")
    return SEEDS


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalVirtuoso]:
    """One Virtuoso Open Source 7 for the whole session, on free loopback ports, in a temporary folder.

    It runs in the foreground as our child, is stopped at the end, and is killed by the kernel if
    the test process dies. The anonymous SPARQL account may write (the server is only on loopback).
    Tests that need it are skipped when ``virtuoso-t`` is not installed (``scripts/test`` installs it).
    """
    if not LocalVirtuoso.available():
        pytest.skip("virtuoso-t / isql-vt not installed (Debian package virtuoso-opensource-7-bin; "
                    "scripts/setup --test installs it)")
    folder = tmp_path_factory.mktemp("virtuoso")
    # The bulk loader may read builds made anywhere in this session's temporary folders.
    server = LocalVirtuoso(folder / "db", load_dirs=(tmp_path_factory.getbasetemp(),)).start()
    try:
        server.allow_anonymous_updates()
        yield server
    finally:
        server.stop()
