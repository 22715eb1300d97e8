"""Walk every lesson of the real app by keyboard: each opens with its text and its lab.

The walk checks navigation, texts, lab mounting and focus, not the labs' data:
the labs that load the training images in a thread (minibatch, two-layer,
training) are told not to, so the walk does not wait for data it never looks at
(each lab's own tests check its loading). This keeps the walk at a few seconds.
"""

from __future__ import annotations

import importlib

import pytest
from textual.widgets import Input, Markdown

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens.lesson import LessonScreen

# (module, lab class, method that starts loading the training images in a thread)
DATA_LOADERS = [
    ("tui_nn.ui.labs.minibatch", "MinibatchLab", "load"),
    ("tui_nn.ui.labs.twolayer", "TwoLayerLab", "_load_data"),
    ("tui_nn.ui.labs.training", "TrainingLab", "_load_data"),
]


def _no_data_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    for module_name, class_name, method in DATA_LOADERS:
        lab_class = getattr(importlib.import_module(module_name), class_name)
        assert callable(getattr(lab_class, method)), f"{class_name}.{method} is gone"
        monkeypatch.setattr(lab_class, method, lambda self: None)


@pytest.mark.builtin_data
async def test_walk_every_lesson_by_keyboard(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_data_loading(monkeypatch)
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
                assert app.focused is fields[0], f"lesson {number}"
                await pilot.press("escape")
                assert not isinstance(app.focused, Input), f"lesson {number}"
                assert app.focused is not None and lab in app.focused.ancestors_with_self
            if number < len(LESSONS) - 1:
                await pilot.press("pagedown")  # press waits until the next lesson is drawn
        await pilot.press("ctrl+l", "0")
        assert app.screen.number == 0
    assert app.caught_errors == []
