"""Lesson 0's lab: the road from data to a deployed model, and what "end-to-end" means.

A small illustrated page: the stages of a machine-learning project drawn as
boxes, one highlighted; the learner steps through them with the arrow keys (or
clicks a box) and reads one short paragraph about each.  ``e`` switches to a second picture that
compares a hand-made-features pipeline with an end-to-end network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.ui.kit.values import bool_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab


@dataclass(frozen=True)
class Stage:
    """One step of a machine-learning project."""

    name: str
    text: str
    lessons: str


STAGES: tuple[Stage, ...] = (
    Stage(
        "Collect data",
        "Gather examples together with their answers (labels). MNIST is 70,000 "
        "handwritten digits, each labelled with the digit it shows.",
        "",
    ),
    Stage(
        "Explore & clean",
        "Look at the examples, remove broken ones, and put the numbers on one "
        "scale: pixel values 0..255 become 0..1.",
        "",
    ),
    Stage(
        "Split",
        "Keep some examples aside. The training set is for learning (60,000 "
        "digits); the test set (10,000) stays unseen until the end.",
        "Lesson 2 draws minibatches from the training set.",
    ),
    Stage(
        "Choose a model",
        "Pick a model with adjustable numbers called weights, e.g. a network "
        "with 784 inputs, 50 hidden units and 10 outputs. Sizes that a person "
        "chooses are hyperparameters.",
        "Lessons 6 and 7 build such networks.",
    ),
    Stage(
        "Train",
        "Measure how wrong the model is (the loss), find which way each weight "
        "should move to lower it (the gradient), move a little, repeat.",
        "Lessons 1 to 7 take this step apart; lesson 8 runs it on real digits.",
    ),
    Stage(
        "Evaluate",
        "Check the model on data it never trained on. With little data, "
        "k-fold cross-validation splits it into k parts and lets each part "
        "take a turn as the held-out part. Keep the best model.",
        "Lesson 8 measures test accuracy after every epoch.",
    ),
    Stage(
        "Deploy",
        "Ship the chosen model so that it answers new examples, keep an eye on "
        "how well it does, and train again when the data changes.",
        "",
    ),
)

END_TO_END_TEXT = (
    "Classic machine learning needs a person to design the features (edges, "
    "loops, stroke counts) before a learning algorithm sees the data. Deep "
    "learning is end-to-end: the network gets the raw pixels and learns its "
    "own features and the answer together, from the examples alone."
)


def _box(label: str) -> list[str]:
    inner = f" {label} "
    return ["┌" + "─" * len(inner) + "┐", "│" + inner + "│", "└" + "─" * len(inner) + "┘"]


def pipeline_rows(labels: list[str], width: int) -> list[list[tuple[int, str]]]:
    """Lay boxes out left to right, wrapping to a new row when ``width`` is reached.

    Returns the rows, each a list of ``(stage index, label)``.
    """
    rows: list[list[tuple[int, str]]] = [[]]
    used = 0
    for index, label in enumerate(labels):
        box_width = len(label) + 4
        needed = box_width + (4 if rows[-1] else 0)
        if rows[-1] and used + needed > width:
            rows.append([])
            used = 0
            needed = box_width
        rows[-1].append((index, label))
        used += needed
    return rows


def box_at(labels: list[str], width: int, x: int, y: int) -> int | None:
    """The index of the box drawn at column ``x``, line ``y`` by ``draw_pipeline``."""
    rows = pipeline_rows(labels, max(width, 8))
    row_number, line = divmod(y, 4)  # 3 lines of boxes, then the "then" line
    if line == 3 or not 0 <= row_number < len(rows):
        return None
    left = 0
    for index, label in rows[row_number]:
        right = left + len(label) + 4
        if left <= x < right:
            return index
        left = right + 4
    return None


def draw_pipeline(labels: list[str], current: int | None, width: int) -> Text:
    """Boxes joined by arrows; box ``current`` highlighted and the ones after it dimmed."""
    text = Text()
    rows = pipeline_rows(labels, max(width, 8))
    for row_number, row in enumerate(rows):
        boxes = [(index, _box(label)) for index, label in row]
        for line in range(3):
            for position, (index, box) in enumerate(boxes):
                if position:
                    text.append(" ─▶ " if line == 1 else "    ")
                style = ""
                if current is not None and index == current:
                    style = "bold reverse"
                elif current is not None and index > current:
                    style = "dim"
                text.append(box[line], style=style)
            text.append("\n")
        if row_number + 1 < len(rows):
            text.append("  ↓ then\n", style="dim")
    return text


PERSON = "bold black on yellow"
LEARNED = "bold black on green"

# (label, style) steps of the two pipelines; None style = plain data.
CLASSIC: tuple[tuple[str, str | None], ...] = (
    ("image", None),
    ("hand-made features", PERSON),
    ("learner", LEARNED),
    ("7", None),
)
END_TO_END: tuple[tuple[str, str | None], ...] = (
    ("image", None),
    ("network: learns it all", LEARNED),
    ("7", None),
)


def _chain(steps: tuple[tuple[str, str | None], ...]) -> Text:
    text = Text()
    for position, (label, style) in enumerate(steps):
        if position:
            text.append(" ─▶ ")
        text.append(f" {label} " if style else label, style=style or "")
    return text


def draw_end_to_end(width: int) -> Text:
    """The two pipelines, one line each: hand-made features versus end-to-end."""
    text = Text()
    text.append("Classic machine learning\n", style="bold")
    text.append_text(_chain(CLASSIC))
    text.append("\n\nDeep learning (end-to-end)\n", style="bold")
    text.append_text(_chain(END_TO_END))
    text.append("\n\n")
    text.append(" made by a person ", style=PERSON)
    text.append("  ")
    text.append(" learned from data ", style=LEARNED)
    return text


class Pipeline(Widget):
    """The drawing; redraws for its own width."""

    DEFAULT_CSS = """
    Pipeline {
        height: auto;
        margin: 1 0;
    }
    """

    stage: reactive[int] = reactive(0, layout=True)
    end_to_end: reactive[bool] = reactive(False, layout=True)

    class Clicked(Message):
        """A stage's box was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def on_click(self, event: events.Click) -> None:
        if self.end_to_end:
            return
        width = self.size.width or 60
        index = box_at([stage.name for stage in STAGES], width, event.x, event.y)
        if index is not None:
            self.post_message(self.Clicked(index))

    def drawing(self, width: int) -> Text:
        """The picture for a given width."""
        if self.end_to_end:
            return draw_end_to_end(width)
        return draw_pipeline([stage.name for stage in STAGES], self.stage, width)

    def render(self) -> Text:
        return self.drawing(self.size.width or 60)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        drawing = self.drawing(width)
        drawing.rstrip()
        return len(drawing.wrap(self.app.console, max(width, 1)))


STAGE_KEYS = Binding.Group("Stage")


class WorkflowLab(Lab):
    """Step through the stages of a project; ``e`` shows what end-to-end means."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_stage", "Previous stage", key_display="←", group=STAGE_KEYS),
        Binding("right", "next_stage", "Next stage", key_display="→", group=STAGE_KEYS),
        Binding("e", "toggle_end_to_end", "End-to-end"),
    ]

    DEFAULT_CSS = """
    WorkflowLab #workflow-title {
        text-style: bold;
    }
    WorkflowLab #workflow-hint {
        color: $text-muted;
        margin-top: 1;
    }
    WorkflowLab #workflow-lessons {
        color: $text-muted;
    }
    """

    stage: reactive[int] = reactive(0)
    end_to_end: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield Static("From data to a deployed model", id="workflow-title")
        yield Pipeline(id="workflow-pipeline")
        yield Static(id="workflow-text")
        yield Static(id="workflow-lessons")
        yield Static(id="workflow-hint")

    def on_mount(self) -> None:
        self.redraw()

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"stage": self.stage, "end_to_end": self.end_to_end}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        stage = number_setting(data, "stage", 0, len(STAGES) - 1, integer=True)
        if stage is not None:
            self.set_reactive(WorkflowLab.stage, int(stage))
        end_to_end = bool_setting(data, "end_to_end")
        if end_to_end is not None:
            self.set_reactive(WorkflowLab.end_to_end, end_to_end)

    def on_pipeline_clicked(self, message: Pipeline.Clicked) -> None:
        self.stage = message.index

    def action_next_stage(self) -> None:
        self.end_to_end = False
        self.stage = min(self.stage + 1, len(STAGES) - 1)

    def action_previous_stage(self) -> None:
        self.end_to_end = False
        self.stage = max(self.stage - 1, 0)

    def action_toggle_end_to_end(self) -> None:
        self.end_to_end = not self.end_to_end

    def watch_stage(self) -> None:
        self.redraw()

    def watch_end_to_end(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        try:
            pipeline = self.query_one(Pipeline)
        except NoMatches:  # not composed yet
            return
        pipeline.stage = self.stage
        pipeline.end_to_end = self.end_to_end
        title = self.query_one("#workflow-title", Static)
        text = self.query_one("#workflow-text", Static)
        lessons = self.query_one("#workflow-lessons", Static)
        hint = self.query_one("#workflow-hint", Static)
        if self.end_to_end:
            title.update("What “end-to-end” means")
            text.update(END_TO_END_TEXT)
            lessons.update("")
            hint.update("Press e to go back to the stages.")
            return
        stage = STAGES[self.stage]
        title.update("From data to a deployed model")
        text.update(Text.assemble((f"{self.stage + 1}. {stage.name}: ", "bold"), stage.text))
        lessons.update(stage.lessons)
        hint.update(f"Stage {self.stage + 1} of {len(STAGES)}.  → next, ← back, e: end-to-end.")
