"""Lesson 3 lab: measuring a slope with numbers, and choosing the step h."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff
from tui_nn.engine.pitfalls import diff_bad_parentheses
from tui_nn.exercises.lab import LabFunction
from tui_nn.i18n import N_, _
from tui_nn.ui.exercise_link import OwnFunction, as_number
from tui_nn.ui.kit.values import bool_setting, choice_setting, number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.derivatives_charts import (
    CURVE_NOTES,
    CURVES,
    SWEEP_EXPONENTS,
    draw_errors,
    draw_tangent,
)
from tui_nn.ui.widgets.chart import ChartBox
from tui_nn.ui.widgets.number_field import NumberField, point_fields
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

__all__ = ["SWEEP_EXPONENTS", "DerivativesLab", "exact"]

X_START, H_START = 5.0, 1e-4
POINT_START = (3.0, 4.0)
#: The steps h may take (the field refuses others, ] and [ stop there).
H_MIN, H_MAX = 1e-300, 10.0


def exact(value: float) -> str:
    """An analytic value as a person would write it (0.30000000000000004 → 0.3)."""
    return f"{value:.15g}"


class DerivativesLab(Lab):
    """f(x) = 0.01x² + 0.1x (or sin x): its tangent, three slopes, the /2*h bug, and the best h."""

    DEFAULT_CSS = """
    DerivativesLab .controls { height: auto; }
    DerivativesLab .controls NumberField { width: 16; }
    DerivativesLab ChartBox { height: 36vh; min-height: 10; max-height: 18; }
    DerivativesLab #deriv-errors { min-height: 11; }
    DerivativesLab #deriv-slopes { height: auto; margin: 0 0 1 0; }
    DerivativesLab #deriv-note { height: auto; color: $text-warning; }
    DerivativesLab #deriv-partials { height: auto; }
    DerivativesLab .heading { text-style: bold; margin: 1 0 0 0; }
    DerivativesLab #deriv-title { text-style: bold; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding(
            "b",
            "toggle_bug",
            N_("/2*h bug"),
            tooltip=N_("Show or hide the result of the /2*h mistake"),
        ),
        Binding(
            "f",
            "next_function",
            N_("Function"),
            tooltip=N_("Switch between the book's 0.01x² + 0.1x and sin(x)"),
        ),
        Binding("plus,equals_sign", "move_x(1)", N_("x+1"), key_display="+"),
        Binding("minus", "move_x(-1)", N_("x−1"), key_display="-"),
        Binding("left_square_bracket", "scale_h(0.1)", N_("h÷10"), key_display="["),
        Binding("right_square_bracket", "scale_h(10)", N_("h×10"), key_display="]"),
        Binding(
            "r", "reset", N_("Reset"), tooltip=N_("Back to the book's f, x = 5, h = 1e-4, (3, 4)")
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.x = X_START
        self.h = H_START
        self.point = POINT_START
        self.curve = "quadratic"
        self.show_bug = False
        self.note = ""  # one message at most (h at its limit), replaced, never stacked
        self.slopes: dict[str, float] = {}
        self.partials: list[float] = []
        self.zeros = 0  # how many errors of the chart are exactly 0
        self.secant = False  # the forward secant is drawn
        self.own: OwnFunction | None = None  # the learner's numerical_diff (Exercise view, F6)

    def compose(self) -> ComposeResult:
        yield Static(id="deriv-title", markup=False)
        with Horizontal(classes="controls"):
            yield NumberField(
                self.x,
                label=N_("x"),
                minimum=-50,
                maximum=50,
                id="deriv-x",
                tooltip=N_("Where to measure the slope (-50 to 50)"),
            )
            yield NumberField(
                self.h,
                label=N_("h"),
                minimum=H_MIN,
                maximum=H_MAX,
                id="deriv-h",
                tooltip=N_("The small step used to measure the slope (1e-300 to 10)"),
            )
        yield Static(id="deriv-note", markup=False)
        yield Static(id="deriv-slopes")
        yield ChartBox(id="deriv-tangent")
        yield ChartBox(id="deriv-errors")
        yield Words(N_("Partial derivatives of f(x0, x1) = x0² + x1²"), classes="heading")
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
        return {
            "x": self.x,
            "h": self.h,
            "point": list(self.point),
            "bug": self.show_bug,
            "function": self.curve,
        }

    def restore_settings(self, data: Mapping[str, object]) -> None:
        x = number_setting(data, "x", -50, 50)
        if x is not None:
            self.x = x
        h = number_setting(data, "h", H_MIN, H_MAX)
        if h is not None:
            self.h = h
        point = numbers_setting(data, "point", 2, -100, 100)
        if point is not None:
            self.point = (point[0], point[1])
        bug = bool_setting(data, "bug")
        if bug is not None:
            self.show_bug = bug
        curve = choice_setting(data, "function", list(CURVES))
        if curve is not None:
            self.curve = curve

    # --- input -----------------------------------------------------------------

    @on(NumberField.Accepted, "#deriv-x")
    def _x_typed(self, event: NumberField.Accepted) -> None:
        self.x = float(event.number)
        self.redraw()

    @on(NumberField.Accepted, "#deriv-h")
    def _h_typed(self, event: NumberField.Accepted) -> None:
        self.h = float(event.number)
        self.note = ""
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

    def action_next_function(self) -> None:
        names = list(CURVES)
        self.curve = names[(names.index(self.curve) + 1) % len(names)]
        self.redraw()

    def action_move_x(self, step: float) -> None:
        self.x = float(np.clip(self.x + step, -50, 50))
        self.query_one("#deriv-x", NumberField).set_number(self.x)
        self.redraw()

    def action_scale_h(self, factor: float) -> None:
        h = self.h * factor
        if not H_MIN <= h <= H_MAX:
            self.note = _("h stays between 1e-300 and 10 here.")
            self._show_note()
            return
        # Keep powers of ten exact (1e-4 * 10 would print as 0.0010000000000000002).
        self.h = float(f"{h:.12g}")
        self.note = ""
        self.query_one("#deriv-h", NumberField).set_number(self.h)
        self.redraw()

    def action_reset(self) -> None:
        self.x, self.h, self.point, self.show_bug = X_START, H_START, POINT_START, False
        self.curve, self.note = "quadratic", ""
        self.query_one("#deriv-x", NumberField).set_number(self.x)
        self.query_one("#deriv-h", NumberField).set_number(self.h)
        self.query_one("#deriv-x0", NumberField).set_number(self.point[0])
        self.query_one("#deriv-x1", NumberField).set_number(self.point[1])
        self.redraw()

    # --- drawing ---------------------------------------------------------------

    def _show_note(self) -> None:
        """The one message line: shown when there is a message, taking no row otherwise."""
        note = self.query_one("#deriv-note", Static)
        show(note, self.note)
        note.display = bool(self.note)

    def redraw(self) -> None:
        curve = CURVES[self.curve]
        f, x, h = curve.f, self.x, self.h
        show(self.query_one("#deriv-title", Static),
            _("{formula} and its tangent at x").format(formula=curve.formula)
        )
        self._show_note()
        self.slopes = {
            "forward": float(numerical_diff(f, x, h=h, method="forward")),
            "central": float(numerical_diff(f, x, h=h, method="central")),
            "exact": float(curve.slope(x)),
            "bug": float(diff_bad_parentheses(f, x, h=h)),
        }
        own = None
        if self.own is not None and self.curve == "quadratic":  # the file knows the book's f
            own = self.own.values(x, [(LabFunction("slope"), x)], as_number)
        if own is not None:
            self.slopes["yours"] = own[0]
        s = self.slopes
        forward_error = abs(s["forward"] - s["exact"])
        central_error = abs(s["central"] - s["exact"])

        def error_words(error: float) -> str:
            return _("0 (exact)") if error == 0 else f"{error:.3g}"

        lines = [
            _("slopes at x = {x} with h = {h}:").format(x=f"{x:g}", h=f"{h:g}"),
            _("forward  {value}").format(value=repr(s["forward"])),
            _("central  {value}").format(value=repr(s["central"])),
            _("exact    {value}").format(value=exact(s["exact"])),
            _("errors: forward {forward}, central {central}").format(
                forward=error_words(forward_error), central=error_words(central_error)
            ),
            _("forward = (f(x+h)−f(x))/h, central = (f(x+h)−f(x−h))/(2h), exact = {slope}").format(
                slope=curve.slope_formula
            ),
        ]
        if self.show_bug:
            lines.append(
                _(
                    "[b]Pitfall /2*h:[/b] (f(x+h)−f(x−h))/2*h = {value}"
                    " — divides by 2, then multiplies by h: h² × the slope."
                ).format(value=repr(s["bug"]))
            )
        else:
            lines.append(_("Press b to see the /2*h bug."))
        lines.append(_(CURVE_NOTES[self.curve]))
        if self.own is not None:
            if self.curve == "quadratic":
                lines.append(self.own.note("slope and tangent"))
            else:
                lines.append(_("Your numerical_diff is used with the book's f (press f)."))
            if "yours" in s:
                lines.append(
                    _("yours    {value}  (your numerical_diff at x = {x})").format(
                        value=repr(s["yours"]), x=f"{x:g}"
                    )
                )
        show(self.query_one("#deriv-slopes", Static), "\n".join(lines))
        slope = s.get("yours", s["exact"])
        self.secant = draw_tangent(
            self.query_one("#deriv-tangent", ChartBox), curve, x, h, slope, yours="yours" in s
        )
        self.zeros = draw_errors(
            self.query_one("#deriv-errors", ChartBox), curve, x, h, central_error
        )
        self.update_partials()

    def update_partials(self) -> None:
        f = explore.function_2
        self.partials = explore.partial_derivatives(f, self.point, h=self.h)
        x0, x1 = self.point
        p0, p1 = self.partials
        lines = [
            _("∂f/∂x0 = {value}   (exact 2·x0 = {exact})").format(
                value=repr(p0), exact=exact(2 * x0)
            ),
            _("∂f/∂x1 = {value}   (exact 2·x1 = {exact})").format(
                value=repr(p1), exact=exact(2 * x1)
            ),
        ]
        if self.show_bug:
            b0, b1 = explore.partial_derivatives(f, self.point, h=self.h, diff=diff_bad_parentheses)
            lines.append(
                _("with the /2*h bug: {first} and {second}").format(
                    first=f"{b0:.1e}", second=f"{b1:.1e}"
                )
            )
        show(self.query_one("#deriv-partials", Static), "\n".join(lines))
