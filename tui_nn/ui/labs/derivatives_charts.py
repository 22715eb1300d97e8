"""Lesson 3's two charts: f with its tangent (and the forward secant), and the error against h.

Both draw on a :class:`~tui_nn.ui.widgets.chart.ChartBox`: plotext gets only
numbers, the words (title, legend) go through the catalogue into the box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff
from tui_nn.i18n import N_, _
from tui_nn.ui.widgets.chart import ChartBox, log_ticks, safe_log10

#: Step sizes of the error-versus-h chart: 1e-20 .. 1 in half decades.
SWEEP_EXPONENTS = np.arange(-20.0, 0.25, 0.5)
#: Errors below this are drawn at this height; an error of exactly 0 is drawn
#: there too, with its own marker (ZERO_MARKER) and the title says so.
ERROR_FLOOR = 1e-18
ZERO_MARKER = "0"
#: From this step on the forward difference's secant is drawn on the tangent chart.
SECANT_MIN_H = 0.1


@dataclass(frozen=True)
class Curve:
    """A function of lesson 3: f, its exact slope, and how they are written."""

    f: explore.Function1D
    slope: explore.Function1D
    formula: str
    slope_formula: str


CURVES: dict[str, Curve] = {
    "quadratic": Curve(
        explore.function_1, explore.function_1_slope, "f(x) = 0.01x² + 0.1x", "0.02x + 0.1"
    ),
    "sine": Curve(explore.sine, explore.sine_slope, "f(x) = sin(x)", "cos(x)"),
}

#: What each curve teaches about h, in a few words under the heading.
CURVE_NOTES = {
    "quadratic": N_(
        "For this f the central difference errs only by rounding; press f for sin(x)."
    ),
    "sine": N_(
        "For sin(x) both differences err when h is large and when it is tiny:"
        " the error chart makes a V."
    ),
}


def even_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """``count`` evenly spaced tick values from ``low`` to ``high``, rounded for reading."""
    if not high > low:
        return [low]
    return [float(f"{v:.2g}") for v in np.linspace(low, high, count)]


def draw_tangent(
    box: ChartBox, curve: Curve, x: float, h: float, slope: float, *, yours: bool
) -> bool:
    """f, its tangent at x (with ``slope``) and, for a large h, the forward secant.

    Returns True if it drew the secant (the line through x and x + h).
    """
    plt = box.plt
    plt.clear_figure()
    secant = h >= SECANT_MIN_H
    forward = numerical_diff(curve.f, x, h=h, method="forward")
    low = min(0.0, x - 5)
    high = max(20.0, x + 5, x + h + 1 if secant else x)
    ts = np.linspace(low, high, 120)
    f = curve.f
    line = explore.tangent_line(f, x, slope)
    plt.plot(list(ts), [f(t) for t in ts], marker="braille", color="cyan")
    plt.plot(list(ts), [line(t) for t in ts], marker="braille", color="orange")
    names, colours = [_("f(x)"), _("tangent")], ["cyan", "orange"]
    if secant:
        through = explore.secant_line(f, x, h)
        plt.plot(list(ts), [through(t) for t in ts], marker="braille", color="magenta")
        plt.scatter([x + h], [f(x + h)], marker="◆", color="magenta")
        names.append(_("secant (forward, h)"))
        colours.append("magenta")
    plt.scatter([x], [f(x)], marker="●", color="red")
    values = [f(t) for t in ts]
    ticks = even_ticks(min(values), max(values))
    plt.yticks(ticks, [f"{t:g}" for t in ticks])
    if yours:
        title = _("your slope at x = {x}: {slope}").format(x=f"{x:g}", slope=f"{slope:.6g}")
    elif secant:
        title = _("tangent at x = {x}: slope {slope}; secant: slope {forward}").format(
            x=f"{x:g}", slope=f"{slope:.6g}", forward=f"{forward:.6g}"
        )
    else:
        title = _("slope at x = {x}: {slope}").format(x=f"{x:g}", slope=f"{slope:.6g}")
    box.title(title)
    box.legend(names, colours)
    box.refresh_chart()
    return secant


def draw_errors(box: ChartBox, curve: Curve, x: float, h: float, central_error: float) -> int:
    """The error of both differences against h on log-log axes; returns how many were exactly 0."""
    plt = box.plt
    plt.clear_figure()
    exact = curve.slope(x)
    hs = 10.0**SWEEP_EXPONENTS
    log_h = [float(v) for v in SWEEP_EXPONENTS]
    all_y: list[float] = [math.log10(ERROR_FLOOR)]
    zeros_x: list[float] = []
    for method, colour in (("forward", "orange"), ("central", "cyan")):
        errors = explore.slope_errors(curve.f, x, exact, hs, method=method)
        zero = explore.exactly_zero(errors)
        ys = safe_log10(np.maximum(errors, ERROR_FLOOR))
        all_y.extend(float(v) for v in ys)
        plt.plot(log_h, [float(v) for v in ys], marker="braille", color=colour)
        zeros_x.extend(lh for lh, z in zip(log_h, zero, strict=True) if z)
    floor = math.log10(ERROR_FLOOR)
    if zeros_x:
        plt.scatter(zeros_x, [floor] * len(zeros_x), marker=ZERO_MARKER, color="white")
    here = max(abs(central_error), ERROR_FLOOR)
    here_h = float(np.clip(math.log10(h), SWEEP_EXPONENTS[0], SWEEP_EXPONENTS[-1]))
    plt.scatter([here_h], [math.log10(here)], marker="●", color="red")
    xt, xl = log_ticks(SWEEP_EXPONENTS[0], SWEEP_EXPONENTS[-1], most=6)
    yt, yl = log_ticks(min(all_y), max(all_y), most=5)
    plt.xticks(xt, xl)
    plt.yticks(yt, yl)
    plt.ylim(floor - 0.5, max(all_y) + 0.5)
    title = _("error of the slope against h (log-log)")
    if zeros_x:
        title += "\n" + _("{marker} on the bottom line: error exactly 0 (no log of 0)").format(
            marker=ZERO_MARKER
        )
    box.title(title)
    box.legend([_("forward"), _("central")], ["orange", "cyan"])
    box.refresh_chart()
    return len(zeros_x)
