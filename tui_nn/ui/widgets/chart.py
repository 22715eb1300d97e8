"""A plotext chart that never takes the app down, and helpers for log-scale data."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot


class Chart(PlotextPlot):
    """A ``PlotextPlot`` whose drawing errors become a message instead of a crash.

    Draw with ``chart.plt`` after ``chart.plt.clear_data()`` (or ``clear_figure``),
    then call ``chart.refresh()``.
    """

    def render(self) -> RenderResult:
        try:
            return super().render()
        except Exception as error:  # plotext raises many kinds on odd data
            return Text(f"(this chart cannot be drawn: {error})", style="italic")


def safe_log10(values: Sequence[float] | np.ndarray, floor: float = 1e-300) -> np.ndarray:
    """log10 of ``|values|``, with zeros clipped to ``floor`` and no inf or nan left.

    plotext's own log scale crashes on re-render and on values <= 0, so charts
    plot ``log10`` of the data themselves and label the ticks (see ``log_ticks``).
    Non-finite entries become the largest finite log value present, so a
    diverged run shows as a flat line along the top instead of a crash.
    """
    array = np.abs(np.asarray(values, dtype=float))
    finite = np.isfinite(array)
    out = np.full(array.shape, np.log10(floor))
    with np.errstate(divide="ignore"):
        out[finite] = np.log10(np.maximum(array[finite], floor))
    if (~finite).any():
        top = out[finite].max() if finite.any() else 0.0
        out[~finite] = top
    return out


def log_ticks(low: float, high: float, most: int = 6) -> tuple[list[float], list[str]]:
    """Tick positions (in log10 units) and labels like ``1e-3`` between ``low`` and ``high``."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return [], []
    lo, hi = int(np.floor(min(low, high))), int(np.ceil(max(low, high)))
    if hi == lo:
        hi = lo + 1
    step = max(1, int(np.ceil((hi - lo) / max(most - 1, 1))))
    positions = [float(p) for p in range(lo, hi + 1, step)]
    return positions, [f"1e{int(p)}" for p in positions]
