"""Deterministic dumps: the same graph always gives the same bytes.

Lines of N-Triples and N-Quads are sorted (and duplicates removed); Turtle and JSON-LD are written
from the sorted triples, so subjects come in a stable order with stable prefixes. Blank nodes never
get random labels because the importers mint none (every node has an IRI). Gzip files carry no
timestamp or file name. The dataset version is the SHA-256 of the sorted N-Quads.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from pyoxigraph import RdfFormat, parse, serialize

from hrcgraph.graph.formats import JSON_LD, N_QUADS, N_TRIPLES, TURTLE, MediaFormat
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.workers import Worker, cores


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


def sorted_nquads(store: GraphStore, tmp_dir: Path | None = None) -> bytes:
    """All quads of the store as sorted N-Quads (a store holds each quad once, so no line repeats).

    Through temporary files (in ``tmp_dir``: a build passes its staging folder, where the dumps go, rather
    than a system folder that may be small or held in memory), so that no more than the lines are held at
    once: the store writes its quads to one, whose lines are read and sorted and written to another, read
    back in one piece of its exact size once the lines are gone (holding the lines and their join together
    took twice the dump's size)."""
    with tempfile.TemporaryFile(dir=tmp_dir) as fh:
        store.dump(fh, RdfFormat.N_QUADS)
        fh.seek(0)
        lines = fh.readlines()
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    # Each line keeps its end: no N-Quads line is the beginning of another (each ends with " ." after a term),
    # so the order is that of the lines without it.
    lines.sort()
    with tempfile.TemporaryFile(dir=tmp_dir) as fh:
        fh.writelines(line for line in lines if line != b"\n")
        del lines
        fh.seek(0)
        return fh.read()


def ntriples_from_nquads(nquads: bytes) -> bytes:
    """The union of all graphs as sorted, de-duplicated N-Triples, from sorted N-Quads (``sorted_nquads``).

    Every quad of the store is in a named graph (an IRI), and Oxigraph writes each quad on one line
    ending in `` <graph> .``, so dropping that last term leaves the triple. The triples come out sorted
    without sorting them again: lines that share a prefix are neighbours in sorted order, so the quads of
    one triple are; and where a triple is the beginning of another (``"a"`` and ``"a"@en``), the longer
    one goes on with ``@`` or ``^``, which sort after the space that follows the shorter in both forms.
    """
    return b"".join(_ntriples_pieces(nquads))


#: zlib's level for the gzip-compressed dumps. Level 3 is the last of its fast levels: on the full build's
#: N-Quads (338 MB), 0.8 s and 11.6 MB, against 2.3 s and 9.4 MB at the default level 6.
GZIP_LEVEL = 3

CHUNK = 1 << 25
"""How many bytes of N-Quads are turned into N-Triples at a time (the lines of one chunk are Python objects)."""


def _ntriples_pieces(nquads: bytes) -> list[bytes]:
    """``ntriples_from_nquads`` in pieces of about ``CHUNK`` bytes, never holding the lines of the whole."""
    pieces: list[bytes] = []
    previous = None
    start = 0
    while start < len(nquads):
        end = nquads.find(b"\n", min(start + CHUNK, len(nquads)) - 1)
        end = len(nquads) if end < 0 else end + 1
        triples: list[bytes] = []
        for line in nquads[start:end].splitlines():
            cut = line.rfind(b" <")
            if cut < 0 or not line.endswith(b"> ."):
                raise ValueError(f"not an N-Quads line in a named graph: {line[:200]!r}")
            head = line[:cut]
            if head != previous:
                triples.append(head)
                previous = head
        if triples:
            triples.append(b"")
            pieces.append(b" .\n".join(triples))
        start = end
    return pieces


class _PiecesReader(io.RawIOBase):
    """The pieces of ``_ntriples_pieces`` read as one file (the parser reads them without joining them)."""

    def __init__(self, pieces: list[bytes]) -> None:
        super().__init__()
        self._pieces = pieces
        self._index = 0
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._index < len(self._pieces):
            piece = self._pieces[self._index]
            if self._offset < len(piece):
                n = min(len(buffer), len(piece) - self._offset)
                buffer[:n] = piece[self._offset:self._offset + n]
                self._offset += n
                return n
            self._index += 1
            self._offset = 0
        return 0


def dataset_version(nquads: bytes) -> str:
    return hashlib.sha256(nquads).hexdigest()


#: From this many bytes of N-Quads, JSON-LD is written by a worker process while this one writes Turtle: each
#: is Oxigraph's parser feeding its serializer through Python objects, holding the interpreter lock. Below it,
#: starting the process would cost more than it saves.
PARALLEL_MIN_BYTES = 64 << 20


def write_dumps(out_dir: Path, nquads: bytes) -> list[DumpFile]:
    """Write every dump format into ``out_dir`` from the store's sorted N-Quads (:func:`sorted_nquads`): it
    needs no store, so a build writes them once its store is closed. Returns what was written, with sizes
    and checksums.

    The files are streamed to disk as they are serialized (none is held whole in memory); the two
    gzip-compressed ones are compressed on threads of their own (zlib runs without the interpreter lock)
    while Oxigraph writes Turtle and JSON-LD; for a large graph, JSON-LD is written by a worker process,
    from the N-Triples in a temporary file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    nt = _ntriples_pieces(nquads)
    written: dict[str, DumpFile] = {}

    def gzipped(kind: DumpKind, pieces: list[bytes]) -> None:
        with (_AtomicWriter(out_dir / kind.file_name) as out,
              gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=GZIP_LEVEL) as gz):
            for piece in pieces:
                gz.write(piece)
        written[kind.name] = out.entry(kind)

    serialized = [DUMP_KINDS["turtle"], DUMP_KINDS["jsonld"]]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="hrcgraph-gzip") as pool, \
            contextlib.ExitStack() as stack:
        compressing = [pool.submit(gzipped, DUMP_KINDS["ntriples"], nt),
                       pool.submit(gzipped, DUMP_KINDS["nquads"], [nquads])]
        elsewhere: Worker[DumpFile] | None = None
        if len(nquads) >= PARALLEL_MIN_BYTES and cores() > 1:
            source = stack.enter_context(tempfile.NamedTemporaryFile(dir=out_dir, prefix=".ntriples-"))
            source.writelines(nt)
            source.flush()
            kind = serialized.pop()
            elsewhere = Worker(_serialize_file, source.name, str(out_dir), kind.name)
            stack.callback(elsewhere.stop)  # ended before its input is removed, if this process fails first
        for kind in serialized:
            written[kind.name] = _serialize(_PiecesReader(nt), out_dir, kind)
        if elsewhere is not None:
            found = elsewhere.result()
            written[found.format] = found
        for future in compressing:
            future.result()
    return [written[kind.name] for kind in DUMPS]


#: Oxigraph's format and serializer options for the dumps written from N-Triples.
_SERIALIZED: dict[str, tuple[RdfFormat, dict[str, Any]]] = {
    "turtle": (RdfFormat.TURTLE, {"prefixes": PREFIXES}),
    "jsonld": (RdfFormat.JSON_LD, {}),
}


def _serialize(ntriples: io.RawIOBase | IO[bytes], out_dir: Path, kind: DumpKind) -> DumpFile:
    fmt, options = _SERIALIZED[kind.name]
    with _AtomicWriter(out_dir / kind.file_name) as out:
        serialize(parse(ntriples, format=RdfFormat.N_TRIPLES), out, format=fmt, **options)  # type: ignore[arg-type]
    return out.entry(kind)


def _serialize_file(source: str, out_dir: str, name: str) -> DumpFile:
    """In a worker process: the dump ``name`` written from the N-Triples file ``source``."""
    with open(source, "rb") as ntriples:
        return _serialize(ntriples, Path(out_dir), DUMP_KINDS[name])


class _AtomicWriter:
    """A file written beside its final name and moved there when complete (as ``write_atomic``), counting
    and hashing the bytes as they are written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.sha256 = hashlib.sha256()
        self.size = 0

    def __enter__(self) -> _AtomicWriter:
        self.fh = self.tmp.open("wb")
        return self

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        try:
            if error is None:
                self.fh.flush()
                os.fsync(self.fh.fileno())
        finally:
            self.fh.close()
        if error is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)

    def entry(self, kind: DumpKind) -> DumpFile:
        return DumpFile(kind.file_name, kind.format.media_type, kind.encoding, kind.name, self.size,
                        self.sha256.hexdigest())


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new, never part of them."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
