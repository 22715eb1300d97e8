"""Lesson 1 lab: how wrong is a prediction?  MSE and cross-entropy, live."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static, Switch

from tui_nn.engine import explore
from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.engine.pitfalls import cross_entropy_without_delta
from tui_nn.ui.kit.values import bool_setting, choice_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.widgets.chart import Chart
from tui_nn.ui.widgets.number_field import NumberField

DELTA = 1e-7
STEP = 0.05
ANSWER = int(np.argmax(explore.REFERENCE_T))
REFERENCES = {
    "y1": (explore.REFERENCE_Y1, "0.6 on class 2, the right answer"),
    "y2": (explore.REFERENCE_Y2, "0.6 on class 7, a wrong answer"),
}


def fmt_loss(value: float) -> str:
    """A loss rounded to 12 decimals, trailing zeros dropped (``nan`` stays ``nan``)."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text or "0"


class LossLab(Lab):
    """Move probability between classes and watch MSE and cross-entropy react."""

    DEFAULT_CSS = """
    LossLab #loss-controls { height: auto; }
    LossLab #loss-class { width: 11; }
    LossLab #loss-prob { width: 18; }
    LossLab .switch-box { width: auto; height: 1; margin: 1 0 0 1; }
    LossLab Switch { border: none; padding: 0 1 0 0; height: 1; }
    LossLab Switch:focus { border: none; background: $accent 40%; }
    LossLab #loss-numbers { height: auto; margin: 0 0 1 0; }
    LossLab Chart { height: 36vh; min-height: 8; max-height: 16; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding(
            "y",
            "toggle_reference",
            "y1⇄y2",
            tooltip="Switch between prediction y1 (right) and y2 (wrong)",
        ),
        Binding("c", "next_class", "Class", tooltip="Select the next class (0-9)"),
        Binding(
            "plus,equals_sign",
            "more",
            "More",
            key_display="+",
            tooltip="Move 0.05 of probability onto the selected class",
        ),
        Binding(
            "minus",
            "less",
            "Less",
            key_display="-",
            tooltip="Move 0.05 of probability off the selected class",
        ),
        Binding(
            "d",
            "toggle_delta",
            "Delta",
            tooltip="Cross-entropy with or without delta (the nan pitfall)",
        ),
        Binding("r", "reset", "Reset", tooltip="Back to the reference prediction and class 2"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reference = "y1"
        self.t = explore.REFERENCE_T.copy()
        self.y = REFERENCES["y1"][0].copy()
        # A typed probability is spread from the prediction as it was before the
        # edit, so passing through p = 1 while typing (which zeroes the other
        # classes) loses nothing when the field goes back to its old value.
        self._base = self.y.copy()
        self.chosen = ANSWER
        self.use_delta = True
        self.mse = math.nan
        self.cee = math.nan
        self.answer_cost = math.nan  # -log(y) at the answer class, marked on the chart

    def compose(self) -> ComposeResult:
        yield Static(id="loss-reference")
        with Horizontal(id="loss-controls"):
            yield NumberField(
                self.chosen,
                label="class",
                minimum=0,
                maximum=9,
                integer=True,
                id="loss-class",
                tooltip="Which class to give more or less probability (0-9)",
            )
            yield NumberField(
                float(self.y[self.chosen]),
                label="probability",
                minimum=0,
                maximum=1,
                fmt="{:.4g}",
                id="loss-prob",
                tooltip="The probability on that class; the others share the rest",
            )
            with Horizontal(classes="switch-box"):
                yield Switch(
                    self.use_delta, id="loss-delta", tooltip="Add delta = 1e-7 inside log"
                )
                yield Label("delta (d)")
        yield Static(id="loss-numbers")
        yield Chart(id="loss-bars")
        yield Chart(id="loss-neglog")

    def on_mount(self) -> None:
        self.redraw()

    # --- state that lasts ----------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"reference": self.reference, "class": self.chosen, "delta": self.use_delta}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        reference = choice_setting(data, "reference", list(REFERENCES))
        if reference is not None:
            self.reference = reference
            self.y = REFERENCES[reference][0].copy()
            self._base = self.y.copy()
        chosen = number_setting(data, "class", 0, self.y.size - 1, integer=True)
        if chosen is not None:
            self.chosen = int(chosen)
        delta = bool_setting(data, "delta")
        if delta is not None:
            self.use_delta = delta

    # --- state changes -------------------------------------------------------

    def _settle(self) -> None:
        """The prediction as it is now becomes the base of the next typed probability."""
        self._base = self.y.copy()

    def _set_probability(self, p: float) -> None:
        self.y = explore.set_probability(self.y, self.chosen, p)
        self._settle()
        self.query_one("#loss-prob", NumberField).set_number(float(self.y[self.chosen]))
        self.redraw()

    def _choose(self, k: int) -> None:
        self.chosen = k
        self._settle()
        self.query_one("#loss-class", NumberField).set_number(k)
        self.query_one("#loss-prob", NumberField).set_number(float(self.y[k]))
        self.redraw()

    @on(NumberField.Accepted, "#loss-class")
    def _class_typed(self, event: NumberField.Accepted) -> None:
        self.chosen = int(event.number)
        self._settle()
        self.query_one("#loss-prob", NumberField).set_number(float(self.y[self.chosen]))
        self.redraw()

    @on(NumberField.Accepted, "#loss-prob")
    def _prob_typed(self, event: NumberField.Accepted) -> None:
        self.y = explore.set_probability(self._base, self.chosen, event.number)
        self.redraw()

    @on(Input.Blurred, "#loss-prob")
    def _prob_left(self) -> None:
        self._settle()

    @on(Switch.Changed, "#loss-delta")
    def _delta_switched(self, event: Switch.Changed) -> None:
        self.use_delta = event.value
        self.redraw()

    def action_toggle_reference(self) -> None:
        self.reference = "y2" if self.reference == "y1" else "y1"
        self.y = REFERENCES[self.reference][0].copy()
        self._choose(self.chosen)

    def action_next_class(self) -> None:
        self._choose((self.chosen + 1) % self.y.size)

    def action_more(self) -> None:
        self._set_probability(float(self.y[self.chosen]) + STEP)

    def action_less(self) -> None:
        self._set_probability(float(self.y[self.chosen]) - STEP)

    def action_toggle_delta(self) -> None:
        self.query_one("#loss-delta", Switch).toggle()

    def action_reset(self) -> None:
        self.y = REFERENCES[self.reference][0].copy()
        self._choose(ANSWER)

    # --- drawing -------------------------------------------------------------

    def redraw(self) -> None:
        self.mse = float(mean_squared_error(self.y, self.t))
        if self.use_delta:
            self.cee = float(cross_entropy_error(self.y, self.t, delta=DELTA))
        else:
            self.cee = float(cross_entropy_without_delta(self.y, self.t))
        reference, story = REFERENCES[self.reference]
        if np.allclose(self.y, reference):
            where = f"prediction {self.reference}: {story}"
        else:
            where = f"prediction {self.reference}, changed (r resets)"
        self.query_one("#loss-reference", Static).update(
            f"Answer t: class {ANSWER} (one-hot).  Showing {where}."
        )
        cee_name = "CEE" if self.use_delta else "CEE without delta"
        lines = [
            f"MSE  {fmt_loss(self.mse)}   = 0.5·sum((y − t)²)",
            f"{cee_name}  {fmt_loss(self.cee)}   = −sum(t·log(y"
            + (" + 1e-7))" if self.use_delta else "))"),
        ]
        if not self.use_delta and math.isnan(self.cee):
            zeros = ", ".join(str(i) for i in np.flatnonzero(self.y == 0))
            lines.append(
                f"[b]Pitfall:[/b] y is exactly 0 on class {zeros}: 0·log(0) = 0·(−∞) = nan."
            )
        elif not self.use_delta:
            lines.append("No exact zeros in y, so log(0) never happens here.")
        self.query_one("#loss-numbers", Static).update("\n".join(lines))
        self._draw_bars()
        self._draw_neglog()

    def _draw_bars(self) -> None:
        chart = self.query_one("#loss-bars", Chart)
        plt = chart.plt
        plt.clear_figure()
        classes = [str(i) for i in range(self.y.size)]
        # textual-plotext 1.0.1 takes labels= (its figure passes them on), though a
        # second definition in its _figure.py makes mypy see label= only.
        plt.multiple_bar(classes, [list(self.y), list(self.t)], labels=["y", "t"])  # type: ignore[call-arg]
        plt.ylim(0, 1)
        plt.title(f"y against t (class {self.chosen} selected)")
        chart.refresh()

    def _draw_neglog(self) -> None:
        chart = self.query_one("#loss-neglog", Chart)
        plt = chart.plt
        plt.clear_figure()
        ys, cost = explore.neg_log_curve(200, low=0.001)
        plt.plot(list(ys), list(cost), marker="braille", label="−log(y)")
        y_answer = float(self.y[ANSWER])
        inside = y_answer + (DELTA if self.use_delta else 0.0)
        point = -math.log(inside) if inside > 0 else math.inf  # the answer's share of the loss
        self.answer_cost = point
        shown = min(point, float(cost.max()))
        plt.scatter([max(y_answer, 0.001)], [shown], marker="●", color="red", label="now")
        plt.title(f"cost of y on the answer: y={y_answer:.3g} → {fmt_loss(point)}")
        plt.xlabel("y on the right class")
        chart.refresh()
