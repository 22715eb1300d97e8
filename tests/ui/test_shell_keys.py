"""Issue 12's shared points: Help always in the Footer, whole field reasons, scrolling by
keyboard, the "more below" line; and issue 10's help that closes while it opens."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.help import HelpScreen
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.widgets.number_field import FieldMessageLine, NumberField

pytestmark = pytest.mark.builtin_data


def visible_footer_keys(app: TuiNNApp) -> list[str]:
    """The Footer's keys whose whole cell is on screen (left of the palette key)."""
    keys = list(app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    right_edge = palette[0].region.x if palette else app.size.width
    return [
        f"{key.key_display} {key.description}".strip()
        for key in keys
        if not key.has_class("-command-palette") and key.region.right <= right_edge
    ]


async def settled_footer_keys(app: TuiNNApp, pilot: object) -> list[str]:
    """The visible Footer keys once the Footer has laid them out (it recomposes on focus)."""
    last: list[str] = []
    for _try in range(30):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        keys = visible_footer_keys(app)
        if keys and keys == last:
            return keys
        last = keys
    return last


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_help_is_always_in_the_footer(size: tuple[int, int]) -> None:
    """Lessons 1, 5 and 8 have so many keys that "? Help" fell off (issue 12)."""
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=size) as pilot:
        for number in (1, 5, 8):
            app.goto_lesson(number)
            keys = await settled_footer_keys(app, pilot)
            assert "? Help" in keys, (number, keys)
            field = app.screen.query(NumberField).first()
            field.focus()  # inside a field ? is typed: F1 is the help key shown
            keys = await settled_footer_keys(app, pilot)
            assert "F1 Help" in keys, (number, keys)
            app.screen.set_focus(None)


async def test_a_refused_number_is_explained_in_full_under_the_lab() -> None:
    app = TuiNNApp(lesson=8)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.2)
        field = app.screen.query(NumberField).first()
        assert field.validators  # a range to break
        field.focus()
        await pilot.pause()
        line = app.screen.query_one("#field-message", FieldMessageLine)
        assert not line.display
        await pilot.press("end", "ctrl+u", *"99999999999")
        await pilot.pause(0.2)
        # The border: a word or two that fit even the narrowest field (11 cells).
        assert 0 < len(field.border_subtitle) <= 5
        # The line under the lab: the whole reason with the allowed range, and the kept value.
        assert line.display and "out of range" in line.text and " to " in line.text
        assert line.text.endswith(f"Keeping {field._fmt.format(field.number)}.")
        # Drawn whole: the wrapped sentence needs no more rows than the line has.
        needed = line.get_content_height(line.size, line.size, line.size.width)
        assert needed <= line.size.height, (needed, line.size, line.text)
        await pilot.press("end", "ctrl+u", "1")
        await pilot.pause(0.2)
        assert not line.display and not line.text  # fixed: the line goes away


async def test_keys_scroll_the_text_and_the_help_says_how() -> None:
    """Shift+↑/↓ scroll the text; the help names them and Ctrl+↑/↓ (the lab's scrolling,
    walked lesson by lesson with its "more below" line in tests/ui/test_korean_walk.py)."""
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        text = app.screen.query_one("#lesson-text")
        assert text.max_scroll_y > 0
        before = text.scroll_y
        await pilot.press("shift+down")
        await pilot.pause()
        assert text.scroll_y > before
        await pilot.press("shift+up")
        await pilot.pause()
        assert text.scroll_y == before
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab_scroller()
        assert lab is not None and lab.max_scroll_y > 0  # lesson 1's chart is below the fold
        screen.update_more_below()
        await pilot.pause()
        assert "↓ more below (Ctrl+↓)" in str(screen.query_one("#more-below").render())
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert lab.scroll_y > 0
        # The help says how to scroll.
        await pilot.press("f1")
        await pilot.pause(0.2)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        described = dict(help_screen.app_rows)
        assert any("^↓" in keys for keys in described), described
        assert any("⇧↓" in keys for keys in described), described


async def test_the_help_closed_while_it_opens_raises_nothing() -> None:
    """Issue 10: ``NoMatches '#help-scroll'`` when the help closed while opening."""
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        for _round in range(3):
            app.action_help()
            app.action_help()  # closed before it was mounted
            await pilot.pause()
        await pilot.press("f1", "f1", "f1", "escape")
        await pilot.pause(0.3)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, (LessonScreen, HelpScreen))
