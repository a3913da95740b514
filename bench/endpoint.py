"""Benchmark of the SPARQL endpoint against ``oxigraph serve`` and rdflib-endpoint, on the same dump.

Run on a published build (``hrcgraph build`` first)::

    .venv/bin/python bench/endpoint.py [--data-dir DIR]

In one run, on this machine, it starts on loopback ports:

* hrcgraph's server (``api.server.serve``), on the published store, with its result cache OFF
  (so every request runs the query; a repeated query would otherwise be answered from memory);
* ``oxigraph serve-read-only --union-default-graph`` on a store loaded with ``oxigraph load`` from
  the build's N-Quads dump;
* ``rdflib-endpoint serve`` on the same N-Quads dump (rdflib's in-memory Dataset, union default graph);
* when ``virtuoso-t`` is installed (Debian ``virtuoso-opensource-7-bin``): a Virtuoso Open Source 7 of
  its own, filled by the same code as ``hrcgraph build --store`` (the build's N-Quads dump through
  Virtuoso's bulk loader, switched in by one SQL transaction), queried raw (on its default graph,
  the union of its graphs), and
  hrcgraph's server started with ``store`` pointing at it (``hrcgraph serve --store``), cache off too.

The research queries include the four questions researchers ask most (how every state voted,
which states vote like one state, main sponsorships per group and year, one state's votes by year),
each answered through the vote statistics cube and on the raw votes.

It measures the median latency of each research query (sequential requests from one keep-alive
client, after warm-up), and the throughput of 8 concurrent clients on a light query, then prints a
table with the ratios and the targets: for queries of 20 ms or more (oxigraph's median) hrcgraph is
within 1.25x of oxigraph; lighter ones at most 2 ms slower; throughput at least 60 % of oxigraph's;
geometric mean at least 5x faster than rdflib-endpoint. ``oxigraph`` and ``rdflib-endpoint`` come
from the ``[bench]`` extra.

This is a measuring script, not a test: it prints, and exits 0 unless a server fails to start.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from hrcgraph.api.editor import bind_example
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.store import RemoteStore
from hrcgraph.graph.store.remote_publish import VirtuosoBulkLoader, VirtuosoSqlSwitch, publish_remote
from hrcgraph.graph.store.virtuoso import LocalVirtuoso
from hrcgraph.settings import Settings

REPO = Path(__file__).resolve().parent.parent

P = """PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True)
class BenchQuery:
    name: str
    text: str
    accept: str = "application/sparql-results+json"


def research_queries(symbol: str, text_iri: str) -> list[BenchQuery]:
    agreement_file = REPO / "queries" / "voting-agreement.rq"
    if agreement_file.is_file():
        from pyoxigraph import Literal, NamedNode

        iso3 = NamedNode("https://w3id.org/hrcgraph/ontology#ISO3166Alpha3")
        year = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        agreement = bind_example(agreement_file.read_text(encoding="utf-8"), {
            "a": Literal("FRA", datatype=iso3), "b": Literal("USA", datatype=iso3),
            "from": Literal("2006", datatype=year), "to": Literal("2025", datatype=year),
        })
    else:
        agreement = P + """SELECT (COUNT(?e) AS ?votes) (SUM(IF(?x = ?y, 1, 0)) AS ?agreed) WHERE {
  ?a skos:notation "FRA" . ?b skos:notation "USA" .
  ?va hrc:voter ?a ; hrc:inVoteEvent ?e ; hrc:voteOption ?x .
  ?vb hrc:voter ?b ; hrc:inVoteEvent ?e ; hrc:voteOption ?y .
}"""
    return [
        BenchQuery("aggregate: votes by option and body", P + """SELECT ?body ?option (COUNT(?v) AS ?n) WHERE {
  ?v hrc:voteOption ?option ; hrc:inVoteEvent ?e .
  ?t hrc:decision ?e ; hrc:adoptedBy ?body .
} GROUP BY ?body ?option ORDER BY ?body ?option"""),
        BenchQuery("voting agreement FRA/USA", agreement),
        BenchQuery("text search in titles", P + """SELECT ?t ?symbol ?title WHERE {
  ?t hrc:symbol ?symbol ; dct:title ?title .
  FILTER(CONTAINS(LCASE(STR(?title)), "technical assistance"))
} ORDER BY ?symbol"""),
        BenchQuery("DESCRIBE a resolution", f"DESCRIBE <{text_iri}>", "text/turtle"),
        BenchQuery("lookup by symbol", P + f"""SELECT ?p ?o WHERE {{ ?t hrc:symbol "{symbol}" ; ?p ?o }}"""),
        BenchQuery("OPTIONAL listing, ORDER BY", P + """SELECT ?t ?symbol ?date ?title ?method ?yes WHERE {
  ?t a hrc:Resolution ; hrc:symbol ?symbol .
  OPTIONAL { ?t hrc:dateAdopted ?date }
  OPTIONAL { ?t dct:title ?title }
  OPTIONAL { ?t hrc:decision ?e . ?e hrc:decisionMethod ?method . OPTIONAL { ?e hrc:yesCount ?yes } }
} ORDER BY DESC(?date) ?symbol"""),
        *research_questions(),
    ]


def _named(name: str, values: dict[str, tuple[str, str]]) -> str | None:
    """A named query of queries/ with its parameters bound, or None when the file is absent."""
    from pyoxigraph import Literal, NamedNode

    file = REPO / "queries" / f"{name}.rq"
    if not file.is_file():
        return None
    return bind_example(file.read_text(encoding="utf-8"), {
        k: Literal(v, datatype=NamedNode(dtype)) for k, (v, dtype) in values.items()})


def research_questions() -> list[BenchQuery]:
    """The four research questions of the issue's table, each through the vote statistics cube
    (graph/cube, in every peer's copy of the dump) and on the raw votes."""
    iso3, integer = "https://w3id.org/hrcgraph/ontology#ISO3166Alpha3", "http://www.w3.org/2001/XMLSchema#integer"
    cube = [
        ("how every state voted (cube)", _named("vote-totals-whole-record", {})),
        ("states voting like FRA (cube)", _named("agreement-partners", {
            "state": ("FRA", iso3), "from": ("2006", integer), "min_votes": ("10", integer)})),
        ("main sponsorships per group and year (cube)", _named("group-main-sponsorships", {"from": ("1946", integer)})),
        ("FRA votes by year and option (cube)", _named("state-votes-by-year", {
            "state": ("FRA", iso3), "from": ("1946", integer)})),
    ]
    raw = [
        ("how every state voted (raw)", P + """SELECT ?state ?option (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?v hrc:voter ?state ; hrc:voteOption ?option ; hrc:inVoteEvent ?e .
} GROUP BY ?state ?option"""),
        ("states voting like FRA (raw)", _named("voting-partners", {
            "state": ("FRA", iso3), "from": ("2006", integer), "min_votes": ("10", integer)})),
        ("main sponsorships per group and year (raw)", P + """SELECT ?group ?year (COUNT(DISTINCT ?t) AS ?n) WHERE {
  ?group a hrc:Group . ?t hrc:sponsorship ?sp ; hrc:dateAdopted ?d . ?sp hrc:sponsorRole hrc:MainSponsor .
  { ?sp hrc:sponsor ?group } UNION { ?sp hrc:onBehalfOf ?group }
  BIND(YEAR(?d) AS ?year)
} GROUP BY ?group ?year"""),
        ("FRA votes by year and option (raw)", P + """SELECT ?year ?option (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?s skos:notation ?code FILTER(STR(?code) = "FRA")
  ?v hrc:voter ?s ; hrc:voteOption ?option ; hrc:inVoteEvent ?e .
  ?t hrc:decision ?e ; hrc:dateAdopted ?d . BIND(YEAR(?d) AS ?year)
} GROUP BY ?year ?option"""),
    ]
    return [BenchQuery(name, text) for name, text in cube + raw if text is not None]


# --- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    endpoint: str
    process: subprocess.Popen[bytes]
    started_in: float = 0.0
    params: list[tuple[str, str]] = field(default_factory=list)
    """Protocol parameters sent with every query (the dataset, for raw Virtuoso)."""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(name: str, command: list[str], endpoint: str, *, log: Path, wait_s: float,
          env: dict[str, str] | None = None) -> Server:
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(name, endpoint, process)
    deadline = started + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start; see {log}")
        try:
            r = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=5)
            if r.status_code == 200:
                server.started_in = time.monotonic() - started
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {wait_s:g} s; see {log}")


def start_virtuoso(build: PublishedDataset, work: Path) -> tuple[LocalVirtuoso, Server]:
    """A Virtuoso of our own, filled from the build's N-Quads dump by its bulk loader and switched in
    by one SQL transaction (what ``hrcgraph build --store`` does with ``HRCGRAPH_STORE_ISQL``); the
    server raw, queried on the build's union graph (as hrcgraph queries it)."""
    started = time.monotonic()
    load = work / "virtuoso-load"
    virtuoso = LocalVirtuoso(work / "virtuoso", load_dirs=(load,), memory_mb=1024, max_query_seconds=300).start()
    virtuoso.allow_anonymous_updates()
    with RemoteStore(virtuoso.sparql_url, writable=True, timeout_s=600) as store:
        done = publish_remote(store, build.path, build.manifest, loader=VirtuosoBulkLoader(virtuoso.isql, load),
                              switch=VirtuosoSqlSwitch(virtuoso.isql), log=lambda _msg: None)
        published = store.manifest()
    assert virtuoso.process is not None and published is not None and published.union is not None
    print(f"  virtuoso loaded {done.quads:,} quads: load {done.timings['load']:.1f} s, "
          f"switch {done.timings['switch']:.1f} s")
    # Queried raw as its users would ask for the build: the union graph the publication wrote is the
    # default graph (Virtuoso's own default, the union of all its graphs, would hold the build twice).
    # With the build's nine graphs sent as default-graph-uri instead, Virtuoso 7.2.5 answers a pattern
    # with an unbound predicate (``?t hrc:symbol "..." ; ?p ?o``) by scanning: 3.2 s instead of 3.6 ms.
    raw = Server("virtuoso", virtuoso.sparql_url, virtuoso.process, time.monotonic() - started,
                 params=[("default-graph-uri", published.union)])
    return virtuoso, raw


def _start_hrcgraph_over(virtuoso: LocalVirtuoso, data_dir: Path, work: Path, env: dict[str, str]) -> Server:
    """hrcgraph's server with ``store`` pointing at the Virtuoso (``hrcgraph serve --store``)."""
    port = free_port()
    code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
            f"serve(Settings(data_dir={str(data_dir.resolve())!r}, store={virtuoso.sparql_url!r}, port={port}, "
            "cache_entries=0, query_workers=2))")
    return start("hrcgraph+virtuoso", [sys.executable, "-c", code], f"http://127.0.0.1:{port}/sparql",
                 log=work / "hrcgraph-virtuoso.log", wait_s=60, env=env)


# --- measuring


@dataclass
class Measure:
    median_ms: float | None = None
    size: int = 0
    timed_out: bool = False
    samples: list[float] = field(default_factory=list)


def _once(client: httpx.Client, server: Server, q: BenchQuery) -> tuple[float, int]:
    started = time.perf_counter()
    r = client.post(server.endpoint, data=_form(server, q), headers={"Accept": q.accept})
    took = (time.perf_counter() - started) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{server.name}: {q.name}: HTTP {r.status_code}: {r.text[:300]}")
    return took, len(r.content)


def _form(server: Server, q: BenchQuery) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {"query": [q.text]}
    for key, value in server.params:
        form.setdefault(key, []).append(value)
    return form


def measure_pair(a: Server, b: Server, q: BenchQuery, *, repeat: int, warmup: int,
                 timeout: float = 120.0) -> tuple[Measure, Measure]:
    """Median latencies of two servers, measured in alternation so that a change of load on the
    machine weighs on both alike."""
    ma, mb = Measure(), Measure()
    with httpx.Client(timeout=timeout) as ca, httpx.Client(timeout=timeout) as cb:
        for i in range(warmup + repeat):
            order = ((a, ca, ma), (b, cb, mb)) if i % 2 == 0 else ((b, cb, mb), (a, ca, ma))
            for server, client, m in order:
                if m.timed_out:
                    continue
                started = time.perf_counter()
                try:
                    took, m.size = _once(client, server, q)
                except (httpx.TimeoutException, RuntimeError) as exc:
                    # A timeout (of the client, or the server's own limit) is counted once, as the
                    # time it took to give up: a lower bound.
                    print(f"  {server.name}: {q.name}: {str(exc)[:160]}", file=sys.stderr)
                    m.timed_out = True
                    m.samples = [(time.perf_counter() - started) * 1000]
                    continue
                if i >= warmup:
                    m.samples.append(took)
    for m in (ma, mb):
        m.median_ms = statistics.median(m.samples) if m.samples else None
    return ma, mb


def measure(server: Server, q: BenchQuery, *, repeat: int, warmup: int, timeout: float) -> Measure:
    m = Measure()
    with httpx.Client(timeout=timeout) as client:
        for i in range(warmup + repeat):
            try:
                took, m.size = _once(client, server, q)
            except httpx.TimeoutException:
                m.timed_out = True
                m.samples.append(timeout * 1000)
                break
            if i >= warmup:
                m.samples.append(took)
    m.median_ms = statistics.median(m.samples) if m.samples else None
    return m


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children still alive (the query workers), from /proc."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / _TICKS
    return total


def throughput(server: Server, q: BenchQuery, *, clients: int, duration: float) -> tuple[float, float]:
    """Requests per second, and the server's CPU time per request (in microseconds)."""
    cpu_before = _cpu_seconds(server.process.pid)
    done = [0] * clients
    stop_at = time.monotonic() + duration

    def run(i: int) -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop_at:
                try:
                    r = client.post(server.endpoint, data=_form(server, q), headers={"Accept": q.accept})
                except httpx.HTTPError:  # a server still busy with an earlier query: counted as not done
                    continue
                if r.status_code == 200:
                    done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu = _cpu_seconds(server.process.pid) - cpu_before
    return sum(done) / duration, cpu / max(sum(done), 1) * 1e6


# --- the run


def _dump(build_dumps: Path, into: Path) -> Path:
    plain = build_dumps / "hrcgraph.nq"
    packed = build_dumps / "hrcgraph.nq.gz"
    target = into / "hrcgraph.nq"
    if plain.is_file():
        shutil.copyfile(plain, target)
    elif packed.is_file():
        with gzip.open(packed, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    else:
        raise SystemExit(f"no N-Quads dump in {build_dumps}")
    return target


def _fmt(ms: float | None, timed_out: bool = False) -> str:
    if ms is None:
        return "-"
    return (">" if timed_out else "") + (f"{ms:,.1f}" if ms < 100 else f"{ms:,.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=Settings.load().data_dir,
                    help="the published build to serve (default: hrcgraph's data directory)")
    ap.add_argument("--repeat", type=int, default=15, help="timed runs per query and server")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rdflib-repeat", type=int, default=3)
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib-endpoint request")
    ap.add_argument("--duration", type=float, default=6.0, help="seconds of the throughput run")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out (it loads for minutes)")
    ap.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso (raw, and under hrcgraph) out")
    ap.add_argument("--only", action="append", default=[], metavar="TEXT",
                    help="measure only the queries whose name contains TEXT (repeatable), e.g. '(cube)' '(raw)'")
    args = ap.parse_args(argv)

    # Stopped from outside (SIGTERM, SIGHUP): still stop the servers started here.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: sys.exit(128 + signum))
    build = DataDir(args.data_dir).current()
    if build is None:
        raise SystemExit(f"nothing published in {args.data_dir}: run 'hrcgraph build' first")
    bin_dir = Path(sys.executable).parent
    work = Path(tempfile.mkdtemp(prefix="hrcgraph-bench-"))
    servers: list[Server] = []
    virtuoso = None
    try:
        dump = _dump(build.dumps_path, work)
        print(f"build {build.version[:12]}  ({build.path.name}); dump {dump.stat().st_size / 1e6:,.0f} MB N-Quads")
        subprocess.run([str(bin_dir / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        port = free_port()
        hrc_code = ("from hrcgraph.api.server import serve; from hrcgraph.settings import Settings; "
                    f"serve(Settings(data_dir={str(args.data_dir.resolve())!r}, port={port}, cache_entries=0, "
                    "query_workers=2))")
        env = dict(os.environ, PYTHONPATH=str(REPO))
        servers.append(start("hrcgraph", [sys.executable, "-c", hrc_code], f"http://127.0.0.1:{port}/sparql",
                             log=work / "hrcgraph.log", wait_s=60, env=env))
        port = free_port()
        servers.append(start("oxigraph", [str(bin_dir / "oxigraph"), "serve-read-only", "--location",
                                          str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                                          "--union-default-graph"],
                             f"http://127.0.0.1:{port}/query", log=work / "oxigraph.log", wait_s=60))
        if not args.no_rdflib:
            port = free_port()
            servers.append(start("rdflib-endpoint", [str(bin_dir / "rdflib-endpoint"), "serve", str(dump),
                                                     "--host", "127.0.0.1", "--port", str(port)],
                                 f"http://127.0.0.1:{port}/", log=work / "rdflib.log", wait_s=900))
        virtuoso: LocalVirtuoso | None = None
        if not args.no_virtuoso and LocalVirtuoso.available():
            virtuoso, raw = start_virtuoso(build, work)
            servers += [raw, _start_hrcgraph_over(virtuoso, args.data_dir, work, env)]
        elif not args.no_virtuoso:
            print("  virtuoso-t is not installed (Debian virtuoso-opensource-7-bin): Virtuoso left out")
        for s in servers:
            print(f"  {s.name:<16} ready in {s.started_in:6.1f} s  {s.endpoint}")

        by_name = {s.name: s for s in servers}
        hrc, oxi = by_name["hrcgraph"], by_name["oxigraph"]
        rdf = by_name.get("rdflib-endpoint")
        virt, hrc_virt = by_name.get("virtuoso"), by_name.get("hrcgraph+virtuoso")
        probe = httpx.post(oxi.endpoint, data={"query": P + """SELECT ?t ?s WHERE {
            ?t a hrc:Resolution ; hrc:symbol ?s ; hrc:decision/hrc:decisionMethod hrc:RecordedVote ;
               hrc:sponsorship ?sp } ORDER BY DESC(?s) LIMIT 1"""},
                           headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"][0]
        queries = research_queries(probe["s"]["value"], probe["t"]["value"])
        light = next(q for q in queries if q.name == "lookup by symbol")
        if args.only:
            queries = [q for q in queries if any(part in q.name for part in args.only)]

        rows: list[tuple[BenchQuery, dict[str, Measure]]] = []
        for q in queries:
            results: dict[str, Measure] = {}
            results[oxi.name], results[hrc.name] = measure_pair(oxi, hrc, q, repeat=args.repeat, warmup=args.warmup)
            if rdf is not None:
                results[rdf.name] = measure(rdf, q, repeat=args.rdflib_repeat, warmup=1,
                                            timeout=args.rdflib_timeout)
            if virt is not None and hrc_virt is not None:
                results[virt.name], results[hrc_virt.name] = measure_pair(
                    virt, hrc_virt, q, repeat=args.repeat, warmup=args.warmup)
            rows.append((q, results))
            print(f"  measured: {q.name}", file=sys.stderr)

        # Throughput in alternating rounds, for the same reason.
        paired = [oxi, hrc] + ([virt, hrc_virt] if virt is not None and hrc_virt is not None else [])
        tput = {s.name: 0.0 for s in paired}
        cpu = {s.name: 0.0 for s in paired}
        rounds = 3
        for _ in range(rounds):
            for s in paired:
                rate, us = throughput(s, light, clients=args.clients, duration=args.duration / rounds)
                tput[s.name] += rate / rounds
                cpu[s.name] += us / rounds

        _report(rows, tput, cpu, light, rdf is not None, args)
    finally:
        for s in servers:
            s.stop()
        if virtuoso is not None:
            virtuoso.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _report(rows: list[tuple[BenchQuery, dict[str, Measure]]], tput: dict[str, float], cpu: dict[str, float],
            light: BenchQuery, with_rdflib: bool, args: argparse.Namespace) -> None:
    print()
    head = f"{'query':<34}{'bytes':>10}{'oxigraph ms':>13}{'hrcgraph ms':>13}"
    head += f"{'rdflib ms':>12}" if with_rdflib else ""
    with_virtuoso = "virtuoso" in rows[0][1]
    head += f"{'virtuoso ms':>13}{'hrc+virt ms':>13}" if with_virtuoso else ""
    head += f"{'hrc/oxi':>9}  {'target':<18}{'ok':>4}"
    print(head)
    print("-" * len(head))
    speedups: list[float] = []
    all_ok = True
    for q, r in rows:
        o, h = r["oxigraph"], r["hrcgraph"]
        assert o.median_ms is not None and h.median_ms is not None
        ratio = h.median_ms / o.median_ms
        if o.median_ms >= 20:
            target, ok = "<= 1.25x", ratio <= 1.25
        else:
            target, ok = "<= oxigraph + 2 ms", h.median_ms - o.median_ms <= 2.0
        all_ok &= ok
        line = f"{q.name:<34}{h.size:>10,}{_fmt(o.median_ms):>13}{_fmt(h.median_ms):>13}"
        if with_rdflib:
            rd = r["rdflib-endpoint"]
            line += f"{_fmt(rd.median_ms, rd.timed_out):>12}"
            if rd.median_ms is not None:
                speedups.append(rd.median_ms / h.median_ms)
        if with_virtuoso:
            v, hv = r["virtuoso"], r["hrcgraph+virtuoso"]
            line += f"{_fmt(v.median_ms, v.timed_out):>13}{_fmt(hv.median_ms, hv.timed_out):>13}"
        line += f"{ratio:>8.2f}x  {target:<18}{'yes' if ok else 'NO':>4}"
        print(line)
    print()
    share = tput["hrcgraph"] / tput["oxigraph"]
    t_ok = share >= 0.6
    print(f"throughput, {args.clients} clients, {light.name!r}, {args.duration:g} s:")
    print(f"  oxigraph {tput['oxigraph']:,.0f} req/s   hrcgraph {tput['hrcgraph']:,.0f} req/s   "
          f"= {share:.0%} of oxigraph (target >= 60%)  {'yes' if t_ok else 'NO'}")
    if with_virtuoso:
        print(f"  virtuoso {tput['virtuoso']:,.0f} req/s   hrcgraph+virtuoso {tput['hrcgraph+virtuoso']:,.0f} req/s")
    print("  server CPU per request: " + ", ".join(f"{name} {us:,.0f} us" for name, us in cpu.items())
          + " (main process and query workers; the load generator runs on the same cores)")
    if with_rdflib and speedups:
        gmean = math.exp(sum(math.log(x) for x in speedups) / len(speedups))
        print(f"geometric mean speed-up over rdflib-endpoint: {gmean:,.1f}x (target >= 5x)  "
              f"{'yes' if gmean >= 5 else 'NO'}"
              + ("  (rdflib timeouts count as the timeout: a lower bound)" if any(
                  r['rdflib-endpoint'].timed_out for _, r in rows) else ""))
    if with_virtuoso:
        _report_research_questions(rows)
    print(f"\nlatency targets met: {'all' if all_ok else 'not all'}; medians of {args.repeat} runs after "
          f"{args.warmup} warm-up runs (rdflib-endpoint: {args.rdflib_repeat}); hrcgraph's result cache off.")


def _report_research_questions(rows: list[tuple[BenchQuery, dict[str, Measure]]]) -> None:
    """The four research questions: hrcgraph through the cube beside Virtuoso on the raw votes (the
    target: no slower), with the other engines' times for both forms."""
    by_name = {q.name: r for q, r in rows}
    questions = [q.name.removesuffix(" (cube)") for q, _ in rows if q.name.endswith(" (cube)")]
    pairs = [(name, by_name[f"{name} (cube)"], by_name.get(f"{name} (raw)")) for name in questions]
    if not any(raw is not None for _, _, raw in pairs):
        return
    print("\nresearch questions: hrcgraph through the cube vs Virtuoso on the raw votes (medians, ms)")
    head = (f"{'question':<38}{'hrcgraph cube':>15}{'virtuoso raw':>14}{'ok':>5}{'oxigraph cube':>15}"
            f"{'virtuoso cube':>15}{'hrcgraph raw':>14}{'oxigraph raw':>14}")
    print(head)
    print("-" * len(head))
    for name, cube, raw in pairs:
        if raw is None:
            continue
        hrc, virt = cube["hrcgraph"].median_ms, raw["virtuoso"].median_ms
        ok = hrc is not None and virt is not None and hrc <= virt
        print(f"{name:<38}{_fmt(hrc):>15}{_fmt(virt):>14}{'yes' if ok else 'NO':>5}"
              f"{_fmt(cube['oxigraph'].median_ms):>15}{_fmt(cube['virtuoso'].median_ms):>15}"
              f"{_fmt(raw['hrcgraph'].median_ms):>14}{_fmt(raw['oxigraph'].median_ms):>14}")


if __name__ == "__main__":
    raise SystemExit(main())
