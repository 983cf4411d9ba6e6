"""Geometry of the gap chart: one pair of horizontal bars per competence area (the level the role
asks for, and the level held, capped at the target), drawn as SVG by the template. Numbers are
written beside the bars and the target bar is outlined, not coloured, so the chart reads in
black and white print and without colour vision."""

from __future__ import annotations

from dataclasses import dataclass

from passport.selectors import GapAnalysis

LABEL_WIDTH = 330
BAR_WIDTH = 340
ROW_HEIGHT = 44
TOP = 30
RIGHT = 150


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    target_width: float
    held_width: float
    target: float
    held: float
    met: int
    total: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    ticks: list[tuple[float, int]]
    bars: list[Bar]


def area_bars(analysis: GapAnalysis) -> Chart:
    scale = max(analysis.max_rank, 1)
    unit = BAR_WIDTH / scale
    bars = [
        Bar(
            label=f"{area.code} {area.title}".strip(),
            y=TOP + index * ROW_HEIGHT,
            target_width=round(area.target * unit, 1),
            held_width=round(area.held * unit, 1),
            target=round(area.target, 1),
            held=round(area.held, 1),
            met=area.met,
            total=area.total,
        )
        for index, area in enumerate(analysis.areas)
    ]
    ticks = [(round(LABEL_WIDTH + rank * unit, 1), rank) for rank in range(scale + 1)]
    return Chart(
        width=LABEL_WIDTH + BAR_WIDTH + RIGHT,
        height=TOP + len(bars) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        ticks=ticks,
        bars=bars,
    )
