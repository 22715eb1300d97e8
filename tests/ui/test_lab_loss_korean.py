"""With the Korean input method on, every letter key of lessons 1 and 2 works as a jamo."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Switch

from tui_nn.engine import explore
from tui_nn.i18n import set_language
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.hangul_keys import JAMO_TO_LATIN
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.labs.minibatch import MinibatchLab

LATIN_TO_JAMO = {latin: jamo for jamo, latin in JAMO_TO_LATIN.items()}


def letter_keys(lab: type) -> set[str]:
    return {
        key
        for binding in lab.BINDINGS
        for key in binding.key.split(",")  # type: ignore[union-attr]
        if len(key) == 1 and key.isalpha()
    }


@pytest.mark.builtin_data
async def test_every_letter_binding_of_lessons_1_and_2_works_as_its_jamo() -> None:
    assert letter_keys(LossLab) == {"y", "c", "d", "r"}  # a new letter key: add it here
    assert letter_keys(MinibatchLab) == {"d", "w", "e"}
    set_language("ko")
    try:
        app = TuiNNApp(lesson=1)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            lab = app.screen.lab
            assert isinstance(lab, LossLab)
            await pilot.press(LATIN_TO_JAMO["y"])  # ㅛ: edit y2
            assert lab.reference == "y2"
            await pilot.press(LATIN_TO_JAMO["c"])  # ㅊ: next class
            assert lab.chosen == 3
            await pilot.press(LATIN_TO_JAMO["d"])  # ㅇ: delta off
            assert lab.use_delta is False
            await pilot.press("plus", LATIN_TO_JAMO["r"])  # ㄱ: reset
            assert lab.chosen == 2
            np.testing.assert_allclose(lab.predictions["y2"], explore.REFERENCE_Y2)
            await pilot.press("pagedown")
            await pilot.pause()
            mb = app.screen.lab
            assert isinstance(mb, MinibatchLab)
            for _ in range(400):
                if mb.loaded is not None and len(mb.indices):
                    break
                await pilot.pause(0.05)
            assert mb.loaded is not None
            await pilot.press(LATIN_TO_JAMO["w"])  # ㅈ: without replacement
            assert mb.replace is False
            assert app.screen.query_one("#mb-replace", Switch).value is False
            await pilot.press(LATIN_TO_JAMO["e"])  # ㄷ: shuffled epoch
            assert mb.epoch_mode and mb.batch_in_epoch == 1
            await pilot.press(LATIN_TO_JAMO["d"])  # ㅇ: the next batch of the epoch
            assert mb.batch_in_epoch == 2
    finally:
        set_language("en")
