"""The build: sources -> graph -> SHACL -> store and dumps, published atomically.

Each source goes into its own named graph, described with PROV in ``graph/meta``. Nothing is
published unless SHACL finds no Violation; Warnings (known source defects) are reported and kept.
A rebuild whose inputs (source checksums, ontology, shapes, base IRI, hrcgraph version) have not
changed is skipped.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import resource
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat

from hrcgraph.graph import __version__
from hrcgraph.graph.countries import Countries
from hrcgraph.graph.cube import load_cube
from hrcgraph.graph.dumps import DumpFile, dataset_version, line_pieces, sorted_nquads_file, write_dumps
from hrcgraph.graph.errors import StoreError, ValidationFailed
from hrcgraph.graph.exports import write_exports
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.manifest import BuildManifest, SourceEntry, WarningCounts, schema_digest
from hrcgraph.graph.memory import release_free_memory
from hrcgraph.graph.provenance import provenance_triples
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.search_index import index_store
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.sources.registry import ImportContext, Located, import_sources, locate_sources, quads_of
from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.validation import ValidationReport, validate_store
from hrcgraph.graph.void import void_batch

Log = Callable[[str], None]


@dataclass
class BuildConfig:
    """What to build from and where to publish it."""

    data_dir: Path
    sources: Mapping[str, Sequence[str | Path]] = field(default_factory=dict)
    """Where each source is, by importer name (see ``graph/sources/registry.py``): folders, or for the
    OHCHR collection also a base URL (or ``download``) to fetch it from."""
    base_iri: str = "https://w3id.org/hrcgraph/"
    cache_dir: Path | None = None
    force: bool = False


@dataclass
class BuildSummary:
    status: str  # "built" or "up-to-date"
    version: str
    path: Path
    triples: int = 0
    per_graph: dict[str, int] = field(default_factory=dict)
    per_class: dict[str, int] = field(default_factory=dict)
    source_warnings: list[str] = field(default_factory=list)
    report: ValidationReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    dumps: list[DumpFile] = field(default_factory=list)
    peak_rss_mb: float = 0.0


class Phases:
    """Times each phase of the build and reports it as it goes."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.timings: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.log(f"  {name} ...")
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        self.log(f"  {name}: {self.timings[name]:.2f} s")


def build(config: BuildConfig, *, log: Log = print) -> BuildSummary:
    iris = IriFactory(config.base_iri)
    data_dir = DataDir(config.data_dir)
    phases = Phases(log)
    with data_dir.lock():
        context = _context(config, iris, log)
        with phases.phase("read sources"):
            inputs = locate_sources(config.sources, context)
        schema = schema_digest()
        key = _input_key(config, inputs, schema)
        current = data_dir.current()
        if current is not None and current.manifest.input_key == key and not config.force:
            log(f"up to date: no source changed since build {current.build_version[:12]}")
            return BuildSummary("up-to-date", current.build_version, current.path, triples=current.manifest.triples,
                                timings=phases.timings)
        imported_at = _imported_at(current.manifest if current else None, key)
        with _no_cyclic_gc():
            batches = import_sources(inputs, context, phase=phases.phase)
        del context  # what the importers read and left for each other: the batches hold all that is kept
        meta = SourceBatch(iris.source_graph("meta"), "Provenance of the source graphs", files=[])
        meta.triples = provenance_triples(batches, iris, imported_at)
        batches.append(meta)
        with data_dir.staging() as staging:
            # Everything is loaded into memory first: validation, the exports and the search index read it
            # there, while the on-disk store is bulk-loaded from its sorted N-Quads in a second thread
            # (Oxigraph releases the GIL). The dumps need only those N-Quads: they are written once the
            # in-memory store is closed, and each phase hands the memory it freed back to the system. The
            # N-Quads stay in a file of the staging folder, read a piece at a time, not held in memory.
            store = EmbeddedStore.in_memory()
            with phases.phase("load into memory"):
                for batch in batches:
                    g = batch.graph
                    store.load(Quad(t.subject, t.predicate, t.object, g) for t in batch.triples)
                    batch.release()
                release_free_memory()  # the importers' terms
            with phases.phase("vote statistics (data cube)"):
                batches.append(load_cube(store, iris))
            with phases.phase("dataset description (VoID, DCAT)"):
                void = void_batch(store, batches, iris, built_at=imported_at)
                store.load(Quad(t.subject, t.predicate, t.object, void.graph) for t in void.triples)
                batches.append(void)
                release_free_memory()  # what the statistics counted with
            with phases.phase("sort quads"):
                nquads = sorted_nquads_file(store, staging / SORTED_NQUADS)
                version = dataset_version(nquads)
            disk = _DiskLoad(nquads, staging / "store")
            disk.start()
            try:
                with phases.phase("validate (SHACL) while the on-disk store loads"):
                    report = validate_store(store)
                if not report.conforms:
                    raise ValidationFailed(
                        f"SHACL found {len(report.violations)} Violation(s); nothing was published.\n"
                        + report.to_text(limit=20),
                        report,
                    )
                with phases.phase("tabular exports (CSV on the Web)"):
                    exports = write_exports(store, staging / "dumps", iris, source_records(batches),
                                            built_at=imported_at, version=version)
                with phases.phase("search index of the clauses (SQLite FTS5)"):
                    index_store(store, staging)
                summary = _summarize(store, batches, report, version)
                store.close()
                del store
                release_free_memory()  # the in-memory store
                with phases.phase("dumps"):
                    dumps = write_dumps(staging / "dumps", nquads)
            finally:
                with phases.phase("on-disk store loaded"):
                    disk.join()
            nquads.unlink()  # not published: the dumps hold it
            manifest = BuildManifest(
                version=version,
                built_at=imported_at,
                input_key=key,
                hrcgraph_version=__version__,
                base_iri=config.base_iri,
                schema_sha256=schema,
                triples=summary.triples,
                graphs=summary.per_graph,
                classes=summary.per_class,
                sources=tuple(SourceEntry.of(b) for b in batches),
                warnings=WarningCounts(source=len(summary.source_warnings), shacl=len(report.warnings)),
                dumps=tuple(dumps),
                exports=tuple(exports),
            )
            with phases.phase("publish"):
                published = data_dir.publish(staging, f"{imported_at[:19].replace(':', '')}-{version[:12]}",
                                             manifest)
        summary.path = published.path
        summary.dumps = dumps
        summary.timings = phases.timings
        summary.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return summary


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The importers make millions of objects and no reference cycles: the cyclic collector would walk all
    of them again and again (a tenth of the import's time) for nothing. Reference counting frees the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def source_records(batches: list[SourceBatch]) -> list[dict[str, Any]]:
    """Each source graph with its licence and attribution (what the exports' metadata cite)."""
    return [{"graph": b.graph.value, "label": b.label, "license": b.license, "attribution": b.attribution}
            for b in batches]


def validate_sources(config: BuildConfig, *, log: Log = print) -> ValidationReport:
    """Import the sources and validate them in memory, publishing nothing."""
    iris = IriFactory(config.base_iri)
    phases = Phases(log)
    context = _context(config, iris, log)
    batches = import_sources(locate_sources(config.sources, context), context, phase=phases.phase)
    with EmbeddedStore.in_memory() as store:
        store.load(quads_of(batches))
        with phases.phase("validate (SHACL)"):
            return validate_store(store)


#: Bytes of N-Quads per bulk load of the on-disk store (about 330,000 quads). Oxigraph's bulk loader holds up to
#: a million quads per thread in memory before writing them out: loaded whole, the graph with its cube (1.7 million
#: quads) cost a gigabyte more than in pieces. Each load adds files that RocksDB compacts in the background once a
#: few have piled up: the full build's loads took 22-31 s of CPU in pieces of 32 MB and 18-19 s in pieces of 64 MB,
#: for 30 MB more (in pieces of 128 MB, the same CPU and 350 MB more).
DISK_LOAD_CHUNK = 64 << 20


#: The build's sorted N-Quads, in its staging folder until the dumps and the on-disk store are written.
SORTED_NQUADS = ".sorted.nq"


class _DiskLoad(threading.Thread):
    """Bulk-loads the on-disk store from the sorted N-Quads file (parsed natively, without the GIL), a
    piece at a time; re-raises its error on ``join``."""

    def __init__(self, nquads: Path, path: Path) -> None:
        super().__init__(name="hrcgraph-disk-load", daemon=True)
        self.nquads = nquads
        self.path = path
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # Closing the store flushes it and lets go of its files (every result included) before
            # the staging folder is synced and moved.
            with EmbeddedStore.open(self.path, read_only=False) as disk:
                for chunk in line_pieces(self.nquads, DISK_LOAD_CHUNK):
                    disk.load_serialized(chunk, RdfFormat.N_QUADS)
                disk.optimize()
        except BaseException as exc:  # handed to the build thread in join()
            self.error = exc

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise StoreError(f"loading the on-disk store at {self.path} failed: {self.error}") from self.error


def _context(config: BuildConfig, iris: IriFactory, log: Log) -> ImportContext:
    return ImportContext(iris, Countries.load(), config.cache_dir or (config.data_dir / "cache"), log)


def _input_key(config: BuildConfig, inputs: Located, schema: str) -> str:
    h = hashlib.sha256()
    parts: list[str] = [__version__, config.base_iri, schema]
    parts += [f"{name}:{f.sha256}" for name, files in inputs.files.items() for f in files]
    h.update(json.dumps(parts).encode())
    return h.hexdigest()


def _imported_at(previous: BuildManifest | None, key: str) -> str:
    """The import time recorded in PROV: SOURCE_DATE_EPOCH when set (reproducible builds), the previous
    build's time when the inputs are the same (so a forced rebuild gives the same bytes), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if previous and previous.input_key == key and previous.built_at:
        return previous.built_at
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _summarize(store: GraphStore, batches: list[SourceBatch], report: ValidationReport,
               version: str) -> BuildSummary:
    per_graph: Counter[str] = Counter()
    for row in store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        per_graph[row["g"].value] = int(row["n"].value)
    per_class: Counter[str] = Counter()
    for row in store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"):
        per_class[row["c"].value] = int(row["n"].value)
    warnings = [str(w) for b in batches for w in b.warnings]
    return BuildSummary("built", version, Path(), triples=len(store), per_graph=dict(sorted(per_graph.items())),
                        per_class=dict(sorted(per_class.items())), source_warnings=warnings, report=report)


def format_summary(summary: BuildSummary, *, warnings_limit: int = 10) -> str:
    """A readable summary: triples and resources per class, warnings."""
    lines = [f"{summary.status}: version {summary.version[:12]}, {summary.triples:,} quads"]
    if summary.per_graph:
        lines.append("graphs:")
        lines += [f"  {n:>10,}  {g}" for g, n in summary.per_graph.items()]
    if summary.per_class:
        lines.append("resources per class:")
        lines += [f"  {n:>10,}  {_short(c)}" for c, n in sorted(summary.per_class.items(), key=lambda x: -x[1])]
    if summary.source_warnings:
        lines.append(f"source warnings: {len(summary.source_warnings)}")
        lines += [f"  {w}" for w in summary.source_warnings[:warnings_limit]]
        if len(summary.source_warnings) > warnings_limit:
            lines.append(f"  ... and {len(summary.source_warnings) - warnings_limit} more")
    if summary.report is not None:
        lines.append(f"SHACL: {len(summary.report.violations)} violations, {len(summary.report.warnings)} warnings")
        if summary.report.warnings:
            lines.append(summary.report.to_text(limit=warnings_limit))
    if summary.timings:
        lines.append("time per phase: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.timings.items()))
    if summary.peak_rss_mb:
        lines.append(f"peak memory: {summary.peak_rss_mb:,.0f} MB")
    return "\n".join(lines)


def _short(iri: str) -> str:
    from hrcgraph.graph.namespaces import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri

