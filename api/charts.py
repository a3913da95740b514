"""Drawing for the pages: the geometry of the charts the templates draw as SVG or HTML, from numbers
the view models carry (``graph.views``). Registered as template globals (``api.linked_data.environment``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hrcgraph.graph.views.state import YearVotes
from hrcgraph.graph.views.text import Counts

#: The options a year's bar stacks, bottom to top.
STACKED = ("yes", "no", "abstain")


@dataclass(frozen=True)
class Segment:
    key: str
    count: int
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Bar:
    year: int
    segments: list[Segment]
    label: bool
    """Whether the year is written under the bar (one in about twelve, and the last)."""
    label_x: float
    total: int


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    max: int
    ticks: list[Tick]
    left: int = 0
    baseline: float = 0


def vote_chart(rows: Sequence[YearVotes], *, width: int = 720, height: int = 220) -> BarChart:
    """A stacked bar chart of yes, no and abstain votes per year, every year between the first and the last."""
    if not rows:
        return BarChart([], width, height, 0, [])
    by_year = {r.year: r for r in rows}
    years = list(range(rows[0].year, rows[-1].year + 1))
    peak = max(_total(r) for r in rows) or 1
    left, bottom, top = 36, 24, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / len(years)
    bar_w = max(1.0, step * 0.8)
    label_every = max(1, len(years) // 12)
    bars = []
    for i, year in enumerate(years):
        row = by_year.get(year)
        x = left + i * step + (step - bar_w) / 2
        y = float(top + plot_h)
        segments = []
        for k in STACKED:
            n = getattr(row, k) if row else 0
            h = plot_h * n / peak
            if n:
                segments.append(Segment(k, n, round(x, 2), round(y - h, 2), round(bar_w, 2), round(h, 2)))
            y -= h
        bars.append(Bar(year, segments, i % label_every == 0 or year == years[-1], round(x + bar_w / 2, 2),
                        _total(row) if row else 0))
    ticks = [Tick(v, round(top + plot_h - plot_h * v / peak, 2)) for v in _ticks(peak)]
    return BarChart(bars, width, height, peak, ticks, left, top + plot_h)


def _total(row: YearVotes) -> int:
    return sum(getattr(row, k) for k in STACKED)


def _ticks(peak: int) -> list[int]:
    step = max(1, 10 ** max(0, len(str(peak)) - 1))
    if peak / step < 3:
        step = max(1, step // 2)
    return list(range(0, peak + 1, step))


@dataclass(frozen=True)
class TallySegment:
    key: str
    label: str
    count: int
    percent: float


def tally_bar(counts: Counts) -> list[TallySegment]:
    """The segments of a tally bar: each option's share of the votes cast or not (percent widths)."""
    segments = [("yes", "Yes", counts.yes), ("no", "No", counts.no), ("abstain", "Abstain", counts.abstain),
                ("nonvoting", "Not voting", counts.nonvoting)]
    total = sum(n for _, _, n in segments if n)
    if not total:
        return []
    return [TallySegment(k, label, n, round(100 * n / total, 2)) for k, label, n in segments if n]
