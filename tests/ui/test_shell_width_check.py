"""The width check itself: it finds a line that is cut, and passes a screen that fits."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from .width_check import width_problems


class Box(App[None]):
    CSS = "Static { width: 20; }"

    def __init__(self, text: Text | str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text, id="box")


async def test_korean_text_cut_at_its_border_is_found() -> None:
    app = Box(Text("손실 함수 " * 4, no_wrap=True))  # 40 cells in a 20-cell box
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        problems = width_problems(app)
        assert any("box" in problem and "room for 20" in problem for problem in problems)


async def test_wrapped_korean_that_fits_has_no_problem() -> None:
    app = Box("손실 함수 " * 4)  # wraps inside its 20 cells
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        assert width_problems(app) == []
