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
made the test outlast its time limit.  This test asks for a short run (1,000
updates, accuracies measured on 200 images per epoch) and holds its last update
until the resizes are done, so the run overlaps every resize on any machine
(it was 4,000 updates measured on every image, about 10 s of CPU, and only the
first resize was sure to overlap); it checks the run was going at every resize,
lets it finish (all its updates), then checks the app still answers.

The walk through the sizes goes from the size a lesson opened at through the
other five and opens the next lesson at the size it ended on (always one of the
sizes, never too small), so each lesson is checked at all six sizes with five
resizes instead of seven.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from tests.ui.monkey import SHORT_TRAINING
from tui_nn.catalog import LESSONS
from tui_nn.training_log import SessionState
from tui_nn.training_pacer import Pacer
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
            checked: set[tuple[int, tuple[int, int]]] = set()
            for lesson in LESSONS:
                app.goto_lesson(lesson.number)
                await settle(pilot)
                opened_at = (app.size.width, app.size.height)
                check_size(app, lesson.number, opened_at)
                checked.add((lesson.number, opened_at))
                # the other sizes, smallest first, so the walk ends on a size a lesson opens at
                for size in [size for size in SIZES if size != opened_at]:
                    await pilot.resize_terminal(*size)
                    await settle(pilot)
                    check_size(app, lesson.number, size)
                    checked.add((lesson.number, size))
            assert checked == {(lesson.number, size) for lesson in LESSONS for size in SIZES}

    await asyncio.wait_for(run(), RESIZE_TIME_LIMIT)
    assert app.caught_errors == []


#: A short run (its last update is held until the resizes are done, see below).
TRAINING_DURING_RESIZES = {**SHORT_TRAINING, "iterations": 1000}
#: Per-epoch accuracies on a sample, not on all 12,000 images (most of the old run's CPU).
EVAL_SIZE = 200
RESIZE_TIME_LIMIT = 600  # the data, the run and 9 resizes (35 s at load 10 on 2 cores)


@pytest.mark.builtin_data
async def test_resize_during_training(monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(last_lesson=8, labs={"training": dict(TRAINING_DURING_RESIZES)}))
    monkeypatch.setattr(TrainingLab, "eval_size", EVAL_SIZE)
    resized = threading.Event()
    last = TRAINING_DURING_RESIZES["iterations"]
    tick = Pacer.maybe_tick

    def hold_the_last_update(pacer: Pacer) -> None:
        """The worker, after each update: the last one waits until every resize is done."""
        if pacer.log.iteration >= last - 1:
            resized.wait(RESIZE_TIME_LIMIT)
        tick(pacer)

    monkeypatch.setattr(Pacer, "maybe_tick", hold_the_last_update)
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
            assert all(during), f"the run was not going at every resize: {during}"
            resized.set()
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

    try:
        await asyncio.wait_for(run(), RESIZE_TIME_LIMIT)
    finally:
        resized.set()  # a failed check never leaves the worker waiting
    assert app.caught_errors == []
