"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrcgraph.graph.store.virtuoso import LocalVirtuoso

from support.full_build import FULL_BUILD_EPOCH, FullBuild, make_full_build, read_full_build
from support.shared import made_once, run_temp_root

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
def full_build(ohchr_dir: Path, seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> FullBuild:
    """The full build, made ONCE per test run (it takes tens of seconds; xdist workers share it) for every slow
    test to read.

    Tests must not change it: a test that publishes or updates builds makes its own data directory.
    """
    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", FULL_BUILD_EPOCH)
            made = make_full_build(folder / "var", ohchr_dir, seed_dir)
        (folder / "summary.pickle").write_bytes(pickle.dumps(made.summary))

    return read_full_build(made_once(tmp_path_factory, "full-build", make) / "var")


#: The years the shared recent build takes from the OHCHR collection (a real slice: every text of these years
#: and every roll call of those texts).
RECENT_YEARS = ("2023", "2024", "2025", "2026")


@pytest.fixture(scope="session")
def recent_ohchr_dir(ohchr_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OHCHR collection cut to the texts of ``RECENT_YEARS`` and their votes (written to a temporary folder,
    never committed)."""
    def make(out: Path) -> None:
        _cut_years(ohchr_dir, out)

    return made_once(tmp_path_factory, "ohchr-recent", make)


def _cut_years(ohchr_dir: Path, out: Path) -> None:
    import csv

    with (ohchr_dir / "resolutions.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["year"] in RECENT_YEARS]
    records = {r["record_id"] for r in rows}
    with (out / "resolutions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with (ohchr_dir / "votes_long.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        vfields = list(reader.fieldnames or [])
        votes = [r for r in reader if r["record_id"] in records]
    with (out / "votes_long.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=vfields)
        writer.writeheader()
        writer.writerows(votes)


@pytest.fixture(scope="session")
def recent_build_dir(recent_ohchr_dir: Path, seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with one real build (recent OHCHR texts and the seed record, imported at
    ``FULL_BUILD_EPOCH``), shared by the whole run: read only."""
    from hrcgraph.graph.build import BuildConfig, build

    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SOURCE_DATE_EPOCH", FULL_BUILD_EPOCH)  # reproducible: a rebuild gives the same bytes
            build(BuildConfig(data_dir=folder / "var", sources={"ohchr": [recent_ohchr_dir], "seeds": [seed_dir]}),
                  log=lambda _msg: None)

    return made_once(tmp_path_factory, "recent-build", make) / "var"


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
    server = LocalVirtuoso(folder / "db", load_dirs=(run_temp_root(tmp_path_factory),)).start()
    try:
        server.allow_anonymous_updates()
        yield server
    finally:
        server.stop()


TEXTS = REPO_ROOT.parent / "shared" / "data" / "ohchr-texts"


@pytest.fixture(scope="session")
def texts_dir() -> Path:
    """The sample of paragraph-split texts, ``../shared/data/ohchr-texts`` (not redistributed here)."""
    if not any(TEXTS.glob("docs-*.json")):
        pytest.skip(f"paragraph-split texts not found: no docs-<year>.json in ../shared/data/ohchr-texts/ "
                    f"(resolved to {TEXTS})")
    return TEXTS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The first module that reads the full build runs first, so that when the tests run in several
    processes (``scripts/test``), one makes the full build while the others run the rest, instead of all
    waiting for it at the end. The order within each module is kept."""
    first = next((item for item in items if "full_build" in getattr(item, "fixturenames", ())), None)
    if first is not None:
        module = first.nodeid.split("::")[0]
        items.sort(key=lambda item: item.nodeid.split("::")[0] != module)
