"""The "more below" line lies over the lab's last row: showing or hiding it resizes nothing
(in lesson 8 a view key did both, each a layout of the screen), and a widget given the
keys is lifted out from under it."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.lesson import LessonScreen

pytestmark = pytest.mark.builtin_data


def _hint(screen: LessonScreen) -> Widget:
    return screen.query_one("#more-below")


async def test_the_line_takes_no_row_from_the_lab() -> None:
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab_scroller()
        assert lab is not None and lab.max_scroll_y > 0  # lesson 1's chart is below the fold
        hint = _hint(screen)
        assert hint.display and "more below" in str(hint.render())
        shown_size = lab.size
        assert hint.region.y == lab.region.bottom - 1  # over the lab's last row
        for _press in range(6):
            await pilot.press("ctrl+down")
        await pilot.pause(0.2)
        assert lab.scroll_y == lab.max_scroll_y
        assert not hint.display  # at the end: nothing below
        assert lab.size == shown_size  # the lab kept its size when the line went


async def test_a_widget_given_the_keys_is_not_left_under_the_line() -> None:
    app = TuiNNApp(lesson=6)  # its nudge fields lie at the bottom of the view at 100x32
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.5)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab_scroller()
        assert lab is not None and lab.max_scroll_y > 0
        hint = _hint(screen)
        covered: Widget | None = None
        for y in range(int(lab.max_scroll_y)):  # find a field that the line covers in part
            lab.scroll_to(y=y, animate=False)
            await pilot.pause()
            await pilot.pause()  # the line follows the scroll after a refresh
            if not hint.display:
                continue
            for widget in lab.query("*"):
                if (
                    widget.focusable
                    and widget.region.overlaps(hint.region)
                    and widget.region.height < lab.region.height
                ):
                    covered = widget
                    break
            if covered is not None:
                break
        assert covered is not None, "no scroll position put a field under the line"
        covered.focus()
        await pilot.pause(0.2)
        await pilot.pause()
        assert app.focused is covered
        assert not (hint.display and covered.region.overlaps(hint.region))
        assert covered.region.bottom <= lab.region.bottom  # and it is still on screen


async def test_a_fields_message_hides_the_line_it_would_cover() -> None:
    from tui_nn.ui.widgets.number_field import FieldMessageLine

    app = TuiNNApp(lesson=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        hint = _hint(screen)
        assert hint.display  # lesson 1's chart is below the fold
        message = screen.query_one(FieldMessageLine)
        message.show("Type a number such as 0.5 (not 'abc').")
        await pilot.pause()
        screen.update_more_below()
        await pilot.pause()
        assert message.display and not hint.display
        message.show("")
        await pilot.pause()
        screen.update_more_below()
        await pilot.pause()
        assert hint.display and "more below" in str(hint.render())
