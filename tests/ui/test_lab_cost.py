"""What keeps a lab's keys cheap (bench/lab_cost.py has the figures), and states in words.

- the lab gaining or losing the keys restyles the lab alone, not every widget inside;
- a Static given the text it already shows is not updated, and one whose new text takes as
  many lines is only repainted (no new layout of the screen);
- lesson 8's tab underline jumps to the new view (no animation frames);
- lesson 1's delta switch says "on" / "off" in words (legible without colour, in Korean too);
- lesson 5's keys the lesson's "Try this" asks for come first in the Footer.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static, Tabs
from textual.widgets._tabs import Underline

from tests.ui.harness import LabApp, shown_text
from tests.ui.test_lab_training import LabApp as TrainingLabApp
from tests.ui.test_lab_training import ready
from tui_nn.i18n import set_language
from tui_nn.ui.labs.descent import DescentLab
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.widgets.updates import show


async def test_focus_restyles_the_lab_alone_and_the_delta_switch_says_its_state() -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.lab
        await pilot.pause()
        restyled: list[Any] = []
        update_nodes = app.stylesheet.update_nodes

        def spy(nodes: Any, animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(nodes)
            update_nodes(nodes, animate=animate)

        app.stylesheet.update_nodes = spy  # type: ignore[method-assign]
        app.screen.set_focus(None)
        lab.focus()
        await pilot.pause()
        app.stylesheet.update_nodes = update_nodes  # type: ignore[method-assign]
        inside = set(lab.walk_children())
        assert lab in restyled
        assert not inside & set(restyled), "the widgets inside were restyled"

        assert shown_text(app, "#loss-delta-state") == "on"
        await pilot.press("d")
        assert lab.use_delta is False  # type: ignore[attr-defined]
        assert shown_text(app, "#loss-delta-state") == "off"
        try:
            set_language("ko")
            lab.refresh_language()  # type: ignore[attr-defined]
            await pilot.pause()
            assert shown_text(app, "#loss-delta-state") == "꺼짐"
        finally:
            set_language("en")


class OneStatic(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("loss 0.5", id="words")


async def test_the_same_text_again_is_no_update() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 5)) as pilot:
        words = app.query_one("#words", Static)
        layouts: list[bool] = []
        refresh = words.refresh

        def counted(*regions: Any, **kwargs: Any) -> Any:
            layouts.append(bool(kwargs.get("layout")))
            return refresh(*regions, **kwargs)

        words.refresh = counted  # type: ignore[method-assign]
        assert show(words, "loss 0.5") is False
        assert layouts == []  # the same text: nothing at all
        assert show(words, "loss 0.4") is True
        assert layouts == [False]  # as many lines: a repaint of this widget, no new layout
        await pilot.pause()
        assert str(words.render()) == "loss 0.4"
        assert show(words, "loss 0.3\nafter 5 steps") is True
        assert True in layouts  # a line more: the screen is laid out again
        await pilot.pause()
        assert words.size.height == 2


async def test_lesson_8s_views_switch_without_an_animated_underline() -> None:
    async with TrainingLabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        underline = lab.query_one(Tabs).query_one(Underline)
        animated: list[str] = []
        underline.animate = lambda attribute, *args, **kwargs: animated.append(attribute)  # type: ignore[method-assign]
        for key in ("2", "3", "1"):
            await pilot.press(key)
            await pilot.pause(0.05)
        assert animated == []
        tab = lab.query_one(Tabs).active_tab
        assert tab is not None and tab.id is not None and tab.id.endswith("tab-setup")
        start, end = (column - lab.query_one(Tabs).region.x for column in tab.region.column_span)
        assert start <= underline.highlight_start < underline.highlight_end <= end  # under it now


def test_lesson_5s_footer_starts_with_the_keys_its_text_asks_for() -> None:
    shown = [b.key for b in DescentLab.BINDINGS if getattr(b, "show", True)]  # type: ignore[union-attr]
    # "Try this" in lessons/05-gradient-descent.md: w, ], g, b, n (and s again and again)
    assert shown[:6] == ["s", "w", "right_square_bracket", "g", "b", "n"]


async def test_a_text_as_long_as_the_old_one_still_gets_the_rows_it_needs() -> None:
    # The widget on screen is one row high although its text (changed without a layout,
    # as a pending layout or another path may leave it) has three lines: a new text of
    # three lines must be laid out, not repainted into the one row.
    app = OneStatic()
    async with app.run_test(size=(40, 8)) as pilot:
        words = app.query_one("#words", Static)
        await pilot.pause()
        words.update("a\nb\nc", layout=False)
        await pilot.pause()
        assert words.size.height == 1  # the state show() must not trust
        assert show(words, "x\ny\nz") is True
        await pilot.pause()
        assert words.size.height == 3
        assert show(words, "x\ny\nw") is True  # now as tall as its text: a repaint is enough
        await pilot.pause()
        assert words.size.height == 3
