"""Benchmark the build with a corpus-sized set of paragraph-split texts, beside the full voting collection.

Only a sample of the texts is on hand (12 documents, 422 paragraphs), while the whole corpus holds
about 5,000 documents. This script makes a corpus-sized set from the sample: the real documents,
re-keyed in turn to the symbols of the collection's Council and Commission resolutions (so that they
join, as the real corpus does), written as ``docs-<year>.json`` files in a temporary folder, never
anywhere else. It then times, each in a fresh process, the build without texts and with them, and
queries the published search index (SQLite FTS5) against its peer, the same search as a SPARQL
``CONTAINS`` filter over the store.

Targets (on a 2-core machine): the build with texts in at most 60 s and 2 GB; a search in at most
50 ms at the 95th percentile. Run on demand:

    .venv/bin/python bench/texts_build.py --ohchr ../shared/data/ohchr-voting --texts ../shared/data/ohchr-texts
    .venv/bin/python bench/texts_build.py ... --documents 300 --queries 20 --no-baseline   # a short setting
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_BUILD_S = 60.0
TARGET_RSS_MB = 2048.0
TARGET_SEARCH_P95_MS = 50.0
QUERIES = ["strongly condemns", '"period of one year"', "mandate independent expert", "extrem*", "humanitarian access",
           '"technical assistance"', "children recruitment", "reconcil*", "elections timetable", "impunity"]
_RESOLUTION = re.compile(r"^(A/HRC/RES/|E/CN\.4/RES/)")


def make_corpus(texts: Path, ohchr: Path, out: Path, documents: int | None) -> tuple[int, int]:
    """Write the re-keyed corpus into ``out``; returns (documents, paragraphs)."""
    sample: list[list[list[str]]] = []
    for path in sorted(texts.glob("docs-*.json")):
        sample.extend(json.loads(path.read_text(encoding="utf-8")).values())
    with (ohchr / "resolutions.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if _RESOLUTION.match(r["symbol"]) and r["year"].isdigit()]
    seen: set[str] = set()
    targets = [r for r in rows if not (r["symbol"] in seen or seen.add(r["symbol"]))]  # type: ignore[func-returns-value]
    if documents is not None:
        targets = targets[:documents]
    years: dict[str, dict[str, list[list[str]]]] = {}
    paragraphs = 0
    for i, row in enumerate(targets):
        doc = sample[i % len(sample)]
        years.setdefault(row["year"], {})[row["symbol"]] = doc
        paragraphs += len(doc)
    out.mkdir(parents=True, exist_ok=True)
    for year, docs in years.items():
        (out / f"docs-{year}.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    return len(targets), paragraphs


def run_build(data_dir: Path, args: list[str]) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "hrcgraph", "--data-dir", str(data_dir), "build", "--force", *args]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr[-4000:]}")
    peak = re.search(r"peak memory: ([0-9,]+) MB", proc.stdout)
    return wall, float(peak.group(1).replace(",", "")) if peak else float("nan"), proc.stderr + proc.stdout


def time_searches(data_dir: Path, queries: int) -> tuple[list[float], list[float], int]:
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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ohchr", required=True, help="folder with resolutions.csv and votes_long.csv")
    p.add_argument("--texts", required=True, help="folder with the sample's docs-<year>.json")
    p.add_argument("--documents", type=int, help="documents to generate (default: one per resolution, ~4,300)")
    p.add_argument("--queries", type=int, default=200, help="searches to time")
    p.add_argument("--no-baseline", action="store_true", help="skip the build without texts (a shorter run)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="hrcgraph-texts-bench-") as tmp:
        corpus = Path(tmp) / "texts"
        documents, paragraphs = make_corpus(Path(a.texts), Path(a.ohchr), corpus, a.documents)
        without = (float("nan"), float("nan"), "") if a.no_baseline else run_build(Path(tmp) / "without",
                                                                                   ["--ohchr", a.ohchr])
        with_texts = run_build(Path(tmp) / "with", ["--ohchr", a.ohchr, "--texts", str(corpus)])
        fts, sparql, hits = time_searches(Path(tmp) / "with", a.queries)
    phases = re.findall(r"^  (.+?): ([0-9.]+) s$", with_texts[2], flags=re.MULTILINE)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"generated corpus: {documents:,} documents, {paragraphs:,} paragraphs (the sample re-keyed)\n")
    print(f"{'phase of the build with texts':52} {'seconds':>8}")
    print("-" * 61)
    for name, secs in phases:
        print(f"{name:52} {float(secs):8.2f}")
    print(f"\n{'build':34} {'wall (s)':>9} {'peak (MB)':>10}")
    print(f"{'voting collection alone':34} {without[0]:9.1f} {without[1]:10.0f}")
    print(f"{'voting collection + texts':34} {with_texts[0]:9.1f} {with_texts[1]:10.0f}")
    print(f"\n{f'search ({len(fts)} queries, {hits} hits)':34} {'p50 (ms)':>9} {'p95 (ms)':>10}")
    print(f"{'SQLite FTS5 index':34} {statistics.median(fts):9.2f} {p95(fts):10.2f}")
    print(f"{'SPARQL CONTAINS over the store':34} {statistics.median(sparql):9.2f} {p95(sparql):10.2f}")
    rows = [("build with texts, wall time (s)", with_texts[0], TARGET_BUILD_S),
            ("build with texts, peak memory (MB)", with_texts[1], TARGET_RSS_MB),
            ("search p95 (ms)", p95(fts), TARGET_SEARCH_P95_MS)]
    print(f"\n{'measure':40} {'value':>9} {'target':>9}  ok")
    for name, value, target in rows:
        print(f"{name:40} {value:9.1f} {target:9.1f}  {'yes' if value <= target else 'NO'}")


if __name__ == "__main__":
    main()
