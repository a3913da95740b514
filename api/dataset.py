"""Which published build the server answers from, noticed per request at the cost of one ``stat``.

``hrcgraph build`` swaps the ``current`` link atomically. Every request asks the tracker for the
current dataset; the tracker stats the link (following it) and, when the folder behind it is not
the one it knows (another inode, or a changed folder), reads the new manifest and tells its
listeners (the result cache empties itself, the workers open the new store).

Updates accepted through ``POST /sparql/update`` change a published build in place; each one
bumps a revision kept beside the manifest (``updates.json``), which is part of the dataset's
version, so ETags and cached results never outlive the content they were made from.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.publish import DataDir, PublishedBuild

UPDATES_FILE = "updates.json"


@dataclass(frozen=True)
class DatasetVersion:
    """The dataset as published now: the build, its version, and when it last changed."""

    build: PublishedBuild
    revision: int
    last_modified: datetime

    @property
    def store_path(self) -> Path:
        return self.build.store_path

    @property
    def version(self) -> str:
        """The build's version, plus the number of updates applied to it since it was published."""
        base = self.build.version
        return f"{base}+u{self.revision}" if self.revision else base

    @property
    def tag(self) -> str:
        """A short opaque token of the version (for ETags)."""
        return hashlib.sha256(self.version.encode("utf-8")).hexdigest()[:16]

    @property
    def manifest(self) -> BuildManifest:
        return self.build.manifest


class DatasetTracker:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = DataDir(data_dir)
        self._stamp: tuple[int, int, int] | None = None
        self._current: DatasetVersion | None = None
        self._listeners: list[Callable[[DatasetVersion | None], None]] = []

    def on_change(self, listener: Callable[[DatasetVersion | None], None]) -> None:
        self._listeners.append(listener)

    def current(self) -> DatasetVersion | None:
        """The published dataset, or None before the first build."""
        try:
            st = os.stat(self.data_dir.current_link)
        except FileNotFoundError:
            stamp = None
        else:
            stamp = (st.st_dev, st.st_ino, st.st_mtime_ns)
        if stamp == self._stamp and (stamp is None or self._current is not None):
            return self._current
        self._current = self._load() if stamp is not None else None
        self._stamp = stamp
        for listener in self._listeners:
            listener(self._current)
        return self._current

    def require(self) -> DatasetVersion:
        dataset = self.current()
        if dataset is None:
            raise StoreError(
                f"no dataset is published in {self.data_dir.root}: run 'hrcgraph build' first"
            )
        return dataset

    def record_update(self) -> DatasetVersion:
        """Note that an update changed the current build (bumps its revision)."""
        dataset = self.require()
        path = dataset.build.path / UPDATES_FILE
        record = {"revision": dataset.revision + 1, "updated_at": datetime.now(UTC).isoformat()}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        self._stamp = None  # force a reload
        return self.require()

    def _load(self) -> DatasetVersion | None:
        build = self.data_dir.current()
        if build is None:
            return None
        revision, updated_at = _read_updates(build.path / UPDATES_FILE)
        built_at = _parse_time(build.manifest.built_at) or _mtime(build.path)
        last_modified = max(built_at, updated_at) if updated_at else built_at
        return DatasetVersion(build, revision, last_modified)


def _read_updates(path: Path) -> tuple[int, datetime | None]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0, None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path} is unreadable: {exc}") from exc
    return int(record.get("revision", 0)), _parse_time(record.get("updated_at"))


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)
