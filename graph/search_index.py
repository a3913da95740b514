"""Full-text search over every clause: an SQLite FTS5 index written with the store, in the same build.

Why FTS5: it ships with Python's standard library (no server, no extra dependency), ranks with BM25,
answers phrases ("freedom of expression") and prefixes (``extrem*``) from an inverted index in a few
milliseconds over hundreds of thousands of paragraphs, and its index is one file. The build writes
``search.sqlite`` into the staging folder beside ``store/`` and ``dumps/``, so the index is published,
and replaced, by the same atomic swap as the store: a search never sees another build's clauses.

The user's query is never handed to FTS5's query language as it stands: words become quoted terms,
``"..."`` stays a phrase, a trailing ``*`` makes a prefix; FTS5 operators typed by a user are words.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse

from hrcgraph.graph.errors import ParameterError
from hrcgraph.graph.workers import Worker, cores

INDEX_FILE = "search.sqlite"
MAX_QUERY_LENGTH = 500
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*\*?")


class SearchQueryError(ParameterError):
    """A query that holds nothing to search for, or is too long (a 400 through the API)."""

    def __init__(self, message: str) -> None:
        super().__init__("q", message)


@dataclass(frozen=True)
class IndexedClause:
    clause: str
    """The clause's IRI."""
    text: str
    """The IRI of its text."""
    symbol: str
    label: str
    wording: str


@dataclass(frozen=True)
class ClauseHit:
    clause: str
    text: str
    symbol: str
    label: str
    snippet: str
    """The wording around the match, matched words between ``[`` and ``]``."""
    rank: float


def index_path(build_path: Path) -> Path:
    """Where a build's search index is (beside its ``store/`` and ``dumps/``)."""
    return build_path / INDEX_FILE


def write_index(path: Path, clauses: Iterable[IndexedClause]) -> int:
    """Write a new index at ``path`` (replacing none: the build writes into its staging folder)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute(
            "CREATE VIRTUAL TABLE clauses USING fts5(wording, clause UNINDEXED, text UNINDEXED, symbol UNINDEXED,"
            " label UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')")
        count = 0

        def rows() -> Iterator[tuple[str, str, str, str, str]]:
            nonlocal count
            for c in clauses:
                count += 1
                yield c.wording, c.clause, c.text, c.symbol, c.label

        with connection:  # one statement for every row: SQLite steps through them without a call per row
            connection.executemany(
                "INSERT INTO clauses (wording, clause, text, symbol, label) VALUES (?, ?, ?, ?, ?)", rows())
        connection.execute("INSERT INTO clauses (clauses) VALUES ('optimize')")
        connection.commit()
        return count
    finally:
        connection.close()


_ONTOLOGY = "https://w3id.org/hrcgraph/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_CLAUSE_OF, _CLAUSE_TEXT, _CLAUSE_LABEL, _SYMBOL = (_ONTOLOGY + name for name in
                                                    ("clauseOf", "clauseText", "clauseLabel", "symbol"))
#: What marks the N-Quads lines the index reads (a line may hold one in a literal: each is parsed and checked).
_MARKS = re.compile(b"|".join(re.escape(f"<{iri}>".encode()) for iri in
                              (_CLAUSE_OF, _CLAUSE_TEXT, _CLAUSE_LABEL, _SYMBOL, _ONTOLOGY + "Clause")))


def clauses_of_nquads(nquads: Iterable[bytes]) -> list[IndexedClause]:
    """Every clause (a ``hrc:Clause`` with a ``hrc:clauseOf`` text and a ``hrc:clauseText``), with its text's
    ``hrc:symbol`` and its ``hrc:clauseLabel`` where it has them, by clause IRI; read from the lines of the
    build's N-Quads, so that no store is needed (the build indexes them on a worker process while its store
    is validated and exported). A statement in several graphs counts once; a clause with several values of
    a property gives a row for each."""
    clauses: set[str] = set()
    values: dict[str, dict[str, dict[str, None]]] = {p: {} for p in (_CLAUSE_OF, _CLAUSE_TEXT, _CLAUSE_LABEL, _SYMBOL)}
    for quad in _marked_quads(nquads):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, NamedNode):
            continue
        if predicate == _RDF_TYPE:
            if isinstance(obj, NamedNode) and obj.value == _ONTOLOGY + "Clause":
                clauses.add(subject.value)
        elif predicate in values and not isinstance(obj, Triple):
            values[predicate].setdefault(subject.value, {})[obj.value] = None
    texts, wordings, labels, symbols = (values[p] for p in (_CLAUSE_OF, _CLAUSE_TEXT, _CLAUSE_LABEL, _SYMBOL))
    return [IndexedClause(clause, text, symbol, label, wording)
            for clause in sorted(clauses)
            for text in texts.get(clause, ())
            for wording in wordings.get(clause, ())
            for symbol in symbols.get(text) or ("",)
            for label in labels.get(clause) or ("",)]


def _marked_quads(nquads: Iterable[bytes], batch: int = 10_000) -> Iterator[Quad]:
    """The quads of the lines that hold a mark, parsed a batch of lines at a time (never the whole at once)."""
    marked = _MARKS.search
    lines: list[bytes] = []
    for line in nquads:
        if marked(line):
            lines.append(line)
            if len(lines) >= batch:
                yield from parse(b"".join(lines), format=RdfFormat.N_QUADS)
                lines = []
    if lines:
        yield from parse(b"".join(lines), format=RdfFormat.N_QUADS)


def index_nquads(nquads: bytes | Path, build_path: Path) -> int:
    """Index every clause of the build's N-Quads (bytes, or a file of them) into the build's folder."""
    if isinstance(nquads, Path):
        with nquads.open("rb") as lines:
            clauses = clauses_of_nquads(lines)
    else:
        clauses = clauses_of_nquads(io.BytesIO(nquads))
    return write_index(index_path(build_path), clauses)


class IndexBuild:
    """The search index of a build's N-Quads, written while the build goes on: for a large graph, on a worker
    process (``graph.workers``) from a copy of the N-Quads in the build's folder, started at once; for a
    small one, in this process when :meth:`finish` is called (a worker would cost more than it saves)."""

    def __init__(self, nquads: bytes, build_path: Path, *, min_bytes: int = 64 << 20) -> None:
        self.build_path = build_path
        self.nquads: bytes | None = nquads
        self.source = build_path / ".search-index-input.nq"
        self.worker: Worker[int] | None = None
        if len(nquads) >= min_bytes and cores() > 1:
            self.source.write_bytes(nquads)
            self.nquads = None
            self.worker = Worker(index_nquads, self.source, build_path)

    def finish(self) -> int:
        """Wait for the index (or write it now); the number of clauses indexed."""
        try:
            if self.worker is not None:
                return self.worker.result()
            assert self.nquads is not None
            return index_nquads(self.nquads, self.build_path)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker if it still runs, and remove its copy of the N-Quads."""
        if self.worker is not None:
            self.worker.stop()
        self.source.unlink(missing_ok=True)
        self.nquads = None


def fts_query(query: str) -> str:
    """The user's query as an FTS5 query: quoted terms and phrases, ``word*`` prefixes, all required."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"the query is {len(query)} characters long; at most {MAX_QUERY_LENGTH} are accepted")
    parts: list[str] = []
    for match in _TOKEN.finditer(query):
        phrase, word = match.groups()
        if phrase is not None:
            terms = [w.rstrip("*") for w in _WORD.findall(phrase)]
            if terms:
                parts.append('"' + " ".join(terms) + '"')
            continue
        for term in _WORD.findall(word or ""):
            prefix = term.endswith("*")
            term = term.rstrip("*")
            if term:
                parts.append(f'"{term}"' + ("*" if prefix else ""))
    if not parts:
        raise SearchQueryError("the query holds no word to search for")
    return " ".join(parts)


def search(path: Path, query: str, *, limit: int = 20, offset: int = 0) -> list[ClauseHit]:
    """The clauses that hold every word and phrase of ``query``, best first (BM25)."""
    match = fts_query(query)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT clause, text, symbol, label, snippet(clauses, 0, '[', ']', ' … ', 24), bm25(clauses) "
            "FROM clauses WHERE clauses MATCH ? ORDER BY bm25(clauses) LIMIT ? OFFSET ?",
            (match, int(limit), int(offset))).fetchall()
    finally:
        connection.close()
    return [ClauseHit(*row) for row in rows]
