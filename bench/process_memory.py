"""The resident memory of a process and of every process it started (worker processes, servers'
query workers), read from /proc (Linux): what the benchmarks report as a build's or a server's peak."""

from __future__ import annotations

import contextlib
from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants alive now."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process ended meanwhile
                todo += [int(c) for c in task.read_text().split()]
    return found


def rss_kb(pid: int) -> int:
    """A process's resident memory in kB (0 once it has ended)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants, summed, in kB."""
    return sum(rss_kb(p) for p in process_tree(pid))
