"""Lesson 8's lab alone, its Train view after a short seeded run (timings hidden: it is stable).

Mounted alone in the small test App (the lab and a Footer) at the size of the lab panel in a
100x32 terminal, like the other labs' snapshots (test_lab_snapshots.py), so editing the
lesson's prose never re-baselines it."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.test_lab_snapshots import LAB_PANEL
from tests.ui.test_lab_training import LabApp, SmallLab, ended, ready, send_keys, wait_for

# a small faster-learner run that visibly learns (and overfits) in 60 iterations
SETTINGS = {
    "hidden_size": 20,
    "activation": "relu",
    "weight_init": "he",
    "learning_rate": 0.3,
    "batch_size": 20,
    "iterations": 60,
    "train_size": 200,
}


class FrozenLab(SmallLab):
    """No seconds, iterations per second or time left on screen: they differ run to run."""

    show_timings = False


async def short_run(pilot: Pilot) -> None:
    """The SETTINGS run started with ``s`` and drawn once it has ended."""
    lab = await ready(pilot, SETTINGS)
    await send_keys(pilot, "s")
    await wait_for(pilot, lambda: lab.session.active or ended(lab))
    await wait_for(pilot, lambda: ended(lab))
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_finished_short_run_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(FrozenLab()), terminal_size=LAB_PANEL, run_before=short_run)
