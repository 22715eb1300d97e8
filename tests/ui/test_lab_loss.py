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


def table_row(app: App, label: str) -> list[str]:
    """The cells of one row of the comparison table: [y1's value, y2's value]."""
    for line in shown_text(app, "#loss-table").splitlines():
        if line.startswith(label):
            return line[len(label) :].split()
    raise AssertionError(f"no row {label!r} in {shown_text(app, '#loss-table')!r}")


def assert_losses_match_engine(app: App) -> None:
    """Both columns of the table are the engine's losses of both predictions."""
    lab = app.screen.query_one(LossLab)
    t = explore.REFERENCE_T
    loss = cross_entropy_error if lab.use_delta else cross_entropy_without_delta
    mse = [fmt_loss(mean_squared_error(lab.predictions[n], t)) for n in ("y1", "y2")]
    cee = [fmt_loss(loss(lab.predictions[n], t)) for n in ("y1", "y2")]
    assert table_row(app, "MSE") == mse
    assert table_row(app, "CEE" if lab.use_delta else "CEE, no δ") == cee
    assert lab.mse == mean_squared_error(lab.y, t)


async def test_both_predictions_side_by_side_at_a_glance() -> None:
    """Issue 12: y2's 0.5975 and 2.3026 are on screen without pressing y; y picks the column."""
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        assert table_row(app, "MSE") == ["0.0975", "0.5975"]
        assert table_row(app, "CEE") == ["0.510825457099", "2.302584092995"]
        assert "y1 better by both: MSE +0.5000, CEE +1.7918" in shown_text(app, "#loss-notes")
        assert_losses_match_engine(app)
        head = shown_text(app, "#loss-table").splitlines()[0]
        assert "▶ y1 right" in head and "y2 wrong" in head  # marked, not by colour alone
        await pilot.press("y")  # edit y2 now: both columns stay
        head = shown_text(app, "#loss-table").splitlines()[0]
        assert "▶ y2 wrong" in head and "▶ y1" not in head
        assert app.screen.query_one("#loss-prob", NumberField).value == "0.1"  # y2[2]
        await pilot.press("plus")
        lab = app.screen.query_one(LossLab)
        np.testing.assert_allclose(lab.predictions["y1"], explore.REFERENCE_Y1)  # untouched
        np.testing.assert_allclose(
            lab.predictions["y2"], explore.set_probability(explore.REFERENCE_Y2, 2, 0.15)
        )
        assert "y2 changed" in shown_text(app, "#loss-table")
        assert_losses_match_engine(app)


async def test_no_delta_pitfall_gives_nan() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("d")
        assert app.screen.query_one("#loss-delta", Switch).value is False
        assert table_row(app, "CEE, no δ") == ["nan", "nan"]
        notes = shown_text(app, "#loss-notes")
        assert "Pitfall" in notes and "class 3, 6, 8, 9" in notes
        assert_losses_match_engine(app)
        await pilot.press("d")
        assert table_row(app, "CEE") == ["0.510825457099", "2.302584092995"]
        await pilot.click("#loss-delta")  # the mouse works too
        assert app.screen.query_one("#loss-delta", Switch).value is False
        assert table_row(app, "CEE, no δ") == ["nan", "nan"]


async def test_probability_one_says_why_the_loss_is_a_hair_below_zero() -> None:
    """Issue 12: p = 1 gives -log(1 + 1e-7) ≈ -1e-7; the lab says so instead of a bare minus."""
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(LossLab)
        assert "delta's trace" not in shown_text(app, "#loss-notes")
        await pilot.press(*["plus"] * 8)  # 0.6 -> 1.0
        assert lab.y[2] == 1.0
        cee = cross_entropy_error(lab.y, explore.REFERENCE_T)
        assert cee < 0
        assert table_row(app, "CEE")[0] == fmt_loss(cee) == "-0.0000001"
        notes = shown_text(app, "#loss-notes")
        assert f"CEE {fmt_loss(cee)} is delta's trace: −log(1 + 1e-7) ≈ −1e-7" in notes
        assert "Read it as 0: perfect." in notes


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
        assert table_row(app, "MSE") == ["0.0975", "0.5975"]


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
        before_numbers = shown_text(app, "#loss-table")
        for bad in BAD_INPUTS:
            field.value = bad
            await pilot.pause()
            assert "Keeping" in str(field.error), bad
            np.testing.assert_array_equal(lab.y, before_y)
            assert lab.chosen == before_k
            assert shown_text(app, "#loss-table") == before_numbers
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
        assert table_row(app, "MSE") == ["0.0975", "0.5975"]
        await pilot.press("y")  # the lab has the keyboard when the lesson opens
        assert app.screen.lab.reference == "y2"
        assert_losses_match_engine(app)
        app.screen.query_one("#loss-prob", NumberField).focus()
        await pilot.press("y")  # typed into the field: a message, not a crash
        assert "Keeping" in str(app.screen.query_one("#loss-prob", NumberField).error)
        await pilot.press("escape", "d")  # leave the field: lab keys work again
        assert table_row(app, "CEE, no δ") == ["nan", "nan"]




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
        assert table_row(app, "CEE")[0] == "16.118095650958"  # -log(1e-7)
        assert lab.answer_cost == -np.log(1e-7)
        await pilot.press("d")
        assert table_row(app, "CEE, no δ")[0] == "nan"
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
            return shown_text(app, "#loss-table"), np.round(lab.y, 12).tolist(), lab.chosen

        for field_id, bad_inputs in BAD_INPUTS_BY_FIELD.items():
            for bad, reason in bad_inputs:
                await assert_refused(pilot, field_id, bad, reason, shown)
        await pilot.press("escape", "r")  # Esc leaves the field; the lab's keys work again
        np.testing.assert_allclose(lab.y, explore.REFERENCE_Y1)
        assert_losses_match_engine(app)



@pytest.mark.parametrize("text_file", ["01-loss.md", "02-minibatch.md"])
def test_lesson_text_is_short_and_its_try_this_keys_exist(text_file: str) -> None:
    """200-400 plain words, and every key the English "Try this" names is bound in its lab."""
    import re
    from pathlib import Path

    from textual.binding import Binding

    from tui_nn.ui.labs.minibatch import MinibatchLab

    lab = LossLab if text_file.startswith("01") else MinibatchLab
    root = Path(__file__).resolve().parents[2]
    for folder in ("lessons", "lessons/ko"):
        words = len((root / folder / text_file).read_text(encoding="utf-8").split())
        assert 200 <= words <= 400, (folder, words)
    text = (root / "lessons" / text_file).read_text(encoding="utf-8")
    named = re.findall(r"\*\*([^*]+)\*\*", text.split("## Try this", 1)[1])
    keys = {b.key for b in Binding.make_bindings(lab.BINDINGS)}
    names = {"+": "plus", "-": "minus"}
    for token in named:
        if len(token) == 1:
            assert names.get(token, token) in keys, token
