"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

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


TEXTS = REPO_ROOT.parent / "shared" / "data" / "ohchr-texts"


@pytest.fixture(scope="session")
def texts_dir() -> Path:
    """The sample of paragraph-split texts, ``../shared/data/ohchr-texts`` (not redistributed here)."""
    if not any(TEXTS.glob("docs-*.json")):
        pytest.skip(f"paragraph-split texts not found: no docs-<year>.json in ../shared/data/ohchr-texts/ "
                    f"(resolved to {TEXTS})")
    return TEXTS
