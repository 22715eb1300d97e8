"""Lesson 7 lab: one gradient three ways, side by side: plain numerical, structured, backprop.

The plain numerical gradient (the book's loop) runs live with progress and
can be cancelled; the structured one takes the same differences but
recomputes only what each nudge changes; backpropagation takes that idea all
the way.  All three run on worker threads (``Lab.run_in_thread``), so keys are
answered at any size, and their times and agreement are shown together.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from tui_nn.engine.timing import NumericalEstimate
from tui_nn.formatting import format_duration
from tui_nn.threads import HEAVY_WORK_THREADS
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.kit.values import number_setting
from tui_nn.ui.labs import twolayer_work as work
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.twolayer_work import (
    INPUT_SIZE,
    NET_SEED,
    OUTPUT_SIZE,
    PROBE_PARAMETERS,
    Batch,
    GradientResult,
    Progress,
    image_batch,
    largest_difference,
    make_net,
)
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.number_field import NumberField

TRAINING_STEPS = 10_000  # the book's training run, to put one gradient's time in context
LIVE_PREFIX = "from the run itself:"
ESTIMATE_HINT = (
    "press e for an estimate: it times the real numerical gradient on a few hundred parameters"
)
WHY_FAST = (
    "Why is the structured one fast? It takes the same nudges, but recomputes only what a "
    "nudge changes: one hidden unit, and only for the images whose pixel is not 0. "
    "Backpropagation takes that idea all the way."
)
METHODS = ("plain", "structured", "backprop")
TITLES = {"plain": "plain numerical", "structured": "structured", "backprop": "backprop"}
KEYS = {"plain": "n", "structured": "s", "backprop": "b"}


@dataclass
class Column:
    """What one of the three ways to get the gradient has done so far."""

    running: bool = False
    progress: Progress | None = None
    result: GradientResult | None = None
    error: str | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def grads(self) -> dict[str, np.ndarray] | None:
        return None if self.result is None else self.result.grads


def seconds_text(seconds: float | None) -> str:
    return "?" if seconds is None or not np.isfinite(seconds) else format_duration(seconds)


class TwoLayerLab(Lab):
    """Time the gradient of a 784-hidden-10 network three ways, and check they agree."""

    DEFAULT_CSS = """
    TwoLayerLab .fields { height: auto; }
    TwoLayerLab .fields NumberField { width: 1fr; max-width: 18; min-width: 12; }
    TwoLayerLab #t7-columns { height: auto; margin-top: 1; }
    TwoLayerLab .t7-column { width: 1fr; height: auto; padding-right: 1; }
    TwoLayerLab #t7-progress Bar { width: 1fr; }
    TwoLayerLab #t7-progress { width: 1fr; }
    TwoLayerLab .result { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "plain", "Numerical"),
        Binding("s", "structured", "Structured"),
        Binding("b", "backprop", "Backprop"),
        Binding("c", "cancel", "Cancel"),
        Binding("e", "estimate", "Estimate"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 100
        self.batch_size = 100
        self.net = make_net(self.hidden)
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.source = "loading the training images…"
        self.examples: Batch | None = None
        self.columns = {method: Column() for method in METHODS}
        self.estimate: NumericalEstimate | None = None
        self.estimate_note = ESTIMATE_HINT
        self.estimating = False
        self.keys_while_running = 0

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield NumberField(self.hidden, label="hidden size", minimum=1, maximum=2000,
                              integer=True, id="hidden")
            yield NumberField(self.batch_size, label="batch size", minimum=1, maximum=1000,
                              integer=True, id="batch")
        yield Static(id="t7-sizes")
        yield Static(id="t7-data")
        yield Static(id="t7-estimate", classes="result")
        with Horizontal(id="t7-columns"):
            for method in METHODS:
                with Vertical(classes="t7-column"):
                    yield Static(id=f"t7-{method}")
                    if method == "plain":
                        yield ProgressBar(total=1, show_eta=False, show_percentage=False,
                                          id="t7-progress")
        yield Static(id="t7-check", classes="result")
        yield Static(WHY_FAST, id="t7-why", classes="result")

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
            images, labels, source = data.x_train, data.t_train, str(data.label)
        if self.examples is not None and source == self.source:
            return  # the same data again
        self.images, self.labels, self.source = images, labels, source
        self._reset_results()
        self._new_batch()

    def _new_batch(self) -> None:
        if self.images is not None and self.labels is not None:
            self.examples = image_batch(self.images, self.labels, self.batch_size, self.source)
        self.redraw()

    # -- actions ---------------------------------------------------------------

    def _ready(self, method: str) -> Batch | None:
        self._count_key()
        if self.examples is None:
            self.columns[method].error = "still loading the images; try again in a moment"
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
            label="numerical gradient" if method == "plain" else "structured gradient",
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
        self.estimate_note = "estimate stopped. " + ESTIMATE_HINT
        self.run_in_thread(lambda ctx: None, group="estimate", on_result=lambda _: None)

    def action_estimate(self) -> None:
        self._count_key()
        batch = self.examples
        if batch is None:
            self.estimate_note = "the training images are still loading; try again in a moment"
        elif self.columns["plain"].running:
            self.estimate_note = self._live_estimate()
        elif not self.estimating:
            self.estimating = True
            self.estimate_note = (
                f"timing the real numerical gradient on its first {PROBE_PARAMETERS}+ "
                "parameters (a second or two)…"
            )
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

    def _live_estimate(self) -> str:
        """While the plain numerical gradient runs, its own rate so far is the best estimate."""
        last = self.columns["plain"].progress
        if last is None or last.done <= 0:
            return "the numerical gradient has just started; press e again in a moment"
        full = last.elapsed / last.done * last.total
        return (
            f"{LIVE_PREFIX} {last.done:,} of {last.total:,} parameters took "
            f"{seconds_text(last.elapsed)}, so all of them ≈ {seconds_text(full)}."
        )

    def _count_key(self) -> None:
        """Count the keys answered while the plain numerical gradient runs (shown on screen)."""
        if self.columns["plain"].running:
            self.keys_while_running += 1

    # -- results (interface thread) ---------------------------------------------------

    def _estimate_ready(self, probe: NumericalEstimate | None) -> None:
        self.estimating = False
        if probe is None:
            self.estimate_note = "estimate stopped. " + ESTIMATE_HINT
        else:
            self.estimate = probe
            full = probe.estimate
            self.estimate_note = (
                f"estimated by timing the real numerical gradient on {probe.done:,} of "
                f"{probe.total:,} parameters ({seconds_text(probe.seconds)}): all of them "
                f"≈ {seconds_text(full)}. {TRAINING_STEPS:,} training steps like that "
                f"≈ {seconds_text(full * TRAINING_STEPS)}."
            )
        self.redraw()

    def _estimate_failed(self, error: BaseException) -> None:
        self.estimating = False
        self.estimate_note = f"could not time it: {error}"
        self.redraw()

    def _progress(self, method: str, value: object) -> None:
        """Only that column and the bar: a light redraw, so the work keeps the processor."""
        column = self.columns[method]
        if isinstance(value, Progress) and column.running:
            column.progress = value
            self.query_one(f"#t7-{method}", Static).update(self._column(method))
            if method == "plain":
                self._draw_bar()

    def _finished(self, method: str, result: GradientResult) -> None:
        column = self.columns[method]
        column.running = False
        column.result = result
        if method == "plain" and self.estimate_note.startswith(LIVE_PREFIX):
            self.estimate_note = ESTIMATE_HINT  # that rate was of a run now over
        self.redraw()

    def _failed(self, method: str, error: BaseException) -> None:
        column = self.columns[method]
        column.running = False
        column.error = f"stopped by an error: {error}"
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
        self.estimate_note = ESTIMATE_HINT

    # -- drawing ---------------------------------------------------------------

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#t7-sizes", Static).update(self._sizes())
        data = Text()
        data.append("batch ", style="bold")
        joint = ": " if self.examples is None else " from "
        data.append(f"{self.batch_size} images{joint}{self.source}")
        self.query_one("#t7-data", Static).update(data)
        self.query_one("#t7-estimate", Static).update(self._line("estimate", self.estimate_note))
        for method in METHODS:
            self.query_one(f"#t7-{method}", Static).update(self._column(method))
        self._draw_bar()
        self.query_one("#t7-check", Static).update(self._check())

    def _draw_bar(self) -> None:
        plain = self.columns["plain"]
        bar = self.query_one("#t7-progress", ProgressBar)
        if plain.running and plain.progress is not None:
            bar.update(total=plain.progress.total, progress=plain.progress.done)
        elif plain.result is not None:
            bar.update(total=plain.result.total, progress=plain.result.done)
        else:
            bar.update(total=1, progress=0)

    def _sizes(self) -> Text:
        sizes = Text()
        sizes.append(f"network {INPUT_SIZE}-{self.hidden}-{OUTPUT_SIZE}", style="bold")
        sizes.append(f": {INPUT_SIZE} pixels in, {OUTPUT_SIZE} digits out, seed {NET_SEED}\n")
        shapes = {"W1": (INPUT_SIZE, self.hidden), "b1": (self.hidden,),
                  "W2": (self.hidden, OUTPUT_SIZE), "b2": (OUTPUT_SIZE,)}
        for name, shape in shapes.items():
            shape_text = "(" + ", ".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")
            sizes.append(f"  {name} {shape_text:<12} {int(np.prod(shape)):>9,}\n")
        sizes.append(f"  {'total':<15} {self.net.parameter_count():>9,}", style="bold")
        sizes.append(" parameters")
        return sizes

    def _column(self, method: str) -> Text:
        column = self.columns[method]
        text = Text()
        text.append(TITLES[method], style="bold")
        text.append(f"\n[{KEYS[method]}] ")
        result = column.result
        if column.error is not None and not column.running:
            text.append(column.error)
        elif column.running:
            progress = column.progress
            if progress is None:
                text.append("starting…")
            else:
                text.append(f"{progress.done:,} of {progress.total:,}\n")
                text.append(f"{seconds_text(progress.elapsed)} so far")
                left = progress.elapsed / max(progress.done, 1) * (progress.total - progress.done)
                text.append(f"\nabout {seconds_text(left)} left" if progress.done else "")
                if method == "plain":
                    text.append(" (c cancels)")
            if method == "plain" and self.keys_while_running:
                text.append(f"\nkeys answered while it runs: {self.keys_while_running}",
                            style="dim")
        elif result is None:
            text.append("not run yet")
        elif result.cancelled:
            text.append(f"cancelled after {result.done:,} of {result.total:,}\n"
                        f"({seconds_text(result.seconds)} thrown away)")
        else:
            text.append("done in\n")
            text.append(seconds_text(result.seconds), style="bold")
            text.append(" (median)" if result.repeats > 1 else "")
        return text

    def _check(self) -> Text:
        text = Text()
        text.append("gradient check: ", style="bold")
        done = {m: self.columns[m] for m in METHODS if self.columns[m].grads is not None}
        if len(done) < 2:
            text.append("needs two gradients of this batch (n or s, and b)")
            return text
        pairs = [(a, b) for i, a in enumerate(METHODS) for b in METHODS[i + 1:]
                 if a in done and b in done]
        worst = 0.0
        for a, b in pairs:
            grads_a, grads_b = done[a].grads, done[b].grads
            assert grads_a is not None and grads_b is not None
            gap = largest_difference(grads_a, grads_b)
            worst = max(worst, gap)
            text.append(f"\n  largest |{a} - {b}| = {gap:.2e}")
        text.append("\n  " + ("they agree" if worst < 1e-6 else "they DISAGREE"))
        times = {m: c.result.seconds for m, c in done.items() if c.result is not None}
        if "backprop" in times and times["backprop"] > 0:
            for method in ("plain", "structured"):
                if method in times:
                    text.append(f"\n  backprop is {times[method] / times['backprop']:,.0f}× "
                                f"faster than {method}")
        return text

    @staticmethod
    def _line(label: str, note: str) -> Text:
        text = Text()
        text.append(f"{label}: ", style="bold")
        text.append(note)
        return text
