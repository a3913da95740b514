"""Session fixtures made once per test run, also when pytest-xdist spreads the tests over several processes.

Each xdist worker has its own session, so a plain session fixture would run once per worker: the full build
twice on a two-core machine. :func:`made_once` makes a folder once for the whole run instead: the first worker
to take its lock makes it, the others wait for it and read it. Without xdist it is a plain temporary folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def run_temp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: the parent of each xdist worker's own, or the session's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name`` of the run, which ``make`` fills the first time it is asked for (read only after)."""
    root = run_temp_root(tmp_path_factory)
    folder = root / f"shared-{name}"
    complete = folder / ".complete"
    with FileLock(str(root / f"shared-{name}.lock")):
        if not complete.exists():
            if folder.exists():  # a worker that failed half way left it
                shutil.rmtree(folder)
            folder.mkdir()
            make(folder)
            complete.touch()
    return folder
