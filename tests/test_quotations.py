"""Finding the clause a quotation quotes: normalization, ellipses, and the one-word tolerance."""

from __future__ import annotations

import pytest

from hrcgraph.graph.quotations import TOLERANCE_MIN_WORDS, ClauseText, find_quotation, quotation_parts, words

CLAUSES = [
    ClauseText("t#pp-1", "PP1", "Welcoming the cooperation of Mali with international human rights mechanisms and its "
                                "participation in the fourth cycle of the universal periodic review in May 2023,"),
    ClauseText("t#op-1", "OP1", "Strongly condemns the violations and abuses of children’s rights, in particular the "
                                "recruitment and use of children, and attacks on schools and hospitals;"),
    ClauseText("t#op-2", "OP2", "Also strongly condemns human rights violations, and welcomes the adoption of the "
                                "National Programme to End Gender-based Violence in May 2022;"),
    ClauseText("t#op-23", "OP23", "Decides to extend the mandate of Independent Expert on the situation of human "
                                  "rights in Mali for a period of one year; 4 GE.24-06217"),
]


def test_words_are_compared_without_noise_quotes_dashes_or_case() -> None:
    assert words("Condemns “children’s” rights — GENDER‑based 2 GE.24-06217") == \
        ["condemns", "children's", "rights", "gender-based"]


@pytest.mark.parametrize(
    ("quotation", "label", "kind"),
    [
        # the whole clause, with a full stop where the clause has a semicolon, and straight quotes
        ('"Strongly condemns the violations and abuses of children\'s rights, in particular the recruitment and use '
         'of children, and attacks on schools and hospitals."', "OP1", "exact"),
        # an ellipsis at the end: the clause opens with it
        ("“Welcoming the cooperation of Mali with international human rights mechanisms…”", "PP1", "prefix"),
        ("Welcoming the cooperation of Mali...", "PP1", "prefix"),
        # words from within a clause, in the commentary's own case
        ("“Welcomes the adoption of the National Programme to End Gender-based Violence…”", "OP2", "within"),
        # parts between ellipses, in order
        ("“Strongly condemns the violations … attacks on schools and hospitals…”", "OP1", "within"),
        # one word left out by the source ("of Independent Expert"): tolerated in a long part
        ("“Decides to extend the mandate of the Independent Expert on the situation of human rights in Mali for a "
         "period of one year…”", "OP23", "tolerant"),
    ],
)
def test_found(quotation: str, label: str, kind: str) -> None:
    found = find_quotation(quotation, CLAUSES)
    assert found is not None
    assert (found.clause.label, found.kind) == (label, kind)


def test_the_tolerated_word_is_reported() -> None:
    found = find_quotation("Decides to extend the mandate of the Independent Expert on the situation…", CLAUSES)
    assert found is not None and found.describe() == "OP23 (tolerant (the -> (none)))"


@pytest.mark.parametrize(
    "quotation",
    [
        # two words differ
        "Decides to extend the mandate of the Special Expert on the situation of human rights in Haiti…",
        # one word differs in a short part, where a word can change the meaning
        "Strongly condones the violations…",
        # parts in the wrong order
        "attacks on schools and hospitals … Strongly condemns the violations",
        # a passage that no clause holds
        "Decides to remain seized of the matter.",
        "…",
    ],
)
def test_not_found(quotation: str) -> None:
    assert find_quotation(quotation, CLAUSES) is None


def test_parts_and_the_threshold() -> None:
    parts, trailing = quotation_parts("“Strongly condemns … attacks on schools…”")
    assert (parts, trailing) == ([["strongly", "condemns"], ["attacks", "on", "schools"]], True)
    assert TOLERANCE_MIN_WORDS == 8
