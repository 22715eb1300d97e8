"""Lessons 3-5's labs in Korean: snapshots at the lab panel of an 80x24 and a 100x32 terminal,
and no line of them wider than the panel.

The panels: in an 80x24 terminal the lab is 50 columns by 22 rows (23 with the
Footer LabApp adds), measured by running the app; in 100x32 the existing
snapshots use ``LAB_PANEL = (62, 31)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tests.ui.harness import LabApp
from tui_nn.i18n import set_language
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.labs.descent import DescentLab
from tui_nn.ui.labs.gradient import GradientLab
from tui_nn.ui.widgets.chart import Chart
from tui_nn.ui.widgets.number_field import NumberField

PANEL_80x24 = (50, 23)
PANEL_100x32 = (62, 31)
PANELS = {"80x24": PANEL_80x24, "100x32": PANEL_100x32}
KEYS = {
    DerivativesLab: ["b"],
    GradientLab: [],
    DescentLab: ["right_square_bracket", "s", "s", "s", "s", "s"],
}


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("panel", list(PANELS), ids=list(PANELS))
@pytest.mark.parametrize(
    "lab", list(KEYS), ids=["derivatives_with_bug", "gradient", "descent_after_five_steps"]
)
def test_korean_lab(snap_compare, korean, lab: type, panel: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(lab), terminal_size=PANELS[panel], press=KEYS[lab])


def too_wide(app: LabApp) -> list[str]:
    """Every line of the lab (words, field, charts, field labels) wider than its widget."""
    lab = app.lab
    problems: list[str] = []
    if lab.max_scroll_x:
        problems.append(f"the lab scrolls sideways by {lab.max_scroll_x}")
    for widget in lab.query(Static):
        width = widget.content_region.width
        shown = widget.render()
        if not isinstance(shown, Text) or not width:
            continue
        for line in shown.split("\n"):
            lines = [line] if shown.no_wrap else line.wrap(app.console, width)
            problems += [
                f"{widget.id}: {piece.plain!r}" for piece in lines if piece.cell_len > width
            ]
    for chart in lab.query(Chart):
        shown = chart.render()
        plain = shown.plain if isinstance(shown, Text) else str(shown)
        problems += [
            f"chart: {row!r}" for row in plain.split("\n") if cell_len(row) > chart.size.width
        ]
    for field in lab.query(NumberField):
        title = str(field.border_title or "")
        if cell_len(title) + 6 > field.outer_size.width:  # corners, a space and a ▔ each side
            problems.append(f"field label cut: {title!r}")
    return problems


@pytest.mark.parametrize("panel", list(PANELS), ids=list(PANELS))
async def test_no_korean_line_is_wider_than_the_panel(korean, panel: str) -> None:  # type: ignore[no-untyped-def]
    for lab_class, keys in KEYS.items():
        app = LabApp(lab_class)
        async with app.run_test(size=PANELS[panel]) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            assert not too_wide(app), (lab_class.__name__, too_wide(app))
            if lab_class is DescentLab:
                await pilot.press("n", *["s"] * 25)  # the saddle's words, stalled
            elif lab_class is GradientLab:
                await pilot.press("s", "o", "i")  # the saddle's words and the pitfall
            else:
                await pilot.press("f", *["right_square_bracket"] * 6)  # sin, the secant, the note
            await pilot.pause()
            assert not too_wide(app), (lab_class.__name__, too_wide(app))
