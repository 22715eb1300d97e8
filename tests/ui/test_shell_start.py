"""The shell at start and at rest: the lab has the keyboard at once, nothing polls, no stale key.

- Start-up (issue 10, seen in tmux): the first frame's Footer already lists the
  lab's keys and a key typed as the lesson appears reaches the lab (the lab
  was focused only after the first frame, so that key was lost).
- An idle app runs no repeating timer (no polling: the title bar's busy text
  and the "more below" line follow events), on a lesson and on the list; a
  running lesson-5 play shows in the title bar and its timer stops with it.
- A key that a lesson did not use and that bubbles back to the app after the
  next key changed the screen is dropped: Esc typed in a lesson does not
  close the list that Ctrl+L opened right after it (found by the monkey).
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.lesson_list import LessonListScreen


def running_intervals(app: TuiNNApp) -> list[str]:
    """Every repeating timer that is running (not paused, not stopped), on any screen."""
    nodes: list[DOMNode] = [app]
    for screen in {*app.screen_stack, *app._screens.values()}:
        nodes.extend(screen.walk_children(with_self=True))
    found = []
    for node in nodes:
        for timer in list(node._timers):
            task = timer._task
            running = task is not None and not task.done() and timer._active.is_set()
            if timer._repeat is None and running:
                found.append(f"{timer.name} of {node!r}")
    return found


def send_now(pilot: Pilot[None], *keys: str) -> None:
    """Keys straight to the driver, as a terminal sends them (no wait between them)."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)  # type: ignore[union-attr]


def footer_keys(app: TuiNNApp) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


@pytest.mark.builtin_data
async def test_the_lab_has_the_keyboard_from_the_first_frame() -> None:
    app = TuiNNApp(lesson=5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab
        assert lab is not None
        # As soon as the app is up: the lab is focused and the Footer shows its keys.
        assert screen.focused is not None and (
            screen.focused is lab or lab in screen.focused.ancestors
        ), screen.focused
        assert "s" in footer_keys(app), footer_keys(app)
        steps = lab.run.steps  # type: ignore[attr-defined]
        send_now(pilot, "s")  # one step of descent, typed as the lesson appears
        await pilot.pause()
        assert lab.run.steps == steps + 1  # type: ignore[attr-defined]


@pytest.mark.builtin_data
async def test_an_idle_app_polls_nothing_and_work_shows_when_it_runs() -> None:
    app = TuiNNApp(lesson=8)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await asyncio.sleep(1.0)  # lesson 8's data and first charts
        await pilot.pause()
        assert running_intervals(app) == []
        await pilot.press("ctrl+l", "5")  # lesson 5; lesson 8 stays built
        await pilot.pause()
        assert running_intervals(app) == []
        await pilot.press("p")  # play the descent: the title bar follows it
        await pilot.pause(0.6)
        busy = str(app.screen.query_one("#lesson-busy").render())
        assert "descent playing" in busy, busy
        assert running_intervals(app) != []  # the play itself (and the title bar while busy)
        await pilot.press("p")  # pause it: no timer left
        await pilot.pause(0.6)
        assert str(app.screen.query_one("#lesson-busy").render()) == ""
        assert running_intervals(app) == []
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)
        assert running_intervals(app) == []


@pytest.mark.builtin_data
async def test_a_key_left_by_a_lesson_does_not_act_on_the_next_screen() -> None:
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        send_now(pilot, "escape", "escape", "ctrl+l", "7")  # all at once, as typed quickly
        for _ in range(20):
            await pilot.pause()
            if app.lesson == 7:
                break
        assert app.lesson == 7 and isinstance(app.screen, LessonScreen), app.screen_stack
