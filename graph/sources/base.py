"""What every importer hands to the build: triples for one named graph, plus what it noticed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Triple

from hrcgraph.graph.errors import SourceLocation


@dataclass(frozen=True)
class SourceFile:
    """A file read by an importer, with the checksum that keys incremental rebuilds."""

    path: Path
    sha256: str

    @classmethod
    def of(cls, path: Path) -> SourceFile:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return cls(path=path, sha256=digest.hexdigest())


@dataclass(frozen=True)
class SourceWarning:
    """A defect in a source that is kept and reported, never silently fixed."""

    message: str
    location: SourceLocation

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class SourceBatch:
    """The triples one source contributes, to be stored in the named graph ``graph``.

    ``label`` and ``license``/``attribution`` describe the source in the graph's PROV description
    and in the dataset's VoID/DCAT description.
    """

    graph: NamedNode
    label: str
    files: list[SourceFile]
    triples: list[Triple] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    license: str | None = None
    attribution: str | None = None

    released: int | None = None
    """How many triples there were when ``release`` let go of them; None while they are held."""

    @property
    def size(self) -> int:
        """How many triples the source contributes."""
        return len(self.triples) if self.released is None else self.released

    def release(self) -> None:
        """Let go of the triples once a store holds them (the build's largest Python objects); ``size``
        still says how many there were."""
        self.released = self.size
        self.triples = []
