"""Lesson 8, second edition: the warning at lr 10, honest charts, plain words, reachable fields."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest
from textual.widgets import Select, TabbedContent

from tests.ui.test_lab_training import (
    SHORT,
    LabApp,
    ready,
    run_to_end,
    send_keys,
    text_of,
    wait_for,
)
from tests.ui.test_lab_training_views import screen_lines
from tui_nn.training_session import EpochMeasured
from tui_nn.ui import look
from tui_nn.ui.labs.training_charts import TrainChartBox, row_ticks
from tui_nn.ui.labs.training_controls import restore_form
from tui_nn.ui.labs.training_inspect import DigitGrid, digit_caption
from tui_nn.ui.labs.training_live import TrainView, chart_heights
from tui_nn.ui.widgets.number_field import NumberField

# the shape of a real lr-10 run of the book's network on MNIST (stretch means 2.24, 2.04 …)
LR_10 = np.repeat([2.35, 2.35, 2.04, 2.04, 2.04, 1.85, 1.75, 1.75, 1.2, 1.0], 300)


def labelled_rows(chart_text: str) -> list[tuple[int, float]]:
    """(row, value) of every y tick label of a rendered plotext chart."""
    rows = []
    for index, line in enumerate(chart_text.splitlines()):
        match = re.match(r"\s*(-?\d+(?:\.\d+)?)┤", line)
        if match:
            rows.append((index, float(match.group(1))))
    return rows


def assert_even_ticks_on_rows(box: TrainChartBox) -> None:
    text = box.chart.render().plain  # type: ignore[union-attr]
    rows = labelled_rows(text)
    assert len(rows) >= 2, text
    row_steps = {b[0] - a[0] for a, b in pairwise(rows)}
    value_steps = {round(a[1] - b[1], 6) for a, b in pairwise(rows)}
    assert len(row_steps) == 1 and len(value_steps) == 1, text  # no step twice the others


def test_row_ticks_put_every_tick_on_a_row_of_its_own() -> None:
    for low, high, rows in [(0.85, 0.947, 7), (0.0, 2.4, 8), (0.1, 0.5, 13), (0, 15.8, 20)]:
        bottom, top, positions, labels = row_ticks(low, high, rows, floor=0.0, ceiling=1.0)
        assert bottom <= low + 1e-9 and top >= min(high, 1.0) - 1e-9
        gaps = [(p - bottom) / (top - bottom) * (rows - 1) for p in positions]
        assert all(abs(g - round(g)) < 1e-6 for g in gaps), (low, high, rows, gaps)
        assert len({round(b - a, 9) for a, b in pairwise(positions)}) == 1
    # 0.947 is never drawn on the row labelled 1.000: the chart ends at the first tick above it
    bottom, top, positions, labels = row_ticks(0.85, 0.947, 7, floor=0.0, ceiling=1.0)
    assert labels[-1] == "0.95" and top == positions[-1]
    assert chart_heights(24) == (11, 10) and chart_heights(40) > chart_heights(32)


def test_a_wrong_guess_says_which_is_the_guess() -> None:
    assert digit_caption(8, 6, 5) == "#8 guess 6\n✗ answer 5"
    assert digit_caption(3, 7, 7) == "#3 guess 7\n✓ right"


def test_a_saved_learning_rate_of_0_is_not_restored() -> None:
    assert restore_form({"learning_rate": 0.1}, {"learning_rate": 0})["learning_rate"] == 0.1


async def test_second_edition_setup_and_train_views() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, SHORT)
        tabs = lab.query_one(TabbedContent)
        # the fields a beginner changes are the first Tabs away (train imgs was 10 Tabs away)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(getattr(pilot.app.focused, "id", None))
        assert "field-learning_rate" in order[:2] and "field-train_size" in order, order
        # lr 0 is refused in the field, with the reason (the field says what it accepts)
        field = lab.query_one("#field-learning_rate", NumberField)
        field.focus()
        await pilot.press("end", "ctrl+u", "0")
        assert field.number == 0.1 and "above 0" in field.error, field.error
        assert field.border_subtitle == "above 0"
        assert "above 0" in str(field.tooltip)
        await pilot.press("escape")
        # a digit typed in a choice field never switches views
        lab.query_one("#field-activation", Select).focus()
        await pilot.pause()
        await pilot.press("3")
        assert tabs.active == "tab-setup"
        lab.focus()
        await pilot.press("2")
        assert tabs.active == "tab-train"
        # a short run: every epoch listed, both charts with even ticks on their rows
        await run_to_end(pilot, lab)
        live = lab.query_one(TrainView)
        epochs = text_of(lab, "#epochs")
        assert all(f"epoch {e.epoch:>3}: train" in epochs for e in live.epochs)
        assert len(live.epochs) == 3
        for selector in ("#loss-chart", "#acc-chart"):
            box = lab.query_one(selector, TrainChartBox)
            assert box.plot_rows > 4  # real height at 100x32, not 4 rows
            assert_even_ticks_on_rows(box)
        # the promised warning: the lr-10 curve is judged while it runs, and after
        live.losses, live.learning_rate, live.ended = list(LR_10), 10.0, False
        live.redraw()
        verdict = text_of(lab, "#verdict")
        assert "not settling" in verdict and "A learning rate of 10 is too big" in verdict
        live.ended = True
        live.show_verdict()
        assert "did not settle" in text_of(lab, "#verdict")
        # overfitting in percentage points
        live.epochs = [EpochMeasured(1, 10, 0.99, 0.824)]
        live.show_epochs()
        assert "16.6 percentage points above test" in text_of(lab, "#epochs")
        # a mistake says which number is the guess and which the answer, on screen
        await send_keys(pilot, "n")
        grid = lab.query_one(DigitGrid)
        await wait_for(pilot, lambda: grid.predictions is not None)
        assert grid.predictions is not None and grid.labels is not None
        if (grid.predictions != grid.labels).any():
            await wait_for(pilot, lambda: "✗ answer" in "\n".join(screen_lines(pilot.app)))
            shown = "\n".join(screen_lines(pilot.app))
            assert re.search(r"#\d+ guess \d", shown) and re.search(r"✗ answer \d", shown), shown


async def test_at_80x24_the_train_view_shows_its_charts_without_scrolling() -> None:
    async with LabApp().run_test(size=(50, 23)) as pilot:  # the lab panel of an 80x24 terminal
        lab = await ready(pilot, SHORT)
        await send_keys(pilot, "2")
        await pilot.pause()
        lines = "\n".join(screen_lines(pilot.app))
        assert "loss per iteration" in lines, lines
        box = lab.query_one("#loss-chart", TrainChartBox)
        assert box.region.y < 23 - 5, box.region  # the chart itself starts on screen


async def test_without_colour_every_series_and_state_is_told_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    try:
        async with LabApp().run_test(size=(100, 32)) as pilot:
            lab = await ready(pilot, SHORT)
            await run_to_end(pilot, lab)
            for selector in ("#loss-chart", "#acc-chart"):
                legend = str(lab.query_one(selector).query(".chart-legend").first().render())
                markers = re.findall(r"(\S) \w", legend)
                assert len(markers) >= 2 and len(set(markers)) == len(markers), legend
            live = lab.query_one(TrainView)
            live.losses, live.learning_rate, live.ended = list(LR_10), 10.0, True
            live.show_verdict()
            assert text_of(lab, "#verdict").startswith("⚠ ")  # a warning, not only a colour
            assert "✗" in digit_caption(1, 2, 3) and "✓" in digit_caption(1, 2, 2)
            words = "\n".join(screen_lines(pilot.app))
            assert not re.search(r"\b(red|green|orange|cyan|gray)\b", words), words
    finally:
        look.reset()
