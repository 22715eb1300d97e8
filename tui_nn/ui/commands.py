"""Command palette (Ctrl+P) providers: "Go to lesson …" and the current lab's actions.

The app's own keys (next, previous, lesson list, help, quit) are offered by
``TuiNNApp.get_system_commands`` (:func:`app_commands`, then Textual's own,
translated: :data:`TEXTUAL_COMMANDS`); these providers add the lessons and the lab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

from tui_nn.catalog import LESSONS
from tui_nn.i18n import N_, _, language_name, next_language
from tui_nn.ui.screens.help import lab_bindings

if TYPE_CHECKING:
    from tui_nn.ui.app import TuiNNApp
    from tui_nn.ui.screens.lesson import LessonScreen


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


#: Textual's own palette commands, marked for the catalogue (shown through ``_()``).
TEXTUAL_COMMANDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def app_commands(app: TuiNNApp) -> Iterator[SystemCommand]:
    """The app's own commands in the palette (``TuiNNApp.get_system_commands`` adds Textual's)."""
    yield SystemCommand(
        _("Next lesson"), _("Open the next lesson (PgDn)"), app.action_next_lesson
    )
    yield SystemCommand(
        _("Previous lesson"),
        _("Open the previous lesson (PgUp)"),
        app.action_previous_lesson,
    )
    yield SystemCommand(_("Lesson list"), _("Pick any lesson (Ctrl+L)"), app.action_lesson_list)
    yield SystemCommand(
        _("Help: keys"), _("Every key of the app and this lab (?)"), app.action_help
    )

    def on_lesson(do: Callable[[LessonScreen], None]) -> Callable[[], None]:
        def call() -> None:
            screen = app.lesson_screen()
            if screen is not None:
                do(screen)

        return call

    yield SystemCommand(
        _("Scroll the lab down"),
        _("To what is below the fold (Ctrl+↓; Ctrl+↑ goes back up)"),
        on_lesson(lambda screen: screen.action_scroll_lab(1)),
    )
    yield SystemCommand(
        _("Scroll the lesson text down"),
        _("The lesson's text on the left (Shift+↓; Shift+↑ goes back up)"),
        on_lesson(lambda screen: screen.action_scroll_text(1)),
    )
    following = next_language()
    yield SystemCommand(
        _("Language: {name}").format(name=language_name(following)),
        _("Switch the language to {name} and remember it (F2)").format(
            name=language_name(following)
        ),
        app.action_switch_language,
    )
    yield SystemCommand(
        _("Exercise: write and check your own code"),
        _("This lesson's starter file, checked on every save (F6)"),
        app.action_exercise,
    )
