"""Textual's cache of parsed CSS holds every source the app brings (``tui_nn.ui.css_cache``).

Lessons 7 and 8 with the list and the help bring about 80 CSS sources; with
Textual's 64 entries each new source made it parse them all again.  Here every
source is parsed once: the cache has missed exactly as often as it holds
entries.
"""

from __future__ import annotations

from tests.ui.harness import settled
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.css_cache import PARSE_CACHE_SIZE


async def test_every_css_source_is_parsed_once_however_many_lessons_are_opened() -> None:
    app = TuiNNApp(lesson=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("pagedown")
        await settled(pilot)
        assert app.lesson == 8
        await pilot.press("ctrl+l")  # the list and the help bring their own
        await settled(pilot)
        await pilot.press("escape", "f1")
        await settled(pilot)
        cache = app.stylesheet._parse_cache
        assert len(cache) > 64  # more than Textual's own cache would hold
        assert len(cache) < PARSE_CACHE_SIZE
        assert cache.misses == len(cache), cache  # no source parsed twice
