"""Lesson 1 lab: every loss on screen is the engine's, and no input breaks it."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App
from textual.widgets import Switch

from tui_nn.engine import explore
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.pitfalls import cross_entropy_without_delta
from tui_nn.ui.labs.loss import LossLab, fmt_loss
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, assert_refused, shown_text

BAD_INPUTS = ["abc", "", "1e309", "nan", "-1", "1.5"]


def assert_losses_match_engine(app: App) -> None:
    lab = app.screen.query_one(LossLab)
    t = explore.REFERENCE_T
    mse = mean_squared_error(lab.y, t)
    loss = cross_entropy_error if lab.use_delta else cross_entropy_without_delta
    cee = loss(lab.y, t)
    shown = shown_text(app, "#loss-numbers")
    assert f"MSE  {fmt_loss(mse)} " in shown
    assert f"  {fmt_loss(cee)} " in shown


async def test_reference_numbers_on_screen() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        shown = shown_text(app, "#loss-numbers")
        assert "MSE  0.0975 " in shown
        assert "CEE  0.510825457099 " in shown
        assert_losses_match_engine(app)
        await pilot.press("y")
        shown = shown_text(app, "#loss-numbers")
        assert "MSE  0.5975 " in shown
        assert "CEE  2.302584092995 " in shown
        assert "class 7, a wrong answer" in shown_text(app, "#loss-reference")
        assert_losses_match_engine(app)


async def test_no_delta_pitfall_gives_nan() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("d")
        assert app.screen.query_one("#loss-delta", Switch).value is False
        shown = shown_text(app, "#loss-numbers")
        assert "CEE without delta  nan" in shown
        assert "Pitfall" in shown and "class 3, 6, 8, 9" in shown
        assert_losses_match_engine(app)
        await pilot.press("d")
        assert "CEE  0.510825457099 " in shown_text(app, "#loss-numbers")
        await pilot.click("#loss-delta")  # the mouse works too
        assert app.screen.query_one("#loss-delta", Switch).value is False
        assert "CEE without delta  nan" in shown_text(app, "#loss-numbers")


async def test_moving_probability_renormalises_and_updates_losses() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(LossLab)
        await pilot.press("plus", "plus")
        expected = explore.set_probability(
            explore.set_probability(explore.REFERENCE_Y1, 2, 0.65), 2, 0.7
        )
        np.testing.assert_allclose(lab.y, expected)
        assert lab.y.sum() == pytest.approx(1.0)
        assert app.screen.query_one("#loss-prob", NumberField).value == "0.7"
        assert_losses_match_engine(app)
        await pilot.press("c")  # class 3
        assert app.screen.query_one("#loss-class", NumberField).value == "3"
        await pilot.press("minus")  # 0 stays 0 (clipped)
        assert lab.y[3] == 0.0
        await pilot.press("r")
        np.testing.assert_allclose(lab.y, explore.REFERENCE_Y1)
        assert "MSE  0.0975 " in shown_text(app, "#loss-numbers")


async def test_typed_class_and_probability() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(LossLab)
        cls_field = app.screen.query_one("#loss-class", NumberField)
        cls_field.focus()
        await pilot.press("backspace", "7")
        assert lab.chosen == 7
        assert app.screen.query_one("#loss-prob", NumberField).value == "0.1"  # y1[7]
        prob = app.screen.query_one("#loss-prob", NumberField)
        prob.focus()
        await pilot.press("backspace", "0", ".", "9")
        np.testing.assert_allclose(lab.y, explore.set_probability(explore.REFERENCE_Y1, 7, 0.9))
        assert_losses_match_engine(app)
        # the other classes share the remaining 0.1 in their old proportions
        assert lab.y[2] == pytest.approx(0.6 * 0.1 / 0.9)


@pytest.mark.parametrize("field_id", ["#loss-class", "#loss-prob"])
async def test_bad_input_keeps_last_valid_value(field_id: str) -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(LossLab)
        field = app.screen.query_one(field_id, NumberField)
        before_y, before_k = lab.y.copy(), lab.chosen
        before_numbers = shown_text(app, "#loss-numbers")
        for bad in BAD_INPUTS:
            field.value = bad
            await pilot.pause()
            assert "Keeping" in str(field.error), bad
            np.testing.assert_array_equal(lab.y, before_y)
            assert lab.chosen == before_k
            assert shown_text(app, "#loss-numbers") == before_numbers
        field.focus()
        await pilot.press("x")  # letters typed by keyboard too
        assert "Keeping" in str(field.error)
        assert app.is_running


# --- through the whole app -----------------------------------------------------


async def test_in_the_app_reference_numbers_and_keys(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(1)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.lab, LossLab)
        assert "MSE  0.0975 " in shown_text(app, "#loss-numbers")
        await pilot.press("y")  # the lab has the keyboard when the lesson opens
        assert "CEE  2.302584092995 " in shown_text(app, "#loss-numbers")
        assert_losses_match_engine(app)
        app.screen.query_one("#loss-prob", NumberField).focus()
        await pilot.press("y")  # typed into the field: a message, not a crash
        assert "Keeping" in str(app.screen.query_one("#loss-prob", NumberField).error)
        await pilot.press("escape", "d")  # leave the field: lab keys work again
        assert "CEE without delta  nan" in shown_text(app, "#loss-numbers")




async def test_neglog_point_follows_the_answer_class() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(LossLab)
        assert lab.answer_cost == -np.log(0.6 + 1e-7)
        await pilot.press("d")
        assert lab.answer_cost == -np.log(0.6)  # without delta
        await pilot.press("d")
        prob = app.screen.query_one("#loss-prob", NumberField)
        prob.value = "0"  # no probability left on the answer
        await pilot.pause()
        assert lab.y[2] == 0.0
        assert "CEE  16.118095650958 " in shown_text(app, "#loss-numbers")  # -log(1e-7)
        assert lab.answer_cost == -np.log(1e-7)
        await pilot.press("d")
        assert "CEE without delta  nan" in shown_text(app, "#loss-numbers")
        assert lab.answer_cost == float("inf")  # drawn at the top of the chart, no crash
        assert "cannot be drawn" not in str(app.screen.query_one("#loss-neglog").render())
        assert app.is_running


BAD_INPUTS_BY_FIELD = {
    "#loss-class": [
        ("x", "not a number"),
        ("", "empty"),
        ("-1", "0 to 9"),  # there is no class -1
        ("1.5", "whole number"),
    ],
    "#loss-prob": [
        ("nan", "not a number"),
        # typing 1e309 passes through p = 1, which zeroes the other classes for a
        # moment: going back to the old p must bring them back too
        ("1e309", "too big"),
        ("-0.5", "0 to 1"),  # a probability is never negative
    ],
}


async def test_every_key_and_odd_input_never_crash() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.lab
        assert isinstance(lab, LossLab)
        keys = [key for b in lab.BINDINGS for key in b.key.split(",")]  # type: ignore[union-attr]
        await pilot.press(*keys, *reversed(keys))
        assert_losses_match_engine(app)
        await pilot.press("r")  # back to prediction 1, class 2, p = 0.6

        def shown() -> tuple[str, list[float], int]:
            return shown_text(app, "#loss-numbers"), np.round(lab.y, 12).tolist(), lab.chosen

        for field_id, bad_inputs in BAD_INPUTS_BY_FIELD.items():
            for bad, reason in bad_inputs:
                await assert_refused(pilot, field_id, bad, reason, shown)
        await pilot.press("escape", "r")  # Esc leaves the field; the lab's keys work again
        np.testing.assert_allclose(lab.y, explore.REFERENCE_Y1)
        assert_losses_match_engine(app)

