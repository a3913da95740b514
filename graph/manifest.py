"""The build manifest: what a published build is made of, kept beside it as ``manifest.json``.

The build writes it; the published dataset (:class:`~hrcgraph.graph.published.PublishedDataset`) holds it,
and through it the up-to-date check, the server (home page, dumps index, VoID, citation) and ``hrcgraph dump``
read it; a remote store keeps it in its manifest graph (:mod:`hrcgraph.graph.store.manifest`). This module is
the only one that knows its JSON form: everything else sees a :class:`BuildManifest`. A manifest that
cannot be read is a StoreError naming the file and the field.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.exports import ExportFile
from hrcgraph.graph.iris import DEFAULT_BASE
from hrcgraph.graph.resources import ontology_files, shape_files
from hrcgraph.graph.sources.base import SourceBatch

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class SourceFileEntry:
    name: str
    sha256: str


@dataclass(frozen=True)
class SourceEntry:
    """One named graph of the build and the source it came from."""

    graph: str
    label: str
    license: str | None = None
    attribution: str | None = None
    files: tuple[SourceFileEntry, ...] = ()
    triples: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, batch: SourceBatch) -> SourceEntry:
        return cls(graph=batch.graph.value, label=batch.label, license=batch.license, attribution=batch.attribution,
                   files=tuple(SourceFileEntry(f.path.name, f.sha256) for f in batch.files),
                   triples=batch.size, warnings=len(batch.warnings))


@dataclass(frozen=True)
class WarningCounts:
    source: int = 0
    shacl: int = 0


@dataclass(frozen=True)
class BuildManifest:
    """A published build: its version (the SHA-256 of its sorted N-Quads), inputs, counts and dumps."""

    version: str
    built_at: str
    """When its sources were imported (ISO 8601, UTC)."""
    input_key: str = ""
    """A digest of everything the build read: source checksums, ontology and shapes, base IRI, hrcgraph version."""
    hrcgraph_version: str = ""
    base_iri: str = DEFAULT_BASE
    schema_sha256: str = ""
    """The digest of the ontology and shapes files the build used (:func:`schema_digest`)."""
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    sources: tuple[SourceEntry, ...] = ()
    warnings: WarningCounts = WarningCounts()
    dumps: tuple[DumpFile, ...] = ()
    exports: tuple[ExportFile, ...] = ()
    """The CSV tables and their CSV on the Web metadata, published beside the dumps."""
    store: str | None = None
    """Where the store is when it is not the build's ``store/`` folder: the query URL of a SPARQL server."""

    @property
    def files(self) -> tuple[DumpFile | ExportFile, ...]:
        """Every published file of the dumps folder: the dumps, then the exports."""
        return (*self.dumps, *self.exports)

    def dump(self, name: str) -> DumpFile | None:
        return next((d for d in self.dumps if d.name == name), None)

    def with_store(self, location: str) -> BuildManifest:
        """The same manifest, its store at ``location``."""
        return replace(self, store=location)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """The manifest's JSON form, as a dict."""
        data = asdict(self)
        data["exports"] = [e.as_dict() for e in self.exports]
        return data

    @classmethod
    def from_json(cls, text: str, *, origin: str = MANIFEST_FILE) -> BuildManifest:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise StoreError(f"{origin}: not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise StoreError(f"{origin}: expected a JSON object")
        try:
            return cls(
                version=_text(data, "version", required=True),
                built_at=_text(data, "built_at", required=True),
                input_key=_text(data, "input_key"),
                hrcgraph_version=_text(data, "hrcgraph_version"),
                base_iri=_text(data, "base_iri") or DEFAULT_BASE,
                schema_sha256=_text(data, "schema_sha256"),
                triples=int(data.get("triples") or 0),
                graphs={str(k): int(v) for k, v in (data.get("graphs") or {}).items()},
                classes={str(k): int(v) for k, v in (data.get("classes") or {}).items()},
                sources=tuple(
                    SourceEntry(
                        graph=str(s["graph"]), label=str(s.get("label") or s["graph"]),
                        license=s.get("license"), attribution=s.get("attribution"),
                        files=tuple(SourceFileEntry(str(f["name"]), str(f["sha256"])) for f in s.get("files") or []),
                        triples=int(s.get("triples") or 0), warnings=int(s.get("warnings") or 0),
                    )
                    for s in data.get("sources") or []
                ),
                warnings=WarningCounts(**{k: int(v) for k, v in (data.get("warnings") or {}).items()}),
                dumps=tuple(DumpFile(**d) for d in data.get("dumps") or []),
                exports=tuple(ExportFile(name=str(d["name"]), media_type=str(d["media_type"]), size=int(d["size"]),
                                         sha256=str(d["sha256"]), rows=d.get("rows"))
                              for d in data.get("exports") or []),
                store=_text(data, "store") or None,
            )
        except _MissingField as exc:
            raise StoreError(f"{origin}: field {exc.args[0]!r} is missing or not a string") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{origin}: unreadable field: {exc!r}") from exc

    def write(self, folder: Path) -> Path:
        """Write ``manifest.json`` into ``folder`` (through a temporary file, renamed into place)."""
        path = folder / MANIFEST_FILE
        tmp = folder / f".{MANIFEST_FILE}.tmp"
        tmp.write_text(self.to_json(), encoding="utf-8")
        os.replace(tmp, path)
        return path

    @classmethod
    def read(cls, folder: Path) -> BuildManifest:
        """The manifest of the build in ``folder``."""
        path = folder / MANIFEST_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"the build at {folder} has no readable {MANIFEST_FILE}: {exc}") from exc
        return cls.from_json(text, origin=str(path))


def schema_digest() -> str:
    """The SHA-256 over the shipped ontology and shapes files (names and contents)."""
    h = hashlib.sha256()
    for f in [*ontology_files(), *shape_files()]:
        h.update(f"{f.name}:{hashlib.sha256(f.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


class _MissingField(Exception):
    pass


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _MissingField(key)
        return ""
    if not isinstance(value, str):
        raise _MissingField(key)
    return value
