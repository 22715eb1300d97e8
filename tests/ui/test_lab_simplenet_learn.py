"""Lesson 6 learns: s applies W ← W − lr·dW to all six weights; states legible without colour."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tui_nn.engine.experiments import REFERENCE_W
from tui_nn.engine.labels import one_hot
from tui_nn.engine.nets import SimpleNet
from tui_nn.ui import look
from tui_nn.ui.labs.simplenet import SimpleNetLab

from .harness import LabApp, shown_text, type_into

X, T = np.array([0.6, 0.9]), one_hot(2, 3)


async def test_s_takes_gradient_steps_the_loss_falls_and_the_prediction_moves() -> None:
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(62, 31)) as pilot:
        lab = app.screen.query_one(SimpleNetLab)
        assert "press s for a step" in shown_text(app, "#s6-learn")
        field = await type_into(pilot, "#lr", "0.5")
        await pilot.press("enter")
        lab.focus()
        net = SimpleNet(W=REFERENCE_W.copy())
        losses = [net.loss(X, T, delta=0.0)]
        right = [float(net.predict(X).argmax() == 2)]
        for _ in range(3):
            await pilot.press("s")
            net.W = net.W - 0.5 * net.numerical_gradient(X, T, delta=0.0)  # the engine's step
            losses.append(net.loss(X, T, delta=0.0))
            right.append(float(net.predict(X).argmax() == 2))
        np.testing.assert_allclose(lab.net.W, net.W, rtol=1e-12)
        learn = shown_text(app, "#s6-learn")
        for n in (1, 2, 3):
            assert f"{n:>4}   {losses[n - 1]:.5f} → {losses[n]:.5f}   " in learn
        assert f"loss fell: {losses[0]:.5f} → {losses[3]:.5f} in 3 step(s)" in learn
        probabilities = [float(v) for v in re.findall(r"   (\S+) → \S+$", learn, re.M)]
        assert len(probabilities) == 3
        assert probabilities == sorted(probabilities)  # the right class's probability rises
        assert "after 3 learning step(s), lr 0.5" in shown_text(app, "#s6-w-title")
        forward = shown_text(app, "#s6-forward")
        assert f"{losses[3]:.7f} without delta" in forward  # the prediction moved with W
        # lr 0: the step moves nothing
        await type_into(pilot, field, "0")
        await pilot.press("enter")
        lab.focus()
        kept = lab.net.W.copy()
        await pilot.press("s")
        np.testing.assert_array_equal(lab.net.W, kept)
        assert f"   4   {losses[3]:.5f} → {losses[3]:.5f}   " in shown_text(app, "#s6-learn")
        await pilot.press("w")  # the book's W again: the steps start over
        assert "press s for a step" in shown_text(app, "#s6-learn")


@pytest.fixture
def no_colour(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    yield
    look.reset()


async def test_without_colour_the_heat_map_says_it_with_signs_and_marks(no_colour) -> None:  # type: ignore[no-untyped-def]
    app = LabApp(SimpleNetLab)
    async with app.run_test(size=(62, 31)):
        legend = shown_text(app, "#s6-dw").splitlines()[-1]
        assert not re.search(r"red|blue", legend)
        assert "+:" in legend and "−:" in legend
        shown = app.screen.query_one("#s6-dw").render()
        assert not any("on rgb" in str(span.style) for span in shown.spans)  # type: ignore[attr-defined]
        assert ">+0.17430645<" in shown_text(app, "#s6-dw")  # the chosen weight, marked


def test_lesson6_text_plain_length_and_its_keys_exist() -> None:
    from textual.binding import Binding

    from tui_nn.catalog import LESSONS
    from tui_nn.ui.lesson_text import load_lesson_text

    text = load_lesson_text(LESSONS[6], "en")
    assert 200 <= len(re.findall(r"[A-Za-z0-9']+", text)) <= 400
    try_this = text.split("## Try this", 1)[1]
    keys = set(re.findall(r"\*\*(\w)\*\*", try_this))
    bound = {b.key for b in Binding.make_bindings(SimpleNetLab.BINDINGS)}
    assert {"s", "w", "n", "r"} <= keys <= bound
    assert "W ← W − lr·dW" in text
