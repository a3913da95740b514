"""The geometry of the pages' charts, from the numbers of the view models."""

from __future__ import annotations

from hrcgraph.api.charts import tally_bar, vote_chart
from hrcgraph.graph.views.state import YearVotes
from hrcgraph.graph.views.text import Counts


def test_the_votes_by_year_chart_has_a_bar_for_every_year_between_the_first_and_the_last() -> None:
    chart = vote_chart([YearVotes(2005, 0, 1, 0, 0, 0), YearVotes(2008, 2, 1, 1, 3, 0)])
    assert [b.year for b in chart.bars] == [2005, 2006, 2007, 2008]
    assert chart.max == 4  # absences are not drawn
    assert [b.total for b in chart.bars] == [1, 0, 0, 4]
    assert [s.key for s in chart.bars[3].segments] == ["yes", "no", "abstain"]
    tallest = chart.bars[3].segments
    assert round(sum(s.h for s in tallest), 1) == chart.baseline - 8  # the peak fills the plot's height
    assert tallest[0].y + tallest[0].h == chart.baseline  # stacked from the axis up
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]


def test_an_empty_chart() -> None:
    chart = vote_chart([])
    assert chart.bars == [] and chart.ticks == [] and chart.max == 0


def test_the_tally_bar_is_shares_of_the_votes() -> None:
    segments = tally_bar(Counts(yes=3, no=1, abstain=0, nonvoting=1, total=5))
    assert [(s.key, s.count, s.percent) for s in segments] == [("yes", 3, 60.0), ("no", 1, 20.0),
                                                                ("nonvoting", 1, 20.0)]
    assert tally_bar(Counts(None, None, None, None, None)) == []
