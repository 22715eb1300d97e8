"""Lesson 8 in the whole app: a run goes on while the learner reads another lesson, the fields
keep what was typed, the title bar can say "training 43%", and keys are answered while it trains."""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.ui.harness import type_into
from tests.ui.test_lab_training import ended, iteration, send_keys, small_loader, wait_for
from tui_nn.training_session import SessionState
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.data_store import DataStore, install_data_store
from tui_nn.ui.labs.training import TrainingLab
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.widgets.number_field import NumberField


def app_with_small_data() -> TuiNNApp:
    app = TuiNNApp(lesson=8)
    install_data_store(app, DataStore(app, small_loader))  # type: ignore[arg-type]
    return app


def lesson_lab(app: TuiNNApp, number: int) -> TrainingLab | None:
    screen = app.screen
    if isinstance(screen, LessonScreen) and screen.number == number:
        lab = screen.lab
        if isinstance(lab, TrainingLab) and lab.is_mounted and lab.dataset is not None:
            return lab
    return None


async def open_lesson_8(pilot: Pilot[int]) -> TrainingLab:
    app = pilot.app
    assert isinstance(app, TuiNNApp)
    await wait_for(pilot, lambda: lesson_lab(app, 8) is not None)
    lab = lesson_lab(app, 8)
    assert lab is not None
    await wait_for(pilot, lambda: app.focused is lab)
    return lab


async def test_a_run_goes_on_in_another_lesson_and_the_fields_keep_what_was_typed() -> None:
    app = app_with_small_data()
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await open_lesson_8(pilot)
        typed = {
            "#field-hidden_size": "12", "#field-batch_size": "20", "#field-iterations": "30000"
        }
        for selector, text in typed.items():
            await type_into(pilot, selector, text)
            await pilot.press("enter")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is lab)
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: iteration(lab) > 0)
        assert re.fullmatch(r"training \d+%", lab.busy() or ""), lab.busy()
        loss = lab.busy_loss() or ""
        assert re.fullmatch(r"the training in progress \(epoch \d+ of 1,000\)", loss), loss
        await send_keys(pilot, "pageup")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen)
                       and app.screen.number == 7)
        left_at = iteration(lab)
        await wait_for(pilot, lambda: iteration(lab) > left_at or ended(lab))  # it went on
        await send_keys(pilot, "pagedown")
        back = await open_lesson_8(pilot)
        assert back.session.state in (SessionState.RUNNING, SessionState.FINISHED)
        assert iteration(back) > left_at
        for selector, text in typed.items():
            assert back.query_one(selector, NumberField).value == text
        assert back.query_one(TabbedContent).active == "tab-train"
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(back))
        assert back.session.network is not None and back.session.network.iterations > left_at


async def switch_views_ten_times(pilot: Pilot[int], lab: TrainingLab) -> list[int]:
    """Send 1 or 2 ten times, each once the lab shows the view before; the iteration at each."""
    tabs = lab.query_one(TabbedContent)
    seen = []
    for key, tab in [("1", "tab-setup"), ("2", "tab-train")] * 5:
        await send_keys(pilot, key)
        await wait_for(pilot, lambda tab=tab: tabs.active == tab)  # a hang guard, not a timing
        seen.append(iteration(lab))
        await pilot.pause(0.05)
    return seen


async def test_keys_are_answered_while_training() -> None:
    """Every view switch is answered while the run goes on, and the run goes on between them.

    (It was a timed test, "within a fifth of a second": the speed of a key is a bench's figure,
    bench/serve_load.py and bench/monkey.py; this checks the behaviour behind it: a key is
    answered during the run, never held until the run ends, and the run keeps updating.)
    """
    app = app_with_small_data()
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await open_lesson_8(pilot)
        await switch_views_ten_times(pilot, lab)  # answered without a training, too
        # the book's network size on the small data, a run far longer than the test
        lab.query_one("#field-hidden_size", NumberField).set_number(50)
        lab.query_one("#field-iterations", NumberField).set_number(1_000_000)
        await pilot.pause()
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: iteration(lab) > 20)
        seen = await switch_views_ten_times(pilot, lab)
        assert lab.session.state is SessionState.RUNNING  # every key came during the run
        assert seen[-1] > seen[0], seen  # and the run went on while they were answered
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(lab))
