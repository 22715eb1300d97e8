"""Lesson 7 lab: a two-layer network, its numerical gradient (slow) and backpropagation (fast)."""

from __future__ import annotations

import time
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui_nn.engine.experiments import (
    NumericalProbe,
    format_seconds,
    largest_difference,
    parameter_total,
    probe_numerical_gradient,
    time_left,
    two_layer_shapes,
)
from tui_nn.engine.gradient import Cancelled
from tui_nn.engine.nets import TwoLayerNet
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.labs.twolayer_work import (
    INPUT_SIZE,
    NET_SEED,
    OUTPUT_SIZE,
    PROBE_LEAST_SECONDS,
    PROBE_PARAMETERS,
    PROBE_SECONDS,
    PROGRESS_EVERY,
    Batch,
    DataReady,
    EstimateReady,
    NumericalFinished,
    NumericalProgress,
    copy_net,
    load_images,
    make_batch,
    make_net,
    time_call,
)
from tui_nn.ui.widgets.number_field import NumberField

TRAINING_STEPS = 10_000  # the book's training run, to put one gradient's time in context
LIVE_PREFIX = "from the run itself:"
ESTIMATE_HINT = (
    "press e for an estimate: it times the real numerical gradient on a few hundred parameters"
)


class TwoLayerLab(Lab):
    """Time the numerical gradient of a 784-hidden-10 network against backpropagation."""

    DEFAULT_CSS = """
    TwoLayerLab .fields { height: auto; }
    TwoLayerLab .fields NumberField { width: 1fr; max-width: 18; min-width: 12; }
    TwoLayerLab #t7-progress { margin: 1 0 0 0; }
    TwoLayerLab #t7-progress Bar { width: 1fr; }
    TwoLayerLab .result { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "numerical", "Numerical gradient"),
        Binding("c", "cancel", "Cancel"),
        Binding("b", "backprop", "Backprop"),
        Binding("e", "estimate", "Estimate"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 100
        self.batch_size = 100
        self.net: TwoLayerNet = make_net(self.hidden)
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.batch: Batch | None = None
        self.source = "loading the training images…"
        self.run_id = 0
        self.running = False
        self.numerical_grads: dict[str, np.ndarray] | None = None
        self.backprop_grads: dict[str, np.ndarray] | None = None
        self.numerical_note = "not run yet: press n (a big net takes minutes; c cancels)"
        self.backprop_note = "not run yet: press b"
        self.estimate_note = ESTIMATE_HINT
        self.estimating = False
        self._last_progress: NumericalProgress | None = None
        self.keys_while_running = 0
        self.numerical_seconds: float | None = None
        self.backprop_seconds: float | None = None
        self._results: dict[int, dict[str, np.ndarray]] = {}
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield NumberField(self.hidden, label="hidden size", minimum=1, maximum=2000,
                              integer=True, id="hidden")
            yield NumberField(self.batch_size, label="batch size", minimum=1, maximum=1000,
                              integer=True, id="batch")
        yield Static(id="t7-sizes")
        yield Static(id="t7-data")
        yield Static(id="t7-estimate", classes="result")
        yield ProgressBar(total=1, show_eta=False, id="t7-progress")
        yield Static(id="t7-numerical")
        yield Static(id="t7-backprop", classes="result")
        yield Static(id="t7-check", classes="result")

    def on_mount(self) -> None:
        self.show_all()
        self._load_data()

    # -- data ----------------------------------------------------------------

    @work(thread=True, group="data", exit_on_error=False)
    def _load_data(self) -> None:
        images, labels, source = load_images()
        self.post_message(DataReady(images, labels, source))

    @on(DataReady)
    def _data_ready(self, message: DataReady) -> None:
        self.images, self.labels, self.source = message.images, message.labels, message.source
        self._new_batch()

    def _new_batch(self) -> None:
        if self.images is not None and self.labels is not None:
            self.batch = make_batch(self.images, self.labels, self.source, self.batch_size)
        self.show_all()

    # -- actions -------------------------------------------------------------

    def action_estimate(self) -> None:
        self._count_key()
        batch = self.batch
        if batch is None:
            self.estimate_note = "the training images are still loading; try again in a moment"
        elif self.running:
            self.estimate_note = self._live_estimate()
        elif not self.estimating:
            self.estimating = True
            self.estimate_note = (
                f"timing the real numerical gradient on its first {PROBE_PARAMETERS}+ "
                "parameters (a second or two)…"
            )
            self._estimate(copy_net(self.net), batch, self.run_id)
        self.show_all()

    def _live_estimate(self) -> str:
        """While the numerical gradient runs, its own rate so far is the best estimate."""
        last = self._last_progress
        if last is None or last.done <= 0:
            return "the numerical gradient has just started; press e again in a moment"
        full = last.elapsed / last.done * last.total
        return (
            f"{LIVE_PREFIX} {last.done:,} of {last.total:,} parameters took "
            f"{format_seconds(last.elapsed)}, so all of them ≈ {format_seconds(full)}."
        )

    def _set_estimate(self, probe: NumericalProbe) -> None:
        full = probe.estimate
        self.estimate_note = (
            f"estimated by timing the real numerical gradient on {probe.done:,} of "
            f"{probe.total:,} parameters ({format_seconds(probe.seconds)}): all of them "
            f"≈ {format_seconds(full)}. {TRAINING_STEPS:,} training steps like that "
            f"≈ {format_seconds(full * TRAINING_STEPS)}."
        )

    @work(thread=True, group="estimate", exit_on_error=False)
    def _estimate(self, net: TwoLayerNet, batch: Batch, run: int) -> None:
        worker = get_current_worker()
        probe = probe_numerical_gradient(
            net, batch.x, batch.t, parameters=PROBE_PARAMETERS, seconds=PROBE_SECONDS,
            least_seconds=PROBE_LEAST_SECONDS, should_stop=lambda: worker.is_cancelled,
        )
        self.post_message(EstimateReady(run, probe))

    @on(EstimateReady)
    def _estimate_ready(self, message: EstimateReady) -> None:
        if message.run != self.run_id:
            return
        self.estimating = False
        if message.probe is None:
            self.estimate_note = "estimate stopped. " + ESTIMATE_HINT
        else:
            self._set_estimate(message.probe)
        self.show_all()

    def action_numerical(self) -> None:
        if self.running:
            self._count_key()
            self.numerical_note = self.numerical_note.split(" [")[0] + " [already running]"
            self.show_all()
            return
        if self.batch is None:
            self.numerical_note = "the training images are still loading; try again in a moment"
            self.show_all()
            return
        batch = self.batch
        if self.estimating:
            self.workers.cancel_group(self, "estimate")
            self.estimating = False
        self._last_progress = None
        self.run_id += 1
        self.running = True
        self.keys_while_running = 0
        self.numerical_grads = None
        self.numerical_seconds = None
        total = self.net.parameter_count()
        progress = self.query_one("#t7-progress", ProgressBar)
        progress.update(total=total, progress=0)
        self.numerical_note = f"running: 0 of {total:,} parameters"
        self._worker = self._numerical(copy_net(self.net), batch, self.run_id)
        self.show_all()

    def action_cancel(self) -> None:
        if self.estimating:
            self.workers.cancel_group(self, "estimate")
        if self._worker is not None and self.running:
            self._worker.cancel()
            self.numerical_note = "cancelling…"
            self.show_all()

    def action_backprop(self) -> None:
        self._count_key()
        batch = self.batch
        if batch is None:
            self.backprop_note = "the training images are still loading; try again in a moment"
            self.show_all()
            return
        net = self.net
        seconds = time_call(lambda: net.gradient(batch.x, batch.t))
        self.backprop_grads = net.gradient(batch.x, batch.t)
        self.backprop_seconds = seconds
        self.backprop_note = (
            f"done in {format_seconds(seconds)} (median of several runs) for "
            f"all {net.parameter_count():,} parameters at once"
        )
        self.show_all()

    def stop_work(self) -> None:
        self.workers.cancel_node(self)

    def _count_key(self) -> None:
        """Count the keys answered while the numerical gradient runs (shown on screen)."""
        if self.running:
            self.keys_while_running += 1

    # -- fields --------------------------------------------------------------

    @on(NumberField.Accepted, "#hidden, #batch")
    def _size_changed(self, event: NumberField.Accepted) -> None:
        value = int(event.number)
        if value == (self.hidden if event.field.id == "hidden" else self.batch_size):
            return  # the field announced the value it already had
        if event.field.id == "hidden":
            self.hidden = int(event.number)
            self.net = make_net(self.hidden)
        else:
            self.batch_size = int(event.number)
        if self.running and self._worker is not None:
            self._worker.cancel()
        self.running = False
        self.run_id += 1  # late messages from an old run are ignored
        self.numerical_grads = None
        self.backprop_grads = None
        self.numerical_seconds = None
        self.backprop_seconds = None
        self.numerical_note = "not run yet for these sizes: press n"
        self.backprop_note = "not run yet for these sizes: press b"
        self.estimate_note = ESTIMATE_HINT
        self.workers.cancel_group(self, "estimate")
        self.estimating = False
        self.query_one("#t7-progress", ProgressBar).update(total=1, progress=0)
        self._new_batch()

    # -- the worker ----------------------------------------------------------

    @work(thread=True, group="numerical", exit_on_error=False)
    def _numerical(self, net: TwoLayerNet, batch: Batch, run: int) -> None:
        worker = get_current_worker()
        start = time.perf_counter()
        last = [0.0]

        def on_progress(done: int, total: int) -> bool:
            if worker.is_cancelled:
                return False
            now = time.perf_counter()
            if now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                self.post_message(NumericalProgress(run, done, total, now - start))
            return True

        try:
            grads = net.numerical_gradient(batch.x, batch.t, on_progress=on_progress, delta=0.0)
        except Cancelled as stop:
            elapsed = time.perf_counter() - start
            self.post_message(NumericalFinished(run, stop.done, stop.total, elapsed, True))
            return
        elapsed = time.perf_counter() - start
        total = net.parameter_count()
        self._results[run] = grads
        self.post_message(NumericalFinished(run, total, total, elapsed, False))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed (not cancelled) must not leave the lab 'running' forever."""
        if event.worker is self._worker and event.state == WorkerState.ERROR:
            self.running = False
            self.numerical_note = f"stopped by an error: {event.worker.error}"
            self.show_all()

    @on(NumericalProgress)
    def _progress(self, message: NumericalProgress) -> None:
        if message.run != self.run_id or not self.running:
            return
        self.query_one("#t7-progress", ProgressBar).update(
            total=message.total, progress=message.done
        )
        self._last_progress = message
        left = time_left(message.done, message.total, message.elapsed)
        self.numerical_note = (
            f"running: {message.done:,} of {message.total:,} parameters (c cancels)\n"
            f"  {format_seconds(message.elapsed)} so far, about {format_seconds(left)} left"
        )
        self.show_all()

    @on(NumericalFinished)
    def _finished(self, message: NumericalFinished) -> None:
        if message.run != self.run_id:
            return
        self.running = False
        bar = self.query_one("#t7-progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        if message.cancelled:
            self.numerical_note = (
                f"cancelled after {message.done:,} of {message.total:,} parameters\n"
                f"  ({format_seconds(message.elapsed)} of work thrown away)"
            )
        else:
            self.numerical_grads = self._results.pop(message.run, None)
            self.numerical_seconds = message.elapsed
            self.numerical_note = (
                f"done in {format_seconds(message.elapsed)}: 2 × {message.total:,} losses"
            )
        self._results.clear()
        if self.estimate_note.startswith(LIVE_PREFIX):  # that rate was of a run now over
            self.estimate_note = ESTIMATE_HINT
        self.show_all()

    # -- drawing -------------------------------------------------------------

    def show_all(self) -> None:
        sizes = Text()
        sizes.append(f"network {INPUT_SIZE}-{self.hidden}-{OUTPUT_SIZE}", style="bold")
        sizes.append(f": {INPUT_SIZE} pixels in, {OUTPUT_SIZE} digits out, seed {NET_SEED}\n")
        for name, shape, count in two_layer_shapes(INPUT_SIZE, self.hidden, OUTPUT_SIZE):
            shape_text = "(" + ", ".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")
            sizes.append(f"  {name} {shape_text:<12} {count:>9,}\n")
        total = parameter_total(INPUT_SIZE, self.hidden, OUTPUT_SIZE)
        sizes.append(f"  {'total':<15} {total:>9,}", style="bold")
        sizes.append(" parameters")
        self.query_one("#t7-sizes", Static).update(sizes)

        data = Text()
        data.append("batch ", style="bold")
        if self.batch is None:
            data.append(f"{self.batch_size} images: {self.source}")
        else:
            data.append(f"{self.batch_size} images from {self.source}")
        self.query_one("#t7-data", Static).update(data)

        self.query_one("#t7-estimate", Static).update(self._line("estimate", self.estimate_note))
        numerical = self._line("numerical", self.numerical_note)
        if self.running and self.keys_while_running:
            numerical.append(f"\n  keys answered while it runs: {self.keys_while_running}",
                             style="dim")
        self.query_one("#t7-numerical", Static).update(numerical)
        self.query_one("#t7-backprop", Static).update(self._line("backprop", self.backprop_note))
        self.query_one("#t7-check", Static).update(self._line("gradient check", self._check()))

    def _check(self) -> str:
        if self.numerical_grads is None or self.backprop_grads is None:
            return "needs both gradients of this batch (n, then b)"
        biggest = largest_difference(self.numerical_grads, self.backprop_grads)
        verdict = "they agree" if biggest < 1e-6 else "they DISAGREE"
        text = f"largest |numerical - backprop| = {biggest:.2e}: {verdict}"
        if self.numerical_seconds and self.backprop_seconds:
            text += (
                f"\n  time: numerical {format_seconds(self.numerical_seconds)} vs backprop "
                f"{format_seconds(self.backprop_seconds)}, "
                f"{self.numerical_seconds / self.backprop_seconds:,.0f} times faster"
            )
        return text

    @staticmethod
    def _line(label: str, note: str) -> Text:
        text = Text()
        text.append(f"{label}: ", style="bold")
        text.append(note)
        return text
