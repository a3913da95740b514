"""Series of texts and what changed between them: the annual Mali resolution, year after year.

A series is what the seed-record join already calls one (``graph.linking.SeriesIndex``): texts of the
same body, agenda item, kind and state concerned; for a text about no state, texts of the same body,
kind and title. A text's predecessor is the latest text of its series adopted before it.

Clauses are aligned with their counterparts in the predecessor, within the same part of the text
(preamble with preamble, operative part and its sub-paragraphs with the operative part, within
``WINDOW`` places of its own), by the share
of words they have in common (``difflib``), in document order: a clause whose cleaned words are the
same is ``unchanged`` (a page footer or a footnote landing inside a paragraph changes nothing, as the
cleaned wording has none), one with a counterpart at least ``MIN_SIMILARITY`` alike is ``changed``,
any other is ``new``; the predecessor's clauses left without a counterpart were ``dropped``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.linking import SeriesIndex, title_key
from hrcgraph.graph.quotations import ClauseText, words
from hrcgraph.graph.sources.ohchr import OhchrData, OhchrRecord
from hrcgraph.graph.workers import Worker, cores

Change = Literal["unchanged", "changed", "new"]
MIN_SIMILARITY = 0.5
"""The least share of words (difflib's ratio over word sequences) for two clauses to be counterparts."""
WINDOW = 25
"""How far (in paragraphs) a clause is looked for from its own place: texts of a series move a clause by
a few places, not across the whole text; the bound keeps the alignment linear in the text's length."""
_ACTING = ("ADOPTED", "RECORDED", "NON-RECORDED")


def previous_in_series(data: OhchrData, countries: Countries, symbols: Sequence[str]) -> dict[str, OhchrRecord]:
    """For each of ``symbols`` (texts of the collection), the latest earlier text of its series."""
    index = SeriesIndex(data, countries)
    asked = set(symbols)
    wanted = {r.symbol_info.normalized: r for r in data.records
              if r.symbol_info.normalized in asked and data.unique_symbol(r)}
    keys = {symbol: _key(index, r) for symbol, r in wanted.items()}
    members: dict[tuple[str, ...], list[OhchrRecord]] = {}
    targets = set(keys.values())
    for r in data.records:
        if r.date is None or not data.unique_symbol(r) or not r.vote_type.strip().upper().startswith(_ACTING):
            continue
        key = _key(index, r)
        if key in targets:
            members.setdefault(key, []).append(r)
    found: dict[str, OhchrRecord] = {}
    for symbol, r in wanted.items():
        if r.date is None:
            continue
        earlier = [m for m in members.get(keys[symbol], []) if m.date is not None and m.date < r.date]
        if earlier:
            found[symbol] = max(earlier, key=lambda m: (m.date or dt.date.min, m.symbol))
    return found


def _key(index: SeriesIndex, r: OhchrRecord) -> tuple[str, ...]:
    series = index.series_of(r)
    if series is not None:
        return ("state", *series)
    # "Mandate of Special Rapporteur on ..." continues "Mandate of the Special Rapporteur on ..."
    return ("title", r.body, r.kind.value, " ".join(w for w in title_key(r.title).split() if w != "the"))


@dataclass(frozen=True)
class Aligned:
    """A clause of the newer text, its counterpart in the older one (None: new), and the change."""

    clause: ClauseText
    counterpart: ClauseText | None
    change: Change


@dataclass(frozen=True)
class Alignment:
    clauses: list[Aligned]
    dropped: list[ClauseText]


class _Words:
    """A clause's ``words``, and how often each occurs (for difflib's quick ratio), counted when first asked
    for: a clause the same as its counterpart, most of a series, is never compared word by word."""

    __slots__ = ("_counts", "words")

    def __init__(self, found: list[str]) -> None:
        self.words = found
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts


@functools.lru_cache(maxsize=1 << 14)
def _clause_words(clause: ClauseText) -> _Words:
    """A clause's words, remembered by clause (its IRI with its wording): a text of a series is aligned
    twice, with its predecessor and its successor (the lists are only read)."""
    return _Words(words(clause.text))


def _part(label: str) -> str:
    return "PP" if label.startswith("PP") else "AX" if label.startswith("AX") else "OP"


class _Older:
    """The clauses of the previous text, as the search for counterparts reads them."""

    def __init__(self, clauses: Sequence[ClauseText]) -> None:
        self.read = [_clause_words(c) for c in clauses]
        self.words = [r.words for r in self.read]
        self.parts: dict[str, list[int]] = {}
        """The places of each part's clauses, in order."""
        self.part_of: list[str] = []
        self.same: dict[tuple[str, ...], list[int]] = {}
        for k, clause in enumerate(clauses):
            part = _part(clause.label)
            self.part_of.append(part)
            self.parts.setdefault(part, []).append(k)
            self.same.setdefault(tuple(self.words[k]), []).append(k)


def align(previous: Sequence[ClauseText], current: Sequence[ClauseText]) -> Alignment:
    """Align the clauses of ``current`` with those of ``previous`` (see the module docstring)."""
    return _alignment(previous, current, _align_places(previous, current))


#: Places found by :func:`_align_places`: for each clause of the newer text, the place of its counterpart in
#: the older one (None: new) and the change; and the places of the older text's clauses left without one.
_Places = tuple[list[tuple[int | None, Change]], list[int]]


def _align_places(previous: Sequence[ClauseText], current: Sequence[ClauseText]) -> _Places:
    older = _Older(previous)
    used: set[int] = set()
    found_places: list[tuple[int | None, Change]] = []
    last = -1
    for position, clause in enumerate(current):
        mine = _clause_words(clause)
        found = _best_counterpart(mine, _part(clause.label), position, older, used, last)
        if found is None:
            found_places.append((None, "new"))
            continue
        used.add(found)
        last = found
        found_places.append((found, "unchanged" if older.words[found] == mine.words else "changed"))
    return found_places, [k for k in range(len(previous)) if k not in used]


def _alignment(previous: Sequence[ClauseText], current: Sequence[ClauseText], places: _Places) -> Alignment:
    found, dropped = places
    return Alignment([Aligned(clause, None if k is None else previous[k], change)
                      for clause, (k, change) in zip(current, found, strict=True)],
                     [previous[k] for k in dropped])


#: Fewer clauses than this (in both texts of every pair) are aligned in the build's own process: starting the
#: worker processes and sending them the clauses would cost more than it saves.
PARALLEL_MIN_CLAUSES = 20_000


def align_all(pairs: Sequence[tuple[Sequence[ClauseText], Sequence[ClauseText]]], *,
              workers: int | None = None, min_clauses: int = PARALLEL_MIN_CLAUSES) -> list[Alignment]:
    """:func:`align` for each ``(previous, current)`` pair, in order. With enough clauses, the pairs are split
    into runs of about as many clauses each, one per core (or ``workers``): this process aligns the last run
    while worker processes (``graph.workers``) align the others. The alignment is pure Python, and the
    longest step of a corpus-sized import; the result is the same either way."""
    workers = workers or cores()
    total = sum(len(a) + len(b) for a, b in pairs)
    if workers < 2 or len(pairs) < 2 or total < min_clauses:
        return [align(a, b) for a, b in pairs]
    runs: list[list[tuple[list[ClauseText], list[ClauseText]]]] = [[]]
    share, held = total / min(workers, len(pairs)), 0
    for a, b in pairs:
        if held >= share * len(runs) and len(runs) < workers:
            runs.append([])
        runs[-1].append((list(a), list(b)))
        held += len(a) + len(b)
    started = [Worker(_align_run, run) for run in runs[:-1]]
    try:
        places = _align_run(runs[-1])
        places = [found for worker in started for found in worker.result()] + places
    finally:
        for worker in started:
            worker.stop()
    return [_alignment(a, b, found) for (a, b), found in zip(pairs, places, strict=True)]


def _align_run(run: list[tuple[list[ClauseText], list[ClauseText]]]) -> list[_Places]:
    """The places of each pair's alignment (a worker sends back only these: the caller holds the clauses)."""
    return [_align_places(a, b) for a, b in run]


def _best_counterpart(mine: _Words, part: str, position: int, older: _Older, used: set[int],
                      last: int) -> int | None:
    """The unused clause of the same part, within ``WINDOW`` places of ``position``, that scores best:
    the same words (2), else the share of words in common (at least ``MIN_SIMILARITY``), plus 0.1 for one
    after the last counterpart found (document order); on a tie, the first. difflib's ratio is computed
    only for the candidates whose upper bound (its quick ratio) could still beat the best found, the most
    promising first."""
    same = [k for k in older.same.get(tuple(mine.words), ())
            if k not in used and older.part_of[k] == part and abs(k - position) <= WINDOW]
    if same:
        return next((k for k in same if k > last), same[0])
    places = older.parts.get(part, [])
    old_words, old_read = older.words, older.read
    mine_counts = mine.counts
    repeats = len(mine.words) - len(mine_counts)
    length = len(mine.words)
    bounds: list[tuple[float, int]] = []
    for k in places[bisect.bisect_left(places, position - WINDOW):bisect.bisect_right(places, position + WINDOW)]:
        theirs = old_words[k]
        size = len(theirs) + length
        if not size or k in used or 2.0 * min(len(theirs), length) / size < MIN_SIMILARITY:  # real_quick_ratio
            continue
        # difflib's quick_ratio: the words in common, counted as a multiset; no more than the distinct words
        # in common and the repeats of either clause, which most pairs of a window fall short of already
        theirs_counts = old_read[k].counts
        shared = theirs_counts.keys() & mine_counts.keys()
        if 2.0 * (len(shared) + min(repeats, len(theirs) - len(theirs_counts))) / size < MIN_SIMILARITY:
            continue
        common = sum(map(min, map(theirs_counts.__getitem__, shared), map(mine_counts.__getitem__, shared)))
        quick = 2.0 * common / size
        if quick >= MIN_SIMILARITY:
            bounds.append((quick + (0.1 if k > last else 0.0), k))
    if not bounds:
        return None  # a new clause: no matcher is set up for it
    bounds.sort(key=lambda b: (-b[0], b[1]))
    matcher = difflib.SequenceMatcher(b=mine.words, autojunk=False)  # indexes ``mine`` once for every candidate
    best: tuple[float, int] | None = None
    for bound, k in bounds:
        if best is not None and (bound < best[0] or (bound == best[0] and k > best[1])):
            break
        matcher.set_seq1(old_words[k])
        ratio = matcher.ratio()
        if ratio < MIN_SIMILARITY:
            continue
        score = ratio + (0.1 if k > last else 0.0)
        if best is None or score > best[0] or (score == best[0] and k < best[1]):
            best = (score, k)
    return None if best is None else best[1]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff for display: ``("=", words)``, ``("-", removed)``, ``("+", added)`` in order."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out
