"""Benchmark the full build with a corpus-sized set of paragraph-split texts, beside the same build without texts.

The whole text corpus is about 5,000 documents; only a sample of it (12 documents, 422 paragraphs) is on
hand. This script generates a corpus-sized set from the sample at run time, into a temporary folder
(the texts may not be redistributed, so the set is never written anywhere else): the sample's documents
are kept under their own symbols, and copies of them are re-keyed, round robin, to the symbols of other
texts of the voting collection (Council resolutions first, then its decisions and statements, then the
Commission's resolutions and decisions), each written to the ``docs-<year>.json`` file of its text's
year. So every generated document joins a real text of the graph, and the clauses' citations, the
series, the mandate actions and the search index all work on real texts.

It then runs, each in a fresh process, ``hrcgraph build`` with the voting collection and the seed
records, without and with the texts, and prints the time and the peak memory of each phase (sampled), the
wall time and the peak memory of each (the build process's own maximum resident set size, from ``wait4``, and
the largest sum over the build and its worker processes, sampled) against the targets, and the CPU time they
used:
at most 60 s and 2 GB on a 2-core machine; then times searches over the published index (SQLite FTS5)
beside the same words as a SPARQL ``CONTAINS`` filter over the store (target: 50 ms at the 95th
percentile). Run on demand:

    .venv/bin/python bench/texts_build.py --ohchr ../shared/data/ohchr-voting \\
        --texts ../shared/data/ohchr-texts --seeds ../shared/seeds
    .venv/bin/python bench/texts_build.py ... --docs 300 --queries 20 --no-baseline   # a short setting
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from process_memory import tree_rss_kb

from hrcgraph.graph.sources.base import SourceFile
from hrcgraph.graph.sources.ohchr import read_ohchr
from hrcgraph.graph.sources.texts import read_texts, year_files
from hrcgraph.graph.symbols import COUNCIL, TextKind

TARGET_S = 60.0
TARGET_RSS_MB = 2048.0
TARGET_SEARCH_P95_MS = 50.0
QUERIES = ["strongly condemns", '"period of one year"', "mandate independent expert", "extrem*", "humanitarian access",
           '"technical assistance"', "children recruitment", "reconcil*", "elections timetable", "impunity"]
#: The order in which texts of the voting collection receive a copy: Council texts before the Commission's.
KIND_ORDER = (TextKind.RESOLUTION, TextKind.DECISION, TextKind.PRESIDENTIAL_STATEMENT)


@dataclass
class Corpus:
    folder: Path
    documents: int
    paragraphs: int
    files: int


@dataclass
class Run:
    wall_s: float
    peak_mb: float
    phases: dict[str, float]
    log: str
    cpu_s: float = float("nan")
    """User and system time of the build and its worker processes."""
    tree_peak_mb: float = float("nan")
    """The largest sum of the resident sets of the build and its worker processes, sampled every 0.1 s."""
    phase_peak_mb: dict[str, float] = field(default_factory=dict)
    """That largest sum during each phase (from the phase's start in the build's log to the next one's)."""


def generate_corpus(sample: Path, ohchr: Path, folder: Path, size: int) -> Corpus:
    """Write ``size`` documents (the sample's own, then re-keyed copies) as docs-<year>.json files in ``folder``."""
    texts = read_texts([SourceFile.of(p) for p in year_files(sample)])
    raw: dict[str, list[list[str]]] = {}
    for path in year_files(sample):
        raw.update(json.loads(path.read_text(encoding="utf-8")))
    originals = [doc.symbol for doc in texts.documents]
    data = read_ohchr(ohchr)
    council_first = sorted(
        (r for r in data.records if data.unique_symbol(r) and r.kind in KIND_ORDER and r.date is not None),
        key=lambda r: (r.symbol_info.body != COUNCIL, KIND_ORDER.index(r.kind), -r.date.toordinal()),  # type: ignore[union-attr]
    )
    by_year: dict[int, dict[str, list[list[str]]]] = defaultdict(dict)
    for symbol in originals:
        record = next((r for r in data.records if r.symbol_info.normalized == symbol), None)
        year = record.date.year if record is not None and record.date is not None else 2026
        by_year[year][symbol] = raw[symbol]
    taken = set(originals)
    copies = (r for r in council_first if r.symbol_info.normalized not in taken)
    for i, record in zip(range(len(originals), size), copies, strict=False):
        assert record.date is not None
        by_year[record.date.year][record.symbol_info.normalized] = raw[originals[i % len(originals)]]
    folder.mkdir(parents=True, exist_ok=True)
    for year, docs in by_year.items():
        (folder / f"docs-{year}.json").write_text(json.dumps(docs, ensure_ascii=False, sort_keys=True),
                                                  encoding="utf-8")
    documents = sum(len(d) for d in by_year.values())
    paragraphs = sum(len(p) for d in by_year.values() for p in d.values())
    return Corpus(folder, documents, paragraphs, len(by_year))


def run_build(data_dir: Path, args: list[str], force: bool) -> Run:
    """One ``hrcgraph build`` in a fresh process: its wall time, peak RSS and phase times."""
    cmd = [sys.executable, "-m", "hrcgraph", "--data-dir", str(data_dir), "build", *args]
    if force:
        cmd.append("--force")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    tree = TreeMemory(proc.pid)
    tree.start()
    lines: list[str] = []
    assert proc.stdout is not None
    for raw in proc.stdout:  # the log as it is written: a phase's start says which phase the samples belong to
        lines.append(raw.decode("utf-8", "replace"))
        if started := re.fullmatch(r"  (.+?) \.\.\.\n?", lines[-1]):
            tree.phase = started.group(1)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    tree.stop.set()
    tree.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    log = "".join(lines)
    if proc.returncode != 0:
        sys.exit(f"build failed ({' '.join(cmd)}):\n{log[-4000:]}")
    phases = {name: float(secs) for name, secs in re.findall(r"^  (.+?): ([0-9.]+) s$", log, flags=re.MULTILINE)}
    return Run(wall, usage.ru_maxrss / 1024, phases, log, cpu_s=usage.ru_utime + usage.ru_stime,
               tree_peak_mb=tree.peak_kb / 1024 if tree.peak_kb else float("nan"),
               phase_peak_mb={name: kb / 1024 for name, kb in tree.by_phase.items()})


class TreeMemory(threading.Thread):
    """Samples the resident set of a process and all its descendants (the build's worker processes), summed;
    Linux's /proc only (elsewhere it finds nothing)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.phase = "start"
        self.by_phase: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            kb, phase = tree_rss_kb(self.pid), self.phase
            self.peak_kb = max(self.peak_kb, kb)
            self.by_phase[phase] = max(self.by_phase.get(phase, 0), kb)


def best_of(runs: int, data_dir: Path, args: list[str]) -> Run:
    results = []
    for i in range(runs):
        print(f"build {i + 1}/{runs} into {data_dir.name} ...", file=sys.stderr)
        results.append(run_build(data_dir, args, force=i > 0))
    return min(results, key=lambda r: r.wall_s)


def time_searches(data_dir: Path, queries: int) -> tuple[list[float], list[float], int]:
    """Searches over the published index (SQLite FTS5), and the same words as a SPARQL CONTAINS filter."""
    from hrcgraph.graph.publish import DataDir
    from hrcgraph.graph.search_index import index_path, search

    current = DataDir(data_dir).current()
    assert current is not None
    index = index_path(current.path)
    fts: list[float] = []
    hits = 0
    for i in range(queries):
        start = time.perf_counter()
        hits += len(search(index, QUERIES[i % len(QUERIES)], limit=20))
        fts.append((time.perf_counter() - start) * 1000)
    store = current.store
    sparql: list[float] = []
    for i in range(max(1, queries // 10)):
        words = QUERIES[i % len(QUERIES)].strip('"').rstrip("*")
        start = time.perf_counter()
        list(store.select(
            "SELECT ?c WHERE { ?c <https://w3id.org/hrcgraph/ontology#clauseText> ?t . "
            f"FILTER(CONTAINS(LCASE(?t), {json.dumps(words.lower())})) }} LIMIT 20"))
        sparql.append((time.perf_counter() - start) * 1000)
    current.close()
    return fts, sparql, hits


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def uptime() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def corpus_arguments(description: str | None, docs: int) -> argparse.ArgumentParser:
    """The arguments of the benchmarks that generate a text set: the sources, and how many documents."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ohchr", required=True, help="folder with resolutions.csv and votes_long.csv")
    p.add_argument("--texts", required=True, help="folder with the sample's docs-<year>.json files")
    p.add_argument("--seeds", action="append", default=[], help="seed-format record folder (repeatable)")
    p.add_argument("--docs", type=int, default=docs, help=f"documents in the generated text set (default {docs})")
    return p


def main() -> None:
    p = corpus_arguments(__doc__, 5000)
    p.add_argument("--runs", type=int, default=1, help="builds per configuration (the fastest is reported)")
    p.add_argument("--queries", type=int, default=200, help="searches to time over the published index")
    p.add_argument("--no-baseline", action="store_true", help="skip the build without texts (a shorter run)")
    p.add_argument("--keep", action="store_true", help="keep the generated texts and the built data folders")
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hrcgraph-bench-texts-"))
    try:
        corpus = generate_corpus(Path(a.texts), Path(a.ohchr), tmp / "texts", a.docs)
        print(f"generated {corpus.documents:,} documents, {corpus.paragraphs:,} paragraphs in {corpus.folder}",
              file=sys.stderr)
        base = ["--ohchr", a.ohchr] + [x for s in a.seeds for x in ("--seeds", s)]
        without = Run(float("nan"), float("nan"), {}, "") if a.no_baseline else best_of(a.runs, tmp / "without-texts",
                                                                                       base)
        with_texts = best_of(a.runs, tmp / "with-texts", [*base, "--texts", str(corpus.folder)])
        fts, sparql, hits = time_searches(tmp / "with-texts", a.queries)
    finally:
        if a.keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    counts = re.search(r"texts: .*", with_texts.log)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {uptime()}")
    print(f"generated texts: {corpus.documents:,} documents, {corpus.paragraphs:,} paragraphs, "
          f"{corpus.files} year files")
    if counts:
        print(counts.group(0))
    for label, run in (("no texts", without), ("texts", with_texts)):
        quads = re.search(r"version \w+, ([0-9,]+) quads", run.log)
        print(f"quads ({label}): {quads.group(1) if quads else '-'}")
    names = list(dict.fromkeys([*with_texts.phases, *without.phases]))
    print(f"\n{'phase':52} {'no texts':>9} {'texts':>9}   {'peak memory of the phase (MB)':>20}")
    print(f"{'':52} {'(s)':>9} {'(s)':>9} {'no texts':>10} {'texts':>9}")
    print("-" * 93)
    for name in names:
        cells = [f"{r.phases[name]:9.2f}" if name in r.phases else f"{'-':>9}" for r in (without, with_texts)]
        cells += [f"{r.phase_peak_mb[name]:9,.0f}" if name in r.phase_peak_mb else f"{'-':>9}"
                  for r in (without, with_texts)]
        print(f"{name:52} {cells[0]} {cells[1]} {cells[2]:>10} {cells[3]}")
    print("-" * 93)
    print(f"\n{'measure':32} {'no texts':>9} {'texts':>9} {'target':>9}  ok")
    for name, values, target in (("wall time (s)", (without.wall_s, with_texts.wall_s), TARGET_S),
                                 ("peak memory (MB)", (without.peak_mb, with_texts.peak_mb), TARGET_RSS_MB),
                                 ("peak memory, with workers (MB)", (without.tree_peak_mb, with_texts.tree_peak_mb),
                                  TARGET_RSS_MB)):
        ok = "yes" if values[1] <= target and not values[0] > target else "NO"
        print(f"{name:32} {values[0]:9.1f} {values[1]:9.1f} {target:9.1f}  {ok}")
    # the build is bound by its CPU on two cores: its CPU time says what the machine's speed of the hour hides
    print(f"{'CPU time, with workers (s)':32} {without.cpu_s:9.1f} {with_texts.cpu_s:9.1f}")
    print(f"\n{f'search ({len(fts)} queries, {hits} hits)':34} {'p50 (ms)':>9} {'p95 (ms)':>10} {'target':>9}  ok")
    ok = "yes" if p95(fts) <= TARGET_SEARCH_P95_MS else "NO"
    print(f"{'SQLite FTS5 index':34} {statistics.median(fts):9.2f} {p95(fts):10.2f} {TARGET_SEARCH_P95_MS:9.1f}  {ok}")
    print(f"{'SPARQL CONTAINS over the store':34} {statistics.median(sparql):9.2f} {p95(sparql):10.2f}")


if __name__ == "__main__":
    main()
