"""The importers the build knows, each registered once: its name, its command-line option, how it finds
and reads its files, how it turns what it read into named-graph batches, and its licence.

The build, ``hrcgraph validate``, the pySHACL cross-check, the benchmarks and the test fixtures all import
sources through :func:`import_sources`, so a new source is one :func:`register` call (its CLI option, its
config-file key ``<name>`` and its environment variable ``HRCGRAPH_<NAME>`` follow from it).

Importers run in the order they were registered, and each sees what the earlier ones read and made
(:attr:`ImportContext.read`, :attr:`ImportContext.batches`, :attr:`ImportContext.made`): the texts are joined
to the OHCHR collection read before them, and the seed-format records are matched against both.
The ontology and the bundled country tables are not sources one chooses: every import has them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrcgraph.graph.countries import Countries, country_batch
from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.ontology import ontology_batch
from hrcgraph.graph.sources.base import SourceBatch, SourceFile, SourceWarning
from hrcgraph.graph.sources.ohchr_rdf import OHCHR_ATTRIBUTION, OHCHR_LICENSE
from hrcgraph.graph.sources.seed_rdf import SEED_ATTRIBUTION, SEED_LICENSE
from hrcgraph.graph.sources.texts import TEXTS_ATTRIBUTION, TEXTS_LICENSE

Log = Callable[[str], None]
Phase = Callable[[str], AbstractContextManager[None]]


@dataclass
class ImportContext:
    """What an importer may use besides its own files."""

    iris: IriFactory
    countries: Countries
    cache_dir: Path
    """Where downloaded sources are kept."""
    log: Log = print
    read: dict[str, Any] = field(default_factory=dict)
    """What each importer that ran before read, by importer name."""
    batches: dict[str, list[SourceBatch]] = field(default_factory=dict)
    """The batches each importer that ran before made, by importer name (a later one may amend them)."""
    made: dict[str, Any] = field(default_factory=dict)
    """What an importer's conversion leaves for the later ones, by importer name (the texts' clauses)."""
    gaps: dict[str, list[SourceWarning]] = field(default_factory=dict)
    """Warnings found while locating a source (years a download lacks), by importer name."""


@dataclass(frozen=True)
class Importer:
    """One source format, from the location a user gives to the batches the build stores."""

    name: str
    """The key of the source in the build configuration, the config file and the manifest."""
    option: str
    """Its command-line option (``--no-<name>`` leaves it out)."""
    help: str
    label: str
    license: str | None
    attribution: str | None
    files: Callable[[Path], list[Path]]
    """The files it reads in one location (a ConfigError naming what is missing)."""
    read: Callable[[Sequence[Path], ImportContext], Any]
    """Locations -> typed records (parsing only: never touches a store)."""
    convert: Callable[[Any, ImportContext], list[SourceBatch]]
    """Typed records -> one batch per named graph."""
    repeatable: bool = False
    """Whether several locations may be given (the option is repeated)."""
    locate: Callable[[str, ImportContext], Path] | None = None
    """Turns a location that is not a folder (a URL, ``download``) into one; None: locations are folders."""

    @property
    def env(self) -> str:
        return f"HRCGRAPH_{self.name.upper()}"

    def folder(self, location: str | Path, context: ImportContext) -> Path:
        text = str(location)
        if self.locate is not None and not Path(text).is_dir():
            return self.locate(text, context)
        return Path(text)


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if importer.name in _REGISTRY:
        raise ValueError(f"an importer named {importer.name!r} is already registered")
    _REGISTRY[importer.name] = importer
    return importer


def importers() -> list[Importer]:
    """The registered importers, in the order they run."""
    return list(_REGISTRY.values())


def importer(name: str) -> Importer:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(f"no source named {name!r}; the sources are: {', '.join(_REGISTRY)}") from None


Sources = Mapping[str, Sequence[str | Path]]
"""Locations of the sources to import, by importer name (folders, or what an importer's ``locate`` takes)."""


@dataclass
class Located:
    """The sources of one import, found and checksummed (the checksums key incremental rebuilds)."""

    folders: dict[str, list[Path]]
    files: dict[str, list[SourceFile]]


def locate_sources(sources: Sources, context: ImportContext) -> Located:
    folders: dict[str, list[Path]] = {}
    files: dict[str, list[SourceFile]] = {}
    unknown = set(sources) - {imp.name for imp in importers()}
    if unknown:
        raise ConfigError(f"no source named {', '.join(sorted(unknown))}; the sources are: {', '.join(_REGISTRY)}")
    for imp in importers():
        locations = list(sources.get(imp.name) or [])
        if not locations:
            continue
        if len(locations) > 1 and not imp.repeatable:
            raise ConfigError(f"{imp.option} takes one location, got {len(locations)}")
        found = [imp.folder(loc, context) for loc in locations]
        folders[imp.name] = found
        files[imp.name] = [SourceFile.of(p) for folder in found for p in imp.files(folder)]
    return Located(folders, files)


def import_sources(located: Located, context: ImportContext, *, phase: Phase | None = None,
                   transform: Mapping[str, Callable[[Any], Any]] | None = None) -> list[SourceBatch]:
    """The batches of the ontology, the bundled country tables and every located source, in order.

    ``transform`` may change what an importer read before it is converted (the pySHACL cross-check takes a
    sample of the OHCHR records that way)."""
    timed: Phase = phase or (lambda _name: nullcontext())
    batches: list[SourceBatch] = [ontology_batch(context.iris)]
    with timed("import countries"):
        batches.append(country_batch(context.countries, context.iris))
    for imp in importers():
        if imp.name not in located.folders:
            continue
        with timed(f"import {imp.label}"):
            data = imp.read(located.folders[imp.name], context)
            if transform and imp.name in transform:
                data = transform[imp.name](data)
            context.read[imp.name] = data
            made = imp.convert(data, context)
            context.batches[imp.name] = made
            batches.extend(made)
    return batches


def batches_of(sources: Sources, *, iris: IriFactory | None = None, cache_dir: Path | None = None,
               log: Log = print, transform: Mapping[str, Callable[[Any], Any]] | None = None) -> list[SourceBatch]:
    """Locate, read and convert ``sources`` in one call (for validation, the cross-check and tests)."""
    context = ImportContext(iris or IriFactory(), Countries.load(), cache_dir or Path("cache"), log)
    return import_sources(locate_sources(sources, context), context, transform=transform)


def quads_of(batches: Sequence[SourceBatch]) -> Iterator[Any]:
    """Every triple of ``batches`` as a quad in its batch's graph."""
    from pyoxigraph import Quad

    for batch in batches:
        graph = batch.graph
        for t in batch.triples:
            yield Quad(t.subject, t.predicate, t.object, graph)


# --- the importers shipped with hrcgraph --------------------------------------------------------------------------


def _ohchr_files(folder: Path) -> list[Path]:
    from hrcgraph.graph.sources.ohchr import RESOLUTIONS_FILE, VOTES_FILE

    paths = [folder / RESOLUTIONS_FILE, folder / VOTES_FILE]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise ConfigError(f"OHCHR data folder {folder} has no {' and no '.join(missing)}")
    return paths


def _ohchr_locate(location: str, context: ImportContext) -> Path:
    from hrcgraph.graph.sources.ohchr_download import PINNED, fetch_ohchr

    if location == "download":
        location = PINNED
    if not location.startswith(("http://", "https://")):
        raise ConfigError(f"OHCHR data folder {location} does not exist or is not a folder")
    return fetch_ohchr(context.cache_dir / "ohchr", base_url=location)


def _ohchr_read(folders: Sequence[Path], context: ImportContext) -> Any:
    from hrcgraph.graph.sources.ohchr import read_ohchr

    return read_ohchr(folders[0], context.countries)


def _ohchr_convert(data: Any, context: ImportContext) -> list[SourceBatch]:
    from hrcgraph.graph.membership import membership_batch
    from hrcgraph.graph.sources.ohchr_rdf import ohchr_batch

    return [ohchr_batch(data, context.countries, context.iris), membership_batch(data, context.iris)]


def _seed_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ConfigError(f"seed folder {folder} does not exist or is not a folder")
    return sorted(folder.glob("*.txt"))


def _seed_read(folders: Sequence[Path], context: ImportContext) -> Any:
    from hrcgraph.graph.sources.seed import parse_seed_file

    return [parse_seed_file(path) for folder in folders for path in _seed_files(folder)]


def _seed_convert(records: Any, context: ImportContext) -> list[SourceBatch]:
    from hrcgraph.graph.linking import link_seed_records
    from hrcgraph.graph.sources.seed_rdf import seed_batch

    texts = context.made.get("texts")
    links = link_seed_records(records, context.read.get("ohchr"), context.iris, context.countries,
                              texts=texts.clauses if texts is not None else None)
    for link in links.links:
        context.log("  " + link.describe())
    batches = seed_batch(records, context.countries, context.iris, text_iri_for=links.text_iri_for,
                         quoted_clause_for=links.quoted_clause_for)
    return [*batches, links.batch] if links.batch is not None else batches


def _texts_files(folder: Path) -> list[Path]:
    from hrcgraph.graph.sources.texts import year_files

    return year_files(folder)


def _texts_locate(location: str, context: ImportContext) -> Path:
    from hrcgraph.graph.sources.texts_download import PINNED as TEXTS_PINNED
    from hrcgraph.graph.sources.texts_download import fetch_texts

    if location == "download":
        location = TEXTS_PINNED
    if not location.startswith(("http://", "https://")):
        raise ConfigError(f"texts folder {location} does not exist or is not a folder")
    fetched = fetch_texts(context.cache_dir / "texts", base_url=location)
    context.gaps["texts"] = fetched.gaps
    return fetched.folder


def _texts_read(folders: Sequence[Path], context: ImportContext) -> Any:
    from hrcgraph.graph.sources.texts import read_texts

    data = read_texts([SourceFile.of(p) for p in _texts_files(folders[0])])
    data.warnings[:0] = context.gaps.get("texts", [])
    return data


def _texts_convert(data: Any, context: ImportContext) -> list[SourceBatch]:
    from hrcgraph.graph.sources.texts_rdf import convert_texts

    ohchr_batches = context.batches.get("ohchr")
    result = convert_texts(data, context.read.get("ohchr"), ohchr_batches[0] if ohchr_batches else None,
                           context.countries, context.iris, log=context.log)
    context.made["texts"] = result
    return [result.batch]


register(Importer(
    name="ohchr", option="--ohchr", label="OHCHR voting collection",
    help="the OHCHR voting collection: a folder with resolutions.csv and votes_long.csv, "
         "or 'download' for the pinned public copy, or a base URL",
    license=OHCHR_LICENSE, attribution=OHCHR_ATTRIBUTION,
    files=_ohchr_files, read=_ohchr_read, convert=_ohchr_convert, locate=_ohchr_locate,
))
register(Importer(
    name="texts", option="--texts", label="paragraph-split texts",
    help="the paragraph-split texts: a folder with docs-<year>.json files, "
         "or 'download' for the pinned public copy, or a base URL",
    license=TEXTS_LICENSE, attribution=TEXTS_ATTRIBUTION,
    files=_texts_files, read=_texts_read, convert=_texts_convert, locate=_texts_locate,
))
register(Importer(
    name="seeds", option="--seeds", label="seed-format records",
    help="a folder of seed-format records (repeatable)",
    license=SEED_LICENSE, attribution=SEED_ATTRIBUTION,
    files=_seed_files, read=_seed_read, convert=_seed_convert, repeatable=True,
))
