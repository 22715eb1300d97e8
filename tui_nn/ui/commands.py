"""Command palette (Ctrl+P) providers: "Go to lesson …" and the current lab's actions.

The app's own keys (next, previous, lesson list, help, quit) are offered by
``TuiNNApp.get_system_commands``; these providers add the lessons and the lab.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

from tui_nn.catalog import LESSONS
from tui_nn.i18n import _
from tui_nn.ui.screens.help import lab_bindings

if TYPE_CHECKING:
    from tui_nn.ui.app import TuiNNApp


def lesson_commands() -> list[tuple[str, str, int]]:
    """``(command text, help, lesson number)`` for every lesson."""
    return [
        (
            _("Go to lesson {number}: {title}").format(
                number=lesson.number, title=lesson.local_title
            ),
            lesson.local_summary,
            lesson.number,
        )
        for lesson in LESSONS
    ]


class LessonCommands(Provider):
    """``Go to lesson N: Title`` for every lesson."""

    def _goto(self, number: int) -> Callable[[], object]:
        app: TuiNNApp = self.app  # type: ignore[assignment]
        return partial(app.goto_lesson, number)

    async def discover(self) -> Hits:
        for text, help_text, number in lesson_commands():
            yield DiscoveryHit(text, self._goto(number), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, number in lesson_commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._goto(number), help=help_text)


def lab_commands(lab: Widget) -> list[tuple[str, str, Callable[[], object]]]:
    """``(command text, help, callback)`` for each key of ``lab`` that has a description."""
    commands: list[tuple[str, str, Callable[[], object]]] = []
    for binding in lab_bindings(lab):
        if not binding.description:
            continue
        key = lab.app.get_key_display(binding)
        commands.append(
            (
                _("Lab: {action}").format(action=_(binding.description)),
                _("Same as the key {key} in this lesson's lab").format(key=key),
                partial(lab.run_action, binding.action),
            )
        )
    return commands


class LabCommands(Provider):
    """The current lab's actions, so they can be found by name."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: TuiNNApp = self.app  # type: ignore[assignment]
        lab = app.current_lab()
        return lab_commands(lab) if lab is not None else []

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
