"""Lesson 5, second edition: a dot per step, a start near the saddle, one step by hand,
the path chart above the fold at 80x24, and states that read without colour."""

from __future__ import annotations

import pytest

from tui_nn.engine import explore
from tui_nn.engine.descent import WORKED_RATES, WORKED_WEIGHT, one_update, worked_loss
from tui_nn.engine.gradient import numerical_diff
from tui_nn.ui import look
from tui_nn.ui.labs.descent import SADDLE_LR, DescentLab
from tui_nn.ui.labs.descent_draw import SADDLE, step_marker
from tui_nn.ui.labs.descent_step import plain
from tui_nn.ui.widgets.chart import ChartBox
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text, type_into


def chart_text(app: LabApp, selector: str) -> str:
    return str(app.screen.query_one(selector, ChartBox).chart.render())


def title(app: LabApp, selector: str) -> str:
    return str(app.screen.query_one(selector, ChartBox)._title.render())


async def test_every_step_of_the_path_has_a_dot() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(62, 31)) as pilot:
        lab = app.lab
        assert isinstance(lab, DescentLab)
        await pilot.press("right_square_bracket", *["s"] * 6)  # lr 0.1, six steps
        assert lab.dots == 5  # steps 1..5 get a dot; step 6 is ● and step 0 is S
        shown = chart_text(app, "#d5-path")
        assert step_marker() in shown and "●" in shown and "S" in shown
        assert f"{step_marker()} each step" in title(app, "#d5-path")


async def test_the_saddle_start_approaches_stalls_and_escapes() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(62, 31)) as pilot:
        lab = app.lab
        assert isinstance(lab, DescentLab)
        await pilot.press("n")
        assert lab.run.bowl is SADDLE and lab.lr == SADDLE_LR
        assert lab.run.start == explore.SADDLE_START
        assert "x0² − x1²" in shown_text(app, "#d5-head")
        assert app.screen.query_one("#x1", NumberField).value == "0.001"
        seen = []
        for _ in range(45):
            await pilot.press("s")
            verdict = shown_text(app, "#d5-verdict")
            label = verdict.split(":")[0]
            if not seen or seen[-1] != label:
                seen.append(label)
            _phase, length = explore.saddle_phase(SADDLE, lab.run.start, lab.run.x, lab.run.steps)
            if label == "stalled":
                assert f"only {length:.2g} long" in verdict
        assert seen == ["sliding toward the flat spot", "stalled", "escaping"]
        assert "plain scale" in title(app, "#d5-loss")  # f goes below 0: no log scale
        await pilot.press("b")  # back to a bowl
        assert lab.run.bowl.name == "round bowl" and lab.run.start == (-3.0, 4.0)


async def test_one_step_by_hand_with_the_engine_s_numbers() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(62, 31)) as pilot:
        grad = numerical_diff(worked_loss, WORKED_WEIGHT)
        shown = shown_text(app, "#one-step")
        assert f"the gradient is {plain(grad)}." in shown and plain(grad) == "6"
        for lr, expected in zip(WORKED_RATES, ("-1", "4.4", "4.99994"), strict=True):
            after = plain(one_update(WORKED_WEIGHT, grad, lr))
            assert after == expected
            assert f"5 − {plain(lr)} × 6 = {after}" in shown
        assert "lr 0.00001: 5 − 0.00001 × 6 = 4.99994  (barely moved)" in shown
        assert "= -1  (past the bottom)" in shown
        await pilot.press("w")  # the keys go to the panel's own learning rate
        assert app.focused is app.screen.query_one("#one-lr", NumberField)
        await type_into(pilot, "#one-lr", "0.5")
        await pilot.pause()
        assert "your lr: 5 − 0.5 × 6 = 2" in shown_text(app, "#one-step")


async def test_the_path_chart_is_above_the_fold_at_80x24(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(DescentLab)
        box = app.screen.query_one("#d5-path", ChartBox)
        assert box.region.y < lab.region.bottom  # its title is on screen, unscrolled
        assert box.chart.region.height >= 6
        visible = lab.region.bottom - box.chart.region.y
        assert visible >= 8, visible  # most of the chart too


async def test_states_read_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    try:
        app = LabApp(DescentLab)
        async with app.run_test(size=(62, 31)) as pilot:
            assert "[0.01]" in shown_text(app, "#d5-head")  # the chosen preset, by brackets
            await pilot.press("right_square_bracket")
            assert "[0.1]" in shown_text(app, "#d5-head")
            await pilot.press("s", "s", "s")
            assert step_marker() == "o" and "o each step" in title(app, "#d5-path")
            assert "o" in chart_text(app, "#d5-path")
            assert shown_text(app, "#d5-verdict").startswith("descending:")  # words, not colour
            await pilot.press("p")
            assert "playing" in shown_text(app, "#d5-status")
            await pilot.press("p")
            assert "paused" in shown_text(app, "#d5-status")
    finally:
        look.reset()
