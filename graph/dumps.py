"""Deterministic dumps: the same graph always gives the same bytes.

Lines of N-Triples and N-Quads are sorted (and duplicates removed); Turtle and JSON-LD are written
from the sorted triples, so subjects come in a stable order with stable prefixes. Blank nodes never
get random labels because the importers mint none (every node has an IRI). Gzip files carry no
timestamp or file name. The dataset version is the SHA-256 of the sorted N-Quads.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse, serialize

from hrcgraph.graph.formats import JSON_LD, N_QUADS, N_TRIPLES, TURTLE, MediaFormat
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.store.base import GraphStore


@dataclass(frozen=True)
class DumpFile:
    """One published dump file."""

    name: str
    media_type: str
    encoding: str | None
    format: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class DumpKind:
    """One of the dumps a build writes: its name in the manifest, its format, whether it is gzipped."""

    name: str
    """The dump's ``format`` in the manifest (``turtle``, ``ntriples``, ...): published, so stable."""
    format: MediaFormat
    gzip: bool
    title: str
    """What the dump is, for people (the dumps page, the dataset description)."""

    @property
    def file_name(self) -> str:
        return f"hrcgraph.{self.format.ext}" + (".gz" if self.gzip else "")

    @property
    def encoding(self) -> str | None:
        return "gzip" if self.gzip else None


DUMPS: tuple[DumpKind, ...] = (
    DumpKind("turtle", TURTLE, False, "Turtle"),
    DumpKind("ntriples", N_TRIPLES, True, "N-Triples, gzip-compressed"),
    DumpKind("nquads", N_QUADS, True, "N-Quads, gzip-compressed, each source in its own named graph"),
    DumpKind("jsonld", JSON_LD, False, "JSON-LD"),
)
DUMP_KINDS: dict[str, DumpKind] = {d.name: d for d in DUMPS}


def sorted_nquads(store: GraphStore) -> bytes:
    """All quads of the store as sorted, de-duplicated N-Quads."""
    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_QUADS)
    return _sorted_lines(buf.getvalue())


def ntriples_from_nquads(nquads: bytes) -> bytes:
    """The union of all graphs as sorted, de-duplicated N-Triples, from Oxigraph's N-Quads.

    Every quad of the store is in a named graph (an IRI), and Oxigraph writes each quad on one line
    ending in `` <graph> .``, so dropping that last term leaves the triple.
    """
    triples = []
    for line in nquads.splitlines():
        head, sep, _graph = line.rpartition(b" <")
        if not sep:
            raise ValueError(f"not an N-Quads line in a named graph: {line[:200]!r}")
        triples.append(head + b" .")
    return _sorted_lines(b"\n".join(triples))


def dataset_version(nquads: bytes) -> str:
    return hashlib.sha256(nquads).hexdigest()


def write_dumps(store: GraphStore, out_dir: Path, *, nquads: bytes | None = None) -> list[DumpFile]:
    """Write every dump format into ``out_dir``; returns what was written, with sizes and checksums."""
    out_dir.mkdir(parents=True, exist_ok=True)
    nq = nquads if nquads is not None else sorted_nquads(store)
    nt = ntriples_from_nquads(nq)
    ttl = serialize(parse(nt, format=RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    jsonld = serialize(parse(nt, format=RdfFormat.N_TRIPLES), format=RdfFormat.JSON_LD) or b""
    payloads = {
        "turtle": ttl,
        "ntriples": _gzip(nt),
        "nquads": _gzip(nq),
        "jsonld": jsonld,
    }
    written = []
    for kind in DUMPS:
        data = payloads[kind.name]
        write_atomic(out_dir / kind.file_name, data)
        written.append(DumpFile(kind.file_name, kind.format.media_type, kind.encoding, kind.name, len(data),
                                hashlib.sha256(data).hexdigest()))
    return written


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    if lines and lines[0] == b"":
        lines = lines[1:]
    return b"\n".join(lines) + b"\n" if lines else b""


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
        gz.write(data)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new, never part of them."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
