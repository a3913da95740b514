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

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hrcgraph.graph.errors import ParameterError
from hrcgraph.graph.store.base import GraphStore

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


#: DISTINCT: the union of the store's graphs gives a statement held by two graphs twice; the index holds it once.
_CLAUSES = """
    SELECT DISTINCT ?clause ?text ?symbol ?label ?wording WHERE {
      ?clause a <https://w3id.org/hrcgraph/ontology#Clause> ;
              <https://w3id.org/hrcgraph/ontology#clauseOf> ?text ;
              <https://w3id.org/hrcgraph/ontology#clauseText> ?wording .
      OPTIONAL { ?text <https://w3id.org/hrcgraph/ontology#symbol> ?symbol }
      OPTIONAL { ?clause <https://w3id.org/hrcgraph/ontology#clauseLabel> ?label }
    } ORDER BY ?clause"""


def index_store(store: GraphStore, build_path: Path) -> int:
    """Index every clause of the store (its wording, text, symbol and label) into the build's folder."""
    result = store.select(_CLAUSES)
    return write_index(index_path(build_path), (
        IndexedClause(row["clause"].value, row["text"].value,
                      row["symbol"].value if row["symbol"] is not None else "",
                      row["label"].value if row["label"] is not None else "", row["wording"].value)
        for row in result))


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
