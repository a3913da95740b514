"""Which published dataset the server answers from, noticed per request at the cost of one ``stat``.

``hrcgraph build`` swaps the ``current`` link atomically. Every request asks the tracker for the
current dataset; the tracker stats the link (following it) and, when the folder behind it is not
the one it knows (another inode, or a changed folder), reads the new
:class:`~hrcgraph.graph.published.PublishedDataset` and tells its listeners (the result cache
empties itself, the workers open the new store).

Updates accepted through ``POST /sparql/update`` change a published build in place; each one
bumps the dataset's revision, which is part of its version, so ETags and cached results never
outlive the content they were made from.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset


class DatasetTracker:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = DataDir(data_dir)
        self._stamp: tuple[int, int, int] | None = None
        self._current: PublishedDataset | None = None
        self._listeners: list[Callable[[PublishedDataset | None], None]] = []

    def on_change(self, listener: Callable[[PublishedDataset | None], None]) -> None:
        self._listeners.append(listener)

    def current(self) -> PublishedDataset | None:
        """The published dataset, or None before the first build."""
        try:
            st = os.stat(self.data_dir.current_link)
        except FileNotFoundError:
            stamp = None
        else:
            stamp = (st.st_dev, st.st_ino, st.st_mtime_ns)
        if stamp == self._stamp and (stamp is None or self._current is not None):
            return self._current
        self._current = self.data_dir.current() if stamp is not None else None
        self._stamp = stamp
        for listener in self._listeners:
            listener(self._current)
        return self._current

    def require(self) -> PublishedDataset:
        dataset = self.current()
        return dataset if dataset is not None else self.data_dir.require()

    def close(self) -> None:
        """Close the store of the dataset known now (when the server stops). A dataset replaced by a
        newer one is not closed here, as requests may still read it: its store closes when the last
        of them lets go of it."""
        if self._current is not None:
            self._current.close()

    def record_update(self) -> PublishedDataset:
        """Note that an update changed the current build (bumps its revision)."""
        self.require().with_update_recorded()
        self._stamp = None  # force a reload
        return self.require()
