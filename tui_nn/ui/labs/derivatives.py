"""Lesson 3 lab: measuring a slope with numbers, and choosing the step h."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widgets import Static

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff
from tui_nn.engine.pitfalls import diff_bad_parentheses
from tui_nn.exercises.lab import LabFunction
from tui_nn.ui.exercise_link import OwnFunction, as_number
from tui_nn.ui.kit.values import bool_setting, number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.widgets.chart import Chart, log_ticks, safe_log10
from tui_nn.ui.widgets.number_field import NumberField, point_fields

X_START, H_START = 5.0, 1e-4
POINT_START = (3.0, 4.0)
#: Step sizes of the error-versus-h chart: 1e-20 .. 1 in half decades.
SWEEP_EXPONENTS = np.arange(-20.0, 0.25, 0.5)
#: Errors below this are drawn at this height (an error of exactly 0 has no log).
ERROR_FLOOR = 1e-18


class Positive(Validator):
    """Accepts only numbers greater than zero (a step of 0 or less means nothing)."""

    def validate(self, value: str) -> ValidationResult:
        try:
            number = float(value)
        except ValueError:
            return self.success()  # the Number validator reports this one
        if number > 0:
            return self.success()
        return self.failure("h must be greater than 0.")


def exact(value: float) -> str:
    """An analytic value as a person would write it (0.30000000000000004 → 0.3)."""
    return f"{value:.15g}"


class DerivativesLab(Lab):
    """f(x) = 0.01x² + 0.1x: its tangent, three slopes, the /2*h bug, and the best h."""

    DEFAULT_CSS = """
    DerivativesLab .controls { height: auto; }
    DerivativesLab .controls NumberField { width: 16; }
    DerivativesLab Chart { height: 36vh; min-height: 8; max-height: 16; }
    DerivativesLab #deriv-slopes { height: auto; margin: 0 0 1 0; }
    DerivativesLab #deriv-partials { height: auto; }
    DerivativesLab .heading { text-style: bold; margin: 1 0 0 0; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding(
            "b", "toggle_bug", "/2*h bug", tooltip="Show or hide the result of the /2*h mistake"
        ),
        Binding("plus,equals_sign", "move_x(1)", "x+1", key_display="+"),
        Binding("minus", "move_x(-1)", "x−1", key_display="-"),
        Binding("left_square_bracket", "scale_h(0.1)", "h÷10", key_display="["),
        Binding("right_square_bracket", "scale_h(10)", "h×10", key_display="]"),
        Binding("r", "reset", "Reset", tooltip="Back to x = 5, h = 1e-4, point (3, 4)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.x = X_START
        self.h = H_START
        self.point = POINT_START
        self.show_bug = False
        self.slopes: dict[str, float] = {}
        self.partials: list[float] = []
        self.own: OwnFunction | None = None  # the learner's numerical_diff (Exercise view, F6)

    def compose(self) -> ComposeResult:
        yield Static("f(x) = 0.01x² + 0.1x and its tangent at x", classes="heading")
        with Horizontal(classes="controls"):
            yield NumberField(
                self.x,
                label="x",
                minimum=-50,
                maximum=50,
                id="deriv-x",
                tooltip="Where to measure the slope (-50 to 50)",
            )
            h_field = NumberField(
                self.h,
                label="h (step)",
                minimum=0,
                maximum=10,
                id="deriv-h",
                tooltip="The small step used to measure the slope (0 < h <= 10)",
            )
            h_field.validators.append(Positive())
            yield h_field
        yield Static(id="deriv-slopes")
        yield Chart(id="deriv-tangent")
        yield Chart(id="deriv-errors")
        yield Static("Partial derivatives of f(x0, x1) = x0² + x1²", classes="heading")
        with Horizontal(classes="controls"):
            yield from point_fields(self.point, id_prefix="deriv")
        yield Static(id="deriv-partials")

    def on_mount(self) -> None:
        self.redraw()

    def use_own_function(self, own: OwnFunction | None) -> None:
        """Draw the tangent with the learner's ``numerical_diff`` (None: the engine's)."""
        self.own = own
        self.redraw()

    # --- state that lasts ----------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"x": self.x, "h": self.h, "point": list(self.point), "bug": self.show_bug}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        x = number_setting(data, "x", -50, 50)
        if x is not None:
            self.x = x
        h = number_setting(data, "h", 0, 10)
        if h is not None and h > 0:
            self.h = h
        point = numbers_setting(data, "point", 2, -100, 100)
        if point is not None:
            self.point = (point[0], point[1])
        bug = bool_setting(data, "bug")
        if bug is not None:
            self.show_bug = bug

    # --- input -----------------------------------------------------------------

    @on(NumberField.Accepted, "#deriv-x")
    def _x_typed(self, event: NumberField.Accepted) -> None:
        self.x = float(event.number)
        self.redraw()

    @on(NumberField.Accepted, "#deriv-h")
    def _h_typed(self, event: NumberField.Accepted) -> None:
        self.h = float(event.number)
        self.redraw()

    @on(NumberField.Accepted, "#deriv-x0, #deriv-x1")
    def _point_typed(self, event: NumberField.Accepted) -> None:
        x0 = self.query_one("#deriv-x0", NumberField).number
        x1 = self.query_one("#deriv-x1", NumberField).number
        self.point = (float(x0), float(x1))
        self.update_partials()

    def action_toggle_bug(self) -> None:
        self.show_bug = not self.show_bug
        self.redraw()
        self.query_one("#deriv-slopes").scroll_visible()

    def action_move_x(self, step: float) -> None:
        self.x = float(np.clip(self.x + step, -50, 50))
        self.query_one("#deriv-x", NumberField).set_number(self.x)
        self.redraw()

    def action_scale_h(self, factor: float) -> None:
        h = self.h * factor
        if not 1e-300 <= h <= 10:
            self.notify("h stays between 1e-300 and 10 here.", severity="warning")
            return
        # Keep powers of ten exact (1e-4 * 10 would print as 0.0010000000000000002).
        self.h = float(f"{h:.12g}")
        self.query_one("#deriv-h", NumberField).set_number(self.h)
        self.redraw()

    def action_reset(self) -> None:
        self.x, self.h, self.point, self.show_bug = X_START, H_START, POINT_START, False
        self.query_one("#deriv-x", NumberField).set_number(self.x)
        self.query_one("#deriv-h", NumberField).set_number(self.h)
        self.query_one("#deriv-x0", NumberField).set_number(self.point[0])
        self.query_one("#deriv-x1", NumberField).set_number(self.point[1])
        self.redraw()

    # --- drawing ---------------------------------------------------------------

    def redraw(self) -> None:
        f, x, h = explore.function_1, self.x, self.h
        self.slopes = {
            "forward": float(numerical_diff(f, x, h=h, method="forward")),
            "central": float(numerical_diff(f, x, h=h, method="central")),
            "exact": float(explore.function_1_slope(x)),
            "bug": float(diff_bad_parentheses(f, x, h=h)),
        }
        own = self.own.values(x, [(LabFunction("slope"), x)], as_number) if self.own else None
        if own is not None:
            self.slopes["yours"] = own[0]
        s = self.slopes
        lines = [
            f"slopes at x = {x:g} with h = {h:g}:",
            f"forward  {s['forward']!r}",
            f"central  {s['central']!r}",
            f"exact    {exact(s['exact'])}",
            f"errors: forward {abs(s['forward'] - s['exact']):.3g}, "
            f"central {abs(s['central'] - s['exact']):.3g}",
            "forward = (f(x+h)−f(x))/h, central = (f(x+h)−f(x−h))/(2h), exact = 0.02x + 0.1",
        ]
        if self.show_bug:
            lines.append(
                f"[b]Pitfall /2*h:[/b] (f(x+h)−f(x−h))/2*h = {s['bug']!r}"
                " — divides by 2, then multiplies by h: h² × the slope."
            )
        else:
            lines.append("Press b to see the /2*h bug.")
        if self.own is not None:
            lines.append(self.own.note("slope and tangent"))
            if "yours" in s:
                lines.append(f"yours    {s['yours']!r}  (your numerical_diff at x = {x:g})")
        self.query_one("#deriv-slopes", Static).update("\n".join(lines))
        self._draw_tangent()
        self._draw_errors()
        self.update_partials()

    def update_partials(self) -> None:
        f = explore.function_2
        self.partials = explore.partial_derivatives(f, self.point, h=self.h)
        x0, x1 = self.point
        p0, p1 = self.partials
        lines = [
            f"∂f/∂x0 = {p0!r}   (exact 2·x0 = {exact(2 * x0)})",
            f"∂f/∂x1 = {p1!r}   (exact 2·x1 = {exact(2 * x1)})",
        ]
        if self.show_bug:
            b0, b1 = explore.partial_derivatives(f, self.point, h=self.h, diff=diff_bad_parentheses)
            lines.append(f"with the /2*h bug: {b0:.1e} and {b1:.1e}")
        self.query_one("#deriv-partials", Static).update("\n".join(lines))

    def _draw_tangent(self) -> None:
        chart = self.query_one("#deriv-tangent", Chart)
        plt = chart.plt
        plt.clear_figure()
        low, high = min(0.0, self.x - 5), max(20.0, self.x + 5)
        ts = np.linspace(low, high, 80)
        f = explore.function_1
        slope = self.slopes.get("yours", self.slopes["central"])
        line = explore.tangent_line(f, self.x, slope)
        plt.plot(list(ts), [f(t) for t in ts], marker="braille", label="f(x)")
        plt.plot(list(ts), [line(t) for t in ts], marker="braille", label="tangent")
        plt.scatter([self.x], [f(self.x)], marker="●", color="red")
        mine = "your " if "yours" in self.slopes else ""
        plt.title(f"{mine}slope at x = {self.x:g}: {slope:.6g}")
        chart.refresh()

    def _draw_errors(self) -> None:
        chart = self.query_one("#deriv-errors", Chart)
        plt = chart.plt
        plt.clear_figure()
        f, x, slope = explore.function_1, self.x, self.slopes["exact"]
        hs = 10.0**SWEEP_EXPONENTS
        log_h = list(SWEEP_EXPONENTS)
        all_y: list[float] = []
        for method, color in (("forward", "orange"), ("central", "cyan")):
            errors = np.maximum(explore.slope_errors(f, x, slope, hs, method=method), ERROR_FLOOR)
            ys = safe_log10(errors)
            all_y.extend(ys)
            plt.plot(log_h, list(ys), marker="braille", color=color, label=method)
        here = max(abs(self.slopes["central"] - slope), ERROR_FLOOR)
        here_h = float(np.clip(math.log10(self.h), SWEEP_EXPONENTS[0], SWEEP_EXPONENTS[-1]))
        plt.scatter([here_h], list(safe_log10([here])), marker="●", color="red")
        xt, xl = log_ticks(SWEEP_EXPONENTS[0], SWEEP_EXPONENTS[-1], most=6)
        yt, yl = log_ticks(min(all_y), max(all_y), most=5)
        plt.xticks(xt, xl)
        plt.yticks(yt, yl)
        plt.title("error of the slope against h (log-log)")
        plt.xlabel("h")
        chart.refresh()
