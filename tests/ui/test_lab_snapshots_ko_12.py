"""Lessons 1 and 2 in Korean: their labs at the lab panel of an 80x24 and a 100x32 terminal.

The labs alone in ``LabApp`` (as in ``test_lab_snapshots.py``), the language set
to Korean for the test and English again after it; and a check that no line
the labs draw in Korean is wider than the panel, and that nothing is cut.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widgets import Static

from tests.ui.harness import LabApp
from tests.ui.test_lab_minibatch import loaded
from tui_nn.i18n import set_language
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.labs.minibatch import MinibatchLab
from tui_nn.ui.widgets.chart import Chart
from tui_nn.ui.widgets.number_field import NumberField

#: The lab panel (width, height with the footer row) in a terminal of this size.
PANELS = {"80x24": (50, 23), "100x32": (62, 31)}


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("panel", PANELS.values(), ids=PANELS.keys())
def test_loss_lab_in_korean(snap_compare, korean: None, panel: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(LossLab), terminal_size=panel)


@pytest.mark.parametrize("panel", PANELS.values(), ids=PANELS.keys())
def test_minibatch_lab_in_korean(snap_compare, korean: None, panel: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot.app, pilot)

    assert snap_compare(LabApp(MinibatchLab), terminal_size=panel, run_before=run_before)


def screen_lines(app: App[None]) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def assert_nothing_too_wide(app: App[None], width: int) -> None:
    """Every line on screen fits the panel; no widget's own lines are cut to fit it."""
    assert all(cell_len(line) <= width for line in screen_lines(app))
    lab = app.screen.query_one(".lab-under-test")
    for widget in lab.query("*"):
        if not widget.display or widget.size.width == 0:
            continue
        if isinstance(widget, Chart):  # plotext's lines: never pushed past the frame
            for line in str(widget.render()).splitlines():
                assert cell_len(line) <= widget.size.width, (widget, line)
        elif isinstance(widget, NumberField):  # the label on the border: never cut
            assert cell_len(str(widget.border_title)) <= widget.outer_size.width - 6, widget
        elif isinstance(widget, Static) and widget.id == "loss-table":  # a table: no wrapping
            for line in str(widget.render()).splitlines():
                assert cell_len(line) <= widget.content_size.width, line
                assert "…" not in line, line  # no cell of it cut short
    assert "…" not in "".join(str(f.border_title) for f in lab.query(NumberField))


@pytest.mark.builtin_data
@pytest.mark.parametrize("panel", PANELS.values(), ids=PANELS.keys())
async def test_no_korean_line_is_wider_than_the_panel(korean: None, panel: tuple[int, int]) -> None:
    width = panel[0]
    app = LabApp(LossLab)
    app.lab.add_class("lab-under-test")
    async with app.run_test(size=panel) as pilot:
        await pilot.pause()
        assert "정답 t: 클래스 2" in str(app.screen.query_one("#loss-answer").render())
        for keys in ([], ["y"], ["d"], ["d", "y", "plus"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert_nothing_too_wide(app, width)
    app = LabApp(MinibatchLab)
    app.lab.add_class("lab-under-test")
    async with app.run_test(size=panel) as pilot:
        lab = await loaded(app, pilot)
        assert "배치 손실" in str(app.screen.query_one("#mb-loss").render())
        assert_nothing_too_wide(app, width)
        app.screen.query_one("#mb-size", NumberField).value = "1000"
        await pilot.pause()
        assert len(lab.indices) == 1000
        assert "두 번 이상 뽑힌 번호" in str(app.screen.query_one("#mb-indices").render())
        assert_nothing_too_wide(app, width)
        await pilot.press("e", "d")
        await pilot.pause()
        assert_nothing_too_wide(app, width)
