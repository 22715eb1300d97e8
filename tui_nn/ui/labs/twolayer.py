"""Lesson 7 lab: one gradient three ways, side by side: plain numerical, structured, backprop.

The plain numerical gradient (the book's loop) runs live with progress and
can be cancelled; the structured one takes the same differences but
recomputes only what each nudge changes; backpropagation takes that idea all
the way.  All three run on worker threads (``Lab.run_in_thread``), so keys are
answered at any size, and their times and agreement are shown together, right
under the fields (at 80x24 the result is on screen without scrolling).

``a`` nudges one weight a little at a time and shows the batch's loss and
accuracy side by side: the loss moves at once, the accuracy stays flat until a
guess flips (why a network learns from the loss, not from its accuracy).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from tui_nn.engine.learning_steps import NudgePoint, loss_and_accuracy_nudges
from tui_nn.engine.timing import NumericalEstimate
from tui_nn.i18n import N_, _
from tui_nn.threads import HEAVY_WORK_THREADS
from tui_nn.train_words import data_label
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.kit.progress import QuietProgressBar
from tui_nn.ui.kit.values import number_setting
from tui_nn.ui.labs import twolayer_work as work
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.twolayer_draw import (
    METHODS,
    NUDGE_PARAMETER,
    NUDGE_STEP,
    Column,
    check_text,
    column_text,
    nudge_text,
    seconds_text,
    sizes_text,
)
from tui_nn.ui.labs.twolayer_work import (
    PROBE_PARAMETERS,
    Batch,
    GradientResult,
    Progress,
    image_batch,
    make_net,
)
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

TRAINING_STEPS = 10_000  # the book's training run, to put one gradient's time in context
LIVE = N_("from the run itself: {done} of {total} parameters took {took}, so all of them ≈ {all}.")
ESTIMATE_HINT = N_(
    "press e for an estimate: it times the real numerical gradient on a few hundred parameters"
)
STOPPED = N_("estimate stopped. Press e for an estimate again.")
WHY_FAST = N_(
    "Why is the structured one fast? It takes the same nudges, but recomputes only what a "
    "nudge changes: one hidden unit, and only for the images whose pixel is not 0. "
    "Backpropagation takes that idea all the way."
)
Note = tuple[str, dict[str, object]]


class TwoLayerLab(Lab):
    """Time the gradient of a 784-hidden-10 network three ways, and check they agree."""

    DEFAULT_CSS = """
    TwoLayerLab .fields { height: auto; }
    TwoLayerLab .fields NumberField { width: 1fr; max-width: 18; min-width: 12; }
    TwoLayerLab #t7-columns { height: auto; }
    TwoLayerLab .t7-column { width: 1fr; height: auto; padding-right: 1; }
    TwoLayerLab #t7-progress Bar { width: 1fr; }
    TwoLayerLab #t7-progress { width: 1fr; }
    TwoLayerLab .result { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "plain", N_("Numerical"), tooltip=N_("the plain numerical gradient")),
        Binding("s", "structured", N_("Structured"),
                tooltip=N_("the same nudges, recomputing only what changes")),
        Binding("b", "backprop", N_("Backprop"), tooltip=N_("the gradient by backpropagation")),
        Binding("c", "cancel", N_("Cancel")),
        Binding("e", "estimate", N_("Estimate")),
        Binding("a", "nudge", N_("Loss or accuracy"),
                tooltip=N_("nudge one weight: the loss moves, the accuracy does not")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 100
        self.batch_size = 100
        self.net = make_net(self.hidden)
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.source: str | None = None  # None: still loading
        self.examples: Batch | None = None
        self.columns = {method: Column() for method in METHODS}
        self.estimate: NumericalEstimate | None = None
        self.estimate_note: Note = (ESTIMATE_HINT, {})
        self.estimating = False
        self.keys_while_running = 0
        self.nudges: list[NudgePoint] = []
        self.nudging = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield NumberField(self.hidden, label=N_("hidden size"), minimum=1, maximum=2000,
                              integer=True, id="hidden")
            yield NumberField(self.batch_size, label=N_("batch size"), minimum=1, maximum=1000,
                              integer=True, id="batch")
        with Horizontal(id="t7-columns"):
            for method in METHODS:
                with Vertical(classes="t7-column"):
                    yield Static(id=f"t7-{method}")
                    if method == "plain":
                        yield QuietProgressBar(total=1, show_eta=False, show_percentage=False,
                                          id="t7-progress")
        yield Static(id="t7-check")
        yield Static(id="t7-estimate", classes="result")
        yield Static(id="t7-nudge", classes="result")
        yield Static(id="t7-sizes", classes="result")
        yield Static(id="t7-data")
        yield Words(WHY_FAST, id="t7-why", classes="result")

    def on_mount(self) -> None:
        self.redraw()
        self._load_data()

    # -- settings kept between runs ---------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {"hidden": self.hidden, "batch": self.batch_size}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        hidden = number_setting(data, "hidden", 1, 2000, integer=True)
        batch = number_setting(data, "batch", 1, 1000, integer=True)
        if hidden is not None and int(hidden) != self.hidden:
            self.hidden = int(hidden)
            self.net = make_net(self.hidden)
        if batch is not None:
            self.batch_size = int(batch)

    # -- data ------------------------------------------------------------------

    def _load_data(self) -> None:
        data_store_of(self.app).request(self)

    def on_data_ready(self, message: DataReady) -> None:
        if message.dataset is None:
            images, labels, source = work.random_images(message.error or "not loaded")
        else:
            data = message.dataset
            images, labels, source = data.x_train, data.t_train, data_label(data)
        if self.examples is not None and source == self.source:
            return  # the same data again
        self.images, self.labels, self.source = images, labels, source
        self._reset_results()
        self._new_batch()

    def _new_batch(self) -> None:
        if self.images is not None and self.labels is not None and self.source is not None:
            self.examples = image_batch(self.images, self.labels, self.batch_size, self.source)
        self.redraw()

    # -- actions ---------------------------------------------------------------

    def _ready(self, method: str) -> Batch | None:
        self._count_key()
        if self.examples is None:
            self.columns[method].error = (N_("still loading the images; try again in a moment"),
                                          {})
            self.redraw()
        return self.examples

    def action_plain(self) -> None:
        self._start_numerical("plain")

    def action_structured(self) -> None:
        self._start_numerical("structured")

    def _start_numerical(self, method: str) -> None:
        batch = self._ready(method)
        column = self.columns[method]
        if batch is None or column.running:
            self.redraw()
            return
        if method == "plain":
            self.keys_while_running = 0
            if self.estimating:  # the run itself will tell its rate
                self.stop_estimate()
        self.columns[method] = column = Column(running=True)
        stop, net = column.stop, self.net
        self.run_in_thread(
            lambda ctx: work.numerical(ctx, stop, net, batch, method),
            group=method,
            label=_("numerical gradient") if method == "plain" else _("structured gradient"),
            on_result=lambda result: self._finished(method, result),
            on_progress=lambda value: self._progress(method, value),
            on_error=lambda error: self._failed(method, error),
            threads=HEAVY_WORK_THREADS,
            heavy=True,
        )
        self.redraw()

    def action_backprop(self) -> None:
        batch = self._ready("backprop")
        if batch is None or self.columns["backprop"].running:
            return
        self.columns["backprop"] = Column(running=True)
        net = self.net
        self.run_in_thread(
            lambda ctx: work.backprop(ctx, net, batch),
            group="backprop",
            on_result=lambda result: self._finished("backprop", result),
            on_error=lambda error: self._failed("backprop", error),
            threads=HEAVY_WORK_THREADS,
        )
        self.redraw()

    def action_nudge(self) -> None:
        """Nudge one weight by one more step: the batch's loss and accuracy, side by side."""
        self._count_key()
        batch = self.examples
        if batch is None or self.nudging:
            return
        self.nudging = True
        name, index = NUDGE_PARAMETER
        offsets = [0.0, NUDGE_STEP] if not self.nudges else [self.nudges[-1].offset + NUDGE_STEP]
        net = self.net
        self.run_in_thread(
            lambda ctx: loss_and_accuracy_nudges(net, batch.x, batch.t, name, index, offsets),
            group="nudge",
            on_result=self._nudged,
            on_error=self._nudge_failed,
            threads=HEAVY_WORK_THREADS,
        )
        self.redraw()

    def _nudged(self, points: list[NudgePoint]) -> None:
        self.nudging = False
        self.nudges.extend(points)
        self.redraw()

    def _nudge_failed(self, error: BaseException) -> None:
        self.nudging = False
        self.work_failed(error)
        self.redraw()

    def action_cancel(self) -> None:
        if self.estimating:
            self.stop_estimate()
        for method in ("plain", "structured"):
            column = self.columns[method]
            if column.running:
                column.stop.set()  # the worker sees it at its next progress check
        self.redraw()

    def stop_estimate(self) -> None:
        self.estimating = False
        self.estimate_note = (STOPPED, {})
        self.run_in_thread(lambda ctx: None, group="estimate", on_result=lambda _: None)

    def action_estimate(self) -> None:
        self._count_key()
        batch = self.examples
        if batch is None:
            self.estimate_note = (
                N_("the training images are still loading; try again in a moment"), {})
        elif self.columns["plain"].running:
            self.estimate_note = self._live_estimate()
        elif not self.estimating:
            self.estimating = True
            self.estimate_note = (N_(
                "timing the real numerical gradient on its first {n}+ "
                "parameters (a second or two)…"), {"n": PROBE_PARAMETERS})
            net = self.net
            self.run_in_thread(
                lambda ctx: work.estimate(ctx, net, batch),
                group="estimate",
                on_result=self._estimate_ready,
                on_error=lambda error: self._estimate_failed(error),
                threads=HEAVY_WORK_THREADS,
                heavy=True,
            )
        self.redraw()

    def _live_estimate(self) -> Note:
        """While the plain numerical gradient runs, its own rate so far is the best estimate."""
        last = self.columns["plain"].progress
        if last is None or last.done <= 0:
            return (N_("the numerical gradient has just started; press e again in a moment"), {})
        full = last.elapsed / last.done * last.total
        return (LIVE, {"done": f"{last.done:,}", "total": f"{last.total:,}",
                       "took": seconds_text(last.elapsed), "all": seconds_text(full)})

    def _count_key(self) -> None:
        """Count the keys answered while the plain numerical gradient runs (shown on screen)."""
        if self.columns["plain"].running:
            self.keys_while_running += 1

    # -- results (interface thread) ---------------------------------------------------

    def _estimate_ready(self, probe: NumericalEstimate | None) -> None:
        self.estimating = False
        if probe is None:
            self.estimate_note = (STOPPED, {})
        else:
            self.estimate = probe
            full = probe.estimate
            self.estimate_note = (N_(
                "estimated by timing the real numerical gradient on {done} of "
                "{total} parameters ({took}): all of them ≈ {all}. {steps} training steps "
                "like that ≈ {long}."), {
                "done": f"{probe.done:,}", "total": f"{probe.total:,}",
                "took": seconds_text(probe.seconds), "all": seconds_text(full),
                "steps": f"{TRAINING_STEPS:,}", "long": seconds_text(full * TRAINING_STEPS)})
        self.redraw()

    def _estimate_failed(self, error: BaseException) -> None:
        self.estimating = False
        self.estimate_note = (N_("could not time it: {error}"), {"error": error})
        self.redraw()

    def _progress(self, method: str, value: object) -> None:
        """Only that column and the bar: a light redraw, so the work keeps the processor."""
        column = self.columns[method]
        if isinstance(value, Progress) and column.running:
            column.progress = value
            show(self.query_one(f"#t7-{method}", Static),
                column_text(method, column, self.keys_while_running))
            if method == "plain":
                self._draw_bar()

    def _finished(self, method: str, result: GradientResult) -> None:
        column = self.columns[method]
        column.running = False
        column.result = result
        if method == "plain" and self.estimate_note[0] == LIVE:
            self.estimate_note = (ESTIMATE_HINT, {})  # that rate was of a run now over
        self.redraw()

    def _failed(self, method: str, error: BaseException) -> None:
        column = self.columns[method]
        column.running = False
        column.error = (N_("stopped by an error: {error}"), {"error": error})
        self.redraw()

    # -- fields ----------------------------------------------------------------

    @on(NumberField.Accepted, "#hidden, #batch")
    def _size_changed(self, event: NumberField.Accepted) -> None:
        value = int(event.number)
        if value == (self.hidden if event.field.id == "hidden" else self.batch_size):
            return  # the field announced the value it already had
        if event.field.id == "hidden":
            self.hidden = value
            self.net = make_net(self.hidden)
        else:
            self.batch_size = value
        self._reset_results()
        self._new_batch()

    def _reset_results(self) -> None:
        """New sizes or data: every result so far is of another gradient."""
        self.stop_work()
        for column in self.columns.values():
            column.stop.set()
        self.columns = {method: Column() for method in METHODS}
        self.estimate = None
        self.estimating = False
        self.estimate_note = (ESTIMATE_HINT, {})
        self.nudges = []
        self.nudging = False

    # -- drawing ---------------------------------------------------------------

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        show(self.query_one("#t7-sizes", Static), sizes_text(self.hidden,
                                                              self.net.parameter_count()))
        data = Text()
        data.append(_("batch") + " ", style="bold")
        if self.examples is None or self.source is None:
            data.append(_("{n} images: {source}").format(
                n=self.batch_size, source=self.source or _("loading the training images…")))
        else:
            data.append(_("{n} images from {source}").format(n=self.batch_size,
                                                             source=self.source))
        show(self.query_one("#t7-data", Static), data)
        message, values = self.estimate_note
        estimate = Text()
        estimate.append(_("estimate:") + " ", style="bold")
        estimate.append(_(message).format(**values))
        show(self.query_one("#t7-estimate", Static), estimate)
        for method in METHODS:
            show(self.query_one(f"#t7-{method}", Static),
                column_text(method, self.columns[method], self.keys_while_running))
        self._draw_bar()
        show(self.query_one("#t7-check", Static), check_text(self.columns))
        show(self.query_one("#t7-nudge", Static), nudge_text(self.nudges, self.nudging))

    def _draw_bar(self) -> None:
        plain = self.columns["plain"]
        bar = self.query_one("#t7-progress", ProgressBar)
        if plain.running and plain.progress is not None:
            bar.update(total=plain.progress.total, progress=plain.progress.done)
        elif plain.result is not None:
            bar.update(total=plain.result.total, progress=plain.result.done)
        else:
            bar.update(total=1, progress=0)
