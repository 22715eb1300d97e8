"""Lesson 1 lab: how wrong is a prediction?  Both predictions, MSE and cross-entropy, live."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static, Switch

from tui_nn.engine import explore
from tui_nn.engine.loss_compare import DELTA, Losses, gap, losses_of
from tui_nn.i18n import N_, _, pad
from tui_nn.ui.kit.values import bool_setting, choice_setting, number_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.loss_chart import CurvePoint, FittedChartBox, draw_bars, draw_neg_log
from tui_nn.ui.widgets.chart import ChartBox
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.switch_words import state_word
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

__all__ = ["DELTA", "LossLab", "fmt_loss"]

STEP = 0.05
ANSWER = int(np.argmax(explore.REFERENCE_T))
#: The two reference predictions and what each one is (LESSONS.md section 1).
REFERENCES = {
    "y1": (explore.REFERENCE_Y1, N_("right")),
    "y2": (explore.REFERENCE_Y2, N_("wrong")),
}
LABEL_CELLS = 11  # the table's first column
VALUE_CELLS = 17  # each prediction's column


def fmt_loss(value: float) -> str:
    """A loss rounded to 12 decimals, trailing zeros dropped (``nan`` stays ``nan``)."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text or "0"


class LossLab(Lab):
    """Both predictions side by side; move probability in the selected one and watch both losses."""

    DEFAULT_CSS = """
    LossLab #loss-answer { height: auto; }
    LossLab #loss-table { height: auto; }
    LossLab #loss-notes { height: auto; }
    LossLab #loss-controls { height: auto; }
    LossLab #loss-class { width: 13; }
    LossLab #loss-prob { width: 18; }
    LossLab .switch-box { width: auto; height: 2; margin: 1 0 0 1; }
    LossLab .switch-row { width: auto; height: 1; }
    LossLab .switch-row Words { width: auto; }
    LossLab #loss-delta-state { width: auto; margin: 0 0 0 5; text-style: bold; }
    LossLab Switch { border: none; padding: 0 1 0 0; height: 1; }
    LossLab Switch:focus { border: none; background: $accent 40%; }
    LossLab #loss-neglog { height: 50vh; min-height: 11; max-height: 20; }
    LossLab #loss-bars { height: 36vh; min-height: 9; max-height: 14; margin: 1 0 0 0; }
    LossLab #loss-formulas { height: auto; margin: 1 0 0 0; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding(
            "y",
            "toggle_reference",
            N_("y1⇄y2"),
            tooltip=N_("Edit the other prediction: y1 (right) or y2 (wrong)"),
        ),
        Binding("c", "next_class", N_("Class"), tooltip=N_("Select the next class (0-9)")),
        Binding(
            "plus,equals_sign",
            "more",
            N_("More"),
            key_display="+",
            tooltip=N_("Move 0.05 of probability onto the selected class"),
        ),
        Binding(
            "minus",
            "less",
            N_("Less"),
            key_display="-",
            tooltip=N_("Move 0.05 of probability off the selected class"),
        ),
        Binding(
            "d",
            "toggle_delta",
            N_("Delta"),
            tooltip=N_("Cross-entropy with or without delta (the nan pitfall)"),
        ),
        Binding(
            "r",
            "reset",
            N_("Reset"),
            tooltip=N_("Both predictions back to the book's, class 2 selected"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.predictions = {name: ref.copy() for name, (ref, _story) in REFERENCES.items()}
        self.reference = "y1"  # the prediction being edited
        self.t = explore.REFERENCE_T.copy()
        # A typed probability is spread from the prediction as it was before the
        # edit, so passing through p = 1 while typing (which zeroes the other
        # classes) loses nothing when the field goes back to its old value.
        self._base = self.y.copy()
        self.chosen = ANSWER
        self.use_delta = True
        self.results: dict[str, Losses] = {}
        self.mse = math.nan  # the edited prediction's losses (as shown)
        self.cee = math.nan
        self.answer_cost = math.nan  # -log(y + delta) at the answer class, marked on the chart

    @property
    def y(self) -> np.ndarray:
        """The prediction being edited."""
        return self.predictions[self.reference]

    @y.setter
    def y(self, value: np.ndarray) -> None:
        self.predictions[self.reference] = np.asarray(value, dtype=float)

    def compose(self) -> ComposeResult:
        yield Static(id="loss-answer")
        yield Static(id="loss-table")
        yield Static(id="loss-notes")
        with Horizontal(id="loss-controls"):
            yield NumberField(
                self.chosen,
                label=N_("class"),
                minimum=0,
                maximum=9,
                integer=True,
                id="loss-class",
                tooltip=N_("Which class to give more or less probability (0-9)"),
            )
            yield NumberField(
                float(self.y[self.chosen]),
                label=N_("probability"),
                minimum=0,
                maximum=1,
                fmt="{:.4g}",
                id="loss-prob",
                tooltip=N_("The probability on that class; the others share the rest"),
            )
            with Vertical(classes="switch-box"):
                with Horizontal(classes="switch-row"):
                    yield Switch(
                        self.use_delta,
                        animate=False,  # its knob jumps: no 0.3 s of frames for a key
                        id="loss-delta",
                        tooltip=N_("Add delta = 1e-7 inside log"),
                    )
                    yield Words(N_("delta (d)"))
                # on / off in words under the name: the switch's colour alone says nothing
                # under NO_COLOR (and there is no room after the name at 80 columns)
                yield Static("", id="loss-delta-state", markup=False)
        yield FittedChartBox(self._draw_neglog, id="loss-neglog")
        yield ChartBox(id="loss-bars")
        yield Static(id="loss-formulas")

    def on_mount(self) -> None:
        self.redraw()

    # --- state that lasts ----------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"reference": self.reference, "class": self.chosen, "delta": self.use_delta}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        reference = choice_setting(data, "reference", list(REFERENCES))
        if reference is not None:
            self.reference = reference
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
        for name, (reference, _story) in REFERENCES.items():
            self.predictions[name] = reference.copy()
        self._choose(ANSWER)

    # --- drawing -------------------------------------------------------------

    def changed(self, name: str) -> bool:
        """True when prediction ``name`` is no longer the book's."""
        return not np.allclose(self.predictions[name], REFERENCES[name][0])

    def redraw(self) -> None:
        show(self.query_one("#loss-delta-state", Static), state_word(self.use_delta))
        self.results = {
            name: losses_of(y, self.t, use_delta=self.use_delta)
            for name, y in self.predictions.items()
        }
        edited = self.results[self.reference]
        self.mse, self.cee, self.answer_cost = edited.mse, edited.cee, edited.answer_cost
        show(self.query_one("#loss-answer", Static),
            _("Answer t: class {k} (one-hot) · y: switch column").format(k=ANSWER)
        )
        show(self.query_one("#loss-table", Static), self._table())
        show(self.query_one("#loss-notes", Static), self._notes())
        show(self.query_one("#loss-formulas", Static), self._formulas())
        neglog = self.query_one("#loss-neglog", FittedChartBox)
        neglog.title(
            _("cost −log(y) of {name}: y={y} → {cost}").format(
                name=self.reference, y=f"{edited.answer_y:.4g}", cost=fmt_loss(edited.answer_cost)
            )
        )
        names, colours = [_("−log(y)")], ["cyan"]
        for name in self.results:  # in plotting order: without colour, markers go by order
            editing = name == self.reference
            names.append(_("{name} (editing)").format(name=name) if editing else name)
            colours.append("red" if editing else "orange")
        neglog.legend(names, colours)
        neglog.refresh_chart()
        self._draw_bars()

    def _table(self) -> Text:
        """Both predictions side by side: their y on the answer, MSE and CEE."""
        text = Text()
        text.append(" " * LABEL_CELLS)
        for name, (_reference, story) in REFERENCES.items():
            mark = "▶ " if name == self.reference else "  "
            state = N_("changed") if self.changed(name) else story
            head = f"{mark}{name} {_(state)}"
            style = "bold reverse" if name == self.reference else "bold"
            text.append(pad(head, VALUE_CELLS - 1), style=style)
            text.append(" ")
        rows = [
            (_("y on {k}").format(k=ANSWER), lambda r: f"{r.answer_y:.4g}"),
            ("MSE", lambda r: fmt_loss(r.mse)),
            ("CEE" if self.use_delta else _("CEE, no δ"), lambda r: fmt_loss(r.cee)),
        ]
        for label, value in rows:
            text.append("\n")
            text.append(pad(label, LABEL_CELLS))
            for name in REFERENCES:
                style = "bold" if name == self.reference else ""
                text.append(pad("  " + value(self.results[name]), VALUE_CELLS), style=style)
        return text

    def _notes(self) -> Text:
        """Which prediction each loss ranks better, and the honest small print."""
        one, two = self.results["y1"], self.results["y2"]
        lines: list[str] = []
        if math.isnan(one.cee) or math.isnan(two.cee):
            zeros = ", ".join(str(i) for i in np.flatnonzero(self.y == 0))
            if math.isnan(self.cee):
                lines.append(
                    _("Pitfall: y is exactly 0 on class {zeros}: 0·log(0) = 0·(−∞) = nan.")
                    .format(zeros=zeros)
                )
            else:
                lines.append(_("CEE is nan for the other column: it has exact zeros."))
        else:
            mse_better = "y1" if one.mse < two.mse else "y2" if two.mse < one.mse else None
            cee_better = "y1" if one.cee < two.cee else "y2" if two.cee < one.cee else None
            if mse_better and mse_better == cee_better:
                worse = two if mse_better == "y1" else one
                better = one if mse_better == "y1" else two
                lines.append(
                    _("{better} better by both: MSE +{mse}, CEE +{cee}").format(
                        better=mse_better,
                        mse=f"{gap(better.mse, worse.mse):.4f}",
                        cee=f"{gap(better.cee, worse.cee):.4f}",
                    )
                )
            else:
                lines.append(
                    _("MSE ranks {mse} better, CEE ranks {cee} better.").format(
                        mse=mse_better or _("neither"), cee=cee_better or _("neither")
                    )
                )
        if self.use_delta and self.cee < 0:
            lines.append(
                _("CEE {value} is delta's trace: −log(1 + 1e-7) ≈ −1e-7. Read it as 0: perfect.")
                .format(value=fmt_loss(self.cee))
            )
        if not self.use_delta and not math.isnan(self.cee):
            lines.append(_("No exact zeros in y, so log(0) never happens here."))
        return Text("\n".join(lines))

    def _formulas(self) -> str:
        cee = "−sum(t·log(y + 1e-7))" if self.use_delta else _("−sum(t·log(y)), no delta")
        return "MSE = 0.5·sum((y − t)²)\nCEE = " + cee

    def _draw_neglog(self, plt: Any, width: int, height: int) -> None:
        points = [
            CurvePoint(name, r.answer_y, r.answer_cost, name == self.reference)
            for name, r in self.results.items()
        ]
        draw_neg_log(plt, width, height, points, self.use_delta)

    def _draw_bars(self) -> None:
        box = self.query_one("#loss-bars", ChartBox)
        box.plt.clear_figure()
        draw_bars(box.plt, list(self.y), ANSWER)
        box.title(
            _("{name}: bars are y, ▼ is t (class {k} selected)").format(
                name=self.reference, k=self.chosen
            )
        )
        box.refresh_chart()
