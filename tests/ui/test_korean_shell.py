"""The shell's words in Korean: the palette (ours and Textual's), the help, a field's reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.command import CommandInput, CommandPalette
from textual.widgets import OptionList

from tui_nn.i18n import set_language
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.screens.help import HelpScreen
from tui_nn.ui.widgets.number_field import FieldMessageLine, NumberField

pytestmark = pytest.mark.builtin_data


@pytest.fixture(autouse=True)
def korean_then_english() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


async def palette_prompts(pilot: object, app: TuiNNApp, query: str) -> list[str]:
    await pilot.press(*query)  # type: ignore[attr-defined]
    results = app.screen.query_one(OptionList)
    prompts: list[str] = []
    for _try in range(100):  # the palette searches in the background
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        if prompts:
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    return prompts


async def test_the_palette_the_help_and_a_refused_field_speak_korean() -> None:
    app = TuiNNApp(lesson=5)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "명령 찾기…"
        prompts = await palette_prompts(pilot, app, "테마")
        assert any("테마" in prompt for prompt in prompts), prompts  # Textual's own "Theme"
        await pilot.press("escape")
        await pilot.pause(0.2)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        prompts = await palette_prompts(pilot, app, "스크롤")
        assert any("실습 창 아래로 스크롤" in prompt for prompt in prompts), prompts
        await pilot.press("escape")
        await pilot.pause(0.2)
        await pilot.press("f1")
        await pilot.pause(0.2)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        words = " ".join(what for _keys, what in help_screen.app_rows)
        assert "입력칸 나가기" in words or "숫자 칸" in words  # the lesson screen's Esc
        assert "실습 창을 아래로" in words and "레슨 본문" not in words
        await pilot.press("escape")
        await pilot.pause(0.2)
        field = app.screen.query(NumberField).first()
        field.focus()
        await pilot.press("end", "ctrl+u", *"abc")
        await pilot.pause(0.2)
        line = app.screen.query_one("#field-message", FieldMessageLine)
        assert "숫자가 아닙니다" in line.text and "유지합니다" in line.text, line.text
        assert field.border_subtitle == "숫자?"
        await pilot.press("f2")  # English again: the line and the border follow
        await pilot.pause(0.3)
        assert field.border_subtitle == "typo?"
        assert "is not a number" in line.text, line.text
