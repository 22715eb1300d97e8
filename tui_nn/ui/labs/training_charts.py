"""The Train view's two charts: the loss per iteration and the accuracy per epoch.

Both are :class:`~tui_nn.ui.widgets.chart.ChartBox` es (words above and below the
chart, drawn by Textual, so Korean never breaks a plotext frame).  Their y axes
have **even ticks that sit on rows**: plotext draws a value ``y`` on row
``round((y - low) / (high - low) * (rows - 1))``, so the lab picks a tick step
and limits whose number of steps divides ``rows - 1`` (see :func:`row_ticks`);
then every labelled value is drawn exactly on its labelled row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tui_nn.i18n import _
from tui_nn.training_session import EpochMeasured, LrChange
from tui_nn.ui.widgets.chart import Chart, ChartBox

MAX_POINTS = 160
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
CHART_ROWS_AROUND = 3  # rows of a chart that are not plot rows: the frame (2), the x ticks (1)


def smooth(values: np.ndarray, window: int) -> np.ndarray:
    """Running mean over the last ``window`` values (shorter at the start), ignoring non-finite."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return data
    finite = np.isfinite(data)
    clean = np.where(finite, data, 0.0)
    sums = np.cumsum(clean)
    counts = np.cumsum(finite)
    window = max(1, int(window))
    sums[window:] = sums[window:] - sums[:-window]
    counts[window:] = counts[window:] - counts[:-window]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def whole_ticks(first: int, last: int, most: int = 5) -> tuple[list[float], list[str]]:
    """Up to ``most`` whole-number tick positions from ``first`` to ``last``, labelled 1,234."""
    if last <= first:
        return [float(first)], [f"{first:,}"]
    positions = sorted({round(v) for v in np.linspace(first, last, most)})
    return [float(p) for p in positions], [f"{p:,}" for p in positions]


def downsample(xs: np.ndarray, ys: np.ndarray, most: int = MAX_POINTS) -> tuple[list, list]:
    """At most ``most`` evenly spaced points (charts need no more than their width)."""
    if len(xs) <= most:
        return list(map(float, xs)), list(map(float, ys))
    index = np.linspace(0, len(xs) - 1, most).astype(int)
    return list(map(float, xs[index])), list(map(float, ys[index]))


def nice_step(span: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``span``."""
    if not span > 0 or not math.isfinite(span):
        return 1.0
    power = 10.0 ** math.floor(math.log10(span))
    for nice in (*NICE_STEPS, 10.0):
        if nice * power >= span * (1 - 1e-9):
            return nice * power
    return 10.0 * power  # pragma: no cover - 10 always fits


def row_ticks(
    low: float, high: float, rows: int, *, floor: float | None = None, ceiling: float | None = None
) -> tuple[float, float, list[float], list[str]]:
    """Limits and even ticks for values from ``low`` to ``high`` on a chart of ``rows`` plot rows.

    Returns ``(bottom, top, positions, labels)``.  Each row stands for ``step / k`` (a whole
    ``k`` rows per tick step), so every tick falls on a row of its own and no step is drawn
    twice as tall as another; the tightest range with 2 to 6 steps wins.  ``floor`` and
    ``ceiling`` (0 and 1 for an accuracy) keep the limits inside when the data allows: the
    chart then ends on the ceiling.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high < low:
        low, high = high, low
    if high - low < 1e-9:
        high = low + 1e-3
    gaps = max(1, rows - 1)
    best: tuple[float, int, float, float, float] | None = None
    for k in range(1, gaps + 1):
        steps = gaps // k
        if not 1 <= steps <= 6 or (steps < 2 and gaps >= 2):
            continue
        step = nice_step((high - low) * k / gaps)
        while True:
            span = gaps * step / k
            bottom = math.floor(low / step + 1e-9) * step
            if floor is not None:
                bottom = max(bottom, floor)
            if ceiling is not None and bottom + span > ceiling + 1e-9 and ceiling - span <= low:
                bottom = ceiling - span  # end on the ceiling (ticks stay multiples of step)
                if floor is not None and bottom < floor - 1e-9:
                    bottom = math.floor(low / step + 1e-9) * step
            if bottom + span >= high - 1e-9 and bottom <= low + 1e-9:
                break
            step = nice_step(step * 1.0001)
        if best is None or span < best[0] - 1e-12:
            best = (span, k, step, bottom, bottom + span)
    assert best is not None
    _, k, step, bottom, top = best
    first = math.ceil(bottom / step - 1e-9) * step
    positions = [first + i * step for i in range(int((top - first) / step + 1e-9) + 1)]
    decimals = next(
        d for d in range(7) if d == 6 or all(
            abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in (step, first)
        )
    )  # fmt: skip
    return bottom, top, positions, [f"{p:.{decimals}f}" for p in positions]


class SizedChart(Chart):
    """A Chart that tells its owner when its size changes (its ticks depend on its rows)."""

    def __init__(self, owner: TrainChartBox) -> None:
        super().__init__()
        self.owner = owner

    def on_resize(self) -> None:
        self.owner.resized()


class TrainChartBox(ChartBox):
    """A ChartBox that redraws itself (``draw``) when its chart's height changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = SizedChart(self)
        self._rows = 0
        self.draw = lambda: None

    @property
    def plot_rows(self) -> int:
        """The chart's plot rows (its height without the frame and the x ticks)."""
        height = self.chart.size.height or 8
        return max(2, height - CHART_ROWS_AROUND)

    def resized(self) -> None:
        if self.plot_rows != self._rows:
            self._rows = self.plot_rows
            self.draw()


def draw_losses(
    box: TrainChartBox, losses: Sequence[float], lr_changes: Sequence[LrChange]
) -> None:
    """The batch losses (dots), their running mean (a line) and the learning-rate changes."""
    plt = box.plt
    plt.clear_data()
    plt.clear_figure()
    box.title(_("loss per iteration (x: iteration)"))
    names, colours = [_("batch loss"), _("running mean")], ["gray", "cyan"]
    raw = np.asarray(losses, dtype=float)
    finite = np.isfinite(raw)
    if finite.any():
        xs = np.arange(1, raw.size + 1)
        fx, fy = downsample(xs[finite], raw[finite])
        plt.scatter(fx, fy, marker="dot", color="gray")
        window = max(5, raw.size // 50)  # the running mean covers ~2% of the run
        smoothed = smooth(raw, window)
        ok = np.isfinite(smoothed)
        sx, sy = downsample(xs[ok], smoothed[ok])
        if sx:
            plt.plot(sx, sy, color="cyan", marker="braille")
        plt.xticks(*whole_ticks(1, raw.size))
        bottom, top, positions, labels = row_ticks(0.0, max(fy), box.plot_rows, floor=0.0)
        plt.ylim(bottom, top)
        plt.yticks(positions, labels)
        if any(1 <= change.iteration <= raw.size for change in lr_changes):
            names.append(_("lr changed"))
            colours.append("red")
        for change in lr_changes:
            if 1 <= change.iteration <= raw.size:
                plt.vline(change.iteration, color="red")
    box.legend(names, colours)
    box.refresh_chart()


def draw_accuracies(box: TrainChartBox, epochs: Sequence[EpochMeasured]) -> None:
    """Train and test accuracy after each epoch, on even ticks that sit on their rows."""
    plt = box.plt
    plt.clear_data()
    plt.clear_figure()
    box.title(_("accuracy per epoch (x: epoch)"))
    box.legend([_("train"), _("test")], ["green", "orange"])
    if epochs:
        es = [float(e.epoch) for e in epochs]
        train = [float(e.train_accuracy) for e in epochs]
        test = [float(e.test_accuracy) for e in epochs]
        plt.plot(es, train, color="green", marker="braille")
        plt.plot(es, test, color="orange", marker="braille")
        values = train + test
        bottom, top, positions, labels = row_ticks(
            min(values), max(values), box.plot_rows, floor=0.0, ceiling=1.0
        )
        plt.ylim(bottom, top)
        plt.yticks(positions, labels)
        plt.xticks(*whole_ticks(int(es[0]), int(es[-1])))
    box.refresh_chart()
