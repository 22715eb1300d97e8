"""Lesson 1's -log(y) chart is honest: labels on rows, points on the curve, every point shown."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from rich.cells import cell_len

from tui_nn.engine.loss_compare import losses_of, neg_log_points
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.labs.loss_chart import FittedChartBox, row_ticks
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp

#: The lab panel (and a footer row) in a terminal of 80x24, 100x32 and 120x40.
PANELS = {"80x24": (50, 23), "100x32": (62, 31), "120x40": (72, 39)}
TICK = re.compile(r"^\s*(-?\d+(?:\.\d+)?)┤")


@pytest.mark.parametrize("rows", range(2, 30))
@pytest.mark.parametrize("top", [0.5, 2.3, 6.9, 16.118, 120.0])
def test_row_ticks_land_on_rows_evenly(rows: int, top: float) -> None:
    upper, ticks = row_ticks(top, rows)
    assert upper >= top and ticks[0] == 0
    # plotext's own mapping of a value to a row of the canvas
    placed = [int(np.floor(round(0.5 + (rows - 1) * v / upper, 8))) for v in ticks]
    steps = set(np.diff(placed))
    assert len(steps) <= 1 and all(step >= 1 for step in steps), placed  # even, no row twice
    assert placed[-1] <= rows - 1
    assert len(ticks) >= (3 if rows >= 5 else 2)


def test_the_curve_goes_through_its_points_and_reaches_zero() -> None:
    xs, cost = neg_log_points([0.6, 0.1, 0.0])
    assert {0.6, 0.1, 0.0} <= set(xs.tolist())
    assert cost[xs == 0.0][0] == pytest.approx(-np.log(1e-7))  # 16.118: on the curve
    xs, cost = neg_log_points([0.0], use_delta=False)
    assert np.isfinite(cost).all() and xs.min() > 0  # log(0) is not a point of the curve


def chart_lines(app: LabApp) -> list[str]:
    box = app.screen.query_one("#loss-neglog", FittedChartBox)
    return str(box.chart.render()).splitlines()


def assert_honest(lines: list[str], dot_row_value: float) -> None:
    """Tick labels evenly spaced on rows, and the red dot on a row of the curve."""
    ticks = [(row, float(m.group(1))) for row, line in enumerate(lines) if (m := TICK.match(line))]
    assert len(ticks) >= 3, lines
    gaps = {b[0] - a[0] for a, b in itertools.pairwise(ticks)}
    assert len(gaps) == 1, ticks  # no label skips a row it should have
    dot = next(row for row, line in enumerate(lines) if "●" in line)
    column = lines[dot].index("●")
    # the dot covers a cell of the curve: the curve goes on from a cell touching it
    around = "".join(
        lines[row][max(column - 1, 0) : column + 2] for row in (dot - 1, dot, dot + 1)
    )
    assert "·" in around, lines
    # and the dot's row is the row nearest its value
    (top_row, top), (bottom_row, bottom) = ticks[0], ticks[-1]
    per_row = (top - bottom) / (bottom_row - top_row)
    assert abs(bottom - (dot - bottom_row) * per_row - dot_row_value) <= per_row / 2 + 1e-9


@pytest.mark.parametrize("size", PANELS.values(), ids=PANELS.keys())
async def test_dot_sits_on_the_curve_labels_on_rows_and_p0_is_on_the_chart(
    size: tuple[int, int],
) -> None:
    app = LabApp(LossLab)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(LossLab)
        assert_honest(chart_lines(app), lab.answer_cost)
        field = app.screen.query_one("#loss-prob", NumberField)
        field.value = "0"  # all probability off the answer: -log(1e-7) = 16.118
        await pilot.pause()
        assert lab.answer_cost == pytest.approx(16.118095650958)
        lines = chart_lines(app)
        assert any("●" in line for line in lines), lines  # the dot did not vanish
        ticks = [float(m.group(1)) for line in lines if (m := TICK.match(line))]
        assert max(ticks) >= 16.118 - (ticks[1] - ticks[0]) / 2
        assert_honest(lines, lab.answer_cost)
        await pilot.press("d")  # without delta: infinity, an arrow at the top says so
        lines = chart_lines(app)
        assert "▲" in lines[1] or "▲" in lines[0], lines
        assert "→ inf" in str(app.screen.query_one("#loss-neglog .chart-title").render())


async def test_main_chart_is_above_the_fold_at_80x24() -> None:
    """Issue 12: the comparison table and the -log(y) chart are on screen without scrolling."""
    app = LabApp(LossLab)
    async with app.run_test(size=PANELS["80x24"]) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(LossLab)
        box = app.screen.query_one("#loss-neglog", FittedChartBox)
        visible = lab.region
        assert box.region.y >= visible.y and box.region.bottom <= visible.bottom, (
            box.region,
            visible,
        )
        assert app.screen.query_one("#loss-table").region.bottom <= visible.bottom
        for line in chart_lines(app):
            assert cell_len(line) <= box.chart.size.width


def test_losses_of_matches_the_reference_numbers() -> None:
    from tui_nn.engine import explore

    one = losses_of(explore.REFERENCE_Y1, explore.REFERENCE_T)
    two = losses_of(explore.REFERENCE_Y2, explore.REFERENCE_T)
    assert (round(one.mse, 12), round(two.mse, 12)) == (0.0975, 0.5975)
    assert round(one.cee, 12) == 0.510825457099 and round(two.cee, 12) == 2.302584092995
    assert np.isnan(losses_of(explore.REFERENCE_Y1, explore.REFERENCE_T, use_delta=False).cee)
