"""The test Virtuoso itself: started on loopback, and gone when the process that started it dies."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hrcgraph.graph.store.virtuoso import LocalVirtuoso

pytestmark = pytest.mark.skipif(not LocalVirtuoso.available(),
                                reason="virtuoso-t / isql-vt not installed (virtuoso-opensource-7-bin)")

STARTER = """
import sys, time
from pathlib import Path
from hrcgraph.graph.store.virtuoso import LocalVirtuoso
server = LocalVirtuoso(Path(sys.argv[1])).start()
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_the_server_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    starter = subprocess.Popen([sys.executable, "-c", STARTER, str(tmp_path / "db")],
                               stdout=subprocess.PIPE, text=True)
    assert starter.stdout is not None
    pid = int(starter.stdout.readline())
    assert _alive(pid)
    starter.send_signal(signal.SIGKILL)  # the test process dies without stopping its server
    starter.wait()
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "virtuoso-t outlived the process that started it"
