"""Admission control on a real server on loopback: a per-client cap on concurrent queries (429 with
Retry-After) and a bounded wait for a worker (503 with Retry-After), never an unbounded queue."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hrcgraph.api.admission import ClientLimiter, TooManyQueries

from support.api_builds import LiveServer, make_settings

pytestmark = pytest.mark.server

HRC = "https://w3id.org/hrcgraph/ontology#"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = f"SELECT ?s WHERE {{ ?s <{HRC}symbol> \"A/HRC/RES/55/7\" }}"


def _busy(server: LiveServer, headers: dict[str, str] | None = None) -> threading.Thread:
    """A long query from this client, running in the background until the time limit stops it."""
    thread = threading.Thread(target=lambda: httpx.get(server.endpoint, params={"query": CARTESIAN},
                                                       headers=headers or {}, timeout=30))
    thread.start()
    time.sleep(0.5)
    return thread


@pytest.fixture
def capped(data_dir: Path) -> Iterator[LiveServer]:
    settings = make_settings(data_dir, query_workers=2, query_timeout_s=3.0, cache_entries=0,
                             client_max_queries=1, client_header="X-Client-Id")
    with LiveServer(settings) as server:
        yield server


def test_a_client_past_its_cap_gets_429_with_retry_after(capped: LiveServer) -> None:
    thread = _busy(capped, {"X-Client-Id": "alice"})
    r = httpx.get(capped.endpoint, params={"query": LIGHT}, headers={"X-Client-Id": "alice"}, timeout=30)
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
    assert "queries at once" in r.text
    other = httpx.get(capped.endpoint, params={"query": LIGHT}, headers={"X-Client-Id": "bob"}, timeout=30)
    assert other.status_code == 200 and "A/HRC/RES/55/7" in other.text
    thread.join()
    again = httpx.get(capped.endpoint, params={"query": LIGHT}, headers={"X-Client-Id": "alice"}, timeout=30)
    assert again.status_code == 200


@pytest.fixture
def one_worker(data_dir: Path) -> Iterator[LiveServer]:
    settings = make_settings(data_dir, query_workers=1, query_timeout_s=4.0, cache_entries=0,
                             client_max_queries=0, worker_wait_s=0.5)
    with LiveServer(settings) as server:
        yield server


def test_no_worker_free_within_the_wait_is_503_with_retry_after(one_worker: LiveServer) -> None:
    thread = _busy(one_worker)
    started = time.monotonic()
    r = httpx.get(one_worker.endpoint, params={"query": LIGHT}, timeout=30)
    waited = time.monotonic() - started
    assert r.status_code == 503
    assert "no query worker became free within 0.5 s" in r.text
    assert int(r.headers["retry-after"]) >= 1
    assert waited < 3.5  # answered at the end of the bounded wait, not when the long query ends
    thread.join()
    assert httpx.get(one_worker.endpoint, params={"query": LIGHT}, timeout=30).status_code == 200


def test_the_limiter_counts_each_client_and_forgets_it_when_done() -> None:
    limiter = ClientLimiter(2)
    with limiter.admit("a"), limiter.admit("a"):
        with pytest.raises(TooManyQueries), limiter.admit("a"):
            pass
        with limiter.admit("b"):
            assert limiter.running == {"a": 2, "b": 1}
    assert limiter.running == {} and limiter.refused == 1
    with ClientLimiter(0).admit("a"), ClientLimiter(0).admit("a"):
        pass  # 0: no cap
