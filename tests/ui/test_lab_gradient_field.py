"""Lesson 4, second edition: (0, 0) is a row and a column at every size, its dot shows,
the shading shows height without colour, and the words about s say what s does."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import explore
from tui_nn.ui import look
from tui_nn.ui.labs.gradient import GradientLab
from tui_nn.ui.labs.gradient_field import GRID, POINT, shade_set

from .harness import LabApp, shown_text

PANELS = [(50, 23), (62, 31)]  # the lab panel of an 80x24 and of a 100x32 terminal


def field_rows(app: LabApp) -> list[str]:
    return shown_text(app, "#grad-field").splitlines()


@pytest.mark.parametrize("size", PANELS, ids=["80x24", "100x32"])
async def test_zero_is_a_row_and_a_column_and_the_minimum_dot_shows(size: tuple[int, int]) -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lab = app.lab
        assert isinstance(lab, GradientLab) and lab.picture is not None
        rows = field_rows(app)
        assert GRID % 2 == 1 and len(rows) == GRID + 1  # the grid, then the x0 labels
        labels = [row[:4].strip() for row in rows[:GRID]]
        assert labels == ["4", "", "2", "", "0", "", "-2", "", "-4"]
        middle = GRID // 2
        centres = lab.picture.centres
        assert centres[middle][middle] == "·"  # the bottom of the bowl: its dot is there
        assert centres[middle][middle - 1] == "→" and centres[middle][middle + 1] == "←"
        assert centres[middle - 1][middle] == "↓" and centres[middle + 1][middle] == "↑"
        assert "·" in rows[middle]
        assert rows[-1].split() == ["-4", "-2", "0", "2", "4"]
        # the x0 label 0 sits under the middle column, where the dot is
        assert rows[-1].index("0", rows[-1].index("-2") + 2) == rows[middle].index("·")
        # the point (3, 4) is marked where it is: top row, x0 = 3
        assert lab.picture.point_cell == (0, 7) and centres[0][7] == POINT
        assert all(len(row) <= size[0] for row in rows)


async def test_shading_shows_height_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    try:
        app = LabApp(GradientLab)
        async with app.run_test(size=(62, 31)) as pilot:
            await pilot.pause()
            rows = field_rows(app)
            shades = shade_set()
            corner = rows[0][5]  # left of the top-left arrow: (-4, 4), high up the bowl
            middle = rows[GRID // 2]
            centre_at = middle.index("·")
            assert corner == shades[-1]  # the highest shade
            assert middle[centre_at - 1] == " "  # blank at the bottom
            assert "blank lowest, then " + " ".join(shades[1:]) in shown_text(app, "#grad-legend")
            levels = explore.height_levels(explore.function_2, lab_ticks(), lab_ticks())
            assert levels[0, 0] == 1.0 and levels[4, 4] == 0.0
    finally:
        look.reset()


def lab_ticks() -> np.ndarray:
    return np.linspace(-4, 4, GRID)


async def test_the_words_about_s_match_what_s_does() -> None:
    app = LabApp(GradientLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.lab
        assert isinstance(lab, GradientLab)
        await pilot.press("o")
        expected = {
            "bowl": ("Press s for the saddle", "saddle"),
            "saddle": ("Press s for the plateau", "plateau"),
            "plateau": ("Press s to go back to the bowl", "bowl"),
        }
        for _ in range(3):
            words, after = expected[lab.function]
            flat = shown_text(app, "#grad-flat")
            assert words in flat, flat
            assert "flat spots that are not" not in flat
            await pilot.press("s")
            assert lab.function == after
