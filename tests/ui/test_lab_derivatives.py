"""Lesson 3 lab: the slopes on screen are the engine's, and no input breaks it."""

from __future__ import annotations

import pytest
from textual.app import App

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_diff
from tui_nn.engine.pitfalls import diff_bad_parentheses
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, press_every_key_and_refuse_bad_input, shown_text

BAD_INPUTS = ["abc", "", "1e309", "nan"]


def assert_slopes_match_engine(app: App) -> None:
    lab = app.screen.query_one(DerivativesLab)
    f, x, h = explore.function_1, lab.x, lab.h
    shown = shown_text(app, "#deriv-slopes")
    assert repr(numerical_diff(f, x, h=h, method="forward")) in shown
    assert repr(numerical_diff(f, x, h=h, method="central")) in shown
    assert f"{explore.function_1_slope(x):.15g}" in shown


async def test_reference_slopes_on_screen() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        shown = shown_text(app, "#deriv-slopes")
        assert "0.20000099999917254" in shown
        assert "0.1999999999990898" in shown
        assert "exact    0.2\n" in shown
        assert_slopes_match_engine(app)
        partials = shown_text(app, "#deriv-partials")
        assert "exact 2·x0 = 6)" in partials and "exact 2·x1 = 8)" in partials
        p0, p1 = explore.partial_derivatives(explore.function_2, (3.0, 4.0))
        assert repr(p0) in partials and repr(p1) in partials
        assert round(p0, 6) == 6 and round(p1, 6) == 8

        x_field = app.screen.query_one("#deriv-x", NumberField)
        x_field.focus()
        await pilot.press("backspace", "1", "0")
        shown = shown_text(app, "#deriv-slopes")
        assert "0.2999999999986347" in shown
        assert "exact    0.3\n" in shown
        assert_slopes_match_engine(app)


async def test_bug_key_shows_the_slash_2_times_h_result() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "1.9999999999908982e-09" not in shown_text(app, "#deriv-slopes")
        await pilot.press("b")
        assert "1.9999999999908982e-09" in shown_text(app, "#deriv-slopes")
        assert repr(diff_bad_parentheses(explore.function_1, 5.0, 1e-4)) in shown_text(
            app, "#deriv-slopes"
        )
        assert "6.0e-08 and 8.0e-08" in shown_text(app, "#deriv-partials")
        await pilot.press("plus", "plus", "plus", "plus", "plus")  # x = 10
        assert "2.999999999986347e-09" in shown_text(app, "#deriv-slopes")
        assert_slopes_match_engine(app)
        await pilot.press("b")
        assert "e-09" not in shown_text(app, "#deriv-slopes")


async def test_h_keys_and_tiny_h() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DerivativesLab)
        await pilot.press("right_square_bracket")
        assert lab.h == 1e-3
        assert app.screen.query_one("#deriv-h", NumberField).value == "0.001"
        assert_slopes_match_engine(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert lab.h == 1e-5
        assert_slopes_match_engine(app)
        h_field = app.screen.query_one("#deriv-h", NumberField)
        h_field.value = "1e-50"
        await pilot.pause()
        assert lab.h == 1e-50
        shown = shown_text(app, "#deriv-slopes")
        assert "forward  0.0\n" in shown  # x + h == x in float64
        assert "central  0.0\n" in shown
        await pilot.press("r")
        assert lab.h == 1e-4 and lab.x == 5.0


async def test_partial_derivatives_follow_the_point() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        app.screen.query_one("#deriv-x0", NumberField).value = "-2.5"
        app.screen.query_one("#deriv-x1", NumberField).value = "0"
        await pilot.pause()
        p0, p1 = explore.partial_derivatives(explore.function_2, (-2.5, 0.0))
        shown = shown_text(app, "#deriv-partials")
        assert f"∂f/∂x0 = {p0!r}" in shown and f"∂f/∂x1 = {p1!r}" in shown
        assert "exact 2·x0 = -5)" in shown


@pytest.mark.parametrize(
    ("field_id", "extra"),
    [
        ("#deriv-x", ["1000"]),
        ("#deriv-h", ["0", "-1e-4", "100", "5e-324", "1e-301"]),
        ("#deriv-x0", ["1e6"]),
        ("#deriv-x1", []),
    ],
)
async def test_bad_input_keeps_last_valid_value(field_id: str, extra: list[str]) -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DerivativesLab)
        field = app.screen.query_one(field_id, NumberField)
        before = (
            lab.x,
            lab.h,
            lab.point,
            shown_text(app, "#deriv-slopes"),
            shown_text(app, "#deriv-partials"),
        )
        for bad in BAD_INPUTS + extra:
            field.value = bad
            await pilot.pause()
            assert "Keeping" in str(field.error), bad
            now = (
                lab.x,
                lab.h,
                lab.point,
                shown_text(app, "#deriv-slopes"),
                shown_text(app, "#deriv-partials"),
            )
            assert now == before, bad
        if field_id == "#deriv-h":
            for below in ("0", "5e-324", "1e-301"):  # below the stated minimum
                field.value = below
                await pilot.pause()
                assert "1e-300" in str(field.error), below
                assert field.border_subtitle == "< min", below  # the range: field.error
        assert app.is_running


# --- through the whole app -----------------------------------------------------


async def test_in_the_app_reference_numbers_and_keys(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.lab, DerivativesLab)
        assert "0.1999999999990898" in shown_text(app, "#deriv-slopes")
        await pilot.press("b")
        assert "1.9999999999908982e-09" in shown_text(app, "#deriv-slopes")
        assert_slopes_match_engine(app)






BAD_INPUTS_BY_FIELD = {
    "#deriv-x": [("x", "not a number"), ("1e309", "too big")],
    "#deriv-h": [("", "empty"), ("-1", "1e-300 to 10"), ("5e-324", "1e-300 to 10")],
    "#deriv-x0": [("nan", "not a number"), ("500", "-100 to 100")],
    "#deriv-x1": [("abc", "not a number")],
}



async def test_every_key_and_odd_input_never_crash() -> None:
    app = LabApp(DerivativesLab)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_every_key_and_refuse_bad_input(pilot, BAD_INPUTS_BY_FIELD)
