"""Paragraph labels and the cleaning of extracted wording."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcgraph.graph import paragraphs as P
from hrcgraph.graph.paragraphs import clean_text, parse_label


@pytest.mark.parametrize(
    ("label", "kind", "number", "fragment", "parent"),
    [
        ("PP17", "preambular", 17, "pp-17", None),
        ("OP23", "operative", 23, "op-23", None),
        ("OP1(a)", "sub-paragraph", 1, "op-1-a", "OP1"),
        ("OP4(a)(ii)", "sub-paragraph", 4, "op-4-a-ii", "OP4(a)"),
        ("AX1", "annex", 1, "ax-1", None),
        ("P1", "plain", 1, "p-1", None),
    ],
)
def test_labels(label: str, kind: str, number: int, fragment: str, parent: str | None) -> None:
    parsed = parse_label(label)
    assert parsed is not None
    assert (parsed.kind, parsed.number, parsed.fragment, parsed.parent) == (kind, number, fragment, parent)


@pytest.mark.parametrize("label", ["", "OP", "OP0", "op1", "OP1a", "XX1", "OP1(A)", " OP1", "PP1 ", "OP1()"])
def test_labels_the_format_does_not_define(label: str) -> None:
    assert parse_label(label) is None


@pytest.mark.parametrize(
    ("label", "source", "cleaned"),
    [
        # a page footer (page number and job number) inside an operative paragraph, with its number
        ("OP23", "23. Decides to extend the mandate for a period of one year; 4 GE.24-06217",
         "Decides to extend the mandate for a period of one year;"),
        # a footnote of document symbols and a footer in the middle of a sentence
        ("OP1", "1. Strongly condemns, in particular the 2 S/AC.51/2023/3. 2 GE.25-05559 recruitment of children;",
         "Strongly condemns, in particular the recruitment of children;"),
        # footnote marks glued to a word, and the footnote's text after the paragraph
        ("PP8", "Taking note of the report of the Independent Expert,1",
         "Taking note of the report of the Independent Expert,"),
        ("PP9", "Noting the promulgation of the Constitution, 1 A/HRC/55/79.",
         "Noting the promulgation of the Constitution,"),
        ("OP3", "3. Also affirms the need for security; 1 A/77/895-S/2023/363, A/78/842-S/2024/384 and "
                "A/79/878-S/2025/247. 2 A/HRC/54/79, A/HRC/55/76. 2 GE.26-04556",
         "Also affirms the need for security;"),
        # the adoption stamp after the last paragraph
        ("OP31", "31. Decides to remain seized of this matter. 55th meeting 4 April 2024 [Adopted without a vote.]",
         "Decides to remain seized of this matter."),
        # a line-end hyphen keeps the compound, a suspended hyphen stays apart
        ("OP2", "2. Welcomes the court for gender- based crimes and the above- mentioned report;",
         "Welcomes the court for gender-based crimes and the above-mentioned report;"),
        ("OP1(a)", "(a) Determining the short- and long-term needs;", "Determining the short- and long-term needs;"),
        # a combining accent joins its letter; a dropped article stays dropped
        ("OP3", "3. Recalls all communique\u0301s of the Union;", "Recalls all communiqués of the Union;"),
        ("OP23", "23. Decides to extend the mandate of Independent Expert on Mali",
         "Decides to extend the mandate of Independent Expert on Mali"),
    ],
)
def test_clean_text(label: str, source: str, cleaned: str) -> None:
    assert clean_text(source, parse_label(label)) == cleaned


def test_cleaning_keeps_the_council_s_words() -> None:
    """Symbols, years and numbers that belong to the sentence are not footnotes."""
    text = ("Recalling General Assembly resolution 60/251 of 15 March 2006 and Security Council resolution 2374 "
            "(2017), and the report A/HRC/55/79 of the Independent Expert on COVID-19 in 2023,")
    assert clean_text(text, parse_label("PP3")) == text


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def test_every_sample_paragraph_keeps_its_words(texts_dir: Path) -> None:
    """Cleaning only removes: the cleaned text's characters are the source's, in order, and no footer,
    stamp or number marker is left."""
    for path in sorted(texts_dir.glob("docs-*.json")):
        for symbol, paragraphs in json.loads(path.read_text(encoding="utf-8")).items():
            for label, source in paragraphs:
                cleaned = clean_text(source, parse_label(label))
                assert cleaned, (symbol, label)
                assert "GE." not in cleaned and "[Adopted" not in cleaned, (symbol, label, cleaned)
                assert not cleaned[:1].isdigit() and not cleaned.startswith("("), (symbol, label, cleaned)
                source_chars = "".join(unicodedata.normalize("NFC", source).split())
                assert _subsequence("".join(cleaned.split()), source_chars), (symbol, label)


_PIECES = st.sampled_from([
    "Mali", "the mandate", "recruitment", " ", "  ", "\u00a0", "\t", "\n", "\u2003", "2", "12", "123", ",", ".", ";",
    "GE.25-05559", "GE.24-06217 (E)", "*2405559*", "S/AC.51/2023/3", "A/HRC/55/79", "See", "and", "gender-",
    "- ", "based", "55th meeting 4 April 2024", "[Adopted without a vote.]", "e\u0301", "’", ")", "(a)", "1.",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_cleaning_skips_only_the_patterns_that_cannot_match(text: str) -> None:
    """clean_text runs a pattern only where the words it needs are; the result is that of running them all."""
    expected = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    for pattern, replacement in ((P._FOOTER, " "), (P._STAMP, ""), (P._FOOTNOTE, " "), (P._MARK, r"\1"),
                                 (P._HYPHEN_BREAK, "-"), (re.compile(r"\s+"), " ")):
        expected = pattern.sub(replacement, expected)
    assert clean_text(text) == expected.strip()
