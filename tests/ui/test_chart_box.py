"""ChartBox: titles and legends drawn by Textual, so wide (Korean) words never break a frame."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from tui_nn.ui import look
from tui_nn.ui.widgets.chart import ChartBox, legend_text


class BoxApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ChartBox(id="box")


@pytest.fixture
def plain_look(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    look.reset()
    yield
    look.reset()


def test_legend_names_markers_without_colour(plain_look) -> None:  # type: ignore[no-untyped-def]
    text = legend_text(["훈련", "시험"], ["green", "orange"])
    marks = [look.current().series_marker(i) for i in range(2)]
    assert text.plain == f"{marks[0]} 훈련   {marks[1]} 시험"
    assert not text.spans


def test_legend_colours_its_dots(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "TUI_NN_ASCII"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(look, "current", lambda: look.Look(ascii=False, colour=True))
    text = legend_text(["train", "test"], ["green", "orange"])
    assert text.plain == "● train   ● test"
    assert [str(span.style) for span in text.spans] == ["green", "orange1"]


async def test_korean_title_and_legend_fit_the_width() -> None:
    app = BoxApp()
    async with app.run_test(size=(40, 16)) as pilot:
        box = app.query_one(ChartBox)
        box.title("교차 엔트로피 오차와 평균 제곱 오차를 비교합니다")
        box.legend(["훈련 정확도", "시험 정확도"], ["green", "orange"])
        box.plt.plot([0, 1, 2], [1, 0, 1])
        box.refresh_chart()
        await pilot.pause()
        lines = app.export_screenshot()  # renders without error
        assert "svg" in lines
        title = box.query_one(".chart-title")
        assert title.size.width <= 40 and title.size.height >= 2  # wrapped, not cut
        legend = box.query_one(".chart-legend")
        assert legend.display and "-empty" not in legend.classes
        box.legend([], [])
        await pilot.pause()
        assert "-empty" in legend.classes
