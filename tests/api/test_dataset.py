"""The dataset tracker: notices a new build behind ``current``, and updates applied in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrcgraph.api.dataset import DatasetTracker
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.published import PublishedDataset

from support.api_builds import publish, sample_quads


def test_nothing_published(tmp_path: Path) -> None:
    tracker = DatasetTracker(tmp_path / "var")
    assert tracker.current() is None
    with pytest.raises(StoreError, match="hrcgraph build"):
        tracker.require()


def test_a_new_build_is_noticed_and_listeners_told(tmp_path: Path) -> None:
    root = tmp_path / "var"
    publish(root, sample_quads(3), "v1")
    tracker = DatasetTracker(root)
    seen: list[str | None] = []
    tracker.on_change(lambda d: seen.append(d.version if d else None))
    first = tracker.require()
    assert first.version == "v1" and first.store_path.is_dir()
    assert tracker.current() is first  # unchanged: the same object, no reload
    publish(root, sample_quads(3, marker="v2"), "v2")
    second = tracker.require()
    assert second.version == "v2" and second.store_path != first.store_path
    assert seen == ["v1", "v2"]


def test_republishing_the_same_build_id_is_noticed(tmp_path: Path) -> None:
    root = tmp_path / "var"
    publish(root, sample_quads(3), "v1", build_id="same")
    tracker = DatasetTracker(root)
    assert tracker.require().version == "v1"
    publish(root, sample_quads(3), "v2", build_id="same")
    assert tracker.require().version == "v2"


def test_updates_bump_the_version_and_last_modified(tmp_path: Path) -> None:
    root = tmp_path / "var"
    publish(root, sample_quads(3), "v1")
    tracker = DatasetTracker(root)
    before: PublishedDataset = tracker.require()
    after = tracker.record_update()
    assert after.version == "v1+u1" and after.tag != before.tag
    assert after.last_modified >= before.last_modified
    assert DatasetTracker(root).require().version == "v1+u1"  # kept beside the build
