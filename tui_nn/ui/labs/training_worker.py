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
            )


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
    iterations.  ``cancelled()`` returning True stops the trainer.  Returns the
    trainer's final event (or None if it ended without one).
    """
    from tui_nn.engine.train import EpochDone, IterationDone, TrainingFinished

    started = clock()
    last_post = started
    stopping = False
    try:
        for event in trainer.run():
            if isinstance(event, IterationDone):
                loss = float(event.loss)
                with log.lock:
                    log.losses.append(loss)
                    log.iteration = event.iteration
                    log.epoch = event.epoch
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
                with log.lock:
                    log.running_seconds += clock() - started
                post(TrainingEnded(event))
                return event
            if not stopping and cancelled():
                stopping = True
                trainer.stop()
            if not gate.is_set() and not stopping:
                now = clock()
                with log.lock:
                    log.running_seconds += now - started
                    log.paused = True
                post(TrainingTick())
                while not gate.wait(0.05):
                    if cancelled():
                        break
                if cancelled():
                    stopping = True
                    trainer.stop()
                with log.lock:
                    log.paused = False
                started = last_post = clock()
                continue
            now = clock()
            if now - last_post >= interval:
                with log.lock:
                    log.running_seconds += now - started
                started = last_post = now
                post(TrainingTick())
    except Exception as error:  # any engine failure becomes a message, never a traceback
        post(TrainingEnded(None, error=f"{type(error).__name__}: {error}"))
        return None
    with log.lock:
        log.running_seconds += clock() - started
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
        self, matrix: Any, predictions: Any, w1: Any, then_next_mistake: bool, error: str = ""
    ) -> None:
        super().__init__()
        self.matrix = matrix
        self.predictions = predictions
        self.w1 = w1
        self.then_next_mistake = then_next_mistake
        self.error = error
