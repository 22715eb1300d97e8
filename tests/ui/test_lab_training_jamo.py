"""Lesson 8 with the Korean input method on: each letter key's jamo does what the letter does,
outside a field only (in a field a jamo is typed as text)."""

from __future__ import annotations

from textual.binding import Binding

from tests.ui.test_lab_training import LONG, ended, send_keys, wait_for
from tests.ui.test_lab_training_app import app_with_small_data, open_lesson_8
from tui_nn.i18n import set_language
from tui_nn.training_session import SessionState
from tui_nn.ui.hangul_keys import JAMO_TO_LATIN
from tui_nn.ui.labs.training_keys import TRAINING_KEYS
from tui_nn.ui.widgets.number_field import NumberField

LATIN_TO_JAMO = {latin: jamo for jamo, latin in JAMO_TO_LATIN.items()}


def test_every_letter_binding_of_lesson_8_has_a_jamo() -> None:
    letters = [b.key for b in TRAINING_KEYS if isinstance(b, Binding) and b.key.isalpha()]
    assert len(letters) == 13
    assert all(len(key) == 1 and key.islower() and key in LATIN_TO_JAMO for key in letters)


async def test_jamo_keys_drive_lesson_8_but_type_hangul_in_a_field() -> None:
    set_language("ko")
    try:
        app = app_with_small_data()
        async with app.run_test(size=(100, 32)) as pilot:
            lab = await open_lesson_8(pilot)
            lab.controls.set_values(LONG)
            await pilot.press(LATIN_TO_JAMO["f"])  # ㄹ: the faster learner
            assert lab.current_config().activation == "relu"
            await pilot.press(LATIN_TO_JAMO["b"])  # ㅠ: the book's settings
            assert lab.current_config().activation == "sigmoid"
            lab.controls.set_values(LONG)
            await pilot.press(LATIN_TO_JAMO["l"])  # ㅣ: into the learning-rate field
            field = lab.query_one("#field-learning_rate", NumberField)
            await wait_for(pilot, lambda: app.focused is field)
            await pilot.press("end", LATIN_TO_JAMO["s"])  # ㄴ in the field is text, not "start"
            assert field.value.endswith("ㄴ") and lab.session.state is SessionState.IDLE
            await pilot.press("escape")
            await send_keys(pilot, LATIN_TO_JAMO["s"])  # ㄴ outside: start
            await wait_for(pilot, lambda: lab.session.active)
            await send_keys(pilot, LATIN_TO_JAMO["x"])  # ㅌ: stop
            await wait_for(pilot, lambda: ended(lab))
            assert lab.session.state is SessionState.STOPPED
    finally:
        set_language("en")
