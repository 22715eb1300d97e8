"""Each Korean lesson, drawn by Textual's Markdown in a narrow column: every word shown, none cut.

Hangul is two cells wide; Textual must wrap it by cells.  This draws the texts
in a plain Markdown widget (not the lesson screen, which the UI owns) at the
width of the text column beside the lab (38) and when stacked at 80x24 (78).
"""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Markdown

from tui_nn.catalog import LESSONS
from tui_nn.i18n import display_width
from tui_nn.ui.lesson_text import load_lesson_text


class TextApp(App[None]):
    def __init__(self, text: str, width: int) -> None:
        super().__init__()
        self.text = text
        self.width = width

    def compose(self) -> ComposeResult:
        with VerticalScroll() as column:
            column.styles.width = self.width
            yield Markdown(self.text)


def words_of(markdown: str) -> list[str]:
    """The words a reader should see: Markdown marks dropped, code kept as written."""
    words: list[str] = []
    for index, part in enumerate(re.split(r"`([^`]*)`", markdown)):
        plain = part if index % 2 else re.sub(r"[*#>]", "", part)
        words += [word for word in plain.split() if not re.fullmatch(r"-|\d+\.", word)]
    return words


@pytest.mark.parametrize("width", [38, 78])
async def test_every_korean_lesson_is_drawn_whole(width: int) -> None:
    for lesson in LESSONS:
        text = load_lesson_text(lesson, "ko")
        app = TextApp(text, width)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            markdown = app.query_one(Markdown)
            lines: list[str] = []
            for widget in markdown.walk_children():
                if widget.children or not widget.size.height:
                    continue
                region = Region(0, 0, widget.size.width, widget.size.height)
                for strip in widget.render_lines(region):
                    assert strip.cell_length <= widget.size.width <= width
                    assert display_width(strip.text) == strip.cell_length
                    lines.append(strip.text)
            # A word too long for the column is folded onto the next line, never dropped.
            shown = "".join("".join(lines).split())
            for word in words_of(text):
                assert word in shown, (lesson.slug, width, word)
