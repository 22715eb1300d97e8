"""Lesson 5's two charts: the path on the level curves (a dot per step) and f per step.

Markers, not colour alone, tell things apart: ``•`` (``o`` without colour) on
every step, ``●`` now, ``S`` the start, ``+`` the bottom or flat spot; without
colour the path's line is left out (its dots say it) and the level curves are
drawn with ``·``.  The words go in the :class:`ChartBox` title, through the
catalogue.
"""

from __future__ import annotations

import math

import numpy as np

from tui_nn.engine import explore
from tui_nn.engine.experiments import (
    Bowl,
    DescentRun,
    chart_box,
    inside,
    level_values,
    visible_path,
)
from tui_nn.i18n import _
from tui_nn.ui import look
from tui_nn.ui.widgets.chart import ChartBox, safe_log10

LOG_FLOOR = 1e-30
#: The saddle x0² − x1² (lesson 4's), as a surface for the descent run.
SADDLE = Bowl("saddle", "f = x0² − x1²", 1.0, -1.0)
NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500)


def is_saddle(bowl: Bowl) -> bool:
    return bowl.a1 < 0


def decade_ticks(low: float, high: float, most: int = 5) -> tuple[list[int], int, int]:
    """Whole-decade ticks (log10 units) that cover ``low``..``high``, and the y-limits.

    The limits are the first and last tick, so every tick label sits on its own
    row and the data (flat stretches at the top included) is inside the chart:
    the top tick is always above ``high``, never cut below it.
    """
    if not (np.isfinite(low) and np.isfinite(high)):
        low, high = 0.0, 1.0
    low, high = min(low, high), max(low, high)
    for step in NICE_STEPS:
        bottom = int(np.floor(low / step)) * step
        top = int(np.ceil(high / step)) * step
        if top <= high:  # keep a flat line at the very top off the border
            top += step
        if (top - bottom) // step + 1 <= most:
            break
    return list(range(bottom, top + 1, step)), bottom, top


def step_marker() -> str:
    """The marker of each step of the path: ``•`` with colour, ``o`` without."""
    return "•" if look.current().colour else "o"


def view_box(bowl: Bowl, start: tuple[float, float]) -> tuple[float, float]:
    """Half-widths of the path chart (the saddle's view is as wide as it is tall)."""
    if is_saddle(bowl):
        reach = max(5.0, 1.25 * max(abs(float(start[0])), abs(float(start[1]))))
        return (reach, reach) if math.isfinite(reach) else (5.0, 5.0)
    return chart_box(bowl, start)


def _levels(bowl: Bowl, box: tuple[float, float]) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    if is_saddle(bowl):
        for k in (-2, -1, 0, 1, 2):
            px, py = explore.saddle_level_points(k * box[1] ** 2 / 5, box, points=120)
            xs.extend(float(v) for v in px)
            ys.extend(float(v) for v in py)
        return xs, ys
    for level in level_values(bowl, box):
        cx, cy = bowl.level_curve(level, points=240)
        inner0, inner1 = inside(cx, cy, box)
        xs.extend(inner0)
        ys.extend(inner1)
    return xs, ys


def draw_path(box_widget: ChartBox, run: DescentRun, start: tuple[float, float]) -> int:
    """The path on the level curves with a dot per step; returns how many step dots it drew.

    Steps 1 .. n-1 get a dot each (step 0 is ``S``, the last is ``●``).
    """
    plt = box_widget.plt
    plt.clear_figure()
    now = look.current()
    box = view_box(run.bowl, start)
    lx, ly = _levels(run.bowl, box)
    if lx:
        plt.scatter(lx, ly, marker="braille" if now.colour else "·", color="blue")
    path0, path1 = visible_path(run.path(), box)
    if len(path0) > 1 and now.colour:
        plt.plot(path0, path1, marker="braille", color="red+")
    middle = [p for p in run.xs[1:-1] if abs(p[0]) <= box[0] and abs(p[1]) <= box[1]]
    if middle:
        plt.scatter(
            [float(p[0]) for p in middle],
            [float(p[1]) for p in middle],
            marker=step_marker(),
            color="red+",
        )
    sx, sy = start
    if abs(sx) <= box[0] and abs(sy) <= box[1]:
        plt.scatter([sx], [sy], marker="S", color="green+")
    x = run.x
    plt.scatter([0.0], [0.0], marker="+", color="white")
    if abs(x[0]) <= box[0] and abs(x[1]) <= box[1]:
        plt.scatter([float(x[0])], [float(x[1])], marker="●", color="yellow+")
        where = _("flat spot") if is_saddle(run.bowl) else _("bottom")
        title = _("path: {dot} each step, ● now, S start, + {where}").format(
            dot=step_marker(), where=where
        )
    else:
        title = _("path (x has left this view)")
    plt.xlim(-box[0], box[0])
    plt.ylim(-box[1], box[1])
    box_widget.title(title)
    box_widget.refresh_chart()
    return len(middle)


def draw_loss(box_widget: ChartBox, run: DescentRun) -> None:
    """f after each step: on a log scale, or on a plain scale where f goes below 0 (saddle)."""
    plt = box_widget.plt
    plt.clear_figure()
    fs = run.fs
    steps = list(range(len(fs)))
    linear = is_saddle(run.bowl)
    values = [float(v) for v in fs] if linear else [float(v) for v in safe_log10(fs, LOG_FLOOR)]
    if len(fs) == 1:
        plt.scatter(steps, values, color="cyan+")
    else:
        plt.plot(steps, values, marker="braille", color="cyan+")
    last = len(fs) - 1
    ticks = [0, 1]
    if last:
        ticks = sorted({round(v) for v in np.linspace(0, last, min(last, 5) + 1)})
    plt.xticks([float(t) for t in ticks], [str(t) for t in ticks])
    plt.xlim(0, max(last, 1))
    if linear:
        low, high = min(values), max(values)
        if high <= low:
            high = low + 1.0
        marks = [float(f"{v:.2g}") for v in np.linspace(low, high, 4)]
        plt.yticks(marks, [f"{m:g}" for m in marks])
        plt.ylim(low, high)
        title = _("f per step (plain scale: f goes below 0 here), now {f}")
    else:
        positions, bottom, top = decade_ticks(min(values), max(values))
        plt.yticks([float(p) for p in positions], [f"1e{p}" for p in positions])
        plt.ylim(bottom, top)
        title = _("f per step (log scale), now {f}")
    box_widget.title(title.format(f=f"{run.f:.3g}"))
    box_widget.refresh_chart()
