"""Lesson 7: why a network learns from the loss, not the accuracy; the result fits 80x24."""

from __future__ import annotations

import pytest

from tui_nn.engine.learning_steps import loss_and_accuracy_nudges
from tui_nn.ui.labs.twolayer import TwoLayerLab
from tui_nn.ui.labs.twolayer_draw import NUDGE_PARAMETER, NUDGE_STEP
from tui_nn.ui.labs.twolayer_work import image_batch, make_net

from .harness import shown_text
from .test_lab_twolayer import DIGITS, lab_app, ready_lab, wait_until


async def test_a_nudges_one_weight_the_loss_moves_the_accuracy_stays_flat() -> None:
    app = lab_app()
    async with app.run_test(size=(62, 31)) as pilot:
        lab = await ready_lab(pilot)
        lab.focus()
        assert "not nudged yet: press a" in shown_text(app, "#t7-nudge")
        for presses in (1, 2, 3):
            await pilot.press("a")
            await wait_until(pilot, lambda n=presses: len(lab.nudges) == n + 1)
        offsets = [p.offset for p in lab.nudges]
        assert offsets == pytest.approx([0, NUDGE_STEP, 2 * NUDGE_STEP, 3 * NUDGE_STEP])
        batch = image_batch(DIGITS.x_train, DIGITS.t_train, 100, "")
        name, index = NUDGE_PARAMETER
        expected = loss_and_accuracy_nudges(make_net(100), batch.x, batch.t, name, index, offsets)
        shown = shown_text(app, "#t7-nudge")
        for point in expected:
            assert f"{point.offset:+6.2f}  {point.loss:.6f}  {point.accuracy:6.1%}" in shown
        assert len({p.loss for p in expected}) == 4  # the loss moves at every nudge
        assert len({p.accuracy for p in expected}) == 1  # the accuracy does not
        moved = expected[-1].loss - expected[-2].loss
        assert f"loss {moved:+.6f}, accuracy +0.0 points" in shown
        assert "its slope is 0" in shown


@pytest.mark.builtin_data
async def test_at_80x24_the_three_columns_and_the_check_are_on_screen(app_at) -> None:  # type: ignore[no-untyped-def]
    app = app_at(7)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.query_one(TwoLayerLab)
        await wait_until(pilot, lambda: lab.examples is not None)
        await pilot.pause()
        assert lab.scroll_y == 0
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        shown = "\n".join(lines)
        for words in ("plain", "structured", "backprop", "[b] not run yet", "gradient check:",
                      "needs two gradients"):
            assert words in shown, shown


def test_lesson7_text_plain_length_and_its_keys_exist() -> None:
    import re

    from textual.binding import Binding

    from tui_nn.catalog import LESSONS
    from tui_nn.ui.lesson_text import load_lesson_text

    text = load_lesson_text(LESSONS[7], "en")
    assert 200 <= len(re.findall(r"[A-Za-z0-9']+", text)) <= 400
    try_this = text.split("## Try this", 1)[1]
    keys = set(re.findall(r"\*\*(\w)\*\*", try_this))
    bound = {b.key for b in Binding.make_bindings(TwoLayerLab.BINDINGS)}
    assert {"a", "n", "b", "e", "c"} <= keys <= bound
    assert "accuracy" in text and "slope is 0" in text
