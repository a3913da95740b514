"""The full build the slow tests share (made once per run by the ``full_build`` fixture of tests/conftest.py)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from hrcgraph.graph.build import BuildConfig, BuildSummary, build
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset

#: The import time of the shared full build (reproducible builds: the same inputs give the same bytes).
FULL_BUILD_EPOCH = "1700000000"


@dataclass(frozen=True)
class FullBuild:
    """The whole OHCHR collection and the seed records, built and published by ``hrcgraph.graph.build``."""

    summary: BuildSummary
    published: PublishedDataset
    data_dir: Path


def make_full_build(root: Path, ohchr_dir: Path, seed_dir: Path) -> FullBuild:
    """Build both sources into ``root`` (``SOURCE_DATE_EPOCH`` must be :data:`FULL_BUILD_EPOCH`)."""
    summary = build(BuildConfig(data_dir=root, sources={"ohchr": [ohchr_dir], "seeds": [seed_dir]}),
                    log=lambda _msg: None)
    published = DataDir(root).current()
    assert published is not None
    return FullBuild(summary, published, root)


def read_full_build(root: Path) -> FullBuild:
    """The full build made by :func:`make_full_build` into ``root``, with the summary it pickled beside it."""
    summary = pickle.loads((root.parent / "summary.pickle").read_bytes())
    published = DataDir(root).current()
    assert published is not None
    return FullBuild(summary, published, root)
