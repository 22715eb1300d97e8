"""What the app shows when the terminal is smaller than the smallest layout it can draw."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20


def is_too_small(width: int, height: int) -> bool:
    """True when a ``width`` x ``height`` terminal cannot show a lesson."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


#: Below this the full sentence cannot fit in its box: say it in three short lines.
SHORT_BELOW = (44, 12)


def too_small_message(width: int, height: int) -> str:
    """What to tell the learner about a ``width`` x ``height`` terminal (short if tiny)."""
    if width < SHORT_BELOW[0] or height < SHORT_BELOW[1]:
        return f"Too small: {width}x{height}.\nNeed {MIN_WIDTH}x{MIN_HEIGHT}.\nq quits."
    return (
        f"This terminal is {width}x{height}. tui-nn needs at least "
        f"{MIN_WIDTH}x{MIN_HEIGHT} (80x24 or more is best).\n"
        "Make the window larger and the lesson comes back. (q quits)"
    )


class TooSmallScreen(Screen[None]):
    """A plain message asking for a larger terminal; goes away when it is large enough."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(too_small_message(*self.app.size), id="too-small-message")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small-message", Static).update(too_small_message(*event.size))
