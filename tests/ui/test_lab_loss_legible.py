"""Lesson 1 without colour and in 16 colours: every series and state told by a marker or a word."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tui_nn.ui import look
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.labs.loss_chart import FittedChartBox
from tui_nn.ui.widgets.chart import ChartBox

from .harness import LabApp, shown_text


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    for name in ("NO_COLOR", "TUI_NN_ASCII", "COLORTERM", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        look.reset()

    yield set_env
    look.reset()


def canvas(box: ChartBox) -> str:
    """The chart's plotting area: inside the frame, without the tick labels."""
    lines = str(box.chart.render()).splitlines()
    inside = []
    for line in lines[1:-3]:
        left = min(i for i in (line.find("┤"), line.find("│")) if i >= 0)
        inside.append(line[left + 1 :].rstrip().removesuffix("│"))
    return "\n".join(inside)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "xterm"}], ids=["no-colour", "16"])
async def test_every_series_and_state_has_its_own_marker(
    environment: Callable[..., None], env: dict[str, str]
) -> None:
    environment(**env)
    app = LabApp(LossLab)
    async with app.run_test(size=(62, 31)) as pilot:
        await pilot.pause()
        for _round in range(2):  # y1 edited, then y2
            neglog = app.screen.query_one("#loss-neglog", FittedChartBox)
            legend = str(neglog._legend.render())
            drawn = canvas(neglog)
            if look.current().colour:
                markers = ["·", "●", "○"]  # curve, the edited prediction, the other
            else:  # the legend names each series' marker, and each is on the chart
                markers = [entry.strip()[0] for entry in legend.split("   ")]
                assert len(set(markers)) == 3, legend
            for marker in markers:
                assert marker in drawn, (marker, drawn)
            assert "y1" in drawn and "y2" in drawn  # each point carries its name
            head = shown_text(app, "#loss-table").splitlines()[0]
            assert head.count("▶") == 1  # the edited column: a mark, not a colour
            assert "(editing)" in legend
            bars = app.screen.query_one("#loss-bars", ChartBox)
            assert "▼" in canvas(bars) and "▼ is t" in str(bars._title.render())
            await pilot.press("y")
