"""Benchmark the build: full import + SHACL + store load + dumps, and a rebuild with no changed source.

Targets (on a 2-core machine): a full build in at most 60 s wall time and 2 GB peak memory; a rebuild
with no changed source in at most 5 s. Run on demand:

    .venv/bin/python bench/build.py --ohchr ../shared/data/ohchr-voting --seeds ../shared/seeds

Each measurement runs ``hrcgraph build`` in a fresh process, so start-up and imports count, and peak
memory is the child's own maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_FULL_S = 60.0
TARGET_RSS_MB = 2048.0
TARGET_REBUILD_S = 5.0


def run_build(data_dir: Path, args: list[str], force: bool = False) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "hrcgraph", "--data-dir", str(data_dir), "build", *args]
    if force:
        cmd.append("--force")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr[-4000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024, proc.stderr + proc.stdout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ohchr", required=True, help="folder with resolutions.csv and votes_long.csv")
    p.add_argument("--seeds", action="append", default=[], help="seed-format record folder (repeatable)")
    p.add_argument("--runs", type=int, default=1, help="full builds to run (the best is reported)")
    a = p.parse_args()
    args = ["--ohchr", a.ohchr] + [x for s in a.seeds for x in ("--seeds", s)]
    with tempfile.TemporaryDirectory(prefix="hrcgraph-bench-") as tmp:
        data_dir = Path(tmp)
        results = []
        for i in range(a.runs):
            results.append(run_build(data_dir, args, force=i > 0))
        wall, rss, log = min(results, key=lambda r: r[0])
        rebuild_wall, _rss, rebuild_log = run_build(data_dir, args)
        if "up to date" not in rebuild_log:
            sys.exit("the rebuild with no changed source was not skipped:\n" + rebuild_log[-2000:])
    phases = re.findall(r"^  (.+?): ([0-9.]+) s$", log, flags=re.MULTILINE)
    quads = re.search(r"version \w+, ([0-9,]+) quads", log)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"quads: {quads.group(1) if quads else '?'}\n")
    print(f"{'phase':52} {'seconds':>8}")
    print("-" * 61)
    for name, secs in phases:
        print(f"{name:52} {float(secs):8.2f}")
    print("-" * 61)
    rows = [
        ("full build, wall time (s)", wall, TARGET_FULL_S),
        ("full build, peak memory (MB)", rss, TARGET_RSS_MB),
        ("rebuild with no changed source, wall time (s)", rebuild_wall, TARGET_REBUILD_S),
    ]
    print(f"\n{'measure':48} {'value':>9} {'target':>9}  ok")
    for name, value, target in rows:
        print(f"{name:48} {value:9.1f} {target:9.1f}  {'yes' if value <= target else 'NO'}")


if __name__ == "__main__":
    main()
