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
