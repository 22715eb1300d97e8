"""Lesson 0's lab: the road from data to a deployed model, and what "end-to-end" means.

A small illustrated page: the stages of a machine-learning project drawn as
boxes, one highlighted; the learner steps through them with the arrow keys (or
clicks a box) and reads one short paragraph about each.  ``e`` switches to a
second picture that compares a hand-made-features pipeline with an
end-to-end network; ``f`` runs that comparison live on real digits (hand-made
features against features a small network learns, :mod:`workflow_features`).

Without colour (``NO_COLOR``) every state still shows: the current stage's
box is drawn with double lines, and the pipelines mark what a person made
with ``[ ]`` and what is learned with ``{ }``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.data.mnist import Dataset
from tui_nn.engine.learning_steps import FeaturesDuel, features_duel
from tui_nn.i18n import N_, _
from tui_nn.train_words import data_label
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.kit.values import bool_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.workflow_features import (
    FEATURES_TEXT,
    FEATURES_TITLE,
    duel_note,
    duel_text,
)
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.updates import show

DUEL_SEED = 0


@dataclass(frozen=True)
class Stage:
    """One step of a machine-learning project (catalogue messages, translated when shown)."""

    name: str
    text: str
    lessons: str


STAGES: tuple[Stage, ...] = (
    Stage(
        N_("Collect data"),
        N_("Gather examples together with their answers (labels). MNIST is 70,000 "
           "handwritten digits, each labelled with the digit it shows."),
        "",
    ),
    Stage(
        N_("Explore & clean"),
        N_("Look at the examples, remove broken ones, and put the numbers on one "
           "scale: pixel values 0..255 become 0..1."),
        "",
    ),
    Stage(
        N_("Split"),
        N_("Keep some examples aside. The training set is for learning (60,000 "
           "digits); the test set (10,000) stays unseen until the end."),
        N_("Lesson 2 draws minibatches from the training set."),
    ),
    Stage(
        N_("Choose a model"),
        N_("Pick a model with adjustable numbers called weights, e.g. a network "
           "with 784 inputs, 50 hidden units and 10 outputs. Sizes that a person "
           "chooses are hyperparameters."),
        N_("Lessons 6 and 7 build such networks."),
    ),
    Stage(
        N_("Train"),
        N_("Measure how wrong the model is (the loss), find which way each weight "
           "should move to lower it (the gradient), move a little, repeat."),
        N_("Lessons 1 to 7 take this step apart; lesson 8 runs it on real digits."),
    ),
    Stage(
        N_("Evaluate"),
        N_("Check the model on data it never trained on. With little data, "
           "k-fold cross-validation splits it into k parts and lets each part "
           "take a turn as the held-out part. Keep the best model."),
        N_("Lesson 8 measures test accuracy after every epoch."),
    ),
    Stage(
        N_("Deploy"),
        N_("Ship the chosen model so that it answers new examples, keep an eye on "
           "how well it does, and train again when the data changes."),
        "",
    ),
)

END_TO_END_TEXT = N_(
    "Classic machine learning needs a person to design the features (edges, "
    "loops, stroke counts) before a learning algorithm sees the data. Deep "
    "learning is end-to-end: the network gets the raw pixels and learns its "
    "own features and the answer together, from the examples alone."
)

PLAIN_BOX = "┌─┐│└─┘"
CURRENT_BOX = "╔═╗║╚═╝"  # the current stage: double lines, seen without colour too


def _box(label: str, corners: str = PLAIN_BOX) -> list[str]:
    inner = f" {label} "
    width = cell_len(inner)
    return [corners[0] + corners[1] * width + corners[2], corners[3] + inner + corners[3],
            corners[4] + corners[5] * width + corners[6]]


def pipeline_rows(labels: list[str], width: int) -> list[list[tuple[int, str]]]:
    """Lay boxes out left to right, wrapping to a new row when ``width`` is reached.

    Returns the rows, each a list of ``(stage index, label)``.
    """
    rows: list[list[tuple[int, str]]] = [[]]
    used = 0
    for index, label in enumerate(labels):
        box_width = cell_len(label) + 4
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
        right = left + cell_len(label) + 4
        if left <= x < right:
            return index
        left = right + 4
    return None


def draw_pipeline(labels: list[str], current: int | None, width: int) -> Text:
    """Boxes joined by arrows; box ``current`` highlighted (double lines) and later ones dimmed."""
    text = Text()
    rows = pipeline_rows(labels, max(width, 8))
    for row_number, row in enumerate(rows):
        boxes = [
            (index, _box(label, CURRENT_BOX if index == current else PLAIN_BOX))
            for index, label in row
        ]
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
            text.append("  ↓ " + _("then") + "\n", style="dim")
    return text


PERSON = "bold black on yellow"
LEARNED = "bold black on green"

# (label, style) steps of the two pipelines; None style = plain data.
CLASSIC: tuple[tuple[str, str | None], ...] = (
    (N_("image"), None),
    (N_("hand-made features"), PERSON),
    (N_("learner"), LEARNED),
    ("7", None),
)
END_TO_END: tuple[tuple[str, str | None], ...] = (
    (N_("image"), None),
    (N_("network: learns it all"), LEARNED),
    ("7", None),
)
MARKS = {PERSON: "[]", LEARNED: "{}"}  # what a person made / what is learned, without colour


def _marked(label: str, style: str | None) -> str:
    if style is None:
        return label
    marks = MARKS[style]
    return f"{marks[0]}{label}{marks[1]}"


def _chain(steps: tuple[tuple[str, str | None], ...]) -> Text:
    text = Text()
    for position, (label, style) in enumerate(steps):
        if position:
            text.append(" ─▶ ")
        text.append(_marked(_(label), style), style=style or "")
    return text


def draw_end_to_end(width: int) -> Text:
    """The two pipelines, one line each: hand-made features versus end-to-end."""
    text = Text()
    text.append(_("Classic machine learning") + "\n", style="bold")
    text.append_text(_chain(CLASSIC))
    text.append("\n\n" + _("Deep learning (end-to-end)") + "\n", style="bold")
    text.append_text(_chain(END_TO_END))
    text.append("\n\n")
    text.append(_marked(_("made by a person"), PERSON), style=PERSON)
    text.append("  ")
    text.append(_marked(_("learned from data"), LEARNED), style=LEARNED)
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
        index = box_at(stage_names(), width, event.x, event.y)
        if index is not None:
            self.post_message(self.Clicked(index))

    def drawing(self, width: int) -> Text:
        """The picture for a given width."""
        if self.end_to_end:
            return draw_end_to_end(width)
        return draw_pipeline(stage_names(), self.stage, width)

    def render(self) -> Text:
        return self.drawing(self.size.width or 60)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        drawing = self.drawing(width)
        drawing.rstrip()
        return len(drawing.wrap(self.app.console, max(width, 1)))


def stage_names() -> list[str]:
    """The stages' names in the current language."""
    return [_(stage.name) for stage in STAGES]


STAGE_KEYS = Binding.Group(N_("Stage"))


class WorkflowLab(Lab):
    """Step through the stages of a project; ``e`` shows what end-to-end means, ``f`` tries it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_stage", N_("Previous stage"), key_display="←",
                group=STAGE_KEYS),
        Binding("right", "next_stage", N_("Next stage"), key_display="→", group=STAGE_KEYS),
        Binding("e", "toggle_end_to_end", N_("End-to-end")),
        Binding("f", "toggle_features", N_("Features"),
                tooltip=N_("hand-made features against learned ones, live on digits")),
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
    WorkflowLab #workflow-duel {
        margin-top: 1;
    }
    """

    #: How big the features duel is (``features_duel``'s keywords; tests make it smaller).
    DUEL_OPTIONS: ClassVar[dict[str, int]] = {}

    stage: reactive[int] = reactive(0)
    end_to_end: reactive[bool] = reactive(False)
    features: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__()
        self.dataset: Dataset | None = None
        self.duel: FeaturesDuel | None = None
        self.duel_problem: str | None = None
        self.asked_for_data = False

    def compose(self) -> ComposeResult:
        yield Static(id="workflow-title")
        yield Pipeline(id="workflow-pipeline")
        yield Static(id="workflow-text")
        yield Static(id="workflow-duel")
        yield Static(id="workflow-duel-note")
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
        self.end_to_end = self.features = False
        self.stage = min(self.stage + 1, len(STAGES) - 1)

    def action_previous_stage(self) -> None:
        self.end_to_end = self.features = False
        self.stage = max(self.stage - 1, 0)

    def action_toggle_end_to_end(self) -> None:
        self.features = False
        self.end_to_end = not self.end_to_end

    def action_toggle_features(self) -> None:
        self.end_to_end = False
        self.features = not self.features
        if self.features and not self.asked_for_data:
            self.asked_for_data = True
            data_store_of(self.app).request(self)

    def on_data_ready(self, message: DataReady) -> None:
        if message.dataset is None:
            self.duel_problem = message.error or _("the digits did not load")
            self.redraw()
            return
        if self.dataset is message.dataset and self.duel is not None:
            return
        self.dataset, self.duel, self.duel_problem = message.dataset, None, None
        data, options = message.dataset, dict(self.DUEL_OPTIONS)
        self.run_in_thread(
            lambda ctx: features_duel(data.x_train, data.t_train, data.x_test, data.t_test,
                                      np.random.default_rng(DUEL_SEED), **options),
            group="duel",
            on_result=self._duel_ready,
            on_error=self._duel_failed,
        )
        self.redraw()

    def _duel_ready(self, duel: FeaturesDuel) -> None:
        self.duel = duel
        self.redraw()

    def _duel_failed(self, error: BaseException) -> None:
        self.duel_problem = str(error)
        self.redraw()

    def watch_stage(self) -> None:
        self.redraw()

    def watch_end_to_end(self) -> None:
        self.redraw()

    def watch_features(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        try:
            pipeline = self.query_one(Pipeline)
        except NoMatches:  # not composed yet
            return
        pipeline.stage = self.stage
        pipeline.end_to_end = self.end_to_end
        pipeline.display = not self.features
        pipeline.refresh(layout=True)
        title = self.query_one("#workflow-title", Static)
        text = self.query_one("#workflow-text", Static)
        duel = self.query_one("#workflow-duel", Static)
        lessons = self.query_one("#workflow-lessons", Static)
        hint = self.query_one("#workflow-hint", Static)
        note = self.query_one("#workflow-duel-note", Static)
        duel.display = note.display = self.features
        if self.features:
            show(title, _(FEATURES_TITLE))
            show(text, _(FEATURES_TEXT))
            source = None if self.dataset is None else data_label(self.dataset)
            show(duel, duel_text(self.duel, self.duel_problem))
            show(note, duel_note(self.duel, source))
            show(lessons, "")
            show(hint, _("Press f to go back to the stages."))
            return
        if self.end_to_end:
            show(title, _("What “end-to-end” means"))
            show(text, _(END_TO_END_TEXT))
            show(lessons, "")
            show(hint, _("Press e to go back to the stages; f tries it on digits."))
            return
        stage = STAGES[self.stage]
        show(title, _("From data to a deployed model"))
        show(text, Text.assemble((f"{self.stage + 1}. {_(stage.name)}: ", "bold"),
                                  _(stage.text)))
        show(lessons, _(stage.lessons) if stage.lessons else "")
        show(hint, _("Stage {n} of {total}.  → next, ← back, e: end-to-end, f: features.")
                    .format(n=self.stage + 1, total=len(STAGES)))
