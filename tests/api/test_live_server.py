"""The server running for real on loopback: real SPARQL clients, the time limit, many clients at once."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import ASK, CSV, JSON, JSONLD, TURTLE, XML, SPARQLWrapper

from hrcgraph.api.pool import WorkerPool

from support.api_builds import BASE, STATES, LiveServer, make_settings, publish, sample_quads

pytestmark = [pytest.mark.server, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

HRC = "https://w3id.org/hrcgraph/ontology#"
SYMBOLS = f"SELECT ?symbol WHERE {{ ?t <{HRC}symbol> ?symbol }} ORDER BY ?symbol"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = f"SELECT ?s WHERE {{ ?s <{HRC}symbol> \"A/HRC/RES/55/7\" }}"


def _wrapper(server: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


# --- real clients


def test_sparqlwrapper_json(live_server: LiveServer) -> None:
    result = _wrapper(live_server, SYMBOLS, JSON).queryAndConvert()
    assert isinstance(result, dict)
    symbols = [b["symbol"]["value"] for b in result["results"]["bindings"]]
    assert len(symbols) == 30 and "A/HRC/RES/55/1" in symbols


def test_sparqlwrapper_xml(live_server: LiveServer) -> None:
    doc = _wrapper(live_server, SYMBOLS, XML).queryAndConvert()
    results = doc.getElementsByTagName("result")  # type: ignore[union-attr]
    assert len(results) == 30


def test_sparqlwrapper_csv(live_server: LiveServer) -> None:
    raw = _wrapper(live_server, SYMBOLS, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))  # type: ignore[union-attr]
    assert rows[0] == ["symbol"] and len(rows) == 31


def test_sparqlwrapper_post(live_server: LiveServer) -> None:
    sw = _wrapper(live_server, SYMBOLS, JSON)
    sw.setMethod("POST")
    result = sw.queryAndConvert()
    assert isinstance(result, dict) and len(result["results"]["bindings"]) == 30


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_sparqlwrapper_construct(live_server: LiveServer, fmt: str) -> None:
    query = f"CONSTRUCT {{ ?t <{HRC}symbol> ?s }} WHERE {{ ?t <{HRC}symbol> ?s }}"
    sw = _wrapper(live_server, query, fmt)
    converted = sw.queryAndConvert()
    if isinstance(converted, rdflib.Graph):
        graph = converted
    else:  # SPARQLWrapper hands Turtle back as bytes
        assert isinstance(converted, bytes | str)
        graph = rdflib.Graph().parse(data=converted, format="turtle")
    assert len(graph) == 30
    assert (rdflib.URIRef(BASE + "id/text/A/HRC/RES/55/4"), rdflib.URIRef(HRC + "symbol"),
            rdflib.Literal("A/HRC/RES/55/4")) in graph


def test_sparqlwrapper_ask(live_server: LiveServer) -> None:
    sw = _wrapper(live_server, f"ASK {{ ?t <{HRC}symbol> \"A/HRC/RES/55/9\" }}", JSON)
    assert sw.queryType == ASK
    result = sw.queryAndConvert()
    assert isinstance(result, dict) and result["boolean"] is True


def test_rdflib_sparqlstore(live_server: LiveServer) -> None:
    store = SPARQLStore(live_server.endpoint)
    graph = rdflib.Graph(store=store)
    rows = [tuple(str(v) for v in r) for r in graph.query(  # type: ignore[union-attr]
        f"SELECT ?code (COUNT(?v) AS ?votes) WHERE {{ ?v <{HRC}voter> ?s . "
        "?s <http://www.w3.org/2004/02/skos/core#notation> ?code } GROUP BY ?code ORDER BY ?code"
    )]
    assert [r[0] for r in rows] == sorted(STATES)
    assert all(r[1] == "30" for r in rows)
    described = graph.query(f"DESCRIBE <{BASE}id/state/MLI>")
    assert described.graph is not None and len(described.graph) == 3


def test_big_result_is_streamed_and_limited(live_server: LiveServer) -> None:
    with httpx.stream("GET", live_server.endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                      headers={"Accept": "text/tab-separated-values"}, timeout=30) as r:
        body = b"".join(r.iter_bytes())
        assert r.headers["x-hrc-truncated"] == "true"
        assert int(r.headers["content-length"]) == len(body)
    assert body.count(b"\n") == 1 + 1000  # header and max_rows rows


# --- the time limit


@pytest.fixture(scope="module")
def timeout_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("timeout") / "var"
    publish(root, sample_quads(), "v1")
    with LiveServer(make_settings(root, query_timeout_s=2.0, query_workers=2, cache_entries=0)) as server:
        yield server


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _all_workers_started(pool: WorkerPool) -> None:
    """Wait until the pool is whole again (a worker killed by an earlier test is replaced once its
    successor has started)."""
    deadline = time.monotonic() + 15
    while len(pool.pids) < pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool.pids) == pool.size


def test_a_query_that_would_run_for_hours_is_stopped(timeout_server: LiveServer) -> None:
    pool = timeout_server.app.state.sparql.pool
    _all_workers_started(pool)
    before = set(pool.pids)
    started = time.monotonic()
    r = httpx.get(timeout_server.endpoint, params={"query": CARTESIAN}, timeout=30)
    took = time.monotonic() - started
    assert r.status_code == 503
    assert "stopped after 2 s" in r.text
    assert took >= 1.9  # it ran until its limit, then the worker was killed
    assert pool.killed >= 1
    # The worker that ran it is gone (its CPU is free), and a fresh one takes its place.
    deadline = time.monotonic() + 15  # a fresh worker joins once it has started
    while time.monotonic() < deadline and (len(pool.pids) < 2 or any(_alive(p) for p in before - set(pool.pids))):
        time.sleep(0.05)
    gone = before - set(pool.pids)
    assert len(gone) == 1 and not any(_alive(p) for p in gone)
    assert len(pool.pids) == 2
    # The next request is answered by the fresh worker.
    r = httpx.get(timeout_server.endpoint, params={"query": LIGHT}, timeout=30)
    assert r.status_code == 200 and "A/HRC/RES/55/7" in r.text


def test_others_are_answered_while_a_long_query_runs(timeout_server: LiveServer) -> None:
    _all_workers_started(timeout_server.app.state.sparql.pool)
    result: dict[str, float] = {}

    def long_query() -> None:
        result["status"] = httpx.get(timeout_server.endpoint, params={"query": CARTESIAN}, timeout=30).status_code
        result["ended"] = time.monotonic()

    thread = threading.Thread(target=long_query)
    thread.start()
    time.sleep(0.3)
    answered = []
    for _ in range(10):
        r = httpx.get(timeout_server.endpoint, params={"query": LIGHT}, timeout=30)
        answered.append(time.monotonic())
        assert r.status_code == 200
    thread.join()
    assert result["status"] == 503
    # The light queries did not wait for the long one to end: the first was answered while it ran.
    assert answered[0] < result["ended"]


def test_a_long_query_runs_in_the_background_lane_and_light_ones_do_not(timeout_server: LiveServer) -> None:
    from hrcgraph.api.pool import BACKGROUND_NICE, LONG_QUERY_S

    pool = timeout_server.app.state.sparql.pool
    _all_workers_started(pool)
    thread = threading.Thread(target=httpx.get, args=(timeout_server.endpoint,),
                              kwargs={"params": {"query": CARTESIAN}, "timeout": 30})
    thread.start()
    time.sleep(LONG_QUERY_S + 0.5)
    priorities = sorted(os.getpriority(os.PRIO_PROCESS, pid) for pid in pool.pids)
    assert priorities == [0, BACKGROUND_NICE]  # the long query's worker yields the CPU; the idle one does not
    r = httpx.get(timeout_server.endpoint, params={"query": LIGHT}, timeout=30)
    assert r.status_code == 200
    thread.join()
    _all_workers_started(pool)
    assert sorted(os.getpriority(os.PRIO_PROCESS, pid) for pid in pool.pids) == [0, 0]


def test_the_client_going_away_frees_the_worker(timeout_server: LiveServer) -> None:
    pool = timeout_server.app.state.sparql.pool
    _all_workers_started(pool)
    killed = pool.killed
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(timeout_server.endpoint, params={"query": CARTESIAN}, timeout=0.5)
    left = time.monotonic()
    while pool.killed == killed and time.monotonic() < left + 5:
        time.sleep(0.02)
    assert pool.killed == killed + 1
    assert time.monotonic() - left < 1.2  # killed when the client left, before the 2 s limit


# --- many clients at once


def test_fifty_concurrent_clients(live_server: LiveServer) -> None:
    queries = [LIGHT, SYMBOLS, f"ASK {{ ?t <{HRC}symbol> \"A/HRC/RES/55/2\" }}", "SELECT * WHERE { ?s ?p",
               f"SELECT ?o WHERE {{ <{BASE}id/state/FRA> ?p ?o }}"]
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        try:
            with httpx.Client(timeout=30) as c:
                for i in range(4):
                    q = queries[(n + i) % len(queries)]
                    r = c.get(live_server.endpoint, params={"query": q + f" # {n}-{i}"})
                    with lock:
                        statuses.append(r.status_code)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(statuses) == 200
    assert set(statuses) == {200, 400}
    assert statuses.count(400) == 40  # the malformed query, and only it
    assert httpx.get(live_server.endpoint, params={"query": LIGHT}).status_code == 200


def test_server_reports_over_http(live_server: LiveServer) -> None:
    r = httpx.get(live_server.url + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert f"<{live_server.url}/sparql>" in r.text
    assert os.getpid() > 0
    assert json.loads(httpx.get(live_server.url + "/openapi.json").text)["paths"]["/sparql"]


# --- the server as deployed: api.server.serve in its own process


def test_serve_in_a_process_and_stop_cleanly(live_data_dir: Path) -> None:
    import subprocess
    import sys

    from support.api_builds import free_port

    port = free_port()
    code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
            f"serve(Settings(data_dir={str(live_data_dir)!r}, port={port}, query_workers=2))")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": LIGHT}, timeout=5)
                break
            except httpx.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "A/HRC/RES/55/7" in r.text
        workers = [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        assert len(workers) == 2
    finally:
        process.terminate()
        process.wait(timeout=20)
    # uvicorn shuts down gracefully on SIGTERM, then ends by the same signal (-15).
    assert process.returncode in (0, -15), process.stderr.read() if process.stderr else ""
    time.sleep(0.2)
    assert not any(_alive(p) for p in workers)  # no worker outlives the server
