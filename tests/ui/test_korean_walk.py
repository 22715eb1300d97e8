"""The app in Korean, walked by keyboard, every screen measured (issue 13).

One app session at 80x24: the lesson list (with each lesson highlighted in
turn), every lesson (PgDn through all nine; the title bar names the lesson and
its place "◀ n/8 ▶", nothing in it cut; each lab's main key pressed once, then
Ctrl+↓ down to the end of the lab while the "more below" line says there is
more), the help, the quit box and the too-small box, each checked by
:mod:`tests.ui.width_check`; then F2 back to English.  No error is caught and
nothing is written to error.log.

80x24 is the narrowest size the app promises, so it is the one walked: a second
walk at 100x32 (25 s of CPU) proved nothing more, the labs' Korean at their
100x32 panel is measured by ``test_no_korean_line_is_wider_than_the_panel`` in
tests/ui/test_lab_snapshots_ko_*.py and test_lab_training_snapshot_ko.py.  The
80x24 list-and-lessons check that was in tests/ui/test_language.py
(``test_korean_fits_80x24_in_the_list_and_every_lesson``, a walk of its own) is
part of this walk now.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList, Static

from tui_nn.catalog import LESSONS
from tui_nn.i18n import current_language, set_language
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.error_log import error_log_path
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens.help import HelpScreen, own_bindings
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.lesson_list import LessonListScreen
from tui_nn.ui.screens.quit_confirm import QuitConfirmScreen
from tui_nn.ui.settings import Settings, save_settings

from .width_check import assert_fits, screen_lines

pytestmark = pytest.mark.builtin_data


@pytest.fixture(autouse=True)
def korean_then_english() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


def main_key(screen: LessonScreen) -> str | None:
    """The first key the lab shows in the Footer (its "main" key), if it has one."""
    lab = screen.kit_lab
    if lab is None:
        return None
    for binding in own_bindings(lab, Lab):
        if binding.show and binding.description:
            return binding.key.split(",")[0]
    return None


#: The help is measured over the labs with the most keys.
HELP_IN = (1, 5, 8)


async def scroll_the_lab_to_its_end(pilot: Any, screen: LessonScreen, number: int) -> None:
    """While part of the lab is below the fold a line says so; Ctrl+↓ gets there (issue 12)."""
    app = screen.app
    scroller = screen.lab_scroller()
    assert scroller is not None
    hint = screen.query_one("#more-below")
    screen.update_more_below()
    await pilot.pause()
    if scroller.max_scroll_y == 0:
        assert not hint.display, f"lesson {number}: nothing below, yet the line shows"
        return
    assert hint.display and "아래에 더 있음" in str(hint.render()), number
    for _step in range(40):
        if scroller.scroll_y >= scroller.max_scroll_y:
            break
        await pilot.press("ctrl+down")
        await pilot.pause()
    assert scroller.scroll_y == scroller.max_scroll_y, number
    screen.update_more_below()
    await pilot.pause()
    assert not hint.display, f"lesson {number}: at the end, the line still shows"
    assert_fits(app, f"lesson {number} scrolled to its end")


def assert_title_bar_whole(app: TuiNNApp, where: str) -> None:
    """The title bar's lesson title and place are not cut (each fits its widget)."""
    for widget in app.screen.walk_children():
        if isinstance(widget, Static) and widget.id in ("lesson-title", "lesson-position"):
            text = str(widget.render())
            assert cell_len(text) <= widget.size.width, (where, widget.id, text)


SIZE = (80, 24)


async def test_korean_walk_through_every_screen() -> None:
    size = SIZE
    save_settings(Settings())  # a first run: the lesson list
    app = TuiNNApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, LessonListScreen)
        assert "강의 목록" in "\n".join(screen_lines(app))
        assert_fits(app, "the lesson list")
        options = app.screen.query_one(OptionList)
        seen = ""
        for number in range(len(LESSONS)):
            options.highlighted = number
            await pilot.pause()
            assert_fits(app, f"the lesson list at lesson {number}")
            seen += "\n".join(screen_lines(app))
        for lesson in LESSONS:
            assert lesson.local_title in seen
        await pilot.press("0")
        pressed = 0
        for number in range(len(LESSONS)):
            await pilot.pause(0.3)
            screen = app.screen
            assert isinstance(screen, LessonScreen) and screen.number == number
            header = screen_lines(app)[0]
            assert f"{number} {LESSONS[number].local_title}" in header
            assert f"◀ {number}/{len(LESSONS) - 1} ▶" in header
            assert_fits(app, f"lesson {number}")
            assert_title_bar_whole(app, f"lesson {number}")
            book = app.screen.query_one("#lesson-book", Static)
            assert book.size.width <= size[0]
            key = main_key(screen)
            if key is not None:
                screen.set_focus(screen.lab)  # the lab's letter keys, not a field's typing
                await pilot.press(key)
                await pilot.pause(0.3)
                pressed += 1
                assert_fits(app, f"lesson {number} after {key}")
                screen.stop_lab()  # keep the machine free for the rest of the walk
            await scroll_the_lab_to_its_end(pilot, screen, number)
            if number in HELP_IN:
                await pilot.press("f1")
                await pilot.pause(0.2)
                assert isinstance(app.screen, HelpScreen)
                assert_fits(app, f"the help of lesson {number}")
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("pagedown")
        assert pressed >= 8  # every lab but the slides of lesson 0 has a key
        await pilot.press("ctrl+l")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LessonListScreen)
        assert_fits(app, "the lesson list over lesson 8")
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(QuitConfirmScreen(["레슨 8: 학습 43% (멈추고, 그 결과는 사라집니다)"]))
        await pilot.pause(0.2)
        assert "지금 끝낼까요?" in "\n".join(screen_lines(app))
        assert_fits(app, "the quit box")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(50, 14)
        await pilot.pause(0.2)
        shown = "\n".join(screen_lines(app))
        assert "터미널" in shown or "너무 작음" in shown
        assert_fits(app, "the too-small box")
        await pilot.resize_terminal(*size)
        await pilot.pause(0.2)
        await pilot.press("f2")
        await pilot.pause(0.3)
        assert current_language() == "en"
        assert LESSONS[8].title in screen_lines(app)[0]
        assert_fits(app, "lesson 8 in English again")
        assert app.caught_errors == []
    log = error_log_path()
    assert not log.exists() or log.read_text() == ""
