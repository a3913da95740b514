"""Which dataset a server over a remote store answers from: the manifest graph on the SPARQL server.

``hrcgraph serve --store URL`` has no ``current`` link to watch: the build that the server holds is
the one its manifest graph names (:mod:`hrcgraph.graph.store.manifest`, written in the same switch
as the graphs). The tracker reads it at most every ``interval_s`` seconds (one small query), and
when the version changes it makes a new :class:`~hrcgraph.graph.published.PublishedDataset` and
tells its listeners, as the local tracker does: the result cache empties itself and the workers open
the store again. The dumps are the local build's of the same version, in the data directory
(``hrcgraph build --store`` leaves them there); without one, ``/dumps/`` lists none.

Updates through ``/sparql/update`` are not offered over a remote store: the server's own update
endpoint and credentials are for that.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hrcgraph.api.dataset import DatasetTracker
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset, _parse_time
from hrcgraph.graph.store.remote import RemoteStore, store_location
from hrcgraph.settings import Settings

Listener = Callable[[PublishedDataset | None], None]


class RemoteDatasetTracker:
    def __init__(self, location: str, data_dir: Path, *, query_timeout_s: float, interval_s: float = 2.0) -> None:
        self.location = store_location(location, timeout_s=query_timeout_s)
        self.data_dir = DataDir(data_dir)
        self.interval_s = interval_s
        self._store = RemoteStore(location, timeout_s=min(query_timeout_s, 10.0))
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._current: PublishedDataset | None = None
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def current(self) -> PublishedDataset | None:
        """The dataset the server holds now, or None before the first ``hrcgraph build --store``."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked < self.interval_s:
                return self._current
            found = self._store.manifest()
            self._checked = now
            version = found.version if found else None
            if version == (self._current.build_version if self._current else None):
                return self._current
            previous = self._current
            self._current = (self._dataset(found.manifest, found.version)
                             if found and found.version and found.manifest else None)
        if previous is not None:
            previous.close()
        for listener in self._listeners:
            listener(self._current)
        return self._current

    def require(self) -> PublishedDataset:
        dataset = self.current()
        if dataset is None:
            raise StoreError(f"nothing is published in the SPARQL server at {self._store.endpoint}: "
                             "run 'hrcgraph build --store URL' first")
        return dataset

    def record_update(self) -> PublishedDataset:
        raise StoreError("updates through hrcgraph are not available over a remote store: "
                         "use the SPARQL server's own update endpoint")

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.close()
            self._store.close()

    def _dataset(self, manifest: BuildManifest, version: str) -> PublishedDataset:
        manifest = replace(manifest, version=version, store=self.location)
        built_at = _parse_time(manifest.built_at) or datetime.now(UTC)
        return PublishedDataset(self._local_build(version), manifest, 0, built_at)

    def _local_build(self, version: str) -> Path:
        """The local build folder of this version (for its dumps), or where it would be."""
        if self.data_dir.builds.is_dir():
            for folder in sorted(self.data_dir.builds.iterdir()):
                try:
                    if BuildManifest.read(folder).version == version:
                        return folder
                except StoreError:
                    continue
        return self.data_dir.builds / f"not-here-{version[:16]}"


def dataset_tracker(settings: Settings) -> DatasetTracker | RemoteDatasetTracker:
    """The tracker for the server's settings: the data directory's ``current`` build, or, with
    ``store`` set (``--store URL``, ``HRCGRAPH_STORE``), the build a SPARQL server holds."""
    if settings.store:
        return RemoteDatasetTracker(settings.store, settings.data_dir, query_timeout_s=settings.query_timeout_s)
    return DatasetTracker(settings.data_dir)
