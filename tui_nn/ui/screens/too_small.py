"""What the app shows when the terminal is smaller than the smallest layout it can draw."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from tui_nn.i18n import N_, _

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
        return _("Too small: {width}x{height}.\nNeed {min_width}x{min_height}.\nq quits.").format(
            width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT
        )
    return _(
        "This terminal is {width}x{height}. tui-nn needs at least "
        "{min_width}x{min_height} (80x24 or more is best).\n"
        "Make the window larger and the lesson comes back. (q quits)"
    ).format(width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)


class TooSmallScreen(Screen[None]):
    """A plain message asking for a larger terminal; goes away when it is large enough."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", N_("Quit"))]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(too_small_message(*self.app.size), id="too-small-message")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small-message", Static).update(too_small_message(*event.size))
