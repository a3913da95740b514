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

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.linking import SeriesIndex, title_key
from hrcgraph.graph.quotations import ClauseText, words
from hrcgraph.graph.sources.ohchr import OhchrData, OhchrRecord

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
    wanted = {r.symbol_info.normalized: r for r in data.records
              if r.symbol_info.normalized in set(symbols) and data.unique_symbol(r)}
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


def _part(label: str) -> str:
    return "PP" if label.startswith("PP") else "AX" if label.startswith("AX") else "OP"


def align(previous: Sequence[ClauseText], current: Sequence[ClauseText]) -> Alignment:
    """Align the clauses of ``current`` with those of ``previous`` (see the module docstring)."""
    old_words = [words(c.text) for c in previous]
    used: set[int] = set()
    result: list[Aligned] = []
    last = -1
    for position, clause in enumerate(current):
        mine = words(clause.text)
        # one matcher per clause: difflib indexes its second sequence, the costly part, once
        matcher = difflib.SequenceMatcher(b=mine, autojunk=False)
        best: tuple[float, int] | None = None
        for k, theirs in enumerate(old_words):
            if k in used or _part(previous[k].label) != _part(clause.label) or abs(k - position) > WINDOW:
                continue
            if theirs == mine:
                score = 2.0 + (0.1 if k > last else 0.0)
            else:
                matcher.set_seq1(theirs)
                if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
                    continue
                ratio = matcher.ratio()
                if ratio < MIN_SIMILARITY:
                    continue
                score = ratio + (0.1 if k > last else 0.0)  # keep document order when alike
            if best is None or score > best[0]:
                best = (score, k)
        if best is None:
            result.append(Aligned(clause, None, "new"))
            continue
        k = best[1]
        used.add(k)
        last = k
        result.append(Aligned(clause, previous[k], "unchanged" if old_words[k] == mine else "changed"))
    dropped = [c for k, c in enumerate(previous) if k not in used]
    return Alignment(result, dropped)


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
