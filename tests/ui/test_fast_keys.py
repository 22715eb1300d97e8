"""Keys typed faster than a screen closes (found by the monkey, issue 10).

A key that was already queued for the lesson list or the help when the first
one closed it must not close a second screen: ``Ctrl+L 2 3`` used to dismiss
the list twice (ScreenStackError).  ``F1 Esc Esc Esc`` closes only the help.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.pilot import Pilot

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.lesson import LessonScreen


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Queue every key before the app handles the first (as a fast typist or a paste)."""
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)  # type: ignore[union-attr]
    await asyncio.sleep(0)
    await pilot.pause()
    await pilot.pause()


async def test_two_digits_in_the_lesson_list_open_one_lesson() -> None:
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+l", "2", "3")
        assert isinstance(app.screen, LessonScreen)
        assert app.lesson in (2, 3)
        assert app.caught_errors == []
        await pilot.press("ctrl+l", "4")
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 4


async def test_two_escapes_close_the_help_only() -> None:
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await burst(pilot, "f1", "escape", "escape", "escape")
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 1
        assert app.caught_errors == []
        await pilot.press("pagedown")
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 2
