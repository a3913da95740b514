"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.full_build import FULL_BUILD_EPOCH, FullBuild, make_full_build

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
    """The full build, made ONCE per test run (it takes tens of seconds) for every slow test to read.

    Tests must not change it: a test that publishes or updates builds makes its own data directory.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", FULL_BUILD_EPOCH)
        return make_full_build(tmp_path_factory.mktemp("full-build") / "var", ohchr_dir, seed_dir)
