"""Pilot tests of the lesson 7 lab: numerical gradient (in a worker) against backpropagation."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import numpy as np
from textual.app import App
from textual.worker import WorkerState

from tui_nn.engine.experiments import largest_difference
from tui_nn.engine.nets import TwoLayerNet
from tui_nn.ui.labs.twolayer import TwoLayerLab
from tui_nn.ui.labs.twolayer_work import load_images, make_batch
from tui_nn.ui.widgets.number_field import NumberField

from .harness import LabApp, shown_text
from .harness import type_into as harness_type_into


def text_of(app: App, selector: str) -> str:
    return shown_text(app, selector)


async def type_into(pilot, selector: str, text: str) -> None:
    """Type ``text`` into a number field, as a learner would, and press Enter."""
    await harness_type_into(pilot, selector, text)
    await pilot.press("enter")


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        await pilot.pause(0.02)


async def key_while_busy(pilot, key: str, answered: Callable[[], bool]) -> None:
    """Press ``key`` while a worker keeps the CPU busy, and wait until it is answered.

    (``pilot.press`` waits for the CPU to go idle, which a busy worker never lets
    happen, so it would stall a second per key; a real terminal has no such wait.)
    """
    pilot.app.simulate_key(key)
    await wait_until(pilot, answered, timeout=5.0)


async def ready_lab(pilot) -> TwoLayerLab:
    lab = pilot.app.screen.query_one(TwoLayerLab)
    await wait_until(pilot, lambda: lab.batch is not None)
    return lab


async def test_shapes_and_counts_follow_the_sizes() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        sizes = text_of(app, "#t7-sizes")
        assert "784-100-10" in sizes
        assert re.search(r"W1 \(784, 100\)\s+78,400", sizes)
        assert re.search(r"b1 \(100,\)\s+100", sizes)
        assert re.search(r"W2 \(100, 10\)\s+1,000", sizes)
        assert re.search(r"total\s+79,510 parameters", sizes)
        await type_into(pilot, "#hidden", "50")
        sizes = text_of(app, "#t7-sizes")
        expected = TwoLayerNet(784, 50, 10).parameter_count()
        assert re.search(rf"total\s+{expected:,} parameters", sizes)
        lab = await ready_lab(pilot)
        await type_into(pilot, "#batch", "7")
        assert lab.batch.x.shape == (7, 784)
        assert "batch 7 images from" in text_of(app, "#t7-data")


async def test_bad_sizes_are_refused() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = app.screen.query_one(TwoLayerLab)
        for selector, text, keep in [("#hidden", "0", "100"), ("#hidden", "abc", "100"),
                                     ("#batch", "5000", "100"), ("#batch", "2.5", "100")]:
            await type_into(pilot, selector, text)
            field = app.screen.query_one(selector, NumberField)
            assert f"Keeping {keep}" in str(field.error)
        assert lab.hidden == 100 and lab.batch_size == 100
        assert "79,510" in text_of(app, "#t7-sizes")


async def test_numerical_gradient_runs_while_keys_are_answered_then_cancels() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await type_into(pilot, "#hidden", "40")
        await type_into(pilot, "#batch", "50")
        lab.focus()
        await key_while_busy(pilot, "n", lambda: lab.running)
        await wait_until(pilot, lambda: "so far" in text_of(app, "#t7-numerical"))
        # the interface answers keys while the worker runs
        await key_while_busy(
            pilot, "b", lambda: text_of(app, "#t7-backprop").startswith("backprop: done in")
        )
        before = text_of(app, "#t7-estimate")
        lab.estimate_note = ""
        await key_while_busy(pilot, "e", lambda: "≈" in lab.estimate_note)
        assert lab.estimate_note.startswith("from the run itself:")
        assert lab.running, "the small net finished too fast for this test"
        assert lab.keys_while_running == 2
        await wait_until(pilot, lambda: "keys answered while it runs: 2"
                         in text_of(app, "#t7-numerical"))
        assert "left" in text_of(app, "#t7-numerical") and before
        await key_while_busy(pilot, "c", lambda: not lab.running)
        assert "cancelled after" in text_of(app, "#t7-numerical")
        await wait_until(pilot, lambda: lab._worker.state == WorkerState.CANCELLED)
        assert lab.numerical_grads is None
        assert "needs both gradients" in text_of(app, "#t7-check")


async def test_estimate_times_the_real_numerical_gradient_in_a_worker() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await type_into(pilot, "#hidden", "40")
        await type_into(pilot, "#batch", "50")
        lab.focus()
        assert "press e for an estimate" in text_of(app, "#t7-estimate")
        app.simulate_key("e")
        await wait_until(pilot, lambda: lab.estimating or "≈" in lab.estimate_note)
        await wait_until(pilot, lambda: not lab.estimating)
        shown = text_of(app, "#t7-estimate")
        match = re.search(
            r"estimated by timing the real numerical gradient on ([\d,]+) of ([\d,]+) param", shown
        )
        assert match, shown
        done, total = (int(g.replace(",", "")) for g in match.groups())
        assert total == TwoLayerNet(784, 40, 10).parameter_count()
        assert 1 <= done <= total
        assert re.search(r"all of them ≈ \d.+?\. 10,000 training steps like that ≈ \d", shown)


async def test_small_numerical_gradient_matches_backprop_on_screen() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await type_into(pilot, "#hidden", "2")
        await type_into(pilot, "#batch", "3")
        lab.focus()
        await pilot.press("n")
        await wait_until(pilot, lambda: not lab.running)
        assert text_of(app, "#t7-numerical").startswith("numerical: done in")
        await pilot.press("b")
        check = text_of(app, "#t7-check")
        shown = float(re.search(r"= (\S+):", check).group(1))
        # the same numbers straight from the engine
        images, labels, source = load_images()
        batch = make_batch(images, labels, source, 3)
        net = TwoLayerNet(784, 2, 10, rng=np.random.default_rng(0))
        expected = largest_difference(
            net.numerical_gradient(batch.x, batch.t, delta=0.0), net.gradient(batch.x, batch.t)
        )
        assert f"largest |numerical - backprop| = {expected:.2e}" in check
        assert shown < 1e-6 and "they agree" in check
        assert "times faster" in check


async def test_leaving_the_lesson_cancels_the_worker() -> None:
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await type_into(pilot, "#hidden", "30")
        lab.focus()
        await key_while_busy(pilot, "n", lambda: lab.running)
        first = lab.run_id
        # n again while it runs does not start a second run
        await key_while_busy(pilot, "n", lambda: lab.keys_while_running == 1)
        assert lab.run_id == first
        lab.stop_work()
        await wait_until(pilot, lambda: not lab.running)
        assert "cancelled after" in text_of(app, "#t7-numerical")


async def test_leaving_lesson_7_in_the_app_cancels_the_worker(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(7)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await key_while_busy(pilot, "n", lambda: lab.running)
        worker = lab._worker
        await key_while_busy(pilot, "pagedown", lambda: not lab.is_attached)
        await wait_until(pilot, lambda: worker.state == WorkerState.CANCELLED)


def test_snapshot_100x32(snap_compare, app_at) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready_lab(pilot)  # the built-in digits (snapshot tests never use real MNIST)
        await pilot.pause()

    assert snap_compare(app_at(7), terminal_size=(100, 32), run_before=run_before)


async def test_a_failing_worker_is_reported_not_left_running(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui_nn.ui.labs.twolayer as twolayer

    class Broken:
        def numerical_gradient(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise ValueError("something odd in the data")

    monkeypatch.setattr(twolayer, "copy_net", lambda net: Broken())
    app = LabApp(TwoLayerLab)
    async with app.run_test(size=(100, 32)) as pilot:
        lab = await ready_lab(pilot)
        await type_into(pilot, "#hidden", "2")
        await type_into(pilot, "#batch", "2")
        lab.focus()
        await pilot.press("n")
        await wait_until(pilot, lambda: not lab.running)
        assert "stopped by an error: something odd" in text_of(app, "#t7-numerical")
