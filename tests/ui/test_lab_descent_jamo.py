"""Lessons 3-5 with the Korean input method on: each letter key's jamo does what the letter does.

One app session, in Korean, walks lessons 3, 4 and 5; for every letter
binding of the three labs it presses the 2-beolsik jamo of that letter and
checks that the lab's same action ran with the same arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.actions import parse

from tui_nn.i18n import set_language
from tui_nn.ui.hangul_keys import JAMO_TO_LATIN
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.labs.descent import DescentLab
from tui_nn.ui.labs.gradient import GradientLab

LATIN_TO_JAMO = {latin: jamo for jamo, latin in JAMO_TO_LATIN.items()}
LABS = {3: DerivativesLab, 4: GradientLab, 5: DescentLab}


def letter_bindings(lab: type) -> list[tuple[str, str]]:
    """(letter, action) of every single-letter binding of the lab."""
    found = []
    for binding in lab.BINDINGS:
        for key in binding.key.split(","):
            if len(key) == 1 and key.isalpha():
                found.append((key, binding.action))
    return found


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


def test_the_labs_bind_the_letters_the_lessons_name() -> None:
    letters = {n: {key for key, _ in letter_bindings(lab)} for n, lab in LABS.items()}
    assert letters == {
        3: {"b", "f", "r"},
        4: {"s", "o", "i", "r"},
        5: {"s", "p", "g", "r", "b", "n", "w"},
    }


async def test_every_jamo_does_what_its_letter_does(app_at, korean) -> None:  # type: ignore[no-untyped-def]
    app = app_at(3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for number, lab_class in LABS.items():
            app.goto_lesson(number)
            await pilot.pause()
            lab = app.screen.query_one(lab_class)
            calls: list[tuple[str, tuple[Any, ...]]] = []
            for key, action in letter_bindings(lab_class):
                name, arguments = parse(action)[1:]

                def record(
                    *args: Any, _name: str = name, _calls: list[Any] = calls
                ) -> None:
                    _calls.append((_name, args))

                setattr(lab, f"action_{name}", record)  # the instance's, for this test
                lab.focus()
                await pilot.pause()
                calls.clear()
                await pilot.press(LATIN_TO_JAMO[key])
                await pilot.pause()
                assert calls == [(name, tuple(arguments))], (number, key, calls)
                calls.clear()
                await pilot.press(key)
                await pilot.pause()
                assert calls == [(name, tuple(arguments))], (number, key)
