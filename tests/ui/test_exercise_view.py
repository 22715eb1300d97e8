"""The Exercise view (F6): the starter file, the live check, the learner's function in the lab."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from textual.pilot import Pilot

from tui_nn.ui import exercise_link
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.labs.gradient import GradientLab
from tui_nn.ui.screens.exercise import ExerciseScreen
from tui_nn.ui.widgets.chart import ChartBox

from .harness import shown_text

WAIT = 60.0  # generous: each check starts a Python process, and the machine may be busy
SLOW_MACHINE_LIMIT = 20.0  # the checks' and calls' time limit here (seconds)

SLOPE_WRONG = """# tui-nn exercise: lesson 3
def numerical_diff(f, x):
    return 0.123456
"""
SLOPE_RIGHT = """# tui-nn exercise: lesson 3
def numerical_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)
"""
SLOPE_HANGS = """# tui-nn exercise: lesson 3
def numerical_diff(f, x):
    while True:
        pass
"""
GRADIENT_WRONG = """# tui-nn exercise: lesson 4
import numpy as np
def numerical_gradient(f, x):
    return np.array([1.5, -2.5])
"""
GRADIENT_RIGHT = """# tui-nn exercise: lesson 4
import numpy as np
def numerical_gradient(f, x):
    h = 1e-4
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp
    return grad
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUI_NN_EXERCISES", str(tmp_path / "mine"))
    monkeypatch.delenv("TUI_NN_SERVED", raising=False)
    monkeypatch.setattr(exercise_link, "POLL_SECONDS", 0.05)
    # Each check and each call starts a Python process (NumPy imported) inside its time limit:
    # on a loaded machine that alone took more than the 3 s this once was, and the learner's
    # right function "took too long" (the flaky failures).  Only the hanging test needs a
    # short limit, and sets its own.
    monkeypatch.setattr(exercise_link, "CALL_TIMEOUT", SLOW_MACHINE_LIMIT)
    monkeypatch.setattr(exercise_link, "CHECK_TIMEOUT", SLOW_MACHINE_LIMIT)
    return tmp_path / "mine"


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.05)


def save(path: Path, text: str) -> None:
    """Save as an editor would; the modification time moves on even within one tick."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def view_text(app: TuiNNApp) -> str:
    return shown_text(app, "#exercise-report")


async def test_lesson_3_view_checks_live_and_the_lab_uses_the_learners_slope(
    folder: Path,
) -> None:
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DerivativesLab)
        await pilot.press("f6")
        await pilot.pause()  # the Exercise screen mounts (a busy machine is slow)
        assert isinstance(app.screen, ExerciseScreen)
        path = folder / "03_derivatives.py"
        assert path.is_file()  # the starter file was written
        assert str(path) in shown_text(app, "#exercise-path")
        await wait_for(pilot, lambda: "not written yet" in view_text(app), "starter checked")

        await pilot.press("u")  # the lab draws with the learner's numerical_diff
        assert lab.own is not None
        await wait_for(pilot, lambda: "not written yet" in shown_text(lab, "#deriv-slopes"),
                       "the lab says the learner's function is not written")
        assert "yours" not in lab.slopes  # the engine's slope meanwhile
        assert lab.slopes["central"] == pytest.approx(0.2)

        save(path, SLOPE_WRONG)
        await wait_for(pilot, lambda: "wrong answer" in view_text(app) or "0.123456" in
                       view_text(app), "the saved change is checked")
        await wait_for(pilot, lambda: lab.slopes.get("yours") == 0.123456,
                       "the lab redrawn with the learner's slope")
        assert "yours    0.123456" in shown_text(lab, "#deriv-slopes")
        tangent = lab.query_one("#deriv-tangent", ChartBox)  # its title is a Static above the chart
        assert "your slope at x = 5: 0.123456" in str(tangent._title.render())

        await pilot.press("escape")  # the view closes; the lab still follows the file
        save(path, SLOPE_RIGHT)
        await wait_for(pilot, lambda: lab.slopes.get("yours") == pytest.approx(0.2, abs=1e-9),
                       "the corrected slope")
        await pilot.press("plus")  # x = 6: the learner's function is asked again
        await wait_for(pilot, lambda: lab.slopes.get("yours") == pytest.approx(0.22, abs=1e-9),
                       "the learner's slope at x = 6")
        await pilot.press("f6")
        await wait_for(pilot, lambda: "All 1 passed" in view_text(app), "the check passes")
        await pilot.press("u")  # back to the engine's
        assert lab.own is None and "yours" not in lab.slopes


async def test_lesson_3_a_hanging_function_falls_back_to_the_engine(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exercise_link, "CALL_TIMEOUT", 1.0)
    monkeypatch.setattr(exercise_link, "CHECK_TIMEOUT", 1.0)
    folder.mkdir(parents=True)
    (folder / "03_derivatives.py").write_text(SLOPE_HANGS, encoding="utf-8")
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(DerivativesLab)
        await pilot.press("f6")
        await pilot.pause()  # the Exercise screen mounts (a busy machine is slow)
        await wait_for(pilot, lambda: "took too long" in view_text(app), "the check stops it")
        await pilot.press("u")
        await wait_for(pilot, lambda: "could not be used" in shown_text(lab, "#deriv-slopes"),
                       "a clear message in the lab")
        shown = shown_text(lab, "#deriv-slopes")
        assert "took too long" in shown and "engine's" in shown
        assert "yours" not in lab.slopes
        assert "your slope" not in str(lab.query_one("#deriv-tangent", ChartBox)._title.render())


async def test_lesson_4_view_and_the_learners_arrows(folder: Path) -> None:
    app = TuiNNApp(lesson=4)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(GradientLab)
        await pilot.press("f6")
        path = folder / "04_gradient.py"
        await wait_for(pilot, lambda: "not written yet" in view_text(app), "starter checked")
        await pilot.press("u")
        save(path, GRADIENT_WRONG)
        await wait_for(pilot, lambda: "numerical_gradient" in view_text(app)
                       and "not written" not in view_text(app), "the saved change is checked")
        await wait_for(pilot, lambda: np.array_equal(lab.gradient, [1.5, -2.5]),
                       "the lab's gradient is the learner's")
        assert "[1.5, -2.5]" in shown_text(lab, "#grad-numbers")
        assert "drawn with your numerical_gradient" in shown_text(lab, "#grad-numbers")
        field = lab.field
        assert field is not None
        assert np.all(field.u == -1.5) and np.all(field.v == 2.5)  # every arrow is theirs

        save(path, GRADIENT_RIGHT)
        await wait_for(pilot, lambda: "All 1 passed" in view_text(app), "the check passes")
        await wait_for(pilot, lambda: np.allclose(lab.gradient, [6.0, 8.0]), "their (6, 8)")
        await pilot.press("escape", "s")  # the saddle, with the learner's function too
        await wait_for(pilot, lambda: lab.function == "saddle"
                       and np.allclose(lab.gradient, [6.0, -8.0]), "their saddle gradient")
        field = lab.field
        assert field is not None
        assert np.allclose(field.u, -2 * field.x, atol=1e-6)
        assert np.allclose(field.v, 2 * field.y, atol=1e-6)


async def test_served_session_refuses(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NN_SERVED", "1")
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f6")
        assert isinstance(app.screen, ExerciseScreen)
        assert "off in a classroom session" in shown_text(app, "#exercise-path")
        assert not folder.exists()  # nothing written, nothing run
        await pilot.press("u")
        lab = app.screen_stack[-2].query_one(DerivativesLab)
        assert lab.own is None
        await pilot.press("escape")
        assert not isinstance(app.screen, ExerciseScreen)


async def test_palette_and_lesson_0(folder: Path) -> None:
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f6")  # lesson 0 has no exercise
        assert not isinstance(app.screen, ExerciseScreen)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Exercise: write and check your own code" in commands
        app.goto_lesson(1)
        await pilot.pause()
        app.action_exercise()
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        assert (folder / "01_loss.py").exists() or any(folder.glob("01_*.py"))
        await wait_for(pilot, lambda: "not written yet" in view_text(app), "lesson 1 checked")
        assert "draw the lab" not in shown_text(app, "#exercise-own")  # no own function here
