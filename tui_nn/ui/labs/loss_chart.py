"""Lesson 1's charts: the -log(y) curve with both predictions on it, and y against t.

The curve chart is drawn at render time for its own size (:class:`FittedChart`),
so its y-limits and ticks can be picked to sit exactly on text rows: every
label is on a row, evenly spaced, and a point plotted with a one-cell marker
falls in the same cell as the curve's own sample at that y.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import RenderResult

from tui_nn.engine.loss_compare import neg_log_points
from tui_nn.ui import look
from tui_nn.ui.widgets.chart import Chart, ChartBox

#: Tick steps tried, times a power of ten.
NICE = (1.0, 2.0, 2.5, 5.0)
#: Rows plotext spends around the canvas of a chart with an x label: top and
#: bottom frame, the x tick labels and the x label.
FRAME_ROWS = 4
#: Where the curve starts when no point is further left: -log(0.01) = 4.6 tall.
CURVE_LOW = 0.01

Draw = Callable[[Any, int, int], None]


class FittedChart(Chart):
    """A :class:`Chart` that draws itself at render time for the size it has."""

    def __init__(self, draw: Draw) -> None:
        super().__init__()
        self._draw = draw

    def render(self) -> RenderResult:
        try:
            self.plt.clear_figure()
            self._draw(self.plt, self.size.width, self.size.height)
        except Exception as error:  # never take the app down for a chart
            return Text(f"(this chart cannot be drawn: {error})", style="italic")
        return super().render()


class FittedChartBox(ChartBox):
    """A :class:`ChartBox` whose chart is a :class:`FittedChart`."""

    def __init__(self, draw: Draw, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = FittedChart(draw)


def row_ticks(top: float, rows: int, most: int = 6) -> tuple[float, list[float]]:
    """An upper y-limit (the lower is 0) and ticks that each sit on one of ``rows`` rows.

    See :func:`row_ticks_between`; here the axis starts at 0.
    """
    _lower, upper, ticks = row_ticks_between(0.0, top, rows, most)
    return upper, ticks


def row_ticks_between(
    low: float, high: float, rows: int, most: int = 6
) -> tuple[float, float, list[float]]:
    """y-limits around ``[low, high]`` and ticks that each sit on one of ``rows`` rows.

    plotext puts the value v on row ``floor(0.5 + (rows - 1) * (v - lower) / span)``;
    with ``span = (rows - 1) * step / m`` the tick ``lower + j * step`` lands on
    row ``j * m`` exactly, so ticks are evenly spaced and no label skips a row.
    ``lower`` is a multiple of ``step`` (0 stays 0); the smallest span that
    holds ``[low, high]`` wins, ``step`` a nice number.
    """
    low, high = float(low), float(high)
    if not high > low:
        high = low + 1e-9
    if rows < 2:
        return low, high, [low]
    best: tuple[float, float, float, int] | None = None
    fewest = 3 if rows >= 5 else 2  # at least three labels when there is room
    for m in range(1, rows):
        count = (rows - 1) // m + 1
        if not fewest <= count <= most:
            continue
        for power in range(-4, 5):
            for base in NICE:
                step = base * 10.0**power
                lower = math.floor(low / step + 1e-9) * step
                span = (rows - 1) * step / m
                if lower + span < high * (1 - 1e-12) - 1e-12:
                    continue
                if best is None or span < best[1] - 1e-12:
                    best = (lower, span, step, count)
    if best is None:
        return low, high, [low, high]
    lower, span, step, count = best
    return lower, lower + span, [lower + j * step for j in range(count)]


def tick_label(value: float, step: float) -> str:
    """A tick number with as many decimals as the step needs."""
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return f"{value:.{decimals}f}"


def series_marker(wanted: str) -> str:
    """``wanted`` in colour; a fine marker (one per series, as the legend says) without colour."""
    return "braille" if look.current().fine(None) else wanted


@dataclass(frozen=True)
class CurvePoint:
    """One prediction on the -log(y) chart."""

    name: str  # "y1", "y2": drawn beside the point
    y: float  # probability on the answer class
    cost: float  # -log(y + delta), inf without delta at y = 0
    selected: bool


def draw_neg_log(
    plt: Any,
    width: int,
    height: int,
    points: Sequence[CurvePoint],
    use_delta: bool,
) -> None:
    """The curve -log(y (+ delta)) for y in [0, 1], each prediction a marker on it."""
    xs, cost = neg_log_points([p.y for p in points], use_delta=use_delta, low=CURVE_LOW)
    finite = [p.cost for p in points if math.isfinite(p.cost)]
    rows = max(height - FRAME_ROWS, 2)
    beside = 2.0 / max(width - 8, 8)  # about two cells right of a point, for its name
    upper, ticks = row_ticks(max([float(cost.max()), *finite]), rows)
    plt.plot(list(xs), list(cost), marker=series_marker("·"), color="cyan")
    for point in points:
        marker = series_marker("●" if point.selected else "○")
        colour = "red" if point.selected else "orange"
        if math.isfinite(point.cost):
            plt.scatter([point.y], [point.cost], marker=marker, color=colour)
            at = point.cost
        else:  # log(0) without delta: off the top, an arrow says so
            plt.scatter([point.y], [upper], marker="▲", color=colour)
            at = upper
        if point.y < 0.9:  # the name right of its point, or left of it near the right edge
            plt.text(point.name, point.y + beside, at, color=colour, alignment="left")
        else:
            plt.text(point.name, point.y - beside, at, color=colour, alignment="right")
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    plt.ylim(0, upper)
    plt.yticks(ticks, [tick_label(v, step) for v in ticks])
    plt.xlim(0, 1)
    plt.xticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
    plt.xlabel("y")


def draw_bars(plt: Any, y: Sequence[float], answer: int) -> None:
    """y as bars per class, the answer t (1 on its class) as a ▼ marker."""
    classes = list(range(len(y)))
    plt.bar(classes, list(y), color="blue", width=0.6)
    plt.scatter([answer], [1.0], marker="▼", color="green")
    plt.ylim(0, 1.05)
    plt.yticks([0, 0.5, 1], ["0", "0.5", "1"])
    plt.xticks(classes, [str(c) for c in classes])
