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
import os
import tempfile
from collections.abc import Iterator
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


NQuads = bytes | Path
"""Sorted N-Quads (:func:`sorted_nquads`): in memory, or in a file (:func:`sorted_nquads_file`), which a
build reads a piece at a time rather than holding them while its other phases run."""


def sorted_nquads(store: GraphStore, tmp_dir: Path | None = None) -> bytes:
    """All quads of the store as sorted N-Quads (a store holds each quad once, so no line repeats).

    Through temporary files (in ``tmp_dir``: a build passes its staging folder, where the dumps go, rather
    than a system folder that may be small or held in memory), so that no more than the lines are held at
    once: the lines are sorted (:func:`_sort_into`) into a file read back in one piece of its exact size once
    the lines are gone (holding the lines and their join together took twice the dump's size)."""
    with tempfile.TemporaryFile(dir=tmp_dir) as fh:
        _sort_into(store, fh, tmp_dir)
        fh.seek(0)
        return fh.read()


def sorted_nquads_file(store: GraphStore, path: Path) -> Path:
    """:func:`sorted_nquads` written to ``path`` (temporary files beside it) and not read back."""
    with path.open("wb") as fh:
        _sort_into(store, fh, path.parent)
    return path


def _sort_into(store: GraphStore, out: IO[bytes], tmp_dir: Path | None) -> None:
    """The store's quads written to a temporary file, whose lines are read, sorted and written to ``out``."""
    with tempfile.TemporaryFile(dir=tmp_dir) as fh:
        store.dump(fh, RdfFormat.N_QUADS)
        fh.seek(0)
        lines = fh.readlines()
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    # Each line keeps its end: no N-Quads line is the beginning of another (each ends with " ." after a term),
    # so the order is that of the lines without it.
    lines.sort()
    out.writelines(line for line in lines if line != b"\n")
    out.flush()


def line_pieces(data: NQuads, size: int | None = None) -> Iterator[bytes]:
    """Lines (of N-Quads or N-Triples), in memory or in a file, in pieces of about ``size`` bytes (``CHUNK``),
    each ending at the end of a line."""
    size = size or CHUNK
    if isinstance(data, Path):
        with data.open("rb") as fh:
            while piece := fh.read(size):
                yield piece if piece.endswith(b"\n") else piece + fh.readline()
        return
    start = 0
    while start < len(data):
        end = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def ntriples_from_nquads(nquads: NQuads) -> bytes:
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


def _ntriples_pieces(nquads: NQuads) -> Iterator[bytes]:
    """``ntriples_from_nquads`` in pieces of about ``CHUNK`` bytes, never holding the lines of the whole."""
    previous = None
    for chunk in line_pieces(nquads):
        triples: list[bytes] = []
        for line in chunk.splitlines():
            cut = line.rfind(b" <")
            if cut < 0 or not line.endswith(b"> ."):
                raise ValueError(f"not an N-Quads line in a named graph: {line[:200]!r}")
            head = line[:cut]
            if head != previous:
                triples.append(head)
                previous = head
        if triples:
            triples.append(b"")
            yield b" .\n".join(triples)


def dataset_version(nquads: NQuads) -> str:
    """The SHA-256 of the sorted N-Quads."""
    digest = hashlib.sha256()
    for piece in line_pieces(nquads, 1 << 26):
        digest.update(piece)
    return digest.hexdigest()


def nquads_size(nquads: NQuads) -> int:
    return nquads.stat().st_size if isinstance(nquads, Path) else len(nquads)


#: From this many bytes of N-Quads, JSON-LD is written by a worker process while this one writes Turtle: each
#: is Oxigraph's parser feeding its serializer through Python objects, holding the interpreter lock. Below it,
#: starting the process would cost more than it saves.
PARALLEL_MIN_BYTES = 64 << 20


def write_dumps(out_dir: Path, nquads: NQuads) -> list[DumpFile]:
    """Write every dump format into ``out_dir`` from the store's sorted N-Quads (:func:`sorted_nquads`, or the
    file of :func:`sorted_nquads_file`): it needs no store, so a build writes them once its store is closed.
    Returns what was written, with sizes and checksums.

    The N-Triples are written first to a temporary file in ``out_dir``, which the others read. The files are
    streamed to disk as they are serialized (none is held whole in memory); the two gzip-compressed ones are
    compressed on threads of their own (zlib runs without the interpreter lock) while Oxigraph writes Turtle
    and JSON-LD; for a large graph, JSON-LD is written by a worker process."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, DumpFile] = {}

    def gzipped(kind: DumpKind, pieces: Iterator[bytes]) -> None:
        with (_AtomicWriter(out_dir / kind.file_name) as out,
              gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=GZIP_LEVEL) as gz):
            for piece in pieces:
                gz.write(piece)
        written[kind.name] = out.entry(kind)

    serialized = [DUMP_KINDS["turtle"], DUMP_KINDS["jsonld"]]
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(tempfile.NamedTemporaryFile(dir=out_dir, prefix=".ntriples-"))
        source.writelines(_ntriples_pieces(nquads))
        source.flush()
        nt = Path(source.name)
        # shut down (its threads done) before the temporary file is removed
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=2, thread_name_prefix="hrcgraph-gzip"))
        compressing = [pool.submit(gzipped, DUMP_KINDS["ntriples"], line_pieces(nt)),
                       pool.submit(gzipped, DUMP_KINDS["nquads"], line_pieces(nquads))]
        elsewhere: Worker[DumpFile] | None = None
        if nquads_size(nquads) >= PARALLEL_MIN_BYTES and cores() > 1:
            kind = serialized.pop()
            elsewhere = Worker(_serialize_file, str(nt), str(out_dir), kind.name)
            stack.callback(elsewhere.stop)  # ended before its input is removed, if this process fails first
        for kind in serialized:
            written[kind.name] = _serialize_file(str(nt), str(out_dir), kind.name)
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


def _serialize_file(source: str, out_dir: str, name: str) -> DumpFile:
    """The dump ``name`` written from the N-Triples file ``source`` (in this process or a worker)."""
    kind = DUMP_KINDS[name]
    fmt, options = _SERIALIZED[name]
    with open(source, "rb") as ntriples, _AtomicWriter(Path(out_dir) / kind.file_name) as out:
        serialize(parse(ntriples, format=RdfFormat.N_TRIPLES), out, format=fmt, **options)  # type: ignore[arg-type]
    return out.entry(kind)


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
