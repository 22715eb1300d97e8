"""Lesson 6 lab: the gradient of a one-layer network (the book's simpleNet), and learning from it.

``s`` takes one step of gradient descent on all six weights, W <- W - lr * dW,
with the learning rate of the **lr** field: the loss falls and the prediction
moves, step by step (the bridge from lesson 5's walk downhill to lesson 8's
training).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static

from tui_nn.engine.experiments import (
    REFERENCE_T,
    REFERENCE_W,
    REFERENCE_X,
    Nudge,
    nudge_weight,
    simplenet_stable_gradient,
    simplenet_stable_loss,
)
from tui_nn.engine.functions import softmax
from tui_nn.engine.labels import one_hot
from tui_nn.engine.learning_steps import gradient_step
from tui_nn.engine.nets import SimpleNet
from tui_nn.i18n import N_, _
from tui_nn.ui.kit.values import number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.simplenet_draw import heat_legend, matrix_text, vector_text
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

DELTA = 1e-7
X_LIMIT = 1e3
LR_LIMIT = 100.0
SHOWN_STEPS = 4  # the learning steps listed (the latest ones)
STABLE_NOTE = N_(
    "computed from log-softmax: the book's formula gives nan here, because softmax "
    "rounds a probability to exactly 0 and 0·log 0 = nan"
)


class SimpleNetLab(Lab):
    """predict = x·W, softmax, loss, and dW: how the loss changes with each weight."""

    DEFAULT_CSS = """
    SimpleNetLab .fields { height: auto; }
    SimpleNetLab .fields NumberField { width: 1fr; max-width: 18; min-width: 11; }
    SimpleNetLab #s6-learn-row NumberField { width: 16; }
    SimpleNetLab #s6-learn-row Words { width: 1fr; padding: 1 0 0 1; color: $text-muted; }
    SimpleNetLab #s6-w-title { text-style: bold; }
    SimpleNetLab #s6-dw-title, SimpleNetLab #s6-nudge-title, SimpleNetLab #s6-learn-title {
        margin-top: 1;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "learn_step", N_("Learn step"),
                tooltip=N_("W ← W − lr·dW: one step of gradient descent on all six weights")),
        Binding("r", "random_w", N_("Random W")),
        Binding("w", "reference_w", N_("Book's W")),
        Binding("n", "keep_nudge", N_("Keep nudge")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.net = SimpleNet(W=REFERENCE_W.copy())
        self.seed: int | None = None
        self.next_seed = 1
        self.w_note: tuple[str, dict[str, object]] = (N_("the book's W"), {})
        self.x = np.array(REFERENCE_X, dtype=float)
        self.label = REFERENCE_T
        self.row, self.col, self.step = 0, 0, 1e-3
        self.lr = 0.5
        self.dw = np.zeros((2, 3))
        self.dw_note = N_("numerical gradient, loss without delta")
        self.nudge: Nudge | None = None
        self.loss_now = float("nan")
        self.probs = np.zeros(3)
        # (step number, loss before, loss after, right-class probability before, after)
        self.learned: list[tuple[int, float, float, float, float]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="s6-w-title")
        yield Static(id="s6-w")
        with Horizontal(classes="fields"):
            for i in range(2):
                yield NumberField(
                    self.x[i], label=f"x{i}", minimum=-X_LIMIT, maximum=X_LIMIT, id=f"x{i}"
                )
            yield NumberField(self.label, label=N_("t: class"), minimum=0, maximum=2,
                              integer=True, id="t")
        yield Static(id="s6-forward")
        yield Words(N_("Learn: W ← W − lr·dW"), id="s6-learn-title")
        with Horizontal(classes="fields", id="s6-learn-row"):
            yield NumberField(self.lr, label=N_("lr"), minimum=-LR_LIMIT, maximum=LR_LIMIT,
                              tooltip=N_("the learning rate: how far one step moves"), id="lr")
            yield Words(N_("s takes one step on all six weights"))
        yield Static(id="s6-learn")
        yield Static(id="s6-dw-title")
        yield Static(id="s6-dw")
        yield Static(id="s6-nudge-title")
        with Horizontal(classes="fields"):
            yield NumberField(self.row, label=N_("row"), minimum=0, maximum=1, integer=True,
                              id="row")
            yield NumberField(self.col, label=N_("column"), minimum=0, maximum=2, integer=True,
                              id="col")
            yield NumberField(self.step, label=N_("step"), minimum=-10, maximum=10, id="step")
        yield Static(id="s6-nudge")

    def on_mount(self) -> None:
        self.redraw()

    # -- actions -------------------------------------------------------------

    def action_learn_step(self) -> None:
        """One step of gradient descent on all six weights, with the dW on screen."""
        if not np.all(np.isfinite(self.dw)):
            self.notify(_("dW is not a number here: no step taken"), severity="warning")
            return
        loss_before, prob_before = self.loss_now, float(self.probs[self.label])
        with np.errstate(all="ignore"):
            self.net.W = gradient_step(self.net.W, self.dw, self.lr)
        self.w_note = (N_("after {n} learning step(s), lr {lr}"),
                       {"n": len(self.learned) + 1, "lr": f"{self.lr:g}"})
        self.redraw()
        self.learned.append((len(self.learned) + 1, loss_before, self.loss_now,
                             prob_before, float(self.probs[self.label])))
        self._show_learning()

    def action_random_w(self) -> None:
        self.seed = self.next_seed
        self.next_seed += 1
        self.net = SimpleNet(rng=np.random.default_rng(self.seed))
        self.w_note = (N_("random, default_rng(seed={seed})"), {"seed": self.seed})
        self.learned.clear()
        self.redraw()

    def action_reference_w(self) -> None:
        self.seed = None
        self.net = SimpleNet(W=REFERENCE_W.copy())
        self.w_note = (N_("the book's W"), {})
        self.learned.clear()
        self.redraw()

    def action_keep_nudge(self) -> None:
        weights = self.net.W.copy()
        weights[self.row, self.col] += self.step
        self.net.W = weights
        self.w_note = (N_("nudged: W[{row},{col}] moved by {step}"),
                       {"row": self.row, "col": self.col, "step": f"{self.step:g}"})
        self.redraw()

    # -- fields --------------------------------------------------------------

    @on(NumberField.Accepted)
    def _field_changed(self, event: NumberField.Accepted) -> None:
        field = event.field
        if field.id in ("x0", "x1"):
            self.x[0 if field.id == "x0" else 1] = float(field.number)
            self.learned.clear()
        elif field.id == "t":
            self.label = int(field.number)
            self.learned.clear()
        elif field.id == "row":
            self.row = int(field.number)
        elif field.id == "col":
            self.col = int(field.number)
        elif field.id == "step":
            self.step = float(field.number)
        elif field.id == "lr":
            self.lr = float(field.number)
        self.redraw()

    # -- state that lasts ------------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {
            "x": [float(v) for v in self.x],
            "t": self.label,
            "row": self.row,
            "col": self.col,
            "step": self.step,
            "lr": self.lr,
        }

    def restore_settings(self, data: Mapping[str, object]) -> None:
        x = numbers_setting(data, "x", 2, -X_LIMIT, X_LIMIT)
        if x is not None:
            self.x = np.array(x, dtype=float)
        for key, low, high in (("t", 0, 2), ("row", 0, 1), ("col", 0, 2)):
            value = number_setting(data, key, low, high, integer=True)
            if value is not None:
                setattr(self, "label" if key == "t" else key, int(value))
        step = number_setting(data, "step", -10, 10)
        if step is not None:
            self.step = step
        lr = number_setting(data, "lr", -LR_LIMIT, LR_LIMIT)
        if lr is not None:
            self.lr = lr

    # -- computing and drawing -----------------------------------------------

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        net, x = self.net, self.x
        t = one_hot(self.label, 3)
        label = self.label
        with np.errstate(all="ignore"):
            scores = net.predict(x)
            probs = softmax(scores)
            loss_plain = float(net.loss(x, t, delta=0.0))
            loss_delta = float(net.loss(x, t, delta=DELTA))
            dw = net.numerical_gradient(x, t, delta=0.0)
            self.dw_note = N_("numerical gradient, loss without delta")
            stable = not (math.isfinite(loss_plain) and np.all(np.isfinite(dw)))
            if stable:
                # softmax rounded a probability to exactly 0: the book's formula gives
                # nan, the same loss computed from log-softmax does not
                dw = simplenet_stable_gradient(net, x, label)
                self.dw_note = STABLE_NOTE

            def loss() -> float:
                if stable:
                    return simplenet_stable_loss(net, x, label)
                return float(net.loss(x, t, delta=0.0))

            self.dw = dw
            self.loss_now = loss()
            self.probs = probs
            self.nudge = nudge_weight(loss, net.W, self.row, self.col, self.step, dw)
        self._show_weights()
        self._show_forward(scores, probs, loss_plain, loss_delta)
        self._show_gradient()
        self._show_learning()
        self._show_nudge()

    def _show_weights(self) -> None:
        message, values = self.w_note
        note = _(message).format(**values)
        show(self.query_one("#s6-w-title", Static), _("W (2x3): {note}").format(note=note))
        show(self.query_one("#s6-w", Static),
            matrix_text(self.net.W, mark=(self.row, self.col))
        )

    def _show_forward(
        self, scores: np.ndarray, probs: np.ndarray, loss_plain: float, loss_delta: float
    ) -> None:
        text = Text()
        text.append("predict  ", style="bold")
        text.append(vector_text(scores))
        text.append("\nargmax   ", style="bold")
        text.append(_("{k} (the class the net picks)").format(k=int(np.argmax(scores))) + "\n")
        text.append("softmax  ", style="bold")
        text.append(vector_text(probs))
        text.append("\nt        ", style="bold")
        hot = " ".join(str(int(v)) for v in one_hot(self.label, 3))
        text.append(_("{hot}  (one-hot for class {k})").format(hot=hot, k=self.label))
        text.append("\nloss     ", style="bold")
        text.append(_("{value} without delta").format(value=f"{loss_plain:.7f}") + "\n         ")
        text.append(_("{value} with delta=1e-7").format(value=f"{loss_delta:.7f}"))
        if not math.isfinite(loss_plain):
            stable = simplenet_stable_loss(self.net, self.x, self.label)
            text.append("\n         " + _("{value} from log-softmax (no nan)").format(
                value=f"{stable:.7f}"))
        show(self.query_one("#s6-forward", Static), text)

    def _show_gradient(self) -> None:
        show(self.query_one("#s6-dw-title", Static),
            _("dW: loss change per unit of each weight") + "\n(" + _(self.dw_note) + ")"
        )
        text = matrix_text(self.dw, heat=True, row_sums=True, mark=(self.row, self.col))
        text.append(f"\n  {heat_legend()}", style="dim")
        show(self.query_one("#s6-dw", Static), text)

    def _show_learning(self) -> None:
        text = Text()
        if not self.learned:
            text.append(_("press s for a step; the loss now is {loss}").format(
                loss=f"{self.loss_now:.7f}"))
        else:
            text.append(_("step   loss               p(t)") + "\n", style="dim")
        for number, before, after, p_before, p_after in self.learned[-SHOWN_STEPS:]:
            text.append(f"{number:>4}   {before:.5f} → {after:.5f}   "
                        f"{p_before:.3f} → {p_after:.3f}\n")
        if self.learned:
            first, last = self.learned[0][1], self.learned[-1][2]
            word = _("fell") if last < first else _("did not fall")
            text.append(_("loss {word}: {first} → {last} in {n} step(s)").format(
                word=word, first=f"{first:.5f}", last=f"{last:.5f}", n=len(self.learned)),
                style="bold")
        show(self.query_one("#s6-learn", Static), text)

    def _show_nudge(self) -> None:
        show(self.query_one("#s6-nudge-title", Static),
            _("Nudge one weight (n keeps the nudge in W)")
        )
        nudge = self.nudge
        text = Text()
        if nudge is not None:
            r, c = nudge.row, nudge.col
            text.append(f"W[{r},{c}] + {nudge.step:g}\n")
            text.append(_("loss {before} → {after}").format(
                before=f"{nudge.loss_before:.8f}", after=f"{nudge.loss_after:.8f}") + "\n")
            text.append(_("loss change") + "     ", style="bold")
            text.append(f"{nudge.change:+.8e}\n")
            text.append(_("dW[{r},{c}] × step").format(r=r, c=c) + " ", style="bold")
            text.append(f"{nudge.predicted:+.8e}")
        show(self.query_one("#s6-nudge", Static), text)
