"""Lesson 8's run log and the events a run reports: plain data, no Textual.

:class:`RunLog` is what one run did (every loss, the accuracies after each
epoch, every change of the learning rate, the running time without pauses);
the training thread writes it and the interface reads consistent copies of it
(:meth:`RunLog.view`) under its lock.  :class:`SessionState` is where a
:class:`~tui_nn.training_session.TrainingSession` is; :class:`Tick`,
:class:`EpochMeasured` and :class:`RunEnded` are what its run reports.
"""

from __future__ import annotations

import enum
import math
import threading
from dataclasses import dataclass, field

from tui_nn.engine.train import TrainingFinished


class SessionState(enum.Enum):
    """Where the session is.  The first four are a run in progress (:attr:`active`)."""

    PREPARING = "preparing"  # started: the trainer is being built (data converted)
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"  # stop asked; the run ends at the next step
    IDLE = "idle"  # no run yet
    FINISHED = "finished"  # the run made every update
    STOPPED = "stopped"  # ended early, by stop() or by cancelling the worker
    DIVERGED = "diverged"  # the loss or the weights became nan or infinite
    FAILED = "failed"  # the run could not start or broke (``RunEnded.error`` says why)

    @property
    def active(self) -> bool:
        return self in _ACTIVE


_ACTIVE = frozenset(
    {SessionState.PREPARING, SessionState.RUNNING, SessionState.PAUSED, SessionState.STOPPING}
)


# --- events the run reports (through ``notify``) -----------------------------------


@dataclass(frozen=True)
class Tick:
    """New losses (or numerical-gradient progress) are in the log."""


@dataclass(frozen=True)
class EpochMeasured:
    """An epoch ended; its accuracies."""

    epoch: int
    iteration: int
    train_accuracy: float
    test_accuracy: float


@dataclass(frozen=True)
class RunEnded:
    """The run is over (sent once): its final state, the trainer's last event or an error."""

    state: SessionState
    finished: TrainingFinished | None
    error: str = ""


SessionEvent = Tick | EpochMeasured | RunEnded


# --- the log -------------------------------------------------------------------------


@dataclass(frozen=True)
class LrChange:
    """The learning rate went from ``old`` to ``new`` after ``iteration`` updates."""

    iteration: int
    old: float
    new: float


@dataclass(frozen=True)
class LogView:
    """A consistent copy of what a screen needs from a :class:`RunLog`."""

    new_losses: list[float]
    loss_count: int
    iteration: int
    epoch: float
    total_iterations: int
    iterations_per_epoch: float
    running_seconds: float
    paused: bool
    diverged: bool
    last_loss: float
    learning_rate: float
    gradient_done: int = 0
    gradient_total: int = 0


@dataclass
class RunLog:
    """What one run did; written by the training thread, read by the interface (under ``lock``)."""

    total_iterations: int
    iterations_per_epoch: float
    learning_rate: float
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    losses: list[float] = field(default_factory=list)
    iteration: int = 0
    epoch: float = 0.0
    epochs: list[EpochMeasured] = field(default_factory=list)
    lr_changes: list[LrChange] = field(default_factory=list)
    running_seconds: float = 0.0
    paused: bool = False
    diverged: bool = False
    gradient_done: int = 0  # parameters done in the current numerical-gradient step
    gradient_total: int = 0

    def view(self, since: int = 0) -> LogView:
        """The losses after index ``since`` and the current counters, copied under the lock."""
        with self.lock:
            return LogView(
                new_losses=self.losses[since:],
                loss_count=len(self.losses),
                iteration=self.iteration,
                epoch=self.epoch,
                total_iterations=self.total_iterations,
                iterations_per_epoch=self.iterations_per_epoch,
                running_seconds=self.running_seconds,
                paused=self.paused,
                diverged=self.diverged,
                last_loss=self.losses[-1] if self.losses else math.nan,
                learning_rate=self.learning_rate,
                gradient_done=self.gradient_done,
                gradient_total=self.gradient_total,
            )

    def epoch_rows(self) -> list[EpochMeasured]:
        with self.lock:
            return list(self.epochs)

    def changes(self) -> list[LrChange]:
        with self.lock:
            return list(self.lr_changes)

    def fraction_done(self) -> float:
        """How much of the run is done, 0 to 1 (a numerical step counts in part)."""
        with self.lock:
            if self.total_iterations <= 0:
                return 0.0
            step = self.gradient_done / self.gradient_total if self.gradient_total else 0.0
            return min(1.0, (self.iteration + step) / self.total_iterations)
