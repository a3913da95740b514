"""Where the import of the paragraph-split texts spends its time, and whether a change keeps its graph.

Generates a text set from the sample as ``bench/texts_build.py`` does (real documents re-keyed to texts of
the voting collection, in a temporary folder: the texts may not be redistributed), imports the voting
collection, the texts and the seed records in this process, with the cyclic collector off as in the build,
and prints each import phase's wall and process time. ``--profile`` runs the texts' phase under cProfile
and prints its functions by own time and by cumulative time; ``--nquads FILE`` writes every imported triple
as a sorted N-Quads line (and the warnings to ``FILE.warnings``), so that two versions of the code can be
compared with ``cmp``. A short setting, about a minute:

    .venv/bin/python bench/texts_profile.py --ohchr ../shared/data/ohchr-voting \\
        --texts ../shared/data/ohchr-texts --seeds ../shared/seeds --docs 1000 --profile
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.sources.registry import ImportContext, import_sources, locate_sources, quads_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
from texts_build import corpus_arguments, generate_corpus

TEXTS_PHASE = "import paragraph-split texts"


def write_nquads(batches: list[SourceBatch], path: Path) -> int:
    """Every quad of ``batches`` as a sorted N-Quads line, and the warnings in ``<path>.warnings``."""
    lines = sorted(f"{q} ." for q in quads_of(batches))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warnings = sorted(str(w) for b in batches for w in b.warnings)
    Path(f"{path}.warnings").write_text("\n".join(warnings) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    p = corpus_arguments(__doc__, 1000)
    p.add_argument("--profile", action="store_true", help="profile the texts' import phase")
    p.add_argument("--top", type=int, default=25, help="functions listed in each profile table")
    p.add_argument("--nquads", type=Path, help="write the imported quads, sorted, to this file")
    a = p.parse_args()
    profiler = cProfile.Profile()
    timings: list[tuple[str, float, float]] = []

    @contextmanager
    def phase(name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        if a.profile and name == TEXTS_PHASE:
            profiler.enable()
        try:
            yield
        finally:
            profiler.disable()
            timings.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    with tempfile.TemporaryDirectory(prefix="hrcgraph-texts-profile-") as tmp:
        corpus = generate_corpus(Path(a.texts), Path(a.ohchr), Path(tmp) / "texts", a.docs)
        sources = {"ohchr": [a.ohchr], "texts": [str(corpus.folder)], "seeds": a.seeds}
        context = ImportContext(IriFactory(), Countries.load(), Path(tmp) / "cache", log=lambda _line: None)
        gc.disable()  # as the build does
        batches = import_sources(locate_sources(sources, context), context, phase=phase)
        gc.enable()
    print(f"generated texts: {corpus.documents:,} documents, {corpus.paragraphs:,} paragraphs")
    print(f"\n{'phase':40} {'wall (s)':>9} {'process (s)':>12}")
    for name, wall, cpu in timings:
        print(f"{name:40} {wall:9.2f} {cpu:12.2f}")
    if a.nquads is not None:
        print(f"\n{write_nquads(batches, a.nquads):,} quads written to {a.nquads}")
    if a.profile:
        stats = pstats.Stats(profiler)
        for order in ("tottime", "cumtime"):
            print(f"\n--- {TEXTS_PHASE}, by {order} ---")
            stats.sort_stats(order).print_stats(a.top)


if __name__ == "__main__":
    main()
