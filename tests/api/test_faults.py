"""Faults against a real server process on loopback: a client that leaves in the middle of a response,
clients that read very slowly, a worker killed with SIGKILL in the middle of a query."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from support.api_builds import free_port, publish, sample_quads

pytestmark = pytest.mark.server

HRC = "https://w3id.org/hrcgraph/ontology#"
BIG = "SELECT * WHERE { ?s ?p ?o }"
LIGHT = f"SELECT ?s WHERE {{ ?s <{HRC}symbol> \"A/HRC/RES/55/7\" }}"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class ServerProcess:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port
        self.url = f"http://127.0.0.1:{port}/sparql"

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(p) for p in children]

    def light(self) -> tuple[int, float]:
        started = time.monotonic()
        r = httpx.get(self.url, params={"query": LIGHT}, timeout=30)
        assert r.status_code != 200 or "A/HRC/RES/55/7" in r.text
        return r.status_code, time.monotonic() - started

    def raw_request(self, query: str) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        target = "/sparql?" + urlencode({"query": query})
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/tab-separated-values\r\n\r\n".encode())
        return sock


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("faults") / "var"
    publish(root, sample_quads(texts=1500), "v1")  # about 70,000 quads: a result of several MB
    port = free_port()
    # A generous time limit: the big query moves to the background lane (a lower CPU priority) after
    # 0.2 s, and on a machine busy with other work at normal priority it may take seconds.
    code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
            f"serve(Settings(data_dir={str(root)!r}, port={port}, query_workers=2, query_timeout_s=60.0, "
            "max_rows=500000, cache_entries=0))")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = ServerProcess(process, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(server.url, params={"query": LIGHT}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_client_leaving_mid_response_leaves_the_server_answering(server: ServerProcess) -> None:
    for _ in range(3):
        sock = server.raw_request(BIG)
        received = sock.recv(65536)
        assert received.startswith(b"HTTP/1.1 200")
        sock.close()  # in the middle of a body of several megabytes
    for _ in range(5):
        status, _ = server.light()
        assert status == 200
    assert server.process.poll() is None
    assert len(server.workers()) == 2


def test_slow_readers_hold_no_worker(server: ServerProcess) -> None:
    """Two clients (as many as workers) read a big result a kilobyte at a time; meanwhile light
    queries are answered: the result left the worker before it was sent."""
    stop = threading.Event()
    read: list[int] = [0, 0]

    def slow_reader(i: int) -> None:
        sock = server.raw_request(BIG)
        try:
            while not stop.is_set():
                chunk = sock.recv(1024)
                if not chunk:
                    break
                read[i] += len(chunk)
                time.sleep(0.05)
        finally:
            sock.close()

    readers = [threading.Thread(target=slow_reader, args=(i,)) for i in range(2)]
    for t in readers:
        t.start()
    try:
        deadline = time.monotonic() + 20
        while not all(read) and time.monotonic() < deadline:  # both results have left their workers
            time.sleep(0.05)
        answers = [server.light() for _ in range(5)]
        still_reading = all(t.is_alive() for t in readers)
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=10)
    assert all(status == 200 for status, _ in answers)
    assert still_reading  # the light queries were answered while both readers were mid-body


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_worker_killed_mid_query_gives_a_clear_5xx_and_the_next_query_succeeds(server: ServerProcess) -> None:
    result: dict[str, httpx.Response] = {}

    def long_query() -> None:
        result["r"] = httpx.get(server.url, params={"query": CARTESIAN}, timeout=30)

    thread = threading.Thread(target=long_query)
    thread.start()
    time.sleep(0.8)
    # The busy worker is the one using the CPU; in the background lane, on a busy machine, it may take a
    # few looks to see it ahead of the idle one.
    busy = None
    deadline = time.monotonic() + 15
    while busy is None and time.monotonic() < deadline:
        before = {pid: _cpu_ticks(pid) for pid in server.workers()}
        time.sleep(0.5)
        used = sorted(((_cpu_ticks(pid) - ticks, pid) for pid, ticks in before.items()), reverse=True)
        if used and used[0][0] > (used[1][0] if len(used) > 1 else 0):
            busy = used[0][1]
    assert busy is not None, "no worker was seen running the long query"
    os.kill(busy, signal.SIGKILL)
    thread.join(timeout=30)
    r = result["r"]
    assert 500 <= r.status_code < 600
    assert "worker" in r.text.lower()
    status, _ = server.light()
    assert status == 200
    deadline = time.monotonic() + 10
    while (busy in server.workers() or len(server.workers()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert busy not in server.workers() and len(server.workers()) == 2
