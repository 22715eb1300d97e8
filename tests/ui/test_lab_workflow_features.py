"""Lesson 0 does something: f compares hand-made features with learned ones, live on digits."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np

from tui_nn.data.synthetic import builtin_digits
from tui_nn.engine.learning_steps import features_duel
from tui_nn.ui.data_store import DataStore, install_data_store
from tui_nn.ui.labs.workflow import DUEL_SEED, Pipeline, WorkflowLab, draw_end_to_end

from .harness import LabApp, shown_text

(_X_TRAIN, _T_TRAIN), (_X_TEST, _T_TEST) = builtin_digits(300, 100, seed=2)
DIGITS = SimpleNamespace(x_train=_X_TRAIN, t_train=_T_TRAIN, x_test=_X_TEST, t_test=_T_TEST,
                         source="builtin", label="test digits")


class SmallDuelLab(WorkflowLab):
    DUEL_OPTIONS = {"steps": 60, "hidden": 20}  # noqa: RUF012 - a quick duel for the test


def lab_app() -> LabApp:
    app = LabApp(SmallDuelLab)
    install_data_store(app, DataStore(app, lambda source: DIGITS))  # type: ignore[arg-type,return-value]
    return app


async def test_f_runs_hand_made_against_learned_features_and_f_goes_back() -> None:
    app = lab_app()
    async with app.run_test(size=(62, 31)) as pilot:
        lab = app.screen.query_one(WorkflowLab)
        await pilot.press("right", "f")
        assert lab.features and not app.screen.query_one(Pipeline).display
        assert "Hand-made features against learned ones" in shown_text(app, "#workflow-title")
        end = time.monotonic() + 60
        while lab.duel is None:
            assert time.monotonic() < end and lab.duel_problem is None, lab.duel_problem
            await pilot.pause(0.05)
        await pilot.pause()
        expected = features_duel(_X_TRAIN, _T_TRAIN, _X_TEST, _T_TEST,
                                 np.random.default_rng(DUEL_SEED), **SmallDuelLab.DUEL_OPTIONS)
        shown = shown_text(app, "#workflow-duel")
        assert f"hand-made   {expected.hand_accuracy:6.1%} right" in shown
        assert f"learned     {expected.learned_accuracy:6.1%} right" in shown
        rows = {line.split()[0]: line.split()[1:] for line in shown.splitlines()
                if line.startswith(("digit", "hand-made ", "learned "))}
        assert rows["digit"] == [str(int(v)) for v in expected.labels]
        for name, guesses in (("hand-made", expected.hand_guesses),
                              ("learned", expected.learned_guesses)):
            assert rows[name] == [
                f"{int(g)}{'✓' if g == t else '✗'}" for g, t in zip(guesses, expected.labels,
                                                                  strict=True)]
        await pilot.press("f")
        assert not lab.features and app.screen.query_one(Pipeline).display
        assert shown_text(app, "#workflow-text").startswith("2. Explore & clean: ")


def test_states_show_without_colour() -> None:
    """Double lines mark the current stage; [ ] and { } mark made-by-a-person and learned."""
    from tui_nn.ui.labs.workflow import STAGES, draw_pipeline

    names = [stage.name for stage in STAGES]
    lines = draw_pipeline(names, 2, 60).plain.splitlines()
    assert sum("║ Split ║" in line for line in lines) == 1
    assert not any("║ Collect data ║" in line for line in lines)
    drawing = draw_end_to_end(60).plain
    assert "[hand-made features]" in drawing and "{learner}" in drawing
    assert "[made by a person]" in drawing and "{learned from data}" in drawing
