"""The build: sources -> graph -> SHACL -> store and dumps, published atomically.

Each source goes into its own named graph, described with PROV in ``graph/meta``. Nothing is
published unless SHACL finds no Violation; Warnings (known source defects) are reported and kept.
A rebuild whose inputs (source checksums, ontology, shapes, base IRI, hrcgraph version) have not
changed is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat

from hrcgraph.graph import __version__
from hrcgraph.graph.countries import Countries, country_batch
from hrcgraph.graph.cube import cube_batch
from hrcgraph.graph.dumps import DumpFile, dataset_version, sorted_nquads, write_dumps
from hrcgraph.graph.errors import ConfigError, StoreError, ValidationFailed
from hrcgraph.graph.exports import write_exports
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.ontology import ontology_batch
from hrcgraph.graph.provenance import provenance_triples
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.resources import ontology_files, shape_files
from hrcgraph.graph.search_index import index_store
from hrcgraph.graph.sources.base import SourceBatch, SourceFile, SourceWarning
from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.validation import ValidationReport, validate_store
from hrcgraph.graph.void import void_batch

Log = Callable[[str], None]


@dataclass
class BuildConfig:
    """What to build from and where to publish it."""

    data_dir: Path
    seed_dirs: list[Path] = field(default_factory=list)
    ohchr: str | None = None
    """A folder holding resolutions.csv and votes_long.csv, or a base URL to download them from."""
    texts: str | None = None
    """A folder holding the paragraph-split texts (docs-<year>.json), or a base URL to download them from."""
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
        with phases.phase("read sources"):
            inputs = _resolve_inputs(config)
        key = _input_key(config, inputs)
        current = data_dir.current()
        if current is not None and current.manifest.get("input_key") == key and not config.force:
            log(f"up to date: no source changed since build {current.build_version[:12]}")
            return BuildSummary("up-to-date", current.build_version, current.path, triples=current.manifest["triples"],
                                timings=phases.timings)
        imported_at = _imported_at(current.manifest if current else None, key)
        batches = _import(config, inputs, iris, phases)
        meta = SourceBatch(iris.source_graph("meta"), "Provenance of the source graphs", files=[])
        meta.triples = provenance_triples(batches, iris, imported_at)
        batches.append(meta)
        with data_dir.staging() as staging:
            # Everything is loaded into memory first: validation and dumps read it there, while the
            # on-disk store is bulk-loaded from it in a second thread (Oxigraph releases the GIL).
            store = EmbeddedStore.in_memory()
            with phases.phase("load into memory"):
                for batch in batches:
                    g = batch.graph
                    store.load(Quad(t.subject, t.predicate, t.object, g) for t in batch.triples)
            with phases.phase("vote statistics (data cube)"):
                cube = cube_batch(store, iris)
                store.load_serialized(cube.nquads, RdfFormat.N_QUADS)
                batches.append(cube)
            with phases.phase("dataset description (VoID, DCAT)"):
                void = void_batch(store, batches, iris, built_at=imported_at)
                store.load(Quad(t.subject, t.predicate, t.object, void.graph) for t in void.triples)
                batches.append(void)
            with phases.phase("sort quads"):
                nquads = sorted_nquads(store)
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
                with phases.phase("dumps"):
                    dumps = write_dumps(store, staging / "dumps", nquads=nquads)
                with phases.phase("tabular exports (CSV on the Web)"):
                    exports = write_exports(store, staging / "dumps", iris, source_records(batches),
                                            built_at=imported_at, version=version)
                with phases.phase("search index of the clauses (SQLite FTS5)"):
                    index_store(store, staging)
            finally:
                with phases.phase("on-disk store loaded"):
                    disk.join()
            summary = _summarize(store, batches, report, version)
            store.close()
            manifest: dict[str, Any] = {
                "version": version,
                "built_at": imported_at,
                "input_key": key,
                "hrcgraph_version": __version__,
                "base_iri": config.base_iri,
                "triples": summary.triples,
                "graphs": summary.per_graph,
                "classes": summary.per_class,
                "sources": [
                    {"graph": b.graph.value, "label": b.label, "license": b.license, "attribution": b.attribution,
                     "files": [{"name": f.path.name, "sha256": f.sha256} for f in b.files],
                     "triples": b.size, "warnings": len(b.warnings)}
                    for b in batches
                ],
                "warnings": {"source": len(summary.source_warnings), "shacl": len(report.warnings)},
                "dumps": [d.as_dict() for d in dumps],
                "exports": [e.as_dict() for e in exports],
            }
            with phases.phase("publish"):
                published = data_dir.publish(staging, f"{imported_at[:19].replace(':', '')}-{version[:12]}",
                                             manifest)
        summary.path = published.path
        summary.dumps = dumps
        summary.timings = phases.timings
        summary.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return summary


def source_records(batches: list[SourceBatch]) -> list[dict[str, Any]]:
    """Each source graph with its licence and attribution (what the exports' metadata cite)."""
    return [{"graph": b.graph.value, "label": b.label, "license": b.license, "attribution": b.attribution}
            for b in batches]


def validate_sources(config: BuildConfig, *, log: Log = print) -> ValidationReport:
    """Import the sources and validate them in memory, publishing nothing."""
    iris = IriFactory(config.base_iri)
    phases = Phases(log)
    batches = _import(config, _resolve_inputs(config), iris, phases)
    with EmbeddedStore.in_memory() as store:
        for batch in batches:
            store.load(Quad(t.subject, t.predicate, t.object, batch.graph) for t in batch.triples)
        with phases.phase("validate (SHACL)"):
            return validate_store(store)


class _DiskLoad(threading.Thread):
    """Bulk-loads the on-disk store from N-Quads (parsed natively, without the GIL); re-raises its
    error on ``join``."""

    def __init__(self, nquads: bytes, path: Path) -> None:
        super().__init__(name="hrcgraph-disk-load", daemon=True)
        self.nquads = nquads
        self.path = path
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # Closing the store flushes it and lets go of its files (every result included) before
            # the staging folder is synced and moved.
            with EmbeddedStore.open(self.path, read_only=False) as disk:
                disk.load_serialized(self.nquads, RdfFormat.N_QUADS)
                disk.optimize()
        except BaseException as exc:  # handed to the build thread in join()
            self.error = exc

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise StoreError(f"loading the on-disk store at {self.path} failed: {self.error}") from self.error


@dataclass
class _Inputs:
    seed_files: list[SourceFile]
    ohchr_dir: Path | None
    ohchr_files: list[SourceFile]
    texts_files: list[SourceFile] = field(default_factory=list)
    texts_gaps: list[SourceWarning] = field(default_factory=list)


def _resolve_inputs(config: BuildConfig) -> _Inputs:
    seed_files: list[SourceFile] = []
    for folder in config.seed_dirs:
        if not folder.is_dir():
            raise ConfigError(f"seed folder {folder} does not exist or is not a folder")
        seed_files.extend(SourceFile.of(p) for p in sorted(folder.glob("*.txt")))
    ohchr_dir: Path | None = None
    ohchr_files: list[SourceFile] = []
    if config.ohchr:
        if config.ohchr.startswith(("http://", "https://")):
            from hrcgraph.graph.sources.ohchr_download import fetch_ohchr

            cache = config.cache_dir or (config.data_dir / "cache")
            ohchr_dir = fetch_ohchr(cache / "ohchr", base_url=config.ohchr)
        else:
            ohchr_dir = Path(config.ohchr)
        for name in ("resolutions.csv", "votes_long.csv"):
            path = ohchr_dir / name
            if not path.is_file():
                raise ConfigError(f"OHCHR data folder {ohchr_dir} has no {name}")
            ohchr_files.append(SourceFile.of(path))
    inputs = _Inputs(seed_files, ohchr_dir, ohchr_files)
    if config.texts:
        from hrcgraph.graph.sources.texts import year_files

        texts_dir = Path(config.texts)
        if config.texts.startswith(("http://", "https://")):
            from hrcgraph.graph.sources.texts_download import fetch_texts

            fetched = fetch_texts((config.cache_dir or (config.data_dir / "cache")) / "texts", base_url=config.texts)
            texts_dir, inputs.texts_gaps = fetched.folder, fetched.gaps
        inputs.texts_files = [SourceFile.of(p) for p in year_files(texts_dir)]
    return inputs


def _input_key(config: BuildConfig, inputs: _Inputs) -> str:
    h = hashlib.sha256()
    parts: list[str] = [__version__, config.base_iri]
    for f in [*ontology_files(), *shape_files()]:
        parts.append(f.name + ":" + hashlib.sha256(f.read_bytes()).hexdigest())
    parts += [f"seed:{f.sha256}" for f in inputs.seed_files]
    parts += [f"ohchr:{f.path.name}:{f.sha256}" for f in inputs.ohchr_files]
    parts += [f"texts:{f.path.name}:{f.sha256}" for f in inputs.texts_files]
    h.update(json.dumps(parts).encode())
    return h.hexdigest()


def _imported_at(previous: dict[str, Any] | None, key: str) -> str:
    """The import time recorded in PROV: SOURCE_DATE_EPOCH when set (reproducible builds), the previous
    build's time when the inputs are the same (so a forced rebuild gives the same bytes), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if previous and previous.get("input_key") == key and previous.get("built_at"):
        return str(previous["built_at"])
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _import(config: BuildConfig, inputs: _Inputs, iris: IriFactory, phases: Phases) -> list[SourceBatch]:
    from hrcgraph.graph.linking import link_seed_records
    from hrcgraph.graph.sources.seed import parse_seed_file
    from hrcgraph.graph.sources.seed_rdf import seed_batch

    batches: list[SourceBatch] = [ontology_batch(iris)]
    with phases.phase("import countries"):
        countries = Countries.load()
        batches.append(country_batch(countries, iris))
    ohchr_data = None
    if inputs.ohchr_dir is not None:
        from hrcgraph.graph.membership import membership_batch
        from hrcgraph.graph.sources.ohchr import read_ohchr
        from hrcgraph.graph.sources.ohchr_rdf import ohchr_batch

        with phases.phase("import OHCHR voting collection"):
            ohchr_data = read_ohchr(inputs.ohchr_dir, countries)
            batches.append(ohchr_graph := ohchr_batch(ohchr_data, countries, iris))
            batches.append(membership_batch(ohchr_data, iris))
    texts = None
    if inputs.texts_files:
        from hrcgraph.graph.sources.texts_rdf import import_texts

        with phases.phase("import paragraph-split texts"):
            texts = import_texts(inputs.texts_files, inputs.texts_gaps, ohchr_data,
                                 ohchr_graph if ohchr_data is not None else None, countries, iris, log=phases.log)
            batches.append(texts.batch)
    if inputs.seed_files:
        with phases.phase("import seed-format records"):
            records = [parse_seed_file(f.path) for f in inputs.seed_files]
            links = link_seed_records(records, ohchr_data, iris, countries,
                                      texts=texts.clauses if texts is not None else None)
            for link in links.links:
                phases.log("  " + link.describe())
            batches.extend(seed_batch(records, countries, iris, text_iri_for=links.text_iri_for,
                                      quoted_clause_for=links.quoted_clause_for))
            if links.batch is not None:
                batches.append(links.batch)
    return batches


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

