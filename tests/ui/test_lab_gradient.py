"""Lesson 4 lab: the gradient on screen is the engine's, and no input breaks it."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_gradient
from tui_nn.engine.pitfalls import book_numerical_gradient
from tui_nn.ui.labs.gradient import GradientLab, fmt_vector
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, press_every_key_and_refuse_bad_input, shown_text

BAD_INPUTS = ["abc", "", "1e309", "nan", "101"]


async def set_point(pilot, app: App, x0: str, x1: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#grad-x0", NumberField).value = x0
    app.screen.query_one("#grad-x1", NumberField).value = x1
    await pilot.pause()


@pytest.mark.parametrize(
    ("x0", "x1", "rounded"),
    [("3", "4", "[6, 8]"), ("0", "2", "[0, 4]"), ("3", "0", "[6, 0]")],
)
async def test_reference_gradients_on_screen(x0: str, x1: str, rounded: str) -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await set_point(pilot, app, x0, x1)
        grad = numerical_gradient(explore.function_2, np.array([float(x0), float(x1)]))
        shown = shown_text(app, "#grad-numbers")
        assert f"gradient at ({x0}, {x1}) = {rounded}" in shown
        assert fmt_vector(grad) == rounded
        assert repr([float(g) for g in grad]) in shown
        assert f"= {fmt_vector(-grad)}" in shown


async def test_integer_pitfall_key() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "25000" not in shown_text(app, "#grad-pitfall")
        await pilot.press("i")
        shown = shown_text(app, "#grad-pitfall")
        expected = book_numerical_gradient(explore.function_2, np.array([3, 4]))
        assert expected.tolist() == [25000, 35000]
        assert "np.array([3, 4]) gives [25000, 35000]" in shown
        assert "np.array([3.0, 4.0]) gives [6, 8]" in shown
        await pilot.press("i")
        assert "25000" not in shown_text(app, "#grad-pitfall")


async def test_saddle_has_zero_gradient_but_no_minimum() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(GradientLab)
        await pilot.press("o")
        assert "every nearby point is higher" in shown_text(app, "#grad-flat")
        await pilot.press("s")
        assert "x0² − x1²" in shown_text(app, "#grad-function")
        assert "gradient at (0, 0) = [0, 0]" in shown_text(app, "#grad-numbers")
        np.testing.assert_array_equal(lab.gradient, numerical_gradient(explore.saddle, np.zeros(2)))
        flat = shown_text(app, "#grad-flat")
        assert "Zero gradient, no minimum" in flat
        _probe, value = explore.lower_neighbour(explore.saddle, np.zeros(2), radius=0.5)
        assert f"= {value:.3g} is lower" in flat
        await set_point(pilot, app, "1", "2")
        grad = numerical_gradient(explore.saddle, np.array([1.0, 2.0]))
        assert f"= {fmt_vector(grad)}" in shown_text(app, "#grad-numbers")
        assert fmt_vector(grad) == "[2, -4]"
        await pilot.press("r")
        assert "gradient at (3, 4) = [6, 8]" in shown_text(app, "#grad-numbers")


async def test_far_point_still_draws() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await set_point(pilot, app, "-100", "55.5")
        assert "gradient at (-100, 55.5) = [-200, 111]" in shown_text(app, "#grad-numbers")
        assert "cannot be drawn" not in str(app.screen.query_one("#grad-field").render())


@pytest.mark.parametrize("field_id", ["#grad-x0", "#grad-x1"])
async def test_bad_input_keeps_last_valid_value(field_id: str) -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(GradientLab)
        field = app.screen.query_one(field_id, NumberField)
        before = (lab.point, shown_text(app, "#grad-numbers"))
        for bad in BAD_INPUTS:
            field.value = bad
            await pilot.pause()
            assert "Keeping" in str(field.error), bad
            assert (lab.point, shown_text(app, "#grad-numbers")) == before, bad
        assert app.is_running


# --- through the whole app -----------------------------------------------------


async def test_in_the_app_reference_numbers_and_keys(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(4)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.lab, GradientLab)
        assert "gradient at (3, 4) = [6, 8]" in shown_text(app, "#grad-numbers")
        await pilot.press("i")
        assert "[25000, 35000]" in shown_text(app, "#grad-pitfall")




async def test_plateau_is_almost_flat_but_not_a_minimum() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(GradientLab)
        await pilot.press("s", "s")  # bowl -> saddle -> plateau
        assert "(a plateau)" in shown_text(app, "#grad-function")
        grad = numerical_gradient(explore.plateau, np.array([3.0, 4.0]))
        np.testing.assert_array_equal(lab.gradient, grad)
        assert f"gradient at (3, 4) = {fmt_vector(grad)}" in shown_text(app, "#grad-numbers")
        flat = shown_text(app, "#grad-flat")
        assert f"only {np.hypot(*grad):.2g} long" in flat and "plateau" in flat
        await set_point(pilot, app, "100", "100")  # so far out that f is exactly 1
        assert "gradient at (100, 100) = [0, 0]" in shown_text(app, "#grad-numbers")
        assert "just as high (f = 1)" in shown_text(app, "#grad-flat")
        await pilot.press("o")
        assert "is a minimum" in shown_text(app, "#grad-flat")
        await pilot.press("s")
        assert "(a bowl)" in shown_text(app, "#grad-function")


BAD_INPUTS_BY_FIELD = {
    "#grad-x0": [("x", "not a number"), ("", "empty"), ("1e309", "too big")],
    "#grad-x1": [("nan", "not a number"), ("-500", "-100 to 100")],
}



async def test_every_key_and_odd_input_never_crash() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_every_key_and_refuse_bad_input(pilot, BAD_INPUTS_BY_FIELD)
