"""Head-of-line blocking under mixed load: light lookups while other clients run a heavy aggregate,
side by side with ``oxigraph serve`` and Virtuoso in one run.

Run on a published build (``hrcgraph build`` first)::

    .venv/bin/python bench/mixed_load.py --data-dir ./var                 # 20 s per server
    .venv/bin/python bench/mixed_load.py --data-dir ./var --seconds 3     # a quick check

For each server, ``--heavy`` clients loop on an aggregate over every vote and ``--light`` clients on
a lookup by symbol, for ``--seconds``; every request differs from the one before (another state left
out of the aggregate, another symbol looked up), as different users' queries do, so no result cache
answers them (hrcgraph's cache is off too). Each client has its own address header, so the
per-client cap does not throttle a client that stays within it; 429s and 503s are counted, not
hidden. The table gives, per server, the light lookups' median, p95 and rate, and the heavy
queries' rate. ``oxigraph serve`` (the ``[bench]`` extra) runs on a store loaded from the build's
N-Quads dump; it is left out when the ``oxigraph`` command is not installed. Virtuoso Open Source 7
(Debian ``virtuoso-opensource-7-bin``) is loaded from the same dump by its bulk loader, as in
``bench/endpoint.py``, and queried raw; it is left out when ``virtuoso-t`` is not installed or with
``--no-virtuoso``. This is a measuring script, not a test: it prints, and exits 0 unless a server
fails to start.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from endpoint import Server, _dump, free_port, start, start_virtuoso  # noqa: E402

from hrcgraph.graph.publish import DataDir  # noqa: E402
from hrcgraph.graph.store.virtuoso import LocalVirtuoso  # noqa: E402

P = "PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def heavy_query(rng: random.Random, states: list[str]) -> str:
    return P + ("SELECT ?option (COUNT(*) AS ?n) WHERE { ?v hrc:voteOption ?option ; hrc:voter ?s . "
                f'?s skos:notation ?code FILTER(STR(?code) != "{rng.choice(states)}") }} GROUP BY ?option')


def light_query(rng: random.Random, symbols: list[str]) -> str:
    return P + f'SELECT ?t ?date WHERE {{ ?t hrc:symbol "{rng.choice(symbols)}" ; hrc:dateAdopted ?date }}'


@dataclass
class Run:
    light_ms: list[float] = field(default_factory=list)
    heavy_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(server: Server, kind: str, i: int, states: list[str], symbols: list[str], until: float,
            run: Run) -> None:
    rng = random.Random(f"{kind}-{i}")
    headers = {"Accept": "application/sparql-results+json", "X-Client-Id": f"{kind}-{i}"}
    with httpx.Client(timeout=120) as client:
        while time.monotonic() < until:
            query = heavy_query(rng, states) if kind == "heavy" else light_query(rng, symbols)
            started = time.monotonic()
            try:
                r = client.get(server.endpoint, params=[("query", query), *server.params], headers=headers)
            except httpx.HTTPError:
                with run.lock:
                    run.failures += 1
                continue
            took = (time.monotonic() - started) * 1000
            with run.lock:
                run.statuses[r.status_code] += 1
                if r.status_code == 200:
                    (run.heavy_ms if kind == "heavy" else run.light_ms).append(took)
            if r.status_code in (429, 503):
                time.sleep(min(float(r.headers.get("retry-after", "1")), 1.0))


def mixed(server: Server, *, heavy: int, light: int, seconds: float, states: list[str],
          symbols: list[str]) -> Run:
    run = Run()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(server, "heavy", i, states, symbols, until, run))
               for i in range(heavy)]
    threads += [threading.Thread(target=_client, args=(server, "light", i, states, symbols, until, run))
                for i in range(light)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return run


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _sample(server: Server, query: str, var: str) -> list[str]:
    r = httpx.get(server.endpoint, params=[("query", P + query), *server.params],
                  headers={"Accept": "application/sparql-results+json"}, timeout=120)
    r.raise_for_status()
    return [b[var]["value"] for b in r.json()["results"]["bindings"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("HRCGRAPH_DATA_DIR", "./var")))
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--heavy", type=int, default=4)
    ap.add_argument("--light", type=int, default=4)
    ap.add_argument("--workers", type=int, default=None, help="hrcgraph's query workers (default: its default)")
    ap.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso out")
    args = ap.parse_args(argv)

    build = DataDir(args.data_dir).current()
    if build is None:
        raise SystemExit(f"nothing published in {args.data_dir}: run 'hrcgraph build' first")
    work = Path(tempfile.mkdtemp(prefix="hrcgraph-mixed-"))
    servers: list[Server] = []
    virtuoso: LocalVirtuoso | None = None
    try:
        port = free_port()
        workers = f", query_workers={args.workers}" if args.workers else ""
        code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
                f"serve(Settings(data_dir={str(args.data_dir.resolve())!r}, port={port}, cache_entries=0, "
                f"client_header='X-Client-Id'{workers}))")
        servers.append(start("hrcgraph", [sys.executable, "-c", code], f"http://127.0.0.1:{port}/sparql",
                             log=work / "hrcgraph.log", wait_s=120, env=dict(os.environ, PYTHONPATH=str(REPO))))
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        if Path(oxigraph).exists():
            dump = _dump(build.dumps_path, work)
            subprocess.run([oxigraph, "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            oport = free_port()
            servers.append(start("oxigraph serve", [oxigraph, "serve-read-only", "--location", str(work / "oxigraph"),
                                                    "--bind", f"127.0.0.1:{oport}", "--union-default-graph"],
                                 f"http://127.0.0.1:{oport}/query", log=work / "oxigraph.log", wait_s=120))
        else:
            print("oxigraph serve: not installed (pip install -e '.[bench]'), left out")
        if not args.no_virtuoso and LocalVirtuoso.available():
            virtuoso, raw = start_virtuoso(build, work)
            servers.append(raw)
        elif not args.no_virtuoso:
            print("virtuoso-t is not installed (Debian virtuoso-opensource-7-bin): Virtuoso left out")
        states = _sample(servers[0], "SELECT DISTINCT ?c WHERE { ?v hrc:voter ?s . ?s skos:notation ?c }", "c")
        symbols = _sample(servers[0], "SELECT ?s WHERE { ?t hrc:symbol ?s } LIMIT 5000", "s")
        results = {s.name: mixed(s, heavy=args.heavy, light=args.light, seconds=args.seconds,
                                 states=states, symbols=symbols) for s in servers}
    finally:
        for s in servers:
            s.stop()
        if virtuoso is not None:
            virtuoso.stop()
    print(f"\n{args.heavy} clients on a heavy aggregate + {args.light} on a lookup by symbol, "
          f"{args.seconds:g} s per server, every request different\n")
    print(f"| {'server':<16} | {'light p50 ms':>12} | {'light p95 ms':>12} | {'light /s':>9} | {'heavy /s':>9} | "
          f"{'429':>5} | {'503':>5} | {'other errors':>12} |")
    print("|" + "|".join("-" * w for w in (18, 14, 14, 11, 11, 7, 7, 14)) + "|")
    for name, run in results.items():
        other = sum(n for s, n in run.statuses.items() if s not in (200, 429, 503)) + run.failures
        print(f"| {name:<16} | {_pct(run.light_ms, 50):>12.1f} | {_pct(run.light_ms, 95):>12.1f} | "
              f"{len(run.light_ms) / args.seconds:>9.1f} | {len(run.heavy_ms) / args.seconds:>9.2f} | "
              f"{run.statuses.get(429, 0):>5} | {run.statuses.get(503, 0):>5} | {other:>12} |")
    for name, run in results.items():
        if run.light_ms:
            print(f"{name}: light mean {statistics.fmean(run.light_ms):.1f} ms")
    print(f"\nlogs: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
