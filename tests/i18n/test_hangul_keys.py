"""With the Korean input method on, a jamo does what its letter does, except in a text field."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Input

from tui_nn.ui.hangul_keys import JAMO_TO_LATIN, latin_key_for, redispatch_jamo

ROWS = {
    "qwertyuiop": "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ",
    "asdfghjkl": "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ",
    "zxcvbnm": "ㅋㅌㅊㅍㅠㅜㅡ",
    "QWERTOP": "ㅃㅉㄸㄲㅆㅒㅖ",
}


def test_every_key_of_the_2_beolsik_layout_maps_back_to_its_letter() -> None:
    expected = {
        jamo: latin
        for latin_row, jamo_row in ROWS.items()
        for latin, jamo in zip(latin_row, jamo_row, strict=True)
    }
    assert expected == JAMO_TO_LATIN
    assert len(set(JAMO_TO_LATIN.values())) == 26 + 7  # one key each, no two jamo alike
    for jamo, latin in JAMO_TO_LATIN.items():
        assert unicodedata.name(jamo).startswith("HANGUL LETTER")
        assert latin_key_for(jamo) == latin
        # The conjoining form some input methods send maps the same way.
        assert latin_key_for(unicodedata.normalize("NFKC", jamo)) == latin


def test_anything_else_maps_to_nothing() -> None:
    for other in ("d", "D", "아", "ㄳ", "ㅘ", "", None, "ctrl+d", "space", "1", "ㅇㅇ"):
        assert latin_key_for(other) is None


class KeysApp(App[None]):
    """A letter binding on the app, one on the screen's lab, a button and an Input."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "hit('d')"),
        Binding("Q", "hit('Q')"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def compose(self) -> ComposeResult:
        with Lab():
            yield Button("a button", id="button")
            yield Input(id="field")

    def action_hit(self, key: str) -> None:
        self.hits.append(key)

    def on_key(self, event: events.Key) -> None:
        if redispatch_jamo(self, event):
            event.stop()
            event.prevent_default()


class Lab(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("c", "app.hit('c')")]


async def test_a_jamo_triggers_the_letter_binding_outside_the_input() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        app.query_one("#button", Button).focus()
        await pilot.press("ㅇ", "ㅊ", "ㅃ")  # d (app), c (the lab around the button), Q
        await pilot.pause()
        assert app.hits == ["d", "c", "Q"]
        await pilot.press("ㅋ", "ㅒ")  # z and O: no binding, nothing happens
        await pilot.pause()
        assert app.hits == ["d", "c", "Q"]
        assert app.query_one(Input).value == ""
        await pilot.press("d")  # the letter itself still works
        assert app.hits == ["d", "c", "Q", "d"]


async def test_typing_hangul_into_the_input_still_types_hangul() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.press("ㅇ", "ㅏ", "ㅊ", "ㅃ", "한")
        await pilot.pause()
        assert field.value == "ㅇㅏㅊㅃ한"
        assert app.hits == []


async def test_the_helper_itself_refuses_while_a_text_field_has_focus() -> None:
    # Even a jamo that reached the app some other way is not re-sent from inside a field.
    app = KeysApp()
    async with app.run_test() as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        assert redispatch_jamo(app, events.Key("ㅇ", "ㅇ")) is False
        app.query_one("#button", Button).focus()
        await pilot.pause()
        assert redispatch_jamo(app, events.Key("ㅇ", "ㅇ")) is True
        assert redispatch_jamo(app, events.Key("d", "d")) is False
        await pilot.pause()
        assert app.hits == ["d"]
