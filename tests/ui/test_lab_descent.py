"""Pilot tests of the lesson 5 lab: gradient descent and the learning rate."""

from __future__ import annotations

import re

import numpy as np
from textual.app import App

from tui_nn.engine.experiments import LR_PRESETS, ROUND_BOWL, DescentRun
from tui_nn.ui.labs.descent import DescentLab, fmt_x
from tui_nn.ui.widgets.chart import Chart, ChartBox
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text, type_into


def screen_text(app: App, selector: str) -> str:
    return shown_text(app, selector)


def shown_x(app: App) -> tuple[str, str]:
    match = re.search(r"x = \(([^,]+), ([^)]+)\)", screen_text(app, "#d5-status"))
    assert match, screen_text(app, "#d5-status")
    return match.group(1), match.group(2)


def shown_step(app: App) -> int:
    match = re.search(r"step (\d+)", screen_text(app, "#d5-status"))
    assert match
    return int(match.group(1))


async def set_lr(pilot, text: str) -> None:
    await type_into(pilot, "#lr", text)
    await pilot.press("enter")
    await pilot.pause()


async def test_reference_runs_on_screen() -> None:
    from tui_nn.engine.descent import gradient_descent

    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        for lr in (0.1, 10.0, 1e-10):
            await set_lr(pilot, f"{lr:g}")
            await pilot.press("g")
            assert shown_step(app) == 100
            expected = gradient_descent(ROUND_BOWL, np.array([-3.0, 4.0]), lr=lr, step_num=100)
            assert shown_x(app) == (fmt_x(expected[0]), fmt_x(expected[1]))
            verdict = screen_text(app, "#d5-verdict")
            if lr == 10.0:
                assert shown_x(app) == ("-2.58983747e+13", "-1.29524862e+12")
                assert "frozen" in verdict and "rounds back to x" in verdict
            elif lr == 0.1:
                assert abs(float(shown_x(app)[0]) + 6.1e-10) < 0.1e-10
                assert abs(float(shown_x(app)[1]) - 8.1e-10) < 0.1e-10
                assert "converged" in verdict
            else:
                assert shown_x(app) == ("-2.99999994", "3.99999992")
                assert "barely moving" in verdict
            # the charts still draw
            for chart in app.screen.query(Chart):
                assert "cannot be drawn" not in str(chart.render())


async def test_step_reset_and_start_fields() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DescentLab)
        lab.focus()
        await pilot.press("s", "s", "s")
        assert shown_step(app) == 3
        run = DescentRun(ROUND_BOWL, (-3.0, 4.0), 0.01)
        run.step(3)
        assert shown_x(app) == (fmt_x(run.x[0]), fmt_x(run.x[1]))
        await pilot.press("r")
        assert shown_step(app) == 0
        assert shown_x(app) == ("-3", "4")
        # a new start point resets the run there
        field = app.screen.query_one("#x0", NumberField)
        field.focus()
        field.value = ""
        await pilot.press("1", "enter")
        assert app.focused is lab  # Enter hands the keys back to the lab
        await pilot.press("s")
        assert shown_step(app) == 1
        run = DescentRun(ROUND_BOWL, (1.0, 4.0), 0.01)
        run.step(1)
        assert shown_x(app) == (fmt_x(run.x[0]), fmt_x(run.x[1]))


async def test_presets_cycle_and_reset() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DescentLab)
        lab.focus()
        await pilot.press("s")
        await pilot.press("right_square_bracket")
        assert lab.lr == LR_PRESETS[LR_PRESETS.index(0.01) + 1]
        assert app.screen.query_one("#lr", NumberField).value == "0.1"
        assert shown_step(app) == 0
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert lab.lr == 1e-10
        await pilot.press("left_square_bracket")
        assert lab.lr == 10.0  # wraps around
        assert "lr 10" in screen_text(app, "#d5-status")
        # * and / move lr along a log scale
        await pilot.press("slash", "slash")
        assert lab.lr == 0.1
        assert app.screen.query_one("#lr", NumberField).value == "0.1"
        await pilot.press("asterisk")
        assert lab.lr == 1.0 and "lr 1 " in screen_text(app, "#d5-status")


async def test_play_and_pause() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DescentLab)
        lab.focus()
        await pilot.press("p")
        assert lab.playing and "playing" in screen_text(app, "#d5-status")
        for _ in range(100):  # the timer steps on its own
            await pilot.pause(0.05)
            if lab.run.steps >= 4:
                break
        await pilot.press("p")
        assert not lab.playing and "paused" in screen_text(app, "#d5-status")
        steps = shown_step(app)
        assert steps >= 4
        await pilot.pause(0.2)
        assert shown_step(app) == steps  # paused means no more steps
        await pilot.press("p")
        lab.stop_work()  # leaving the lesson stops the timer
        assert not lab.playing


async def test_bad_learning_rate_is_refused() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        field = app.screen.query_one("#lr", NumberField)
        lab = app.screen.query_one(DescentLab)
        for text in ["1e309", "nan", "-1", "abc", ""]:
            field.focus()
            field.value = text  # as if pasted
            await pilot.press("enter")
            assert "Keeping 0.01" in str(field.error)
            assert lab.lr == 0.01
            assert app.focused is field  # Enter on a bad value stays in the field to fix it
        await pilot.press("escape", "g")
        assert shown_step(app) == 100
        assert "lr 0.01" in screen_text(app, "#d5-status")


async def test_huge_learning_rate_never_crashes() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        await set_lr(pilot, "1e6")
        await pilot.press("g")
        await pilot.pause()
        verdict = screen_text(app, "#d5-verdict")
        assert verdict.split(":")[0] in {"frozen", "overflow", "diverging"}
        for chart in app.screen.query(Chart):
            assert "cannot be drawn" not in str(chart.render())
        field = app.screen.query_one("#lr", NumberField)
        field.value = "1e300"
        await pilot.press("enter", "g")
        assert screen_text(app, "#d5-verdict").startswith("overflow")
        assert "inf" not in screen_text(app, "#d5-status")


async def test_long_bowl() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DescentLab)
        lab.focus()
        await pilot.press("b")
        assert "0.05·x0² + x1²" in screen_text(app, "#d5-head")
        await set_lr(pilot, "1.1")
        await pilot.press("s")
        status = screen_text(app, "#d5-status")
        assert "x1 ×-1.2 (grows, zigzagging)" in status
        assert "x0 ×0.89 (shrinks" in status
        await pilot.press("b")
        assert "x0² + x1²" in screen_text(app, "#d5-head")
        assert shown_step(app) == 0


async def test_fits_at_80x24() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.query_one(DescentLab)
        for field in app.screen.query(NumberField):
            assert field.region.right <= 80 and field.region.width >= 12
        lab.focus()
        await pilot.press("g")
        assert shown_step(app) == 100


async def test_in_the_app_lr_10_freezes_on_screen(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(5)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(DescentLab)
        assert app.focused is lab
        for _ in range(LR_PRESETS.index(10.0) - LR_PRESETS.index(0.01)):
            await pilot.press("right_square_bracket")
        await pilot.press("g")
        assert shown_x(app) == ("-2.58983747e+13", "-1.29524862e+12")
        assert "frozen" in screen_text(app, "#d5-verdict")




def test_decade_ticks_cover_the_data_with_the_top_tick_above_it() -> None:
    from tui_nn.ui.labs.descent import decade_ticks

    for low, high in [(1.4, 26.83), (-18.0, 1.4), (1.39, 1.40), (1.0, 2.0), (-30.0, 300.0)]:
        ticks, bottom, top = decade_ticks(low, high)
        assert ticks[0] == bottom <= low and high < top == ticks[-1]
        assert 2 <= len(ticks) <= 5
        assert len({ticks[k + 1] - ticks[k] for k in range(len(ticks) - 1)}) == 1
    assert decade_ticks(1.4, 26.83)[0] == [0, 10, 20, 30]


async def test_loss_chart_shows_the_top_of_a_diverged_run() -> None:
    app = LabApp(DescentLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DescentLab)
        assert "not started yet: press s to step" in screen_text(app, "#d5-verdict")
        box = app.screen.query_one("#d5-loss", ChartBox)
        chart = box.chart
        assert chart.size.height >= 8
        await set_lr(pilot, "10")
        lab.focus()
        await pilot.press("g")
        top = float(np.log10(max(lab.run.fs)))
        rendered = str(chart.render())
        assert 26 < top < 30  # f reached about 6.7e26, then froze
        assert "1e30" in rendered and "1e19" not in rendered
        assert f"now {lab.run.f:.3g}" in str(box._title.render())


def test_the_words_of_a_step_direction() -> None:
    from tui_nn.ui.labs.descent_words import direction_word

    assert direction_word(0.99) == "shrinks slowly" and direction_word(0.5) == "shrinks"
    assert direction_word(-1.2) == "grows, zigzagging"
    assert direction_word(-1.0) == "bounces (same size)"
    assert direction_word(float("nan")) == "is at 0"


def test_the_frozen_verdict_says_why() -> None:
    from tui_nn.engine.experiments import read_run
    from tui_nn.ui.labs.descent_words import verdict_sentence

    run = DescentRun(ROUND_BOWL, (-3.0, 4.0), 10.0)
    run.step(100)
    sentence = verdict_sentence(read_run(run), steps=run.steps, h=run.h, start_keys="")
    assert "rounds back" in sentence and "2.6e+13" in sentence


async def test_play_goes_on_while_away_and_the_fields_are_kept(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(5)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await set_lr(pilot, "0.05")
        await type_into(pilot, "#x0", "2.5")
        await pilot.press("enter")
        await pilot.press("escape", "p")  # play
        lab = app.screen.query_one(DescentLab)
        assert lab.playing
        await pilot.press("pageup")  # to lesson 4 ...
        await pilot.pause()
        assert app.lesson == 4
        steps_when_left = lab.run.steps
        await pilot.pause(0.5)
        assert "5 · descent playing" in shown_text(app, "#lesson-busy")  # the title bar says so
        await pilot.press("pagedown")  # ... and back
        await pilot.pause()
        assert app.screen.query_one(DescentLab) is lab  # the same lab, not a new one
        assert lab.playing and lab.run.steps > steps_when_left  # it went on meanwhile
        assert app.screen.query_one("#lr", NumberField).value == "0.05"
        assert app.screen.query_one("#x0", NumberField).value == "2.5"
        assert lab.run.start == (2.5, 4.0) and lab.lr == 0.05


async def test_settings_are_remembered_between_runs(app_at) -> None:  # type: ignore[no-untyped-def]
    first = app_at(5)
    async with first.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await set_lr(pilot, "0.3")
        await pilot.press("escape", "b")  # the long bowl
        await pilot.press("q")
    second = app_at(None)
    async with second.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        lab = second.screen.query_one(DescentLab)
        assert lab.lr == 0.3 and lab.run.bowl.name == "long bowl"
        assert second.screen.query_one("#lr", NumberField).value == "0.3"


def test_bad_saved_settings_are_ignored() -> None:
    lab = DescentLab()
    lab.restore_settings({"lr": "fast", "start": [1, "x"], "bowl": 3})
    assert lab.lr == 0.01 and lab.start == (-3.0, 4.0) and lab.bowl_index == 0
    lab.restore_settings({"lr": float("inf"), "start": [1e9, 0], "bowl": "long bowl"})
    assert lab.lr == 0.01 and lab.start == (-3.0, 4.0) and lab.bowl_index == 1


async def test_quitting_while_playing_asks_first(app_at) -> None:  # type: ignore[no-untyped-def]
    from tui_nn.ui.screens.quit_confirm import QuitConfirmScreen

    app = app_at(5)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.screen.query_one(DescentLab).focus()
        await pilot.press("p")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirmScreen)
        assert "lesson 5: the descent run at step" in shown_text(app, "#quit-text")
        await pilot.press("y")
    assert app.return_code == 0
