"""Lesson 6 lab: the gradient of a one-layer network (the book's simpleNet)."""

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
from tui_nn.engine.nets import SimpleNet
from tui_nn.ui import look
from tui_nn.ui.kit.values import number_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.widgets.number_field import NumberField

DELTA = 1e-7
X_LIMIT = 1e3
STABLE_NOTE = (
    "computed from log-softmax: the book's formula gives nan here, because softmax "
    "rounds a probability to exactly 0 and 0·log 0 = nan"
)


def vector_text(values: np.ndarray, digits: int = 8) -> str:
    return "  ".join(f"{v: .{digits}f}" for v in np.ravel(values))


def heat_cell(value: float, scale: float) -> str:
    """A background colour for ``value``: red if positive, blue if negative, stronger if larger."""
    if not np.isfinite(value) or scale <= 0 or not np.isfinite(scale):
        return "on grey23"
    strength = min(abs(value) / scale, 1.0)
    level = int(60 + 160 * strength)
    if value >= 0:
        return f"on rgb({level},40,40)"
    return f"on rgb(40,60,{level})"


def matrix_text(
    matrix: np.ndarray,
    *,
    digits: int = 8,
    heat: bool = False,
    row_sums: bool = False,
    mark: tuple[int, int] | None = None,
) -> Text:
    """A small matrix as aligned rows of numbers, optionally as a heat map with row sums."""
    scale = float(np.nanmax(np.abs(matrix))) if np.isfinite(matrix).any() else 0.0
    text = Text()
    for r, row in enumerate(matrix):
        text.append("  ")
        for c, value in enumerate(row):
            cell = f"{value:+.{digits}f}"
            style = heat_cell(float(value), scale) if heat else ""
            if mark == (r, c):
                style = (style + " bold underline").strip()
            text.append(f" {cell} ", style=style)
        if r + 1 < len(matrix):
            text.append("\n")
    if row_sums:
        with np.errstate(all="ignore"):
            sums = "  ".join(f"{float(np.sum(row)):+.1e}" for row in matrix)
        text.append(f"\n  row sums: {sums}  (≈ 0)", style="dim")
    return text


class SimpleNetLab(Lab):
    """predict = x·W, softmax, loss, and dW: how the loss changes with each weight."""

    DEFAULT_CSS = """
    SimpleNetLab .fields { height: auto; }
    SimpleNetLab .fields NumberField { width: 1fr; max-width: 18; min-width: 11; }
    SimpleNetLab #s6-w-title { text-style: bold; }
    SimpleNetLab #s6-dw-title, SimpleNetLab #s6-nudge-title {
        margin-top: 1;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "random_w", "Random W"),
        Binding("w", "reference_w", "Book's W"),
        Binding("n", "keep_nudge", "Keep nudge"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.net = SimpleNet(W=REFERENCE_W.copy())
        self.seed: int | None = None
        self.next_seed = 1
        self.w_note = "the book's W"
        self.x = np.array(REFERENCE_X, dtype=float)
        self.label = REFERENCE_T
        self.row, self.col, self.step = 0, 0, 1e-3
        self.dw = np.zeros((2, 3))
        self.dw_note = ""
        self.nudge: Nudge | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="s6-w-title")
        yield Static(id="s6-w")
        with Horizontal(classes="fields"):
            for i in range(2):
                yield NumberField(
                    self.x[i], label=f"x{i}", minimum=-X_LIMIT, maximum=X_LIMIT, id=f"x{i}"
                )
            yield NumberField(self.label, label="t: class", minimum=0, maximum=2,
                              integer=True, id="t")
        yield Static(id="s6-forward")
        yield Static(id="s6-dw-title")
        yield Static(id="s6-dw")
        yield Static(id="s6-nudge-title")
        with Horizontal(classes="fields"):
            yield NumberField(self.row, label="row", minimum=0, maximum=1, integer=True,
                              id="row")
            yield NumberField(self.col, label="column", minimum=0, maximum=2, integer=True,
                              id="col")
            yield NumberField(self.step, label="step", minimum=-10, maximum=10, id="step")
        yield Static(id="s6-nudge")

    def on_mount(self) -> None:
        self.redraw()

    # -- actions -------------------------------------------------------------

    def action_random_w(self) -> None:
        self.seed = self.next_seed
        self.next_seed += 1
        self.net = SimpleNet(rng=np.random.default_rng(self.seed))
        self.w_note = f"random, default_rng(seed={self.seed})"
        self.redraw()

    def action_reference_w(self) -> None:
        self.seed = None
        self.net = SimpleNet(W=REFERENCE_W.copy())
        self.w_note = "the book's W"
        self.redraw()

    def action_keep_nudge(self) -> None:
        weights = self.net.W.copy()
        weights[self.row, self.col] += self.step
        self.net.W = weights
        self.w_note = f"nudged: W[{self.row},{self.col}] moved by {self.step:g}"
        self.redraw()

    # -- fields --------------------------------------------------------------

    @on(NumberField.Accepted)
    def _field_changed(self, event: NumberField.Accepted) -> None:
        field = event.field
        if field.id in ("x0", "x1"):
            self.x[0 if field.id == "x0" else 1] = float(field.number)
        elif field.id == "t":
            self.label = int(field.number)
        elif field.id == "row":
            self.row = int(field.number)
        elif field.id == "col":
            self.col = int(field.number)
        elif field.id == "step":
            self.step = float(field.number)
        self.redraw()

    # -- state that lasts ------------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {
            "x": [float(v) for v in self.x],
            "t": self.label,
            "row": self.row,
            "col": self.col,
            "step": self.step,
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

    # -- computing and drawing -----------------------------------------------

    def redraw(self) -> None:
        net, x = self.net, self.x
        t = one_hot(self.label, 3)
        label = self.label
        with np.errstate(all="ignore"):
            scores = net.predict(x)
            probs = softmax(scores)
            loss_plain = float(net.loss(x, t, delta=0.0))
            loss_delta = float(net.loss(x, t, delta=DELTA))
            dw = net.numerical_gradient(x, t, delta=0.0)
            self.dw_note = "numerical gradient, loss without delta"
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
            self.nudge = nudge_weight(loss, net.W, self.row, self.col, self.step, dw)
        self._show_weights()
        self._show_forward(scores, probs, loss_plain, loss_delta)
        self._show_gradient()
        self._show_nudge()

    def _show_weights(self) -> None:
        self.query_one("#s6-w-title", Static).update(f"W (2x3): {self.w_note}")
        self.query_one("#s6-w", Static).update(
            matrix_text(self.net.W, mark=(self.row, self.col))
        )

    def _show_forward(
        self, scores: np.ndarray, probs: np.ndarray, loss_plain: float, loss_delta: float
    ) -> None:
        text = Text()
        text.append("predict  ", style="bold")
        text.append(vector_text(scores))
        text.append("\nargmax   ", style="bold")
        text.append(f"{int(np.argmax(scores))} (the class the net picks)\n")
        text.append("softmax  ", style="bold")
        text.append(vector_text(probs))
        text.append("\nt        ", style="bold")
        hot = " ".join(str(int(v)) for v in one_hot(self.label, 3))
        text.append(f"{hot}  (one-hot for class {self.label})")
        text.append("\nloss     ", style="bold")
        text.append(f"{loss_plain:.7f} without delta\n         {loss_delta:.7f} with delta=1e-7")
        if not math.isfinite(loss_plain):
            stable = simplenet_stable_loss(self.net, self.x, self.label)
            text.append(f"\n         {stable:.7f} from log-softmax (no nan)")
        self.query_one("#s6-forward", Static).update(text)

    def _show_gradient(self) -> None:
        self.query_one("#s6-dw-title", Static).update(
            f"dW: loss change per unit of each weight\n({self.dw_note})"
        )
        text = matrix_text(self.dw, heat=True, row_sums=True, mark=(self.row, self.col))
        legend = ("red: more weight, more loss; blue: less loss" if look.current().colour
                  else "above 0: more weight, more loss; below 0: less loss")
        text.append(f"\n  {legend}", style="dim")
        self.query_one("#s6-dw", Static).update(text)

    def _show_nudge(self) -> None:
        self.query_one("#s6-nudge-title", Static).update(
            "Nudge one weight (n keeps the nudge in W)"
        )
        nudge = self.nudge
        text = Text()
        if nudge is not None:
            r, c = nudge.row, nudge.col
            text.append(f"W[{r},{c}] + {nudge.step:g}\n")
            text.append(f"loss {nudge.loss_before:.8f} → {nudge.loss_after:.8f}\n")
            text.append("loss change     ", style="bold")
            text.append(f"{nudge.change:+.8e}\n")
            text.append(f"dW[{r},{c}] × step ", style="bold")
            text.append(f"{nudge.predicted:+.8e}")
        self.query_one("#s6-nudge", Static).update(text)
