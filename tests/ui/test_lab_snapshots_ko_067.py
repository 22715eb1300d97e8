"""Lessons 0, 6 and 7 in Korean: snapshots at the lab panel of 80x24 and 100x32, widths, jamo.

The panel sizes: in the app, the lab of an 80x24 terminal is 50x22 cells and
that of a 100x32 terminal 60x30; ``LabApp`` adds a Footer row, so 80x24 is
(50, 23), and 100x32 is the ``LAB_PANEL`` (62, 31) the English lab snapshots use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from tests.ui.harness import LabApp
from tests.ui.test_lab_snapshots import LAB_PANEL
from tests.ui.test_lab_twolayer import lab_app as twolayer_app
from tests.ui.test_lab_twolayer import ready_lab, wait_until
from tests.ui.test_lab_workflow_features import lab_app as workflow_app
from tui_nn.i18n import set_language
from tui_nn.ui.hangul_keys import JAMO_TO_LATIN
from tui_nn.ui.labs.simplenet import SimpleNetLab
from tui_nn.ui.labs.twolayer import TwoLayerLab
from tui_nn.ui.labs.workflow import WorkflowLab
from tui_nn.ui.widgets.number_field import NumberField

PANELS = {"80x24": (50, 23), "100x32": LAB_PANEL}

#: Statics whose every line is a row of a table or a matrix: none may wrap.
TABLES = ("#s6-w", "#s6-forward", "#s6-learn", "#s6-nudge", "#t7-sizes", "#t7-nudge",
          "#workflow-duel")


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("panel", PANELS)
def test_workflow_lab_ko(snap_compare, korean, panel: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(WorkflowLab), terminal_size=PANELS[panel],
                        press=["right", "right"])


@pytest.mark.parametrize("panel", PANELS)
def test_simplenet_lab_ko(snap_compare, korean, panel: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(SimpleNetLab), terminal_size=PANELS[panel], press=["s", "s"])


@pytest.mark.parametrize("panel", PANELS)
def test_twolayer_lab_ko(snap_compare, korean, panel: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready_lab(pilot)
        await pilot.pause()

    assert snap_compare(twolayer_app(), terminal_size=PANELS[panel], run_before=run_before)


def too_wide(app: App[Any], width: int) -> list[str]:
    """Every line on screen wider than the terminal, every table row that wraps,
    every field label cut, and a lab that scrolls sideways."""
    problems = [line for line in (s.text for s in app.screen._compositor.render_strips())
                if cell_len(line) > width]
    lab = app.lab  # type: ignore[attr-defined]
    if lab.max_scroll_x:
        problems.append(f"the lab scrolls sideways by {lab.max_scroll_x}")
    for selector in TABLES:
        for widget in lab.query(selector):
            if not isinstance(widget, Static) or not widget.display:
                continue
            room = widget.content_size.width
            rendered = widget.render()
            for line in getattr(rendered, "plain", str(rendered)).splitlines():
                if cell_len(line) > room:
                    problems.append(f"{selector} ({room}): {line}")
    for field in lab.query(NumberField):
        label = str(field.border_title or "")
        if cell_len(label) + 4 > field.outer_size.width:
            problems.append(f"field label cut: {label!r} in {field.outer_size.width}")
    return problems


async def walk(app: LabApp, size: tuple[int, int], steps: list[list[str]],
               ready: Callable[[Any], Any] | None = None) -> list[str]:
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        if ready is not None:
            await ready(pilot)
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            problems += [f"{size} after {keys}: {p}" for p in too_wide(app, size[0])]
    return problems


async def test_no_korean_line_is_wider_than_the_panel(korean) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for size in PANELS.values():
        app = workflow_app()
        problems += await walk(app, size, [[]] + [["right"]] * 6 + [["e"], ["f"]])
        lab = app.lab
        problems += await walk(LabApp(SimpleNetLab), size, [[], ["s", "s", "s", "s", "s"],
                                                            ["n"], ["r"]])

        async def nudged(pilot) -> None:  # type: ignore[no-untyped-def]
            twolayer = await ready_lab(pilot)
            await pilot.press("b", "a")
            await wait_until(pilot, lambda: twolayer.columns["backprop"].result is not None
                             and len(twolayer.nudges) == 2)

        problems += await walk(twolayer_app(), size, [[], ["a"]], nudged)
    assert lab is not None
    assert not problems, problems


@pytest.mark.builtin_data
@pytest.mark.parametrize(("lesson", "lab_class"), [(0, WorkflowLab), (6, SimpleNetLab),
                                                    (7, TwoLayerLab)])
async def test_every_letter_binding_works_by_its_jamo(app_at, lesson: int, lab_class) -> None:  # type: ignore[no-untyped-def]
    letters = sorted({b.key for b in Binding.make_bindings(lab_class.BINDINGS)
                      if len(b.key) == 1 and b.key.isalpha()})
    assert letters
    jamo_of = {latin: jamo for jamo, latin in JAMO_TO_LATIN.items()}
    app = app_at(lesson)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(lab_class)
        lab.focus()
        called: list[str] = []
        for binding in Binding.make_bindings(lab_class.BINDINGS):
            if binding.key in letters:
                name = binding.action
                setattr(lab, f"action_{name}", lambda n=name: called.append(n))
        for letter in letters:
            await pilot.press(jamo_of[letter])
            await pilot.pause()
        expected = [next(b.action for b in Binding.make_bindings(lab_class.BINDINGS)
                         if b.key == letter) for letter in letters]
        assert called == expected
