"""Property-based tests of mandate succession (hypothesis): any clause is read without an exception, no
mandate succeeds itself, and an extension "as" another holder is a conversion exactly when the holder
changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hrcgraph.graph.clauses import canonical_holder, mandate_action

SETTINGS = settings(max_examples=200, deadline=None)
HOLDERS = st.sampled_from(["Special Rapporteur", "Independent Expert", "Working Group", "special rapporteur",
                           "independent expert"])
SUBJECTS = st.sampled_from(["minority issues", "the right to food", "the situation of human rights in Mali",
                            "the right to adequate food", "the field of cultural rights"])
WORDS = st.sampled_from(["Decides", "to", "convert", "extend", "the", "mandate", "of", "Special", "Rapporteur",
                         "Independent", "Expert", "on", "into", "as", "a", "by", "replace", "rename", "that",
                         "shall", "henceforth", "be", "called", "succeed", "in", "place", "for", "period", "one",
                         "year", "minority", "issues", ",", ";", "Mali"])


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join)))
def test_any_clause_is_read_and_no_mandate_succeeds_itself(text: str) -> None:
    found = mandate_action(text)
    if found is None:
        return
    own = canonical_holder(found.title).casefold()
    for other in (found.successor, found.predecessor):
        assert other is None or canonical_holder(other).casefold() != own


def _preposition(subject: str) -> str:
    return "in" if subject.startswith("the field") else "on"


@SETTINGS
@given(HOLDERS, HOLDERS, SUBJECTS, SUBJECTS, st.integers(1, 3))
def test_an_extension_as_another_mandate(old_holder: str, new_holder: str, old_subject: str, new_subject: str,
                                         years: int) -> None:
    old = f"{old_holder} {_preposition(old_subject)} {old_subject}"
    new = f"{new_holder} {_preposition(new_subject)} {new_subject}"
    found = mandate_action(f"Decides to extend the mandate of the {old} as a {new} for a period of {years} years;")
    assert found is not None and found.duration == f"P{years}Y"
    assert canonical_holder(found.title) == canonical_holder(old)
    if canonical_holder(old).casefold() == canonical_holder(new).casefold():
        assert (found.kind, found.successor) == ("extension", None)
    else:
        assert found.successor is not None and canonical_holder(found.successor) == canonical_holder(new)
        same_holder = old_holder.casefold() == new_holder.casefold()
        assert found.kind == ("renaming" if same_holder else "conversion")
