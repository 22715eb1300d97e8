"""Lesson 0: the workflow lab steps through the stages; the text follows the lesson rules."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui_nn.catalog import LESSONS
from tui_nn.ui.labs.workflow import (
    END_TO_END_TEXT,
    STAGES,
    Pipeline,
    WorkflowLab,
    box_at,
    draw_pipeline,
    pipeline_rows,
)
from tui_nn.ui.lesson_text import load_lesson_text

from .harness import LabApp, shown_text


async def test_arrow_keys_step_through_every_stage_and_e_shows_end_to_end() -> None:
    app = LabApp(WorkflowLab)
    async with app.run_test(size=(70, 30)) as pilot:
        lab = app.query_one(WorkflowLab)
        assert shown_text(app, "#workflow-text").startswith(f"1. {STAGES[0].name}: ")
        await pilot.press("left")  # already at the first stage
        assert lab.stage == 0
        for index in range(1, len(STAGES)):
            await pilot.press("right")
            assert lab.stage == index
            assert shown_text(app, "#workflow-text") == f"{index + 1}. {STAGES[index].name}: " + (
                STAGES[index].text
            )
            assert f"Stage {index + 1} of {len(STAGES)}" in shown_text(app, "#workflow-hint")
        await pilot.press("right")  # already at the last stage
        assert lab.stage == len(STAGES) - 1
        await pilot.press("left")
        assert lab.stage == len(STAGES) - 2
        await pilot.press("e")
        assert shown_text(app, "#workflow-text") == END_TO_END_TEXT
        assert app.query_one(Pipeline).end_to_end
        assert "Deep learning (end-to-end)" in str(app.query_one(Pipeline).render())
        await pilot.press("e")
        assert not app.query_one(Pipeline).end_to_end
        assert lab.stage == len(STAGES) - 2


def test_the_highlighted_box_is_the_current_stage() -> None:
    names = [stage.name for stage in STAGES]
    for current in range(len(STAGES)):
        text = draw_pipeline(names, current, 60)
        highlighted = "".join(
            text.plain[span.start : span.end] for span in text.spans if "reverse" in str(span.style)
        )
        assert names[current] in highlighted
        for other in names:
            if other != names[current]:
                assert other not in highlighted


@given(st.integers(min_value=0, max_value=200))
def test_pipeline_rows_fit_the_width(width: int) -> None:
    names = [stage.name for stage in STAGES]
    rows = pipeline_rows(names, width)
    assert [index for row in rows for index, _ in row] == list(range(len(names)))
    for row in rows:
        row_width = sum(len(label) + 4 for _, label in row) + 4 * (len(row) - 1)
        assert row_width <= width or len(row) == 1
    for line in draw_pipeline(names, 0, max(width, 8)).plain.splitlines():
        assert len(line) <= max(width, 8) or line.startswith(("┌", "│", "└", "╔", "║", "╚"))


def test_lesson0_text_follows_the_writing_rules() -> None:
    text = load_lesson_text(LESSONS[0])
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    assert 200 <= words <= 400
    assert text.startswith("# How a model learns")
    try_this = text.split("## Try this", 1)
    assert len(try_this) == 2, "the text ends with a Try this section"
    # It names the lab's own keys.
    for key in ("→", "←", "**e**", "**f**"):
        assert key in try_this[1]
    for term in ("training set", "test set", "k-fold cross-validation", "end-to-end"):
        assert term in text


def test_box_at_finds_every_drawn_box() -> None:
    names = [stage.name for stage in STAGES]
    for width in (40, 48, 60, 100):
        lines = draw_pipeline(names, None, width).plain.splitlines()
        for y, line in enumerate(lines):
            for x, char in enumerate(line):
                index = box_at(names, width, x, y)
                inside_a_box = char not in " ─▶↓" and not line.startswith("  ↓")
                if char in "│┌┐└┘" or (inside_a_box and char.isalnum()):
                    assert index is not None, (width, x, y)
                    assert names[index] in lines[y - y % 4 + 1], (width, x, y)
                if char == "▶" or line.startswith("  ↓"):
                    assert index is None


async def test_clicking_a_box_selects_that_stage() -> None:
    app = LabApp(WorkflowLab)
    async with app.run_test(size=(70, 30)) as pilot:
        pipeline = app.query_one(Pipeline)
        names = [stage.name for stage in STAGES]
        lines = draw_pipeline(names, 0, pipeline.size.width).plain.splitlines()
        y = next(i for i, line in enumerate(lines) if "Train" in line)
        x = lines[y].index("Train")
        await pilot.click(pipeline, offset=(x, y))
        assert app.query_one(WorkflowLab).stage == names.index("Train")
        assert shown_text(app, "#workflow-text").startswith("5. Train: ")
