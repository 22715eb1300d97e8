"""Lesson 8's lab in Korean: snapshots of the Setup and Train views, and nothing wider than
the panel, at the lab panel's size in an 80x24 and a 100x32 terminal.

The lab is mounted alone in the test App (the lab and a Footer) as in
test_lab_training_snapshot.py; the sizes are the lab's region in the whole app (50x22 and
60x30, measured) plus the Footer's row.  The Train view shows a short seeded run on the small
built-in digits with the clock hidden, so the snapshots are stable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from tests.ui.test_lab_training import LabApp, ready, send_keys
from tests.ui.test_lab_training_snapshot import SETTINGS, FrozenLab, short_run
from tests.ui.test_lab_training_views import screen_lines
from tui_nn.i18n import display_width, set_language
from tui_nn.ui.labs.training_charts import TrainChartBox
from tui_nn.ui.widgets.number_field import NumberField

PANELS = {"80x24": (50, 23), "100x32": (60, 31)}


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


async def setup_shown(pilot: Pilot) -> None:
    lab = await ready(pilot, SETTINGS)
    lab.redraw()  # the epoch sentence for these settings (set from code, not typed)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()  # the data line's new height laid out (it wraps to two lines)
    await pilot.pause()


@pytest.mark.parametrize("terminal", PANELS)
def test_setup_view_in_korean(snap_compare, korean, terminal: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(FrozenLab()), terminal_size=PANELS[terminal], run_before=setup_shown)


@pytest.mark.parametrize("terminal", PANELS)
def test_train_view_in_korean(snap_compare, korean, terminal: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(FrozenLab()), terminal_size=PANELS[terminal], run_before=short_run)


@pytest.mark.parametrize("terminal", PANELS)
async def test_no_korean_line_is_wider_than_the_panel(korean, terminal: str) -> None:  # type: ignore[no-untyped-def]
    width, height = PANELS[terminal]
    async with LabApp(FrozenLab()).run_test(size=(width, height)) as pilot:
        lab = await ready(pilot, SETTINGS)
        seen = []
        setup = screen_lines(pilot.app)
        for field in lab.query(NumberField):  # every field title whole in its border
            assert f" {field.border_title} " in "\n".join(setup), (field.border_title, setup)
        for select in lab.query(Select):
            assert f" {select.border_title} " in "\n".join(setup), select.border_title
        await short_run(pilot)
        for key in ("1", "2", "3", "4", "5"):
            await send_keys(pilot, key)
            await pilot.pause(0.1)
            lines = screen_lines(pilot.app)
            seen.append("\n".join(lines))
            for line in lines:
                assert display_width(line) <= width, (key, line)
        # the Korean words are on screen (not English left over) …
        everything = "\n".join(seen)
        for words in ("설정", "학습", "반복마다 손실", "혼동 행렬", "저장"):
            assert words in everything, words
        # … and no chart frame is pushed out of its box by wide text
        for box in lab.query(TrainChartBox):
            rendered = box.chart.render().plain  # type: ignore[union-attr]
            for line in rendered.splitlines():
                assert display_width(line) <= box.chart.size.width, line


async def test_f2_relabels_tabs_choices_and_words() -> None:
    async with LabApp(FrozenLab()).run_test(size=PANELS["100x32"]) as pilot:
        lab = await ready(pilot, SETTINGS)
        assert "1 Setup" in "\n".join(screen_lines(pilot.app))
        set_language("ko")
        try:
            lab.refresh_language()
            await pilot.pause(0.2)
            shown = "\n".join(screen_lines(pilot.app))
            for words in ("1 설정", "2 학습", "학습률", "이미지 수", "역전파", "기울기"):
                assert words in shown, (words, shown)
            assert "Setup" not in shown and "backprop" not in shown
        finally:
            set_language("en")
