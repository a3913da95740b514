"""Series of texts, and what changed between them, on the real Mali series."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.lineage import Alignment, align, align_all, previous_in_series, word_diff
from hrcgraph.graph.paragraphs import clean_text, parse_label
from hrcgraph.graph.quotations import ClauseText
from hrcgraph.graph.sources.ohchr import read_ohchr


def _clauses(texts_dir: Path) -> tuple[dict[str, list[ClauseText]], dict[str, dict[str, str]]]:
    clauses: dict[str, list[ClauseText]] = {}
    sources: dict[str, dict[str, str]] = {}
    for path in sorted(texts_dir.glob("docs-*.json")):
        for symbol, paragraphs in json.loads(path.read_text(encoding="utf-8")).items():
            clauses[symbol] = [ClauseText(f"{symbol}#{label}", label, clean_text(text, parse_label(label)))
                               for label, text in paragraphs]
            sources[symbol] = dict(paragraphs)
    return clauses, sources


def _summary(alignment: Alignment) -> tuple[Counter[str], list[str], list[str]]:
    return (Counter(a.change for a in alignment.clauses), [a.clause.label for a in alignment.clauses
                                                            if a.change == "new"],
            [c.label for c in alignment.dropped])


def test_the_mali_series_in_order(ohchr_dir: Path, texts_dir: Path) -> None:
    countries = Countries.load()
    data = read_ohchr(ohchr_dir, countries)
    previous = previous_in_series(data, countries, ["A/HRC/RES/52/42", "A/HRC/RES/55/25", "A/HRC/RES/58/30",
                                                     "A/HRC/RES/61/37", "A/HRC/RES/61/38", "A/HRC/RES/52/5"])
    assert {s: r.symbol for s, r in previous.items()} == {
        "A/HRC/RES/52/42": "A/HRC/RES/49/34", "A/HRC/RES/55/25": "A/HRC/RES/52/42",
        "A/HRC/RES/58/30": "A/HRC/RES/55/25", "A/HRC/RES/61/37": "A/HRC/RES/58/30",
        "A/HRC/RES/61/38": "A/HRC/RES/58/32", "A/HRC/RES/52/5": previous["A/HRC/RES/52/5"].symbol}
    assert previous["A/HRC/RES/52/5"].title.lower().startswith("mandate of the special rapporteur on minority issues")


def test_what_changed_from_55_25_to_58_30(texts_dir: Path) -> None:
    clauses, _ = _clauses(texts_dir)
    alignment = align(clauses["A/HRC/RES/55/25"], clauses["A/HRC/RES/58/30"])
    changes, new, dropped = _summary(alignment)
    assert changes == Counter({"unchanged": 30, "changed": 22, "new": 1}) and new == ["PP10"] and dropped == []
    op23 = next(a for a in alignment.clauses if a.clause.label == "OP23")
    assert op23.counterpart is not None and op23.change == "changed"
    assert [d for d in word_diff(op23.counterpart.text, op23.clause.text) if d[0] != "="] == [
        ("-", "him"), ("+", "the mandate holder")]
    # the preamble gained a paragraph: the later ones still find their counterparts, one place up
    pp11 = next(a for a in alignment.clauses if a.clause.label == "PP11")
    assert pp11.counterpart is not None and pp11.counterpart.label == "PP10"


def test_a_page_footer_inside_a_paragraph_changes_nothing(texts_dir: Path) -> None:
    clauses, sources = _clauses(texts_dir)
    for older, newer, label in (("A/HRC/RES/52/42", "A/HRC/RES/55/25", "OP1"),
                                ("A/HRC/RES/58/30", "A/HRC/RES/61/37", "OP23")):
        aligned = next(a for a in align(clauses[older], clauses[newer]).clauses if a.clause.label == label)
        assert aligned.counterpart is not None and aligned.counterpart.label == label
        assert ("GE." in sources[older][label]) != ("GE." in sources[newer][label])  # a footer on one side only
        assert aligned.change == "unchanged", (older, newer, label)


def test_paragraphs_that_changed_between_years(texts_dir: Path) -> None:
    clauses, _ = _clauses(texts_dir)
    changes, new, dropped = _summary(align(clauses["A/HRC/RES/58/30"], clauses["A/HRC/RES/61/37"]))
    assert changes["new"] == len(new) == 4 and len(dropped) == 3
    assert changes["changed"] > 0 and changes["unchanged"] > 0


def test_aligned_on_worker_processes_the_same_as_in_one(texts_dir: Path) -> None:
    """Every pair of the sample's texts (the real Mali series among them, and pairs of unrelated texts) aligned
    on two worker processes gives the alignments made one after another in this process."""
    clauses, _ = _clauses(texts_dir)
    symbols = sorted(clauses)
    pairs = [(clauses[a], clauses[b]) for a in symbols for b in symbols if a != b]
    one_by_one = [align(a, b) for a, b in pairs]
    assert align_all(pairs, workers=2, min_clauses=0) == one_by_one
    assert align_all(pairs, workers=1, min_clauses=0) == one_by_one
    assert sum(len(a.dropped) for a in one_by_one) > 0 and any(a.change == "changed" for x in one_by_one
                                                                for a in x.clauses)


@pytest.mark.parametrize(
    ("old", "new", "diff"),
    [
        ("a b c", "a b c", [("=", "a b c")]),
        ("permit him to continue", "permit the mandate holder to continue",
         [("=", "permit"), ("-", "him"), ("+", "the mandate holder"), ("=", "to continue")]),
        ("a b", "", [("-", "a b")]),
    ],
)
def test_word_diff(old: str, new: str, diff: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == diff
