"""The training loop as run inside the app: a shared log, small messages, pause and stop.

The worker thread iterates ``Trainer.run()`` and appends every loss to a
``RunLog`` under a lock.  It posts a tiny ``TrainingTick`` at most about ten
times a second (the screen then reads what it needs from the log), one
``EpochReport`` per epoch and one ``TrainingEnded`` at the end, so the
interface never slows the training down much.  ``drive`` holds no Textual
objects and can be tested on its own.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

TICK_SECONDS = 0.1


class TrainingTick(Message):
    """New losses are in the log (sent at most about ten times a second)."""


class EpochReport(Message):
    """One epoch finished; its accuracies."""

    def __init__(self, epoch: int, iteration: int, train_accuracy: float, test_accuracy: float):
        super().__init__()
        self.epoch = epoch
        self.iteration = iteration
        self.train_accuracy = train_accuracy
        self.test_accuracy = test_accuracy


class TrainingEnded(Message):
    """The run is over: ``finished`` is the trainer's last event, or ``error`` says what broke."""

    def __init__(self, finished: Any | None, error: str | None = None) -> None:
        super().__init__()
        self.finished = finished
        self.error = error


@dataclass
class LogView:
    """A consistent copy of what the screen needs from a ``RunLog``."""

    new_losses: list[float]
    loss_count: int
    iteration: int
    epoch: int
    total_iterations: int
    iterations_per_epoch: float
    running_seconds: float
    paused: bool
    diverged: bool
    last_loss: float
    gradient_done: int = 0
    gradient_total: int = 0


@dataclass
class RunLog:
    """State shared by the training thread (writer) and the screen (reader)."""

    total_iterations: int
    iterations_per_epoch: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    losses: list[float] = field(default_factory=list)
    iteration: int = 0
    epoch: int = 0
    epochs: list[tuple[int, int, float, float]] = field(default_factory=list)
    running_seconds: float = 0.0
    paused: bool = False
    diverged: bool = False
    gradient_done: int = 0  # parameters done in the current numerical-gradient step
    gradient_total: int = 0

    def view(self, since: int = 0) -> LogView:
        """The losses after index ``since`` and the current counters, copied under the lock."""
        with self.lock:
            new = self.losses[since:]
            return LogView(
                new_losses=new,
                loss_count=len(self.losses),
                iteration=self.iteration,
                epoch=self.epoch,
                total_iterations=self.total_iterations,
                iterations_per_epoch=self.iterations_per_epoch,
                running_seconds=self.running_seconds,
                paused=self.paused,
                diverged=self.diverged,
                last_loss=self.losses[-1] if self.losses else math.nan,
                gradient_done=self.gradient_done,
                gradient_total=self.gradient_total,
            )


class _Pacer:
    """Keeps the worker's clock: running time without pauses, and when to post the next tick."""

    def __init__(
        self,
        log: RunLog,
        post: Callable[[Message], object],
        gate: threading.Event,
        cancelled: Callable[[], bool],
        interval: float,
        clock: Callable[[], float],
    ) -> None:
        self.log, self.post, self.gate, self.cancelled = log, post, gate, cancelled
        self.interval, self.clock = interval, clock
        self.started = self.last_post = clock()

    def bank(self) -> float:
        """Add the time since the last call to the log's running time."""
        now = self.clock()
        with self.log.lock:
            self.log.running_seconds += now - self.started
        self.started = now
        return now

    def maybe_tick(self) -> None:
        if self.clock() - self.last_post >= self.interval:
            self.last_post = self.bank()
            self.post(TrainingTick())

    def hold_while_paused(self, stop_requested: Callable[[], bool]) -> None:
        """Block while the gate is closed (the learner paused), unless the run is ending."""
        if self.gate.is_set() or stop_requested() or self.cancelled():
            return
        self.bank()
        with self.log.lock:
            self.log.paused = True
        self.post(TrainingTick())
        while not self.gate.wait(0.05):
            if self.cancelled() or stop_requested():
                break
        with self.log.lock:
            self.log.paused = False
        self.started = self.last_post = self.clock()


def drive(
    trainer: Any,
    log: RunLog,
    post: Callable[[Message], object],
    gate: threading.Event,
    cancelled: Callable[[], bool],
    *,
    interval: float = TICK_SECONDS,
    clock: Callable[[], float] = time.perf_counter,
) -> Any | None:
    """Run ``trainer`` to the end, recording into ``log`` and posting small messages.

    ``gate`` is set while the run may go on; clearing it pauses the run between
    iterations (and inside a slow numerical-gradient step).  ``cancelled()``
    returning True stops the trainer.  Returns the trainer's final event (or
    None if it ended without one).
    """
    from tui_nn.engine.train import EpochDone, IterationDone, TrainingFinished

    pacer = _Pacer(log, post, gate, cancelled, interval, clock)

    def stop_requested() -> bool:
        return bool(getattr(trainer, "stop_requested", False))

    def on_gradient(done: int, total: int) -> None:
        with log.lock:
            log.gradient_done, log.gradient_total = done, total
        if cancelled():
            trainer.stop()
        pacer.hold_while_paused(stop_requested)
        pacer.maybe_tick()

    if hasattr(trainer, "on_gradient_progress"):
        trainer.on_gradient_progress = on_gradient
    try:
        for event in trainer.run():
            if isinstance(event, IterationDone):
                loss = float(event.loss)
                with log.lock:
                    log.losses.append(loss)
                    log.iteration = event.iteration
                    log.epoch = event.epoch
                    log.gradient_done = 0
                    if not math.isfinite(loss):
                        log.diverged = True
            elif isinstance(event, EpochDone):
                with log.lock:
                    log.epochs.append(
                        (event.epoch, event.iteration, event.train_accuracy, event.test_accuracy)
                    )
                post(
                    EpochReport(
                        event.epoch, event.iteration, event.train_accuracy, event.test_accuracy
                    )
                )
            elif isinstance(event, TrainingFinished):
                pacer.bank()
                post(TrainingEnded(event))
                return event
            if cancelled() and not stop_requested():
                trainer.stop()
            pacer.hold_while_paused(stop_requested)
            pacer.maybe_tick()
    except Exception as error:  # any engine failure becomes a message, never a traceback
        post(TrainingEnded(None, error=f"{type(error).__name__}: {error}"))
        return None
    pacer.bank()
    post(TrainingEnded(None))
    return None


class EstimateReady(Message):
    """How long one numerical-gradient update would take for ``config`` (or why it is unknown)."""

    def __init__(self, config: Any, seconds: float | None, error: str = "") -> None:
        super().__init__()
        self.config = config
        self.seconds = seconds
        self.error = error


class InspectReady(Message):
    """Predictions of a network on the test images (computed in a worker)."""

    def __init__(
        self,
        matrix: Any,
        predictions: Any,
        w1: Any,
        then_next_mistake: bool,
        error: str = "",
        origin: str = "",
        request: int = 0,
    ) -> None:
        super().__init__()
        self.request = request  # which refresh this answers (the lab drops older ones)
        self.origin = origin  # which network this is: "network at iteration 600 …"
        self.matrix = matrix
        self.predictions = predictions
        self.w1 = w1
        self.then_next_mistake = then_next_mistake
        self.error = error
