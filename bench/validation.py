"""How fast SHACL validation is: the compiled validator on the whole graph, pySHACL on a sample.

    .venv/bin/python bench/validation.py [--ohchr DIR] [--sample N] [--no-pyshacl] [--verbose]

Each measurement runs in a process of its own, so that its peak resident memory is its own. The
graph is the one the build makes from the OHCHR collection (states and groups, texts and votes,
derived memberships); the sample is ``--sample`` records of it, half with a roll call, validated
by both engines so the table also says whether they agree.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OHCHR = REPO_ROOT.parent / "shared" / "data" / "ohchr-voting"


@dataclass
class Measurement:
    engine: str
    data: str
    triples: int
    seconds: float
    cpu_seconds: float
    rss_before_mb: float
    peak_rss_mb: float
    """Peak resident memory while validating (while loading too, where it cannot be reset)."""
    violations: int
    warnings: int
    infos: int
    keys: frozenset[tuple[str, str | None, str | None, str, str, str]]
    text: str = ""


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    """Resident memory now, in MiB (from /proc on Linux; the peak elsewhere)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return _rss_mb()


def _reset_peak() -> bool:
    """Start counting the peak resident memory afresh (Linux: /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_since_reset_mb() -> float:
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return _rss_mb()


def _measure(engine: str, ohchr: Path, sample: int | None, verbose: bool) -> Measurement:
    from hrcgraph.graph.store import EmbeddedStore
    from hrcgraph.graph.validation import shipped_shapes, validate_store
    from hrcgraph.graph.validation.pyshacl_check import graph_from_triples, ohchr_graph_quads, pyshacl_validate

    program = shipped_shapes()
    quads = ohchr_graph_quads(ohchr, sample=sample)
    data = "whole graph" if sample is None else f"sample of {sample} records"
    if engine == "pySHACL":
        graph = graph_from_triples(quads)
        triples = len(graph)
        del quads
        before = _current_rss_mb()
        _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        report = pyshacl_validate(graph, program.graph)
    else:
        store = EmbeddedStore.in_memory(quads)
        triples = len(store)
        del quads
        before = _current_rss_mb()
        _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        report = validate_store(store, program)
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    return Measurement(
        engine=engine,
        data=data,
        triples=triples,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        rss_before_mb=before,
        peak_rss_mb=_peak_since_reset_mb(),
        violations=len(report.violations),
        warnings=len(report.warnings),
        infos=len(report.infos),
        keys=frozenset(report.keys()),
        text=report.to_text(limit=20, verbose=True) if verbose and engine != "pySHACL" else "",
    )


def _in_child(engine: str, ohchr: Path, sample: int | None, verbose: bool) -> Measurement:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_measure, (engine, ohchr, sample, verbose))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ohchr", type=Path, default=DEFAULT_OHCHR,
                        help="folder holding resolutions.csv and votes_long.csv (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=60, help="OHCHR records in the sample (default: %(default)s)")
    parser.add_argument("--no-pyshacl", action="store_true", help="skip pySHACL (it takes a minute or more)")
    parser.add_argument("--verbose", action="store_true", help="print the whole-graph report with time per shape")
    args = parser.parse_args(argv)
    if not (args.ohchr / "resolutions.csv").is_file():
        parser.error(f"no resolutions.csv in {args.ohchr}")

    runs = [("compiled", None), ("compiled", args.sample)]
    if not args.no_pyshacl:
        runs.append(("pySHACL", args.sample))
    results = []
    for engine, sample in runs:
        print(f"measuring {engine} on {'the whole graph' if sample is None else f'{sample} records'} ...",
              file=sys.stderr, flush=True)
        results.append(_in_child(engine, args.ohchr, sample, args.verbose))

    header = f"{'engine':<10} {'data':<24} {'triples':>9} {'wall s':>8} {'CPU s':>8} {'RSS before MB':>14} " \
             f"{'peak RSS MB':>12} {'V/W/I results':>16}"
    print(header)
    print("-" * len(header))
    for m in results:
        counts = f"{m.violations}/{m.warnings}/{m.infos}"
        print(f"{m.engine:<10} {m.data:<24} {m.triples:>9,} {m.seconds:>8.2f} {m.cpu_seconds:>8.2f} "
              f"{m.rss_before_mb:>14.0f} {m.peak_rss_mb:>12.0f} {counts:>16}")
    if not args.no_pyshacl:
        ours, theirs = results[1], results[2]
        verdict = "the same results" if ours.keys == theirs.keys else (
            f"DIFFERENT results: {len(ours.keys - theirs.keys)} only ours, {len(theirs.keys - ours.keys)} only pySHACL")
        print(f"\non the sample, the two engines give {verdict}")
    if args.verbose:
        print("\n" + results[0].text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
