"""Issue 10's sizes: every lesson at 20x8, 40x12, 60x20, 80x24, 120x40 and 250x70.

Below 60x20 the too-small screen shows its whole message (every line of it is
in the screen's text, nothing cut); from 60x20 the lesson's title bar and its
Footer are on screen, inside the terminal.  One app walks every lesson and
resizes through every size (the sizes change with ``resize_terminal``, as a
terminal window would), then lesson 8 is resized through every size while it
trains on the built-in digits.

The resize-during-training test once "hung" under Pilot.  No deadlock between
the resize and the training's progress messages showed up: dumped with
faulthandler while stuck, the interface thread was laying out the screen and
the training worker was running (a TooSmallScreen on top only hides the lesson
screen, whose lab keeps handling its progress).  Its run (300 iterations) ended
within a second, so its loop pressed ``s`` again and again until it saw
"training", and on a loaded machine the presses, the 9 resizes and the data
made the test outlast its time limit.  This test asks for a run long enough to
outlast the resizes, checks it was running at the first resize, waits
(bounded) for it to finish, then checks the app still answers.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from tests.ui.monkey import SHORT_TRAINING
from tui_nn.catalog import LESSONS
from tui_nn.training_log import SessionState
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.labs.training import TrainingLab
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.too_small import TooSmallScreen, is_too_small, too_small_message
from tui_nn.ui.settings import Settings, save_settings

SIZES = [(20, 8), (40, 12), (60, 20), (80, 24), (120, 40), (250, 70)]
TIME_LIMIT = 90


def check_size(app: TuiNNApp, number: int, size: tuple[int, int]) -> None:
    where = f"lesson {number} at {size[0]}x{size[1]}"
    assert app.size == size, where
    if is_too_small(*size):
        assert isinstance(app.screen, TooSmallScreen), where
        box = app.screen.query_one("#too-small-message", Static)
        assert too_small_message(*size) in str(box.render()), where
        region = box.content_region
        assert region.right <= size[0] and region.bottom <= size[1], f"{where}: {region}"
        needed = box.get_content_height(region.size, region.size, region.width)
        assert needed <= region.height, f"{where}: {needed} lines in {region.height}"
        return
    screen = app.screen
    assert isinstance(screen, LessonScreen) and screen.number == number, where
    for widget in (screen.query_one("#lesson-title"), screen.query_one(Footer)):
        region = widget.region
        assert region.width > 0 and region.height > 0, f"{where}: {widget} is not shown"
        assert region.right <= size[0] and region.bottom <= size[1], f"{where}: {widget} cut"


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.builtin_data
async def test_every_lesson_at_every_size() -> None:
    app = TuiNNApp(lesson=0)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for lesson in LESSONS:
                app.goto_lesson(lesson.number)
                await settle(pilot)
                for size in SIZES:
                    await pilot.resize_terminal(*size)
                    await settle(pilot)
                    check_size(app, lesson.number, size)
                await pilot.resize_terminal(120, 40)
                await settle(pilot)

    await asyncio.wait_for(run(), RESIZE_TIME_LIMIT)
    assert app.caught_errors == []


#: Long enough to outlast the resizes on a loaded machine (a few seconds of CPU).
TRAINING_DURING_RESIZES = {**SHORT_TRAINING, "iterations": 4000}
RESIZE_TIME_LIMIT = 600  # the data, the run and 9 resizes (35 s at load 10 on 2 cores)


@pytest.mark.builtin_data
async def test_resize_during_training() -> None:
    save_settings(Settings(last_lesson=8, labs={"training": dict(TRAINING_DURING_RESIZES)}))
    app = TuiNNApp(lesson=8)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, LessonScreen) and isinstance(screen.lab, TrainingLab)
            lab = screen.lab
            while lab.training_data() is None:  # the built-in digits are being made
                await pilot.pause(0.05)
            await pilot.press("s")
            assert lab.session.active, lab.session.state
            during = []
            for size in [*SIZES, (80, 24), (45, 15), (120, 40)]:
                during.append(lab.session.active)
                await pilot.resize_terminal(*size)
                await settle(pilot)
                check_size(app, 8, size)
            assert during[0], "the run ended before the first resize"
            while lab.session.active:  # bounded by RESIZE_TIME_LIMIT
                await pilot.pause(0.1)
            assert lab.session.state is SessionState.FINISHED, lab.session.state
            assert lab.session.log is not None
            assert lab.session.log.iteration == TRAINING_DURING_RESIZES["iterations"]
            # The app still answers: the list opens and closes, the lesson is there.
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert type(app.screen).__name__ == "LessonListScreen"
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            assert app.caught_errors == []

    await asyncio.wait_for(run(), RESIZE_TIME_LIMIT)
    assert app.caught_errors == []
