"""The list of lessons: pick one with the arrows and Enter, a digit, or the mouse."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_nn.catalog import LESSONS, Lesson
from tui_nn.i18n import N_, _
from tui_nn.ui.widgets.footer import HelpFirst, WordsFooter


def lesson_entry(lesson: Lesson, current: int | None) -> Table:
    """One line of the list: a marker and number, then the title over its summary."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    marker = "▸" if lesson.number == current else " "
    grid.add_row(f"{marker} {lesson.number}", Text(lesson.local_title, style="bold"))
    grid.add_row("", Text(lesson.local_summary, style="dim"))
    return grid


class LessonListScreen(HelpFirst, Screen[int | None]):
    """Dismissed with the chosen lesson number, or None when closed without a choice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), key_display="Esc"),
    ]

    def __init__(self, current: int | None = None, can_close: bool = True) -> None:
        super().__init__()
        self.current = current
        self.can_close = can_close
        self._dismissed = False  # dismissed: keys that were already queued are ignored

    def compose(self) -> ComposeResult:
        with Vertical(id="lesson-list-box"):
            yield Static(self.title_text(), id="lesson-list-title")
            yield OptionList(
                *(
                    Option(lesson_entry(lesson, self.current), id=str(lesson.number))
                    for lesson in LESSONS
                ),
                id="lesson-options",
            )
            yield Static(self.hint_text(), id="lesson-list-hint")
        yield WordsFooter(compact=True)

    @staticmethod
    def title_text() -> str:
        return _("tui-nn · lessons")

    @staticmethod
    def hint_text() -> str:
        return _("↑/↓ and Enter (or a digit, or a click) open a lesson.")

    def refresh_language(self) -> None:
        """Show the titles, summaries and hint in the current language (the highlight stays)."""
        self.query_one("#lesson-list-title", Static).update(self.title_text())
        self.query_one("#lesson-list-hint", Static).update(self.hint_text())
        options = self.query_one(OptionList)
        for lesson in LESSONS:
            options.replace_option_prompt(str(lesson.number), lesson_entry(lesson, self.current))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current if self.current is not None else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._close(int(event.option.id))

    def on_key(self, event: Key) -> None:
        if event.character is not None and event.character.isdigit():
            number = int(event.character)
            if number < len(LESSONS):
                event.stop()
                self._close(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            return self.can_close
        return True

    def action_close(self) -> None:
        if self.can_close:
            self._close(None)

    def _close(self, number: int | None) -> None:
        """Dismiss once: a second key typed before the list is gone (``2`` ``3``) does nothing."""
        if self._dismissed:
            return
        self._dismissed = True
        self.dismiss(number)
