"""Paragraphs of a text as the paragraph-split corpus gives them: their label, kind and cleaned wording.

A paragraph's label says what it is (``PP17`` preambular, ``OP23`` operative, ``OP4(a)`` a
sub-paragraph of ``OP4``, ``AX1`` an annex article, ``P2`` a plain paragraph of a decision, a
statement or an amendment). The label, not the wording, decides the kind: a sub-paragraph
"(a) Determining the needs ..." opens with a participle and is no preambular clause.

The wording comes from ``pdftotext -layout`` and carries its noise. ``clean_text`` removes what
the document's page layout put inside a paragraph and keeps every word the Council wrote:

* page footers: a page number and the document's job number (``2 GE.25-05559``, ``GE.24-06217 (E)``);
* footnotes whose text is only document symbols (``2 S/AC.51/2023/3.``, ``1 A/HRC/55/79.``) and the
  footnote marks glued to a word (``Mali,1`` -> ``Mali,``);
* the meeting and adoption stamp after the last paragraph (``55th meeting 4 April 2024 [Adopted
  without a vote.]``);
* the paragraph's own number or letter (``23.``, ``(a)``), which the label already gives;
* a space left after a hyphen at a line end (``gender- based`` -> ``gender-based``). The hyphen is
  kept: UN documents break lines at the hyphens of compound words, not inside words. A hyphen
  before "and", "or", "to" or "nor" stands for a word left out (``short- and long-term``) and stays;
* a combining accent stored apart from its letter (NFC), and runs of spaces.

Nothing else is changed: a dropped article ("the mandate of Independent Expert on ...") stays as the
source has it. The source text is kept beside the cleaned one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

ParagraphKind = Literal["preambular", "operative", "sub-paragraph", "annex", "plain"]

#: The label's prefix and the kind it stands for.
PREFIX_KINDS: dict[str, ParagraphKind] = {"PP": "preambular", "OP": "operative", "AX": "annex", "P": "plain"}
#: The prefix of the fragment of a clause's IRI (``<text>#op-23``).
FRAGMENT_PREFIXES = {"PP": "pp", "OP": "op", "AX": "ax", "P": "p"}

_LABEL = re.compile(r"^(?P<prefix>PP|OP|AX|P)(?P<number>[1-9][0-9]{0,3})(?P<subs>(?:\([a-z0-9]{1,6}\))*)$")
_SUB = re.compile(r"\(([a-z0-9]{1,6})\)")


@dataclass(frozen=True)
class Label:
    """A paragraph label, read: ``OP4(a)`` -> prefix ``OP``, number 4, sub-parts ``("a",)``. (What it gives is
    worked out once per label: the labels are few, shared by the paragraphs through ``parse_label``.)"""

    text: str
    prefix: str
    number: int
    subs: tuple[str, ...]

    @functools.cached_property
    def kind(self) -> ParagraphKind:
        return "sub-paragraph" if self.subs else PREFIX_KINDS[self.prefix]

    @functools.cached_property
    def fragment(self) -> str:
        """The fragment of the clause's IRI: ``op-23``, ``op-1-a``, ``pp-17``, ``ax-1``, ``p-1``."""
        return "-".join([FRAGMENT_PREFIXES[self.prefix], str(self.number), *self.subs])

    @functools.cached_property
    def parent(self) -> str | None:
        """The label of the paragraph a sub-paragraph belongs to (``OP4(a)(i)`` -> ``OP4(a)``)."""
        if not self.subs:
            return None
        return self.prefix + str(self.number) + "".join(f"({s})" for s in self.subs[:-1])

    @functools.cached_property
    def parent_fragment(self) -> str:
        """The IRI fragment of the parent paragraph (``op-4`` for ``OP4(a)``); the label's own without a parent."""
        return "-".join([FRAGMENT_PREFIXES[self.prefix], str(self.number), *self.subs[:-1]])

    @functools.cached_property
    def marker(self) -> str:
        """How the paragraph's own number is printed at its start: ``23.`` or ``(a)``."""
        return f"({self.subs[-1]})" if self.subs else f"{self.number}."


@functools.lru_cache(maxsize=1 << 12)
def parse_label(text: str) -> Label | None:
    """The label read, or None for a label the corpus format does not define. (Remembered: every paragraph
    has one, and a few hundred labels, ``PP1`` to ``OP40(c)``, name nearly all of them.)"""
    match = _LABEL.match(text)
    if match is None:
        return None
    subs = tuple(_SUB.findall(match.group("subs")))
    return Label(text, match.group("prefix"), int(match.group("number")), subs)


# --- cleaning
#: A UN document symbol as footnotes print it (``A/HRC/55/79``, ``S/AC.51/2023/3``, ``A/77/895-S/2023/363``).
_SYMBOL = r"(?:[A-Z]{1,6}(?:\.[0-9]+)?(?:/[A-Za-z0-9.\-]+)+)"
_FOOTER = re.compile(r"(?:\s|^)(?:[0-9]{1,3}\s+)?GE\.[0-9]{2}-[0-9]{5}(?:\s*\([A-Z]\))?(?:\s*\*[0-9]+\*)?(?=\s|$)")
_FOOTNOTE = re.compile(
    rf"(?:(?<=\s)|^)[0-9]{{1,2}}\s+(?:See\s+)?{_SYMBOL}(?:(?:,\s*|\s+and\s+|,\s+and\s+){_SYMBOL})*[.,;]?(?=\s|$)"
)
_MARK = re.compile(r"(?<=[a-zà-ÿ’”)])([,;:.]?)[0-9]{1,2}(?=\s|$)")
# What a footnote and a footnote mark cannot be without, found by a scan for digits: far quicker than the
# patterns' own look behind at every letter or blank, and true of few paragraphs.
_FOOTNOTE_HINT = re.compile(r"[0-9]\s+(?:See\s+)?[A-Z]{1,6}(?:\.[0-9]+)?/")
_MARK_HINT = re.compile(r"[0-9](?:(?<=[a-zà-ÿ’”)][0-9])|(?<=[a-zà-ÿ’”)][,;:.][0-9]))")
_STAMP = re.compile(
    r"\s+[0-9]{1,3}(?:st|nd|rd|th)\s+meeting\s+[0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4}(?:\s*\[[^\]]*\])?\s*$"
)
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-zà-ÿ])- (?!(?:and|or|to|nor)\b)(?=[a-zà-ÿ])")


def clean_text(text: str, label: Label | None = None) -> str:
    """The paragraph's wording without the extraction noise listed in the module docstring."""
    # Each pattern runs only on a paragraph holding the words it cannot match without (most hold none):
    # every paragraph of the corpus is cleaned, and the patterns are most of the import's time.
    cleaned = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    if "GE." in cleaned:
        cleaned = _FOOTER.sub(" ", cleaned)
    if "meeting" in cleaned:
        cleaned = _STAMP.sub("", cleaned)  # after the footers: a footer may follow the stamp
    if "/" in cleaned and _FOOTNOTE_HINT.search(cleaned):
        cleaned = _FOOTNOTE.sub(" ", cleaned)
    if _MARK_HINT.search(cleaned):
        cleaned = _MARK.sub(r"\1", cleaned)
    if "- " in cleaned:
        cleaned = _HYPHEN_BREAK.sub("-", cleaned)
    cleaned = " ".join(cleaned.split())  # runs of spaces (str.split's whitespace is the pattern's \s)
    if label is not None:
        marker = label.marker
        if cleaned.startswith(marker + " ") or cleaned == marker:
            cleaned = cleaned[len(marker):].lstrip()
    return cleaned
