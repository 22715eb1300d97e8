"""Lesson 5's "one step by hand": a single update of one weight, before the long walks.

The seed post's example: the loss ``(w − 2)²`` has slope +6 at weight 5.
Without a learning rate the step is the whole gradient, 5 − 6 = −1, far past
the bottom at 2; lr 0.1 gives 4.4; lr 0.00001 gives 4.99994.  Every number
comes from the engine (``numerical_diff`` and ``one_update``); the learner can
type a learning rate of their own.
"""

from __future__ import annotations

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui_nn.engine.descent import WORKED_RATES, WORKED_WEIGHT, one_update, worked_loss
from tui_nn.engine.gradient import numerical_diff
from tui_nn.i18n import N_, _
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

ONE_LR_START = 0.3


def plain(number: float) -> str:
    """A number as a person writes it: 0.00001 rather than 1e-05, 4.99994, -1."""
    if number == 0:
        return "0"
    if 1e-6 <= abs(number) < 1e7:
        return str(np.format_float_positional(float(f"{number:.6g}"), trim="-"))
    return f"{number:.6g}"


class OneStep(Vertical):
    """One update ``w − lr × gradient`` at w = 5, for three learning rates and the learner's."""

    DEFAULT_CSS = """
    OneStep { height: auto; margin: 1 0 0 0; }
    OneStep .heading { text-style: bold; }
    OneStep Horizontal { height: auto; }
    OneStep NumberField { width: 18; }
    OneStep #one-step { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lr = ONE_LR_START
        self.gradient = 0.0
        self.results: dict[float, float] = {}

    def compose(self) -> ComposeResult:
        yield Words(N_("One step by hand: f(w) = (w − 2)², lowest at w = 2"), classes="heading")
        with Horizontal():
            yield NumberField(
                self.lr,
                label=N_("your lr"),
                minimum=0,
                maximum=10,
                id="one-lr",
                tooltip=N_("A learning rate for this one step (0 to 10)"),
            )
        yield Static(id="one-step", markup=False)

    def on_mount(self) -> None:
        self.redraw()

    @on(NumberField.Accepted, "#one-lr")
    def _lr_typed(self, event: NumberField.Accepted) -> None:
        event.stop()
        self.lr = float(event.number)
        self.redraw()

    def redraw(self) -> None:
        w = WORKED_WEIGHT
        self.gradient = float(numerical_diff(worked_loss, w))
        rates = [*WORKED_RATES, self.lr]
        self.results = {lr: one_update(w, self.gradient, lr) for lr in rates}
        grad = plain(self.gradient)
        lines = [
            _("At w = {w} the gradient is {grad}. One step: w − lr × gradient").format(
                w=plain(w), grad=grad
            )
        ]
        names = [_("no lr (lr 1)"), _("lr 0.1"), _("lr 0.00001"), _("your lr")]
        for name, lr in zip(names, rates, strict=True):
            after = self.results[lr]
            lines.append(
                f"  {name}: {plain(w)} − {plain(lr)} × {grad} = {plain(after)}"
                + self._comment(after)
            )
        show(self.query_one("#one-step", Static), "\n".join(lines))

    @staticmethod
    def _comment(after: float) -> str:
        """A few words on where the step landed against the bottom at w = 2."""
        if after < 2.0 - 1e-9:
            return "  " + _("(past the bottom)")
        if abs(after - WORKED_WEIGHT) < 1e-3:
            return "  " + _("(barely moved)")
        return ""
