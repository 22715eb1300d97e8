"""Work that lasts: the title bar shows running work of any lesson; quitting asks first."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tests.ui.test_app_robustness import use_labs
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.kit import WorkContext
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens.quit_confirm import QuitConfirmScreen

SIZE = (100, 32)


class LongWorkLab(Lab):
    """Starts a 'training' that reports 43% and waits until the test lets it finish."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("w", "start", "Start")]
    release = threading.Event()

    def __init__(self) -> None:
        super().__init__()
        self.result: object = None
        self.contexts: list[WorkContext] = []

    def action_start(self) -> None:
        def work(ctx: WorkContext) -> str:
            self.contexts.append(ctx)
            ctx.progress("halfway", fraction=0.43)
            while not (LongWorkLab.release.is_set() or ctx.cancelled):
                time.sleep(0.01)
            return "trained"

        self.run_in_thread(work, group="train", label="training", on_result=self._done)

    def _done(self, result: object) -> None:
        self.result = result


@pytest.fixture(autouse=True)
def long_work_lab(monkeypatch: pytest.MonkeyPatch) -> None:
    LongWorkLab.release.clear()
    use_labs(monkeypatch, {3: LongWorkLab})


async def until(pilot, check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline
        await pilot.pause(0.02)


async def test_running_work_shows_in_the_title_bar_of_every_lesson() -> None:
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(LongWorkLab)
        await pilot.press("w")
        await until(
            pilot,
            lambda: (
                "3 · training 43%" in str(app.screen.query_one("#lesson-busy", Static).render())
            ),
        )
        await pilot.press("pagedown")  # another lesson: the bar still says it
        await until(
            pilot,
            lambda: (
                app.lesson == 4
                and "3 · training 43%" in str(app.screen.query_one("#lesson-busy", Static).render())
            ),
        )
        LongWorkLab.release.set()
        await until(pilot, lambda: lab.result == "trained")  # it finished while away
        await until(pilot, lambda: str(app.screen.query_one("#lesson-busy", Static).render()) == "")
        await pilot.press("pageup")
        await pilot.pause()
        assert app.screen.query_one(LongWorkLab) is lab


@pytest.mark.parametrize("confirm", ["q", "enter", "y"])
async def test_quitting_while_work_runs_says_what_is_lost_and_asks(confirm: str) -> None:
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(LongWorkLab)
        await pilot.press("w")
        await until(pilot, lambda: lab.busy() == "training 43%")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirmScreen)
        text = str(app.screen.query_one("#quit-text", Static).render())
        assert "lesson 3: the training 43%" in text and "lost" in text
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert not isinstance(app.screen, QuitConfirmScreen) and app.is_running
        assert lab.work_running()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirmScreen)
        await pilot.press(confirm)
        await pilot.pause()
    assert app.return_code == 0
    assert lab.contexts and lab.contexts[0].cancelled  # the work was told to stop


async def test_quitting_when_idle_does_not_ask() -> None:
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
