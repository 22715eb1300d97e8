"""The Setup view: the settings form, the epoch sentence for them, and the numerical estimate."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui_nn.i18n import N_, _
from tui_nn.ui.labs.training_controls import TrainingControls, describe_duration, epoch_sentence
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

KEYS_HINT = N_(
    "s start · p pause/resume · x stop · l learning rate (also while training) · "
    "b book preset · f faster learner · "
    "1-5 switch views (outside a field) · i inspect view · n next mistake · "
    "t test digit on the pad · w save · o load · u switch data · "
    "Tab moves through the fields (lr, iterations, train imgs first); Enter (on a valid value) "
    "or Esc gives the keys back"
)
SOURCE_NAMES = {"mnist": N_("Real MNIST"), "builtin": N_("Built-in digits")}


def arithmetic_text(source: str | None, train_images: int, batch_size: int, iterations: int) -> str:
    """The epoch sentence after a short name of the data in use ("Real MNIST: 1 epoch = …")."""
    name = _("Data loading") if source is None else _(SOURCE_NAMES.get(source, source))
    return _("{name}: {sentence}").format(
        name=name, sentence=epoch_sentence(train_images, batch_size, iterations)
    )


def estimate_text(seconds: float | None, iterations: int, *, armed: bool, error: str = "") -> str:
    """What one numerical-gradient update costs, and what the whole run would."""
    if seconds is None:
        return _("Could not time the numerical gradient: {error}").format(error=error)
    text = _(
        "Numerical gradient: one update takes about {one} (just measured), so {iterations} "
        "updates would take about {all}. Backprop computes the same in milliseconds."
    ).format(
        one=describe_duration(seconds),
        iterations=f"{iterations:,}",
        all=describe_duration(seconds * iterations),
    )
    if armed:
        text += "\n" + _("Press s again to start anyway (x stops it), or choose backprop.")
    return text


class SetupView(Vertical):
    """The settings of the next run (the form posts ``SettingEdited`` for each change)."""

    DEFAULT_CSS = """
    SetupView { height: auto; }
    SetupView #setup-arithmetic { height: auto; }
    SetupView #estimate { height: auto; color: $warning; }
    SetupView #keys-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, values: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values = values

    def compose(self) -> ComposeResult:
        yield TrainingControls(self._values, id="controls")
        yield Static("", id="setup-arithmetic")
        yield Static("", id="estimate")
        yield Words(KEYS_HINT, id="keys-hint")

    @property
    def controls(self) -> TrainingControls:
        return self.query_one(TrainingControls)

    def show_arithmetic(self, text: str, problems: list[str]) -> None:
        show(self.query_one("#setup-arithmetic", Static), text)
        self.controls.show_problems(problems)

    def show_estimate(self, text: str) -> None:
        show(self.query_one("#estimate", Static), text)
