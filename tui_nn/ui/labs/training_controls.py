"""The training settings form: number fields and choices, presets, and the epoch sentence."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Select, Static

from tui_nn.engine.train import TrainConfig, iterations_per_epoch
from tui_nn.formatting import format_duration
from tui_nn.i18n import N_, _, ngettext
from tui_nn.ui.kit.values import choice_setting, number_setting
from tui_nn.ui.labs.base import JSONValue
from tui_nn.ui.labs.training_messages import SettingEdited
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.updates import show

ACTIVATIONS = [("sigmoid", "sigmoid"), ("ReLU", "relu")]
WEIGHT_INITS = [("std 0.01", "0.01"), ("Xavier", "xavier"), ("He", "he")]
GRADIENTS = [(N_("backprop"), "backprop"), (N_("numerical"), "numerical")]

# name -> (label, minimum, maximum, integer, format); labels are short so that every title
# fits its field at 80 columns
FULL_TRAIN_SIZE = 60_000  # real MNIST; the lab sets the size of the data in use
NUMBER_FIELDS: dict[str, tuple[str, float, float, bool, str]] = {
    "hidden_size": (N_("hidden"), 1, 2000, True, "{:d}"),
    "batch_size": (N_("batch"), 1, 60_000, True, "{:d}"),
    # above 0 (0 moves nothing): the field's own validator refuses 0, see LearningRateAboveZero
    "learning_rate": (N_("lr"), 0, 1000, False, "{:g}"),
    "iterations": (N_("iterations"), 1, 1_000_000, True, "{:d}"),
    "train_size": (N_("train imgs"), 1, FULL_TRAIN_SIZE, True, "{:d}"),
    "seed": (N_("seed"), 0, 2**31 - 1, True, "{:d}"),
}
CHOICE_FIELDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "activation": (N_("activation"), ACTIVATIONS),
    "weight_init": (N_("init"), WEIGHT_INITS),
    "gradient": (N_("gradient"), GRADIENTS),
}
TOOLTIPS = {
    "hidden_size": N_("Hidden units: neurons in the hidden layer"),
    "batch_size": N_("Batch size: images per minibatch (per iteration)"),
    "learning_rate": N_(
        "Learning rate: how far each update moves the weights (above 0, at most 1000); "
        "it can be changed while training runs"
    ),
    "iterations": N_("Iterations: how many updates (minibatches) the run makes"),
    "train_size": N_(
        "Training images: how many to train on (the largest value = all of them; "
        "a few hundred make overfitting happen)"
    ),
    "seed": N_("Random seed: the same seed gives the same run"),
}
# Tab order = this order: the fields a beginner changes first (learning rate, training images,
# iterations) come first; the longest titles ("activation", "train imgs") sit in the right
# column, a cell wider at 80 columns, so that every title is whole at 80x24
LAYOUT = [
    "learning_rate", "iterations", "train_size",
    "batch_size", "hidden_size", "activation",
    "seed", "gradient", "weight_init",
]  # fmt: skip
FORM_FIELDS = tuple(f.name for f in fields(TrainConfig) if f.name not in ("eval_size", "sampling"))
FROZEN_WHILE_TRAINING = [name for name in LAYOUT if name != "learning_rate"]


class LearningRateAboveZero(Validator):
    """Refuses a learning rate of 0 or less: with 0 no step moves a weight, nothing is learnt."""

    short = N_("above 0")  # the few words under the field

    def validate(self, value: str) -> ValidationResult:
        try:
            number = float(value)
        except ValueError:
            return self.success()  # not a number at all: the Number validator says so
        if number <= 0:
            return self.failure(
                _("The learning rate must be above 0: with {value} no weight would move.").format(
                    value=value.strip()
                )
            )
        return self.success()


def form_values(config: TrainConfig, full_size: int = FULL_TRAIN_SIZE) -> dict[str, Any]:
    """The settings of ``config`` that the form shows (train size None = all ``full_size``)."""
    values = {name: getattr(config, name) for name in FORM_FIELDS}
    values["train_size"] = min(values["train_size"] or full_size, full_size)
    return values


def saved_form(values: dict[str, Any]) -> dict[str, JSONValue]:
    """The form's values as JSON data, to remember between app runs."""
    out: dict[str, JSONValue] = {}
    for name in (*NUMBER_FIELDS, *CHOICE_FIELDS):
        value = values.get(name)
        if isinstance(value, (int, float, str)) or value is None:
            out[name] = value
    return out


def restore_form(current: dict[str, Any], data: Mapping[str, object]) -> dict[str, Any]:
    """``current`` with every valid value of ``data`` (saved by :func:`saved_form`) put in."""
    out = dict(current)
    for name, (_label, low, high, integer, _fmt) in NUMBER_FIELDS.items():
        number = number_setting(data, name, low, high, integer=integer)
        if name == "learning_rate" and number is not None and number <= 0:
            number = None  # a learning rate of 0 learns nothing: the field refuses it too
        if number is not None:
            out[name] = int(number) if integer else number
    if data.get("train_size", 0) is None:
        out["train_size"] = FULL_TRAIN_SIZE  # every training image (the form shows all)
    for name, (_label, options) in CHOICE_FIELDS.items():
        choice = choice_setting(data, name, [value for _text, value in options])
        if choice is not None:
            out[name] = choice
    return out


def epoch_sentence(train_images: int, batch_size: int, iterations: int) -> str:
    """The epoch sum in words, with the current numbers (as the trainer counts: rounded down)."""
    if train_images <= 0 or batch_size <= 0:
        return _("One epoch = one pass over the training images.")
    per_epoch = iterations_per_epoch(train_images, batch_size)
    epochs = iterations / per_epoch
    epochs_text = f"{epochs:,.0f}" if math.isclose(epochs, round(epochs)) else f"{epochs:,.1f}"
    total = ngettext(
        "{iterations} iteration = {epochs} {epoch_word}",
        "{iterations} iterations = {epochs} {epoch_word}",
        iterations,
    ).format(
        iterations=f"{iterations:,}",
        epochs=epochs_text,
        epoch_word=_("epoch") if epochs_text == "1" else _("epochs"),
    )
    if batch_size >= train_images:
        return _(
            "A batch of {batch} is not smaller than the {images} images, so "
            "every iteration counts as one epoch; {total}"
        ).format(batch=f"{batch_size:,}", images=f"{train_images:,}", total=total)
    sentence = (
        _(
            "1 epoch = {images} images ÷ {batch} per batch = {per_epoch} iterations "
            "(rounded down); {total}"
        )
        if train_images % batch_size
        else _("1 epoch = {images} images ÷ {batch} per batch = {per_epoch} iterations; {total}")
    )
    return sentence.format(
        images=f"{train_images:,}",
        batch=f"{batch_size:,}",
        per_epoch=f"{per_epoch:,}",
        total=total,
    )


def describe_duration(seconds: float) -> str:
    """A human duration, in the same words as everywhere in tui-nn: '0.4 s', '3 min 00 s',
    '35 hours', '4 days' (see :func:`tui_nn.formatting.format_duration`)."""
    return format_duration(seconds)


class TrainingControls(Vertical):
    """The settings form.  ``values()`` gives a dict of TrainConfig field values."""

    DEFAULT_CSS = """
    TrainingControls { height: auto; }
    TrainingControls Grid {
        grid-size: 3;
        grid-columns: 1fr 1fr 1fr;
        grid-rows: 3;
        height: auto;
    }
    TrainingControls NumberField { width: 100%; }
    TrainingControls Select { width: 100%; border: round $secondary; height: 3; }
    TrainingControls Select:focus-within { border: round $accent; }
    TrainingControls .note { height: auto; }
    TrainingControls #problems { color: $error; height: auto; }
    """

    def __init__(self, values: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = dict(values)
        self.full_size = FULL_TRAIN_SIZE

    def compose(self) -> ComposeResult:
        with Grid():
            for name in LAYOUT:
                if name in NUMBER_FIELDS:
                    label, low, high, integer, fmt = NUMBER_FIELDS[name]
                    value = self._initial.get(name)
                    yield NumberField(
                        0 if value is None else value,
                        label=label,
                        minimum=low,
                        maximum=high,
                        integer=integer,
                        fmt=fmt,
                        id=f"field-{name}",
                        tooltip=TOOLTIPS.get(name),
                    )
                else:
                    label, options = CHOICE_FIELDS[name]
                    select: Select[str] = Select(
                        [(_(text), value) for text, value in options],
                        value=str(self._initial[name]),
                        allow_blank=False,
                        compact=True,
                        id=f"field-{name}",
                    )
                    select.border_title = _(label)
                    yield select
        yield Static("", id="problems")

    def on_mount(self) -> None:
        lr = self.query_one("#field-learning_rate", NumberField)
        lr.validators.insert(0, LearningRateAboveZero())

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in NUMBER_FIELDS:
            out[name] = self.query_one(f"#field-{name}", NumberField).number
        size = int(out["train_size"])
        out["train_size"] = None if size >= self.full_size else size
        for name in CHOICE_FIELDS:
            out[name] = str(self.query_one(f"#field-{name}", Select).value)
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` (e.g. a preset) in the form."""
        for name, value in values.items():
            if name == "train_size":
                self.query_one("#field-train_size", NumberField).set_number(
                    min(value or self.full_size, self.full_size)
                )
            elif name in NUMBER_FIELDS:
                self.query_one(f"#field-{name}", NumberField).set_number(value or 0)
            elif name in CHOICE_FIELDS:
                select = self.query_one(f"#field-{name}", Select)
                with select.prevent(Select.Changed):
                    select.value = str(value)

    def set_full_size(self, size: int) -> None:
        """The data in use has ``size`` training images: the most the field takes.

        A field that showed "all" (the old full size, or more than the new one) shows the new
        full size, so the default stays "every image"."""
        field = self.query_one("#field-train_size", NumberField)
        shown = int(field.number)
        was_all = shown >= self.full_size
        self.full_size = max(1, int(size))
        for validator in field.validators:
            if hasattr(validator, "maximum"):
                validator.maximum = self.full_size
        if was_all or shown > self.full_size:
            field.set_number(self.full_size)

    def freeze(self, frozen: bool) -> None:
        """Lock every setting but the learning rate while a run is going."""
        for name in FROZEN_WHILE_TRAINING:
            self.query_one(f"#field-{name}").disabled = frozen

    def show_problems(self, problems: list[str]) -> None:
        show(self.query_one("#problems", Static), "\n".join(problems))

    def refresh_language(self) -> None:
        """The choice fields' titles and options in the current language (F2)."""
        for name, (label, options) in CHOICE_FIELDS.items():
            select = self.query_one(f"#field-{name}", Select)
            select.border_title = _(label)
            value = select.value
            with select.prevent(Select.Changed):
                select.set_options([(_(text), option) for text, option in options])
                select.value = value
                select._watch_value(value)  # the shown words too (the value did not change)

    @on(NumberField.Accepted)
    def _number(self, event: NumberField.Accepted) -> None:
        event.stop()
        name = (event.field.id or "").removeprefix("field-")
        self.post_message(SettingEdited(name, event.number))

    @on(Select.Changed)
    def _choice(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "").removeprefix("field-")
        self.post_message(SettingEdited(name, event.value))
