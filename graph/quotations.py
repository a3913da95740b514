"""Finding the clause a commentary quotes, in the clauses of a text.

A commentary quotes clauses loosely: curly or straight quotes, dashes of every length, its own case
("Welcomes" where the clause reads "... and welcomes"), an ellipsis where it stops or skips, and the
source text carries page footers and footnotes. Both sides are compared as sequences of words,
after the extraction noise is removed (``graph.paragraphs.clean_text``), quotes and dashes are made
plain and case is folded. A quotation is held by a clause when:

* ``exact``: its words are the clause's words;
* ``prefix``: it stops with an ellipsis, and the clause opens with its words;
* ``within``: its words (each part between ellipses, in order) stand in the clause as they are;
* ``tolerant``: as above, but one word of a part of at least ``TOLERANCE_MIN_WORDS`` words differs
  (replaced, left out or added), as when a clause drops an article ("the mandate of Independent
  Expert") or a commentary changes a word. Never more than one word per part, never for short parts,
  where one word can change the meaning.

The first of these that holds is the match; among clauses, the better kind wins, then the first in
document order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hrcgraph.graph.paragraphs import clean_text

MatchKind = Literal["exact", "prefix", "within", "tolerant"]
KIND_ORDER: tuple[MatchKind, ...] = ("exact", "prefix", "within", "tolerant")
TOLERANCE_MIN_WORDS = 8
"""The fewest words a quoted part must have for one differing word to be tolerated."""

_ELLIPSIS = re.compile(r"…|\.{3}|\[\s*…\s*\]|\[\s*\.{3}\s*\]")
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                        "‑": "-", "‐": "-", "\u00a0": " "})
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
"""``_WORD`` in lower-case ASCII text, quicker."""


def words(text: str) -> list[str]:
    """The words of a passage as compared: noise removed, quotes and dashes plain, case folded."""
    plain = clean_text(unicodedata.normalize("NFC", text))
    if plain.isascii():  # most clauses: nothing for _PLAIN to replace, and _WORD's letters are ASCII ones
        return _ASCII_WORD.findall(plain.lower())
    return _WORD.findall(plain.translate(_PLAIN).casefold())


@dataclass(frozen=True)
class ClauseText:
    """A clause to search: its IRI (as a string), its label, its wording."""

    iri: str
    label: str
    text: str


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quotation was found, and how (see the module docstring)."""

    clause: ClauseText
    kind: MatchKind
    differing_word: str | None = None
    """For a tolerant match: the word that differs, as "quoted -> clause"."""

    def describe(self) -> str:
        detail = f" ({self.differing_word})" if self.differing_word else ""
        return f"{self.clause.label} ({self.kind}{detail})"


def quotation_parts(quotation: str) -> tuple[list[list[str]], bool]:
    """The word runs between ellipses, and whether the quotation stops with an ellipsis."""
    stripped = quotation.strip().strip("\"“”'‘’«»").strip()
    trailing = bool(re.search(r"(?:…|\.{3})\s*$", stripped))
    parts = [words(part) for part in _ELLIPSIS.split(stripped)]
    return [p for p in parts if p], trailing


def find_quotation(quotation: str, clauses: Sequence[ClauseText]) -> QuoteMatch | None:
    """The clause that holds the quotation, or None."""
    parts, trailing = quotation_parts(quotation)
    if not parts:
        return None
    best: QuoteMatch | None = None
    for clause in clauses:
        found = _match(parts, trailing, words(clause.text))
        if found is None:
            continue
        kind, differing = found
        if best is None or KIND_ORDER.index(kind) < KIND_ORDER.index(best.kind):
            best = QuoteMatch(clause, kind, differing)
            if kind == "exact":
                break
    return best


def _match(parts: list[list[str]], trailing: bool, clause: list[str]) -> tuple[MatchKind, str | None] | None:
    if len(parts) == 1:
        part = parts[0]
        if part == clause:
            return "exact", None
        if trailing and clause[: len(part)] == part:
            return "prefix", None
    position = 0
    differences: list[str] = []
    for part in parts:
        found = _find_tolerant(part, clause, position)
        if found is None:
            return None
        position, differing = found
        if differing is not None:
            differences.append(differing)
    return ("tolerant", "; ".join(differences)) if differences else ("within", None)


def _find(part: list[str], clause: list[str], start: int) -> int | None:
    n = len(part)
    for i in range(start, len(clause) - n + 1):
        if clause[i : i + n] == part:
            return i
    return None


def _find_tolerant(part: list[str], clause: list[str], start: int) -> tuple[int, str | None] | None:
    """(end of the match in the clause, the differing word) for a run that differs by at most one word."""
    exact = _find(part, clause, start)
    if exact is not None:
        return exact + len(part), None
    if len(part) < TOLERANCE_MIN_WORDS:
        return None
    n = len(part)
    for i in range(start, len(clause) - n + 2):
        for length in (n, n - 1, n + 1):
            window = clause[i : i + length]
            if len(window) != length:
                continue
            differing = _one_word_apart(part, window)
            if differing is not None:
                return i + length, differing
    return None


def _one_word_apart(a: list[str], b: list[str]) -> str | None:
    """How ``a`` becomes ``b`` by one word replaced, left out or added ("the -> (none)"), else None."""
    if len(a) == len(b):
        diffs = [k for k in range(len(a)) if a[k] != b[k]]
        return f"{a[diffs[0]]} -> {b[diffs[0]]}" if len(diffs) == 1 else None
    if len(a) == len(b) + 1:
        for k in range(len(a)):
            if a[:k] + a[k + 1 :] == b:
                return f"{a[k]} -> (none)"
        return None
    if len(b) == len(a) + 1:
        for k in range(len(b)):
            if b[:k] + b[k + 1 :] == a:
                return f"(none) -> {b[k]}"
    return None
