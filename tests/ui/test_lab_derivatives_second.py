"""Lesson 3, second edition: one h message, sin(x) and its V, honest zeros, the forward secant."""

from __future__ import annotations

import numpy as np

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.labs.derivatives_charts import SWEEP_EXPONENTS, ZERO_MARKER
from tui_nn.ui.widgets.chart import ChartBox
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text


def title(app: LabApp, selector: str) -> str:
    return str(app.screen.query_one(selector, ChartBox)._title.render())


def legend(app: LabApp, selector: str) -> str:
    return str(app.screen.query_one(selector, ChartBox)._legend.render())


async def test_h_past_its_limits_says_so_once_and_never_stacks_toasts() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.lab
        assert isinstance(lab, DerivativesLab)
        assert not app.screen.query_one("#deriv-note").display  # no message, no row
        await pilot.press(*["right_square_bracket"] * 15)  # 1e-4 -> 10, then ten more
        await pilot.pause()
        assert lab.h == 10.0
        assert len(app._notifications) == 0  # no toast at all
        assert shown_text(app, "#deriv-note") == "h stays between 1e-300 and 10 here."
        assert app.screen.query_one("#deriv-note").display
        await pilot.press("left_square_bracket")  # a step that works clears it
        assert lab.h == 1.0 and shown_text(app, "#deriv-note") == ""
        assert not app.screen.query_one("#deriv-note").display


async def test_sine_shows_the_v_and_the_quadratic_says_its_zeros_are_exact() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.lab
        assert isinstance(lab, DerivativesLab)
        # The book's quadratic: some central errors are exactly 0 and the chart says so.
        hs = 10.0**SWEEP_EXPONENTS
        quad = explore.slope_errors(explore.function_1, 5.0, 0.2, hs)
        assert explore.exactly_zero(quad).any()
        assert lab.zeros > 0
        assert f"{ZERO_MARKER} on the bottom line: error exactly 0" in title(app, "#deriv-errors")
        assert ZERO_MARKER in str(app.screen.query_one("#deriv-errors", ChartBox).chart.render())
        assert "errs only by rounding" in shown_text(app, "#deriv-slopes")
        await pilot.press("f")
        assert "f(x) = sin(x)" in shown_text(app, "#deriv-title")
        slopes = shown_text(app, "#deriv-slopes")
        assert repr(numerical_diff(explore.sine, 5.0, h=1e-4)) in slopes
        assert f"exact    {np.cos(5.0):.15g}" in slopes and "exact = cos(x)" in slopes
        assert "makes a V" in slopes
        errors = explore.slope_errors(explore.sine, 5.0, explore.sine_slope(5.0), hs)
        if not explore.exactly_zero(errors).any():
            assert lab.zeros == 0 and "exactly 0" not in title(app, "#deriv-errors")
        await pilot.press("f")
        assert "0.01x² + 0.1x" in shown_text(app, "#deriv-title")


async def test_a_large_h_draws_the_forward_secant() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.lab
        assert isinstance(lab, DerivativesLab)
        assert not lab.secant and "secant" not in legend(app, "#deriv-tangent")
        field = app.screen.query_one("#deriv-h", NumberField)
        field.value = "5"
        await pilot.pause()
        assert lab.secant
        assert "secant (forward, h)" in legend(app, "#deriv-tangent")
        forward = numerical_diff(explore.function_1, 5.0, h=5.0, method="forward")
        assert f"secant: slope {forward:.6g}" in title(app, "#deriv-tangent")
        assert "◆" in str(app.screen.query_one("#deriv-tangent", ChartBox).chart.render())
