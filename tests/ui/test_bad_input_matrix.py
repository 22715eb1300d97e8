"""Issue 10's bad-input matrix: every number field of every lab x every bad input.

Each field is found by querying ``NumberField`` in the lesson's lab; each bad
text is put in the field as a paste would (``value`` set while it has focus),
then Enter, then Esc.  For every one: an inline message ("Keeping <value>."),
the number from before the edit kept (and shown again once the field is left),
and no side effect: the lab's settings and every Static it shows are what they
were before.  Typing key by key is covered by each lab's own tests.

One app opens the nine lessons in turn (``goto_lesson``), as a learner would;
it was one app start-up per lesson (the test's nine cases are one test now, and
its failure message names the lesson, the field and the input).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.validation import Integer, Number
from textual.widgets import Static

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.widgets.number_field import NumberField

ALWAYS_BAD = ["", " ", "abc", "1e309", "-1e309", "nan", "inf", "1e-400", "9" * 10_000]
SOMETIMES_BAD = ["-1", "0"]  # refused where the field's range leaves them out
TIME_LIMIT = 60  # seconds per lesson (a hang guard, not a timing)
#: How many fields the labs have (a new field must be counted here, and so tested).
FIELDS_PER_LESSON = {0: 0, 1: 2, 2: 1, 3: 4, 4: 2, 5: 4, 6: 7, 7: 2, 8: 6}


def exact(number: float) -> str:
    """``number`` written without rounding (``1000001``, not ``1e+06``)."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def past_range(field: NumberField) -> list[str]:
    """Texts just outside the field's range (and a fraction where a whole number is needed)."""
    ranges = [v for v in field.validators if isinstance(v, (Number, Integer))]
    assert ranges, field.validators  # every number field has its range
    validator = ranges[0]
    out = []
    if validator.maximum is not None:
        out += [exact(validator.maximum + 1), exact(validator.maximum * 10 + 1)]
    if validator.minimum is not None:
        out += [exact(validator.minimum - 1)]
    if isinstance(validator, Integer):
        out += ["1.5"]
    return out


def refused(field: NumberField, text: str) -> bool:
    return not all(v.validate(text).is_valid for v in field.validators)


def lab_state(screen: LessonScreen) -> Callable[[], object]:
    lab = screen.lab
    assert lab is not None

    def state() -> object:
        settings = screen.lab_settings()
        shown = [str(w.render()) for w in lab.query(Static) if not isinstance(w, NumberField)]
        return settings, shown

    return state


async def check_lesson(pilot: Pilot[int], number: int) -> int:
    """Every bad input in every field of lesson ``number``; returns how many were tried."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, LessonScreen) and screen.lab is not None
    fields = list(screen.lab.query(NumberField))
    assert len(fields) == FIELDS_PER_LESSON[number], [f.id for f in fields]
    tried = 0
    for field in fields:
        if field.disabled:
            continue
        state = lab_state(screen)
        before_number, before_text, before_state = field.number, field.value, state()
        field.focus()
        await pilot.pause()
        texts = [*ALWAYS_BAD, *past_range(field), *SOMETIMES_BAD]
        for text in texts:
            if text in SOMETIMES_BAD and not refused(field, text):
                continue
            where = f"lesson {number} {field.id} {text[:20]!r}"
            assert refused(field, text), where
            field.value = text
            await field.action_submit()
            await pilot.pause()
            assert field.number == before_number, f"{where}: {field.number}"
            assert f"Keeping {before_text}." in field.error, f"{where}: {field.error!r}"
            assert field.border_subtitle, where
            assert app.focused is field, f"{where}: Enter left the field"
            tried += 1
        field.action_leave()
        await pilot.pause()
        assert field.value == before_text, f"lesson {number} {field.id}: {field.value!r}"
        assert not field.error
        after_state = state()
        changed = [
            (b, a) for b, a in zip(before_state[1], after_state[1], strict=False) if a != b  # type: ignore[index]
        ]
        assert after_state == before_state, f"lesson {number} {field.id}: {changed}"
    return tried


async def steady(pilot: Pilot[int]) -> None:
    """Wait (at most 20 s) until the lab has its data and shows the same thing twice."""
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    state = lab_state(screen)
    last: object = None
    same = 0
    for _ in range(100):
        now = state()
        same = same + 1 if now == last else 0
        blank = any(not text.strip() for text in now[1])  # type: ignore[index]
        # unchanged for 0.6 s with every text drawn, or for 3 s (some texts are empty)
        if ((same >= 3 and not blank) or same >= 15) and "loading" not in str(now).lower():
            return
        last = now
        await pilot.pause(0.2)


@pytest.mark.builtin_data
async def test_every_field_refuses_every_bad_input() -> None:
    """One app opens every lesson in turn (it was one app per lesson: nine start-ups)."""
    app = TuiNNApp(lesson=0)
    tried: dict[int, int] = {}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for number in range(len(LESSONS)):
                app.goto_lesson(number)
                await pilot.pause()
                for _ in range(100):  # the lab is mounted and drawn
                    screen = app.screen
                    if (isinstance(screen, LessonScreen) and screen.number == number
                            and screen.lab is not None):
                        break
                    await pilot.pause(0.02)
                await steady(pilot)
                tried[number] = await check_lesson(pilot, number)

    await asyncio.wait_for(run(), TIME_LIMIT * len(LESSONS))
    for number in range(len(LESSONS)):
        assert tried[number] >= 11 * FIELDS_PER_LESSON[number], (number, tried)
    assert app.caught_errors == []
