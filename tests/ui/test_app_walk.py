"""Walk every lesson of the real app by keyboard: each opens with its text and its lab."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Markdown

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens.lesson import LessonScreen


@pytest.mark.builtin_data
async def test_walk_every_lesson_by_keyboard() -> None:
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for number, lesson in enumerate(LESSONS):
            screen = app.screen
            assert isinstance(screen, LessonScreen) and screen.number == number
            source = screen.query_one(Markdown).source
            assert "is not in this build" not in source, f"lesson {number} has no text"
            assert isinstance(screen.lab, Lab), f"lesson {number}: {lesson.lab} did not load"
            lab = screen.lab
            assert app.focused is not None and lab in app.focused.ancestors_with_self
            fields = list(lab.query(Input))
            if fields:  # Esc leaves a field and gives the keyboard back to the lab
                fields[0].focus()
                await pilot.pause()
                await pilot.press("escape")
                assert not isinstance(app.focused, Input), f"lesson {number}"
                assert app.focused is not None and lab in app.focused.ancestors_with_self
            if number < len(LESSONS) - 1:
                await pilot.press("pagedown")
                await pilot.pause()
        await pilot.press("ctrl+l", "0")
        await pilot.pause()
        assert app.screen.number == 0
    assert app.caught_errors == []
