"""Worker processes: a function's result or its error comes back, whatever the work prints, however the
worker ends, and whatever the caller's main module is."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hrcgraph.graph.errors import WorkerFailed
from hrcgraph.graph.workers import Worker, cores


def test_the_result_comes_back() -> None:
    assert Worker(math.factorial, 25).result() == math.factorial(25)
    assert Worker(sorted, ["b", "a", "c"]).result() == ["a", "b", "c"]


def test_what_the_work_prints_does_not_reach_the_result(capfd: pytest.CaptureFixture[str]) -> None:
    assert Worker(print, "printed by the worker").result() is None
    assert "printed by the worker" in capfd.readouterr().err


def test_an_error_comes_back_with_its_traceback() -> None:
    with pytest.raises(WorkerFailed) as failed:
        Worker(int, "not a number").result()
    assert "builtins.int failed" in str(failed.value)
    assert "ValueError: invalid literal for int() with base 10: 'not a number'" in str(failed.value)
    assert failed.value.http_status == 500


def test_a_worker_that_dies_is_an_error_naming_its_exit_status() -> None:
    with pytest.raises(WorkerFailed, match="ended with exit status 3 and no result"):
        Worker(os._exit, 3).result()


def test_a_stopped_worker_ends() -> None:
    worker = Worker(time.sleep, 60)
    worker.stop()
    assert worker.process.returncode is not None


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    """The worker imports the function's module only: a calling script with no ``__main__`` guard is not run
    again (as ``multiprocessing`` would do), and its output shows the alignments once."""
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent("""
        from hrcgraph.graph.lineage import align, align_all
        from hrcgraph.graph.quotations import ClauseText

        texts = [[ClauseText(f"t{t}#op-{i}", f"OP{i}", f"Decides to extend the mandate {i} for {t} years")
                  for i in range(1, 30)] for t in range(6)]
        pairs = list(zip(texts, texts[1:]))
        found = align_all(pairs, workers=3, min_clauses=0)
        assert found == [align(a, b) for a, b in pairs]
        print("aligned", len(found))
    """))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["aligned 5"]


def test_a_worker_ends_when_its_caller_is_killed(tmp_path: Path) -> None:
    """A build killed mid-work leaves no worker behind: the worker's input, which the caller held open, closes."""
    caller = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from hrcgraph.graph.workers import Worker
        worker = Worker(time.sleep, 300)
        print(worker.process.pid, flush=True)
        time.sleep(300)
    """)], stdout=subprocess.PIPE, text=True)
    assert caller.stdout is not None
    worker_pid = int(caller.stdout.readline())
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 20
    while _running(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(worker_pid), "the worker outlived its killed caller"


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie waiting for its killed parent's reaper)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_cores_is_at_least_one() -> None:
    assert cores() >= 1
