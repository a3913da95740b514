"""Publication is atomic: a failed, interrupted or killed build leaves the published build untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.publish import DataDir

BUILT_AT = "2026-01-15T12:00:00Z"


def _publish(dd: DataDir, version: str, payload: str) -> Path:
    with dd.staging() as staging:
        (staging / "dumps").mkdir()
        (staging / "dumps" / "hrcgraph.ttl").write_text(payload)
        return dd.publish(staging, f"build-{version}", BuildManifest(version, BUILT_AT)).path


def test_publish_swaps_current(tmp_path: Path) -> None:
    dd = DataDir(tmp_path)
    assert dd.current() is None
    _publish(dd, "v1", "one")
    _publish(dd, "v2", "two")
    current = dd.current()
    assert current is not None and current.version == "v2"
    assert (current.dumps_path / "hrcgraph.ttl").read_text() == "two"
    assert os.readlink(dd.current_link) == "builds/build-v2"  # relative: the folder can move


def test_a_failed_build_leaves_the_published_one(tmp_path: Path) -> None:
    dd = DataDir(tmp_path)
    _publish(dd, "v1", "one")
    with pytest.raises(RuntimeError), dd.staging() as staging:
        (staging / "half-written").write_text("x")
        raise RuntimeError("boom")
    current = dd.current()
    assert current is not None and current.version == "v1"
    assert (current.dumps_path / "hrcgraph.ttl").read_text() == "one"
    assert not list(dd.builds.glob(".staging-*"))


def test_a_killed_build_leaves_the_published_one(tmp_path: Path) -> None:
    dd = DataDir(tmp_path)
    _publish(dd, "v1", "one")
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from hrcgraph.graph.publish import DataDir
        dd = DataDir(Path({str(tmp_path)!r}))
        with dd.lock(), dd.staging() as staging:
            (staging / "partial").write_text("x")
            print("ready", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    current = dd.current()
    assert current is not None and current.version == "v1"
    # the next build sweeps the killed build's leftovers and takes the lock again
    _publish(dd, "v2", "two")
    assert not list(dd.builds.glob(".staging-*"))
    with dd.lock():
        pass


def test_two_builds_cannot_run_at_once(tmp_path: Path) -> None:
    dd = DataDir(tmp_path)
    with dd.lock(), pytest.raises(StoreError, match="another build"), DataDir(tmp_path).lock():
        pass


def test_old_builds_are_pruned(tmp_path: Path) -> None:
    dd = DataDir(tmp_path)
    for i in range(4):
        _publish(dd, f"v{i}", str(i))
        os.utime(dd.builds / f"build-v{i}", (1000 + i, 1000 + i))
    names = sorted(p.name for p in dd.builds.iterdir())
    assert names == ["build-v2", "build-v3"]


def _count_in_another_process(store: Path) -> str:
    """Open the store for writing in another process (RocksDB's file lock refuses it while any
    process holds the database) and count its quads."""
    writer = subprocess.run(
        [sys.executable, "-c", "import sys; from hrcgraph.graph.store import open_store\n"
         "with open_store(sys.argv[1], writable=True) as s: print(len(s))", str(store)],
        capture_output=True, text=True, timeout=60)
    assert writer.returncode == 0, writer.stderr
    return writer.stdout.strip()


def test_a_store_closed_with_a_result_left_unread_is_released_before_publication(tmp_path: Path) -> None:
    """The staging store is closed while query results still point into it, as a build that counts
    classes and forgets its last result does. Closing must release the database there and then: a
    database still open keeps compacting, and removes files while publication syncs them."""
    from pyoxigraph import Literal, NamedNode, Quad

    from hrcgraph.graph.store import open_store

    quads = [Quad(NamedNode(f"http://example.org/s{i}"), NamedNode("http://example.org/p"), Literal(i),
                  NamedNode("http://example.org/g")) for i in range(5000)]
    dd = DataDir(tmp_path)
    with dd.staging() as staging:
        store = open_store(staging / "store", writable=True)
        store.load(quads)
        rows = store.select("SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
        left_over = store.select("SELECT ?s WHERE { ?s ?p ?o }")
        next(left_over)
        store.close()
        # Checked before publishing: syncing the files closes descriptors of the lock file, which
        # drops this process's lock even if the database were still open.
        assert _count_in_another_process(staging / "store") == str(len(quads))
        published = dd.publish(staging, "build-v1", BuildManifest("v1", BUILT_AT))
    assert _count_in_another_process(published.store_path) == str(len(quads))
    for result in (rows, left_over):
        with pytest.raises(StoreError, match="closed"):
            next(result)
