"""Reading the texts a clause cites."""

from __future__ import annotations

import pytest

from hrcgraph.graph.citations import citations


@pytest.mark.parametrize(
    ("text", "body", "symbols"),
    [
        ("Recalling its resolutions 5/1 and 5/2 of 18 June 2007,", "hrc", ["A/HRC/RES/5/1", "A/HRC/RES/5/2"]),
        ("Recalling also Human Rights Council resolutions 5/1, on institution-building of the Council, and 5/2, on "
         "the Code of Conduct, both of 18 June 2007,", "hrc", ["A/HRC/RES/5/1", "A/HRC/RES/5/2"]),
        ("Recalling General Assembly resolution 60/251 of 15 March 2006,", "hrc", ["A/RES/60/251"]),
        ("Recalling its decision 2/102 of 6 October 2006,", "hrc", ["A/HRC/DEC/2/102"]),
        ("Recalling its resolution S-33/1 of 17 December 2024,", "hrc", ["A/HRC/RES/S-33/1"]),
        ("Recalling further its resolutions 20/17 of 6 July 2012, on the situation of human rights in Mali, 22/18 of "
         "21 March 2013, in which it established the mandate of the Independent Expert, and 54/42 of 4 April 2023, by "
         "which it extended the mandate,", "hrc", ["A/HRC/RES/20/17", "A/HRC/RES/22/18", "A/HRC/RES/54/42"]),
        ("Taking note of Security Council resolutions 2374 (2017) and 2649 (2022),", "hrc",
         ["S/RES/2374(2017)", "S/RES/2649(2022)"]),
        ("Recalling Commission on Human Rights resolution 2005/1 and its resolution 7/3;", "hrc",
         ["E/CN.4/RES/2005/1", "A/HRC/RES/7/3"]),
        ("Recalling its resolution 2004/85 of 21 April 2004,", "chr", ["E/CN.4/RES/2004/85"]),
        # a bare "resolution" is the citing body's
        ("Decides to extend the mandate under the terms of resolution 25/5 of 27 March 2014;", "hrc",
         ["A/HRC/RES/25/5"]),
        # another body, which this reader does not know: not read as the citing body's
        ("Recalling Economic and Social Council resolution 1/2 of 1946,", "hrc", []),
        # a semicolon ends the list; a year range or a date is no citation
        ("Welcomes the action plan for the period from 2024 to 2026; notes the 2023/24 report of 12 May 2023", "hrc",
         []),
    ],
)
def test_citations(text: str, body: str, symbols: list[str]) -> None:
    assert [c.symbol for c in citations(text, body)] == symbols


def test_without_the_citing_body_its_resolutions_are_not_read() -> None:
    assert [c.symbol for c in citations("Recalling its resolution 5/1 and General Assembly resolution 60/251", None)] \
        == ["A/RES/60/251"]


def test_the_words_that_cite_are_kept() -> None:
    found = citations("Recalling further its resolutions 20/17 of 6 July 2012 and 54/42 of 4 April 2023,", "hrc")
    assert [c.written for c in found] == ["its resolutions 20/17", "its resolutions 54/42"]
