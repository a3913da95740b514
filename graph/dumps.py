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
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, cast

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
    # Through a temporary file, read back in one piece of its exact size: a BytesIO grows by
    # doubling and copies itself on getvalue(). The lines then hold their own copy, so the document
    # is let go before they are sorted and joined.
    with tempfile.TemporaryFile() as fh:
        store.dump(fh, RdfFormat.N_QUADS)
        fh.seek(0)
        data = fh.read()
    lines = data.splitlines()
    del data
    return _join_sorted(lines)


def ntriples_from_nquads(nquads: bytes) -> bytes:
    """The union of all graphs as sorted, de-duplicated N-Triples, from sorted N-Quads (``sorted_nquads``).

    Every quad of the store is in a named graph (an IRI), and Oxigraph writes each quad on one line
    ending in `` <graph> .``, so dropping that last term leaves the triple. The lines stay in order:
    a term ends with ``>``, ``"``, a language tag or a datatype, and after it both formats go on with
    a space, which sorts before any character that could make the term longer; so the quads of one
    triple are next to each other, and the first of them is kept.
    """
    out = io.BytesIO()
    last = b""
    for number, line in enumerate(io.BytesIO(nquads), start=1):
        head, sep, _graph = line.rpartition(b" <")
        if not sep:
            raise ValueError(f"N-Quads line {number} is not in a named graph: {line[:200]!r}")
        if head != last:
            if head < last:
                raise ValueError(f"N-Quads line {number} is out of order: {line[:200]!r}")
            out.write(head + b" .\n")
            last = head
    return out.getvalue()


def dataset_version(nquads: bytes) -> str:
    return hashlib.sha256(nquads).hexdigest()


def write_dumps(store: GraphStore, out_dir: Path, *, nquads: bytes | None = None) -> list[DumpFile]:
    """Write every dump format into ``out_dir``; returns what was written, with sizes and checksums.

    Each dump is written to its file as it is serialized (and compressed): only the sorted N-Quads
    and N-Triples are held in memory, never a whole Turtle, JSON-LD or gzip document."""
    out_dir.mkdir(parents=True, exist_ok=True)
    nq = nquads if nquads is not None else sorted_nquads(store)
    nt = ntriples_from_nquads(nq)
    writers: dict[str, Callable[[IO[bytes]], object]] = {
        "turtle": lambda out: serialize(parse(nt, format=RdfFormat.N_TRIPLES), out, RdfFormat.TURTLE,
                                        prefixes=PREFIXES),
        "ntriples": lambda out: out.write(nt),
        "nquads": lambda out: out.write(nq),
        "jsonld": lambda out: serialize(parse(nt, format=RdfFormat.N_TRIPLES), out, RdfFormat.JSON_LD),
    }
    written = []
    for kind in DUMPS:
        with _DumpWriter(out_dir / kind.file_name, compress=kind.gzip) as out:
            writers[kind.name](cast(IO[bytes], out))  # all pyoxigraph asks of it is write()
        written.append(DumpFile(kind.file_name, kind.format.media_type, kind.encoding, kind.name, out.size,
                                out.sha256.hexdigest()))
    return written


def _join_sorted(lines: list[bytes]) -> bytes:
    """The lines sorted, without duplicates or empty ones, joined (``lines`` is sorted in place)."""
    lines.sort()
    unique = [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]
    return b"\n".join(unique) + b"\n" if unique else b""


class _DumpWriter:
    """Writes a dump atomically (as ``write_atomic`` does), gzip-compressed (without a timestamp or
    file name) when ``compress``; ``size`` and ``sha256`` are those of the file's bytes."""

    def __init__(self, path: Path, *, compress: bool) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.size = 0
        self.sha256 = hashlib.sha256()
        self.fh: IO[bytes] | None = None
        self.gz: gzip.GzipFile | None = None
        self.compress = compress

    def __enter__(self) -> _DumpWriter:
        self.fh = self.tmp.open("wb")
        if self.compress:
            self.gz = gzip.GzipFile(filename="", mode="wb", fileobj=_Counted(self), mtime=0, compresslevel=6)
        return self

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.gz is not None:
            return self.gz.write(data)
        return self.raw(data)

    def flush(self) -> None:
        if self.gz is not None:
            self.gz.flush()

    def raw(self, data: bytes | bytearray | memoryview) -> int:
        assert self.fh is not None
        view = memoryview(data)
        self.fh.write(view)
        self.sha256.update(view)
        self.size += view.nbytes
        return view.nbytes

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.fh is not None
        try:
            if exc_type is None:
                if self.gz is not None:
                    self.gz.close()
                self.fh.flush()
                os.fsync(self.fh.fileno())
        finally:
            self.fh.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


class _Counted:
    """What gzip writes its compressed bytes to: the dump's file, counted and hashed."""

    def __init__(self, dump: _DumpWriter) -> None:
        self.write = dump.raw

    def flush(self) -> None:
        pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new, never part of them."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
