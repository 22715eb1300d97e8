"""A width check for a running app: nothing drawn is wider than the terminal, nothing is cut.

``width_problems(app)`` looks at what the current screen really draws (the
compositor's lines, as the terminal receives them) and returns a list of
problems (empty: all good):

- a line of the screen that is wider (or narrower) than the terminal;
- a line whose characters, measured one by one (Hangul two cells, a jamo or
  a combining mark as the terminal counts it), do not add up to the width the
  line claims: the terminal would push everything after it to the right, and
  the frame's right border onto the next line (what plotext does with a
  Korean legend);
- a two-cell character that starts in the last column (half of it would be cut);
- a widget's no-wrap text (a ``rich.text.Text`` with ``no_wrap`` or a cropping
  overflow) whose longest line is wider than the widget's content area: it is
  cut at the border.

It checks what is rendered, in any language: after the labs are translated it
covers their Korean too.  Use ``assert_fits(app, where)`` in a Pilot test after
``await pilot.pause()``.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.widgets import Static

__all__ = ["assert_fits", "width_problems"]


def _line_text(strip: Any) -> str:
    return "".join(segment.text for segment in strip if not segment.control)


def screen_lines(app: App[Any]) -> list[str]:
    """The text of every line of the current screen, as drawn."""
    return [_line_text(strip) for strip in app.screen._compositor.render_strips()]


def _cell_widths(text: str) -> list[int]:
    return [cell_len(char) for char in text]


def width_problems(app: App[Any]) -> list[str]:
    """What on the current screen is wider than the terminal or cut (see the module doc)."""
    width, height = app.size
    problems: list[str] = []
    strips = app.screen._compositor.render_strips()
    for row, strip in enumerate(strips[:height]):
        text = _line_text(strip)
        claimed = strip.cell_length
        counted = sum(_cell_widths(text))
        if claimed != width:
            problems.append(f"line {row} is {claimed} cells wide, not {width}: {text!r}")
        if counted != claimed:
            problems.append(
                f"line {row}: its characters add up to {counted} cells, not {claimed}: {text!r}"
            )
        column = 0
        for char in text:
            size = cell_len(char)
            if size == 2 and column == width - 1:
                problems.append(f"line {row}: {char!r} starts in the last column (cut in half)")
            column += size
    for widget in app.screen.query(Static):
        if not widget.display or not widget.region or widget.region.width == 0:
            continue
        renderable = widget.content  # what the widget was given (a Text keeps its no_wrap)
        if not isinstance(renderable, Text):
            continue
        if not (renderable.no_wrap or renderable.overflow in ("crop", "ellipsis")):
            continue
        room = widget.content_region.width
        for line in renderable.plain.splitlines():
            if cell_len(line) > room:
                where = widget.id or type(widget).__name__
                problems.append(f"{where}: {line!r} is {cell_len(line)} cells, room for {room}")
    return problems


def assert_fits(app: App[Any], where: str = "") -> None:
    """Fail with every problem ``width_problems`` finds on the current screen."""
    problems = width_problems(app)
    assert not problems, f"{where} at {app.size.width}x{app.size.height}:\n" + "\n".join(
        problems[:20]
    )
