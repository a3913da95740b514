"""Where builds are published: a data directory whose ``current`` link is swapped atomically.

Layout (the root is ``HRCGRAPH_DATA_DIR``, default ``./var``)::

    <root>/builds/<build id>/store/          the Oxigraph store
    <root>/builds/<build id>/dumps/          Turtle, N-Triples, N-Quads, JSON-LD dumps
    <root>/builds/<build id>/manifest.json   version, input checksums, counts, warnings
    <root>/builds/<build id>/updates.json    updates applied in place since (if any)
    <root>/current -> builds/<build id>      the published build (a relative symlink)

A build writes into ``builds/.staging-*`` and is published by renaming the symlink over
``current`` (``os.replace`` is atomic): a failed or interrupted build, even ``kill -9``, leaves
the published store and dumps exactly as they were. A lock keeps two builds from running at once.
Every store opened on the staging folder must be closed before :meth:`DataDir.publish` (closing
releases the files, results included): a store left open keeps compacting its files while they
are synced and moved.

What is published is read as a :class:`~hrcgraph.graph.published.PublishedDataset`.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.published import PublishedDataset


class DataDir:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.builds = root / "builds"
        self.current_link = root / "current"

    def current(self) -> PublishedDataset | None:
        """The published dataset, or None before the first build."""
        if not self.current_link.exists():
            return None
        return PublishedDataset.read(self.current_link.resolve())

    def require(self) -> PublishedDataset:
        """The published dataset (raises StoreError, saying what to do, before the first build)."""
        dataset = self.current()
        if dataset is None:
            raise StoreError(f"no dataset is published in {self.root}: run 'hrcgraph build' first")
        return dataset

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the build lock (raises if another build holds it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(f"another build is running in {self.root}") from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh folder to build into; removed if the build fails. Leftovers of killed builds are swept."""
        self.builds.mkdir(parents=True, exist_ok=True)
        for stale in self.builds.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        path = self.builds / f".staging-{uuid.uuid4().hex}"
        path.mkdir()
        try:
            yield path
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise

    def publish(self, staging: Path, build_id: str, manifest: BuildManifest, *, keep: int = 2) -> PublishedDataset:
        """Write the manifest, move the staging folder into place and swap ``current`` to it."""
        manifest.write(staging)
        _fsync_tree(staging)
        final = self.builds / build_id
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging, final)
        tmp_link = self.root / f".current-{uuid.uuid4().hex}"
        os.symlink(os.path.relpath(final, self.root), tmp_link)
        os.replace(tmp_link, self.current_link)
        _fsync_dir(self.root)
        self._prune(keep)
        return PublishedDataset.read(final)

    def _prune(self, keep: int) -> None:
        """Remove old builds, keeping the ``keep`` newest (the server may still be reading the previous one)."""
        current = self.current_link.resolve()
        done = sorted(
            (p for p in self.builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in done[keep:]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))
