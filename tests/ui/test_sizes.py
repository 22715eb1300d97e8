"""Issue 10's sizes: every lesson at 20x8, 40x12, 60x20, 80x24, 120x40 and 250x70.

Below 60x20 the too-small screen shows its whole message (every line of it is
in the screen's text, nothing cut); from 60x20 the lesson's title bar and its
Footer are on screen, inside the terminal.  One app walks every lesson and
resizes through every size (the sizes change with ``resize_terminal``, as a
terminal window would), then lesson 8 is resized while a tiny training runs.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.too_small import TooSmallScreen, is_too_small, too_small_message

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

    await asyncio.wait_for(run(), TIME_LIMIT)
    assert app.caught_errors == []
