"""Walk every lesson of the real app by keyboard: each opens with its text and its lab.

The walk checks navigation, texts, lab mounting and focus, not the labs' data:
the labs that load the training images in a thread (minibatch, two-layer,
training) are told not to, so the walk does not wait for data it never looks at
(each lab's own tests check its loading), and each lesson is used as soon as
its lab has the keyboard, without waiting for its charts to finish drawing.
This keeps the walk at about 5 s instead of 10-17 s.
"""

from __future__ import annotations

import asyncio
import importlib
import time

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Markdown

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.data_store import DataStore
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens.lesson import LessonScreen

# (module, lab class, method that starts loading the training images in a thread);
# lesson 2 asks the app's data store instead
DATA_LOADERS = [
    ("tui_nn.ui.labs.twolayer", "TwoLayerLab", "_load_data"),
    ("tui_nn.ui.labs.training", "TrainingLab", "_load_data"),
]


def _no_data_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DataStore, "load", lambda self, *args, **kwargs: None)  # lesson 2
    for module_name, class_name, method in DATA_LOADERS:
        lab_class = getattr(importlib.import_module(module_name), class_name)
        assert callable(getattr(lab_class, method)), f"{class_name}.{method} is gone"
        monkeypatch.setattr(lab_class, method, lambda self: None)


async def send_key(pilot: Pilot[None], key: str) -> None:
    """Press ``key`` as Pilot does, but without waiting for the screen to go idle."""
    event = events.Key(key, None)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)  # type: ignore[union-attr]
    await asyncio.sleep(0)


async def wait_for_lab(pilot: Pilot[None], number: int, what: str) -> None:
    """Poll until lesson ``number``'s lab has the keyboard: no idle wait.

    The 60 s are a hang guard, not a timing (10 s ran out at load 16 on two cores).
    """
    deadline = time.monotonic() + 60
    while not lab_has_keyboard(pilot.app, number):  # type: ignore[arg-type]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.01)


def lab_has_keyboard(app: TuiNNApp, number: int) -> bool:
    """Lesson ``number`` is shown, its lab is mounted and has the keyboard."""
    screen = app.screen
    if not (isinstance(screen, LessonScreen) and screen.number == number):
        return False
    lab = screen.lab
    focused = app.focused
    return (
        lab is not None
        and lab.is_mounted
        and focused is not None
        and not isinstance(focused, Input)
        and lab in focused.ancestors_with_self
    )


@pytest.mark.builtin_data
async def test_walk_every_lesson_by_keyboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """PageDown through every lesson; in each, a field and Esc; then Ctrl+L 0 goes back.

    Each lesson is used as soon as its lab has mounted and has the keyboard,
    without waiting for its charts to finish drawing (snapshot tests and each
    lab's own tests look at the drawing).
    """
    _no_data_loading(monkeypatch)
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=(100, 32)) as pilot:
        for number, lesson in enumerate(LESSONS):
            await wait_for_lab(pilot, number, f"lesson {number}")
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            source = screen.query_one(Markdown).source
            assert "is not in this build" not in source, f"lesson {number} has no text"
            assert isinstance(screen.lab, Lab), f"lesson {number}: {lesson.lab} did not load"
            fields = list(screen.lab.query(Input))
            if fields:  # Esc leaves a field and gives the keyboard back to the lab
                screen.set_focus(fields[0])
                assert app.focused is fields[0], f"lesson {number}"
                await send_key(pilot, "escape")
                await wait_for_lab(pilot, number, f"Esc to leave a field, lesson {number}")
            if number < len(LESSONS) - 1:
                await send_key(pilot, "pagedown")
        await pilot.press("ctrl+l", "0")
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 0
    assert app.caught_errors == []
