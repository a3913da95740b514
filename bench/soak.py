"""Soak test of the server: many mixed clients for a while, with errors, 429s, latency percentiles and
the server's peak memory in one table.

Run on a published build (``hrcgraph build`` first)::

    .venv/bin/python bench/soak.py --data-dir ./var                # 60 s, 16 clients
    .venv/bin/python bench/soak.py --data-dir ./var --seconds 5    # a quick check

It starts hrcgraph's server (``api.server.serve``) on a loopback port with its result cache off, then
runs ``--clients`` threads, each with its own keep-alive connection, that loop over a mix of requests:
light lookups by symbol, one state's votes (a named query), an aggregate over every vote, the
service description and an HTML page; every request differs from the last (another symbol, another
state). The server's memory is the resident set of its process and its query workers, sampled every
0.2 s. This is a measuring script, not a test: it prints, and exits 0 unless the server fails to start.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from endpoint import Server, free_port, start  # noqa: E402
from process_memory import tree_rss_kb  # noqa: E402

P = "PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds * 1000)

    def fail(self, kind: str, why: str) -> None:
        with self.lock:
            self.failures[f"{kind}: {why}"] += 1


def _sample(client: httpx.Client, base: str, query: str, var: str) -> list[str]:
    r = client.get(base + "/sparql", params={"query": P + query}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return [b[var]["value"] for b in r.json()["results"]["bindings"]]


def requests_for(base: str, symbols: list[str], states: list[str], rng: random.Random) -> tuple[str, str, dict]:
    """One request of the mix: (kind, url, httpx keyword arguments)."""
    kind = rng.choices(["light", "state-votes", "aggregate", "service", "page"], weights=[50, 20, 10, 10, 10])[0]
    json_results = {"Accept": "application/sparql-results+json"}
    if kind == "light":
        q = P + f'SELECT ?t ?date WHERE {{ ?t hrc:symbol "{rng.choice(symbols)}" ; hrc:dateAdopted ?date }}'
        return kind, base + "/sparql", {"params": {"query": q}, "headers": json_results}
    if kind == "state-votes":
        return kind, base + "/queries/state-votes", {
            "params": {"state": rng.choice(states), "from": str(rng.randint(2006, 2024))}, "headers": json_results}
    if kind == "aggregate":
        q = P + ("SELECT ?option (COUNT(*) AS ?n) WHERE { ?v hrc:voteOption ?option ; hrc:voter ?s . "
                 f'?s skos:notation ?code FILTER(?code != "{rng.choice(states)}") }} GROUP BY ?option')
        return kind, base + "/sparql", {"params": {"query": q}, "headers": json_results}
    if kind == "service":
        return kind, base + "/sparql", {"headers": {"Accept": "text/turtle"}}
    return kind, base + f"/id/state/{rng.choice(states)}", {"headers": {"Accept": "text/html"}}


def client_loop(i: int, base: str, symbols: list[str], states: list[str], until: float, tally: Tally) -> None:
    rng = random.Random(i)
    with httpx.Client(timeout=60, follow_redirects=True) as client:
        while time.monotonic() < until:
            kind, url, kwargs = requests_for(base, symbols, states, rng)
            started = time.monotonic()
            try:
                r = client.get(url, **kwargs)
                tally.record(kind, r.status_code, time.monotonic() - started)
                if r.status_code == 429:
                    time.sleep(min(float(r.headers.get("retry-after", "1")), 2.0))
            except httpx.HTTPError as exc:
                tally.fail(kind, type(exc).__name__)


def watch_memory(server: Server, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss_kb(server.process.pid))
        stop.wait(0.2)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(tally: Tally, seconds: float, peak_kb: int, clients: int) -> str:
    lines = [f"{clients} clients, {seconds:.0f} s; server peak memory (process and workers): {peak_kb / 1024:,.0f} MB",
             "",
             f"| {'request':<12} | {'sent':>6} | {'2xx':>6} | {'429':>5} | {'errors':>6} | {'p50 ms':>8} | "
             f"{'p95 ms':>8} | {'p99 ms':>8} | {'req/s':>6} |",
             "|" + "|".join("-" * w for w in (14, 8, 8, 7, 8, 10, 10, 10, 8)) + "|"]
    kinds = sorted(set(tally.statuses) | {k.split(":")[0] for k in tally.failures})
    total = Counter[str]()
    for kind in kinds:
        statuses = tally.statuses.get(kind, Counter())
        ok = sum(n for s, n in statuses.items() if 200 <= s < 300 or s == 304)
        limited = statuses.get(429, 0)
        failed = sum(n for f, n in tally.failures.items() if f.startswith(kind + ":"))
        errors = sum(statuses.values()) - ok - limited + failed
        sent = sum(statuses.values()) + failed
        lat = tally.latencies.get(kind, [])
        total.update({"sent": sent, "ok": ok, "429": limited, "errors": errors})
        lines.append(f"| {kind:<12} | {sent:>6} | {ok:>6} | {limited:>5} | {errors:>6} | {_pct(lat, 50):>8.1f} | "
                     f"{_pct(lat, 95):>8.1f} | {_pct(lat, 99):>8.1f} | {sent / seconds:>6.1f} |")
    every = [v for values in tally.latencies.values() for v in values]
    lines.append(f"| {'all':<12} | {total['sent']:>6} | {total['ok']:>6} | {total['429']:>5} | {total['errors']:>6} | "
                 f"{_pct(every, 50):>8.1f} | {_pct(every, 95):>8.1f} | {_pct(every, 99):>8.1f} | "
                 f"{total['sent'] / seconds:>6.1f} |")
    statuses_seen = Counter[int]()
    for statuses in tally.statuses.values():
        statuses_seen.update(statuses)
    lines.append("")
    lines.append("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses_seen.items())))
    if tally.failures:
        lines.append("client-side failures: " + ", ".join(f"{k} ({n})" for k, n in tally.failures.most_common()))
    if every:
        lines.append(f"mean latency {statistics.fmean(every):.1f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("HRCGRAPH_DATA_DIR", "./var")))
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=None, help="query workers (default: the server's default)")
    args = ap.parse_args(argv)

    port = free_port()
    workers = f", query_workers={args.workers}" if args.workers else ""
    code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
            f"serve(Settings(data_dir={str(args.data_dir.resolve())!r}, port={port}, cache_entries=0{workers}))")
    log = Path(tempfile.mkdtemp(prefix="hrcgraph-soak-")) / "server.log"
    server = start("hrcgraph", [sys.executable, "-c", code], f"http://127.0.0.1:{port}/sparql",
                   log=log, wait_s=120, env=dict(os.environ, PYTHONPATH=str(REPO)))
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    peak = [0]
    watcher = threading.Thread(target=watch_memory, args=(server, stop, peak), daemon=True)
    try:
        with httpx.Client(timeout=60) as client:
            symbols = _sample(client, base, "SELECT ?s WHERE { ?t hrc:symbol ?s } LIMIT 2000", "s")
            states = _sample(client, base, "SELECT DISTINCT ?c WHERE { ?v hrc:voter ?s . ?s skos:notation ?c }", "c")
        if not symbols or not states:
            raise SystemExit("the published build has no symbols or no voting states to query")
        watcher.start()
        tally = Tally()
        until = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [threading.Thread(target=client_loop, args=(i, base, symbols, states, until, tally))
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        server.stop()
    print(report(tally, elapsed, peak[0], args.clients))
    print(f"\nserver log: {log}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
