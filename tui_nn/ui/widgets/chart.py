"""A plotext chart that never takes the app down, and helpers for log-scale data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from tui_nn.ui import look
from tui_nn.ui.widgets.updates import show


class LookPlot(Plot):
    """plotext's figure, with markers chosen by the terminal's look (:mod:`tui_nn.ui.look`).

    With colour and Unicode the lab's markers are kept.  Without colour each
    series (``plot`` or ``scatter`` call since the last clear) gets its own marker
    (``●``, ``+``, ``x`` …), and in ASCII mode braille and block markers become
    ASCII ones (``*``, ``+`` …), so series stay apart without colour.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.series = 0

    def _marker(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        now = look.current()
        wanted = kwargs.get("marker")
        kwargs["marker"] = now.marker(wanted, self.series)
        if now.fine(wanted):
            self.series += 1
        return kwargs

    def plot(self, *args: Any, **kwargs: Any) -> Any:
        return super().plot(*args, **self._marker(kwargs))

    def scatter(self, *args: Any, **kwargs: Any) -> Any:
        return super().scatter(*args, **self._marker(kwargs))

    def clear_data(self, *args: Any, **kwargs: Any) -> Any:
        self.series = 0
        return super().clear_data(*args, **kwargs)

    def clear_figure(self, *args: Any, **kwargs: Any) -> Any:
        self.series = 0
        return super().clear_figure(*args, **kwargs)


class Chart(PlotextPlot):
    """A ``PlotextPlot`` whose drawing errors become a message instead of a crash.

    Draw with ``chart.plt`` after ``chart.plt.clear_data()`` (or ``clear_figure``),
    then call ``chart.refresh()``.  Markers follow the terminal's look (see
    :class:`LookPlot`); in ASCII mode the frame and axes are ASCII too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plot = LookPlot()

    def render(self) -> RenderResult:
        try:
            text = super().render()
        except Exception as error:  # plotext raises many kinds on odd data
            return Text(f"(this chart cannot be drawn: {error})", style="italic")
        if look.current().ascii and isinstance(text, Text):
            plain = text.plain
            ascii_plain = look.ascii_text(plain)
            if len(ascii_plain) == len(plain):  # one cell for one: the styles still fit
                text = Text(ascii_plain, style=text.style, spans=list(text.spans), end="")
        return text


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


#: plotext colour names that Rich spells differently.
_RICH_COLOURS = {"orange": "orange1", "gray": "grey50", "grey": "grey50", "violet": "violet"}


def legend_text(names: Sequence[str], colours: Sequence[str | None]) -> Text:
    """A chart legend as Rich text: each series' marker, in its colour when there is colour.

    ``look.current()`` decides: with colour each name gets a coloured ``●``; without
    colour (or in ASCII mode) each gets the distinct marker :class:`LookPlot` gives
    series ``i``, so the legend matches the chart in every terminal.
    """
    now = look.current()
    text = Text()
    for index, (name, colour) in enumerate(zip(names, colours, strict=True)):
        if index:
            text.append("   ")
        if now.colour and not now.ascii:
            style = _RICH_COLOURS.get(colour or "", colour or "")
            text.append("●", style=style or None)
        elif now.colour:
            style = _RICH_COLOURS.get(colour or "", colour or "")
            text.append(now.series_marker(index), style=style or None)
        else:
            text.append(now.series_marker(index))
        text.append(f" {name}")
    return text


class ChartBox(Vertical):
    """A :class:`Chart` with its title above and legend below, drawn by Textual.

    plotext measures text by ``len()``, so a Korean (two cells a character) title
    or legend pushes its frame's right border onto the next line; Textual knows
    cell widths.  Put words here (``box.title(...)``, ``box.legend(...)``), never in
    ``plt.title``/``label=``.  The chart itself is ``box.chart``; size the box (its
    chart takes the height left after the two lines) with CSS on the box's id.
    """

    DEFAULT_CSS = """
    ChartBox { height: 16; }
    ChartBox > .chart-title { width: 1fr; height: auto; text-align: center; text-style: bold; }
    ChartBox > Chart { height: 1fr; }
    ChartBox > .chart-legend { width: 1fr; height: auto; text-align: center; }
    ChartBox > .chart-legend.-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.chart = Chart()
        self._title = Static("", classes="chart-title", markup=False)
        self._legend = Static("", classes="chart-legend -empty", markup=False)

    def compose(self) -> ComposeResult:
        yield self._title
        yield self.chart
        yield self._legend

    @property
    def plt(self) -> Any:
        """The chart's plotext figure (as ``Chart.plt``)."""
        return self.chart.plt

    def refresh_chart(self) -> None:
        """Redraw the chart after drawing on ``plt``."""
        self.chart.refresh()

    def title(self, text: str | Text) -> None:
        """Set the line above the chart (any language or width: it wraps, never breaks a frame)."""
        show(self._title, text)

    def legend(self, names: Sequence[str], colours: Sequence[str | None]) -> None:
        """Set the line below the chart: one entry per series, in plotting order."""
        show(self._legend, legend_text(names, colours))
        self._legend.set_class(not names, "-empty")
