"""The published dataset: the one object that stands for what is published now.

A :class:`PublishedDataset` is read from a build folder of the data directory (see
:mod:`hrcgraph.graph.publish`). It knows

* its **version**: the build's version, plus the number of updates applied since it was published
  (``v1+u2``), and when it last changed;
* its **store**: a :class:`~hrcgraph.graph.store.base.GraphStore`, opened read-only on first use
  through :func:`~hrcgraph.graph.store.open_store` from its *store location*, which is the build's
  ``store/`` folder, or the ``store`` the manifest names (the URL of a SPARQL server holding it);
* its **manifest** (:class:`~hrcgraph.graph.manifest.BuildManifest`, ``manifest.json``): sources, counts;
* its **dumps** and CSV exports, in the build's ``dumps/`` folder and listed in the manifest;
* its **statistics**, counted over the store once (``graph.void.dataset_statistics``).

The CLI, the build, the pages, the named queries and the SPARQL service all reach the data through it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import MANIFEST_FILE, BuildManifest
from hrcgraph.graph.store import GraphStore, open_store

if TYPE_CHECKING:
    from hrcgraph.graph.void import DatasetStatistics

MANIFEST = MANIFEST_FILE
UPDATES_FILE = "updates.json"
"""Beside the manifest: the number of updates applied to a published build, and when the last was."""


class _StoreHandle:
    """The dataset's store, opened once on first use (by whichever thread asks first)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.store: GraphStore | None = None


@dataclass(frozen=True)
class PublishedDataset:
    path: Path
    """The build's folder (its manifest and dumps; for the embedded store, its store too)."""
    manifest: BuildManifest
    revision: int = 0
    """How many updates were applied to the build since it was published."""
    last_modified: datetime = field(default_factory=lambda: datetime.now(UTC))
    _handle: _StoreHandle = field(default_factory=_StoreHandle, repr=False, compare=False)

    @classmethod
    def read(cls, path: Path) -> PublishedDataset:
        """The dataset published in the build folder ``path`` (raises StoreError if it has no manifest)."""
        manifest = BuildManifest.read(path)
        revision, updated_at = _read_updates(path / UPDATES_FILE)
        built_at = _parse_time(manifest.built_at) or _mtime(path)
        last_modified = max(built_at, updated_at) if updated_at else built_at
        return cls(path, manifest, revision, last_modified)

    # --- version

    @property
    def build_version(self) -> str:
        """The version of the build's content (a digest of its sorted N-Quads)."""
        return self.manifest.version

    @property
    def version(self) -> str:
        """The build's version, plus the number of updates applied to it since it was published."""
        return f"{self.build_version}+u{self.revision}" if self.revision else self.build_version

    @property
    def tag(self) -> str:
        """A short opaque token of the version (for ETags)."""
        return hashlib.sha256(self.version.encode("utf-8")).hexdigest()[:16]

    # --- store

    @property
    def store_location(self) -> str:
        """Where the store is: the manifest's ``store`` (a server's URL), else the build's ``store/`` folder."""
        return self.manifest.store or str(self.path / "store")

    @property
    def store_path(self) -> Path:
        """The build's ``store/`` folder (where an embedded store lives)."""
        return self.path / "store"

    @property
    def store(self) -> GraphStore:
        """The store, opened read-only on first use and kept until :meth:`close`."""
        handle = self._handle
        with handle.lock:
            if handle.store is None or handle.store.closed:
                handle.store = open_store(self.store_location)
            return handle.store

    def close(self) -> None:
        """Close the store, if it was opened (results still being read are released)."""
        with self._handle.lock:
            if self._handle.store is not None:
                self._handle.store.close()
                self._handle.store = None

    # --- dumps and statistics

    @property
    def dumps_path(self) -> Path:
        return self.path / "dumps"

    @property
    def dumps(self) -> tuple[DumpFile, ...]:
        """The dump files as the manifest lists them (name, media type, size, SHA-256, ...)."""
        return self.manifest.dumps

    @cached_property
    def statistics(self) -> DatasetStatistics:
        """Counts over the store (triples, distinct subjects and objects, properties, classes), once."""
        from hrcgraph.graph.void import dataset_statistics

        return dataset_statistics(self.store)

    def with_update_recorded(self) -> PublishedDataset:
        """Record that an update changed this build in place (bumps its revision) and read it again."""
        record = {"revision": self.revision + 1, "updated_at": datetime.now(UTC).isoformat()}
        target = self.path / UPDATES_FILE
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
        tmp.replace(target)
        return PublishedDataset.read(self.path)


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
