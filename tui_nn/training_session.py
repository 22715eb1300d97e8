"""Lesson 8's training, as a plain model: one run at a time, its log, pause and stop.

A :class:`TrainingSession` holds everything the training lab knows about its
runs, with no Textual inside, so it can be tested on its own and it outlives
the lab's widgets:

- the state of the run (:class:`~tui_nn.training_log.SessionState`), changed only by the methods
  below and by the thread that runs :meth:`TrainingSession.run`;
- the :class:`~tui_nn.training_log.RunLog` of the current (or last) run: every loss, the
  accuracies after each epoch, every change of the learning rate, the running
  time without pauses, the progress inside a slow numerical-gradient step;
- the network in use (:class:`NetworkInUse`): the one the last run made, or
  one loaded from a file; the Inspect, Draw and Files views read it.

How it is driven: the interface calls :meth:`~TrainingSession.start` (it only
records the settings and the data), then runs :meth:`~TrainingSession.run` in
one worker thread; ``run`` builds the trainer, iterates it and reports through
a ``notify`` callback with three small events: :class:`Tick` (new losses are
in the log, at most every ``interval`` seconds), :class:`EpochMeasured` and
:class:`RunEnded` (exactly once).  :meth:`~TrainingSession.pause`,
:meth:`~TrainingSession.resume`, :meth:`~TrainingSession.stop` and
:meth:`~TrainingSession.change_learning_rate` may be called from any thread
at any time.  Everything shared is guarded by one lock.

No words for the learner live here: the interface says things; the session
holds numbers and states.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tui_nn.engine.nets import TwoLayerNet
from tui_nn.engine.train import (
    EpochDone,
    IterationDone,
    TrainConfig,
    Trainer,
    TrainingFinished,
    iterations_per_epoch,
    learning_rate_problem,
)
from tui_nn.threads import blas_threads as limit_blas_threads
from tui_nn.training_log import (
    EpochMeasured,
    LogView,
    LrChange,
    RunEnded,
    RunLog,
    SessionEvent,
    SessionState,
    Tick,
)
from tui_nn.training_pacer import Pacer

__all__ = [
    "EpochMeasured",
    "LogView",
    "LrChange",
    "NetworkInUse",
    "RunEnded",
    "RunLog",
    "SessionEvent",
    "SessionState",
    "Tick",
    "TrainingData",
    "TrainingSession",
    "estimate_update_seconds",
]

TICK_SECONDS = 0.1  # the run reports new losses at most this often
LR_EDIT_SECONDS = 3.0  # learning-rate changes this close together are one edit (typing 0.05)


# --- the network in use -------------------------------------------------------------


@dataclass(frozen=True)
class NetworkInUse:
    """The network the Inspect, Draw and Files views use, and where it came from.

    ``file_name`` is set for a network loaded from a file; otherwise it is the
    network a run left (``state`` how that run ended, after ``iterations``).
    """

    net: TwoLayerNet
    config: TrainConfig
    iterations: int = 0
    iterations_per_epoch: float = 0.0
    state: SessionState = SessionState.FINISHED
    file_name: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    train_accuracy: float | None = None
    test_accuracy: float | None = None


@dataclass(frozen=True)
class TrainingData:
    """The images a run learns from (uint8 or float; labels as integers or one-hot)."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray


class TrainingSession:
    """One training run at a time, its log, and the network in use (see the module)."""

    def __init__(self, *, clock: Callable[[], float] = time.perf_counter) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self._state = SessionState.IDLE
        self._gate = threading.Event()  # set while the run may go on
        self._gate.set()
        self._stop_asked = False
        self._trainer: Trainer | None = None
        self._config: TrainConfig | None = None
        self._data: TrainingData | None = None
        self._pending_lr: float | None = None
        self._last_lr_edit = -math.inf
        self.log: RunLog | None = None
        self.ended: RunEnded | None = None
        self._network: NetworkInUse | None = None

    # --- reading ----------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        with self._lock:
            return self._state

    @property
    def active(self) -> bool:
        return self.state.active

    @property
    def config(self) -> TrainConfig | None:
        """The settings of the current (or last) run."""
        return self._config

    @property
    def network(self) -> NetworkInUse | None:
        """The network the last run left, or the one loaded (None before either)."""
        with self._lock:
            return self._network

    def live_net(self) -> TwoLayerNet | None:
        """The network to look at now: the one being trained during a run, else the one in use."""
        with self._lock:
            if self._state.active and self._trainer is not None:
                return self._trainer.net
            return self._network.net if self._network is not None else None

    @property
    def learning_rate(self) -> float:
        """The learning rate the run uses now (0 before any run)."""
        with self._lock:
            if self._trainer is not None:
                return float(self._trainer.learning_rate)
            if self._pending_lr is not None:
                return self._pending_lr
            return float(self._config.learning_rate) if self._config else 0.0

    def fraction_done(self) -> float:
        return self.log.fraction_done() if self.log is not None else 0.0

    def epoch_progress(self) -> tuple[int, int]:
        """(the epoch the run is in, 1-based; how many epochs the run has), (0, 0) before a run."""
        log = self.log
        if log is None or log.iterations_per_epoch <= 0:
            return 0, 0
        with log.lock:
            iteration, per_epoch, iterations = (
                log.iteration, log.iterations_per_epoch, log.total_iterations
            )
        total = max(1, math.ceil(iterations / per_epoch - 1e-9))
        return min(total, int(iteration // per_epoch) + 1), total

    # --- controlling ------------------------------------------------------------------

    def start(self, config: TrainConfig, data: TrainingData) -> None:
        """Get a run ready (fast): call :meth:`run` next, in a worker thread.

        Raises RuntimeError while a run is in progress and ValueError for bad
        settings (the message is ``config.validate()``'s problems).
        """
        problems = config.validate()
        if problems:
            raise ValueError("; ".join(problems))
        train_images = int(np.asarray(data.t_train).shape[0])
        if config.train_size is not None:
            train_images = min(train_images, config.train_size)
        per_epoch = iterations_per_epoch(max(train_images, 1), config.batch_size, config.sampling)
        with self._lock:
            if self._state.active:
                raise RuntimeError("a run is in progress")
            self._state = SessionState.PREPARING
            self._config = config
            self._data = data
            self._trainer = None
            self._pending_lr = None
            self._stop_asked = False
            self._last_lr_edit = -math.inf
            self._gate.set()
            self.ended = None
            self.log = RunLog(config.iterations, per_epoch, float(config.learning_rate))

    def pause(self) -> bool:
        """Hold the run between two steps (also inside a numerical step); True if it paused."""
        with self._lock:
            if self._state not in (SessionState.RUNNING, SessionState.PREPARING):
                return False
            self._gate.clear()
            self._state = SessionState.PAUSED
            return True

    def resume(self) -> bool:
        """Let a paused run go on; True if it was paused."""
        with self._lock:
            if self._state is not SessionState.PAUSED:
                return False
            self._state = SessionState.RUNNING
            self._gate.set()
            return True

    def stop(self) -> bool:
        """Ask the run to end (it keeps what it has learnt); True if a run was going."""
        with self._lock:
            if not self._state.active:
                return False
            self._state = SessionState.STOPPING
            self._stop_asked = True
            if self._trainer is not None:
                self._trainer.stop()
            self._gate.set()
            return True

    def change_learning_rate(self, value: float) -> LrChange | None:
        """Use ``value`` from the next update on; returns the change as the log keeps it.

        Changes within ``LR_EDIT_SECONDS`` of each other are one edit (typing
        0.05 passes through 0 and 0.0): the log keeps one change from the rate
        before the edit to the last value, and none if they are equal (then
        None is returned).  Raises ValueError for a rate the trainer refuses.
        """
        problem = learning_rate_problem(value)
        if problem:
            raise ValueError(problem)
        with self._lock:
            log = self.log
            if not self._state.active or log is None:
                return None
            old = self.learning_rate
            if self._trainer is not None:
                self._trainer.learning_rate = value
            else:
                self._pending_lr = float(value)  # the trainer is still being built
            now = self._clock()
            same_edit = now - self._last_lr_edit < LR_EDIT_SECONDS
            self._last_lr_edit = now
            with log.lock:
                iteration = log.iteration
                if same_edit and log.lr_changes:
                    last = log.lr_changes.pop()
                    iteration, old = last.iteration, last.old
                log.learning_rate = float(value)
                if float(value) == old:
                    return None
                change = LrChange(iteration, old, float(value))
                log.lr_changes.append(change)
                return change

    def use_network(self, network: NetworkInUse) -> None:
        """Make ``network`` (e.g. one loaded from a file) the one in use.  Not during a run."""
        with self._lock:
            if self._state.active:
                raise RuntimeError("a run is in progress")
            self._network = network

    # --- running (in a worker thread) -----------------------------------------------------

    def run(
        self,
        notify: Callable[[SessionEvent], object],
        cancelled: Callable[[], bool] = lambda: False,
        *,
        interval: float = TICK_SECONDS,
        blas_threads: int | None = 1,
    ) -> RunEnded:
        """Run the started training to its end; report through ``notify``; return the end.

        ``cancelled()`` returning True (the worker was cancelled: the learner
        quit or the lab closed) stops the run like :meth:`stop`.  Never raises
        for a failure of the engine: that becomes ``RunEnded(FAILED, error=…)``.
        """
        with self._lock:
            config, data, log = self._config, self._data, self.log
            if not self._state.active or self._trainer is not None:
                raise RuntimeError("start() first (and run() once per start)")
        assert config is not None and data is not None and log is not None
        try:
            trainer = Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test)
        except Exception as error:  # bad settings, no memory …: a state, never a traceback
            return self._end(notify, None, f"{type(error).__name__}: {error}")
        with self._lock:
            self._trainer = trainer
            if self._pending_lr is not None:  # changed while the data was being prepared
                trainer.learning_rate = self._pending_lr
            if self._stop_asked:
                trainer.stop()
            if self._state is SessionState.PREPARING:
                self._state = SessionState.RUNNING
            with log.lock:
                log.iterations_per_epoch = trainer.iterations_per_epoch
        with limit_blas_threads(blas_threads):  # None: the caller's limit (the lab kit's)
            return self._drive(trainer, log, notify, cancelled, interval)

    def _drive(
        self,
        trainer: Trainer,
        log: RunLog,
        notify: Callable[[SessionEvent], object],
        cancelled: Callable[[], bool],
        interval: float,
    ) -> RunEnded:
        pacer = Pacer(log, notify, self._gate, cancelled, interval, self._clock)

        def stop_requested() -> bool:
            return trainer.stop_requested

        def on_gradient(done: int, total: int) -> None:
            with log.lock:
                log.gradient_done, log.gradient_total = done, total
            if cancelled():
                trainer.stop()
            pacer.hold_while_paused(stop_requested)
            pacer.maybe_tick()

        trainer.on_gradient_progress = on_gradient
        try:
            pacer.hold_while_paused(stop_requested)  # paused before the first step
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
                    row = EpochMeasured(
                        event.epoch, event.iteration, event.train_accuracy, event.test_accuracy
                    )
                    with log.lock:
                        log.epochs.append(row)
                    notify(row)
                elif isinstance(event, TrainingFinished):
                    pacer.bank()
                    return self._end(notify, event, "", trainer)
                if cancelled() and not trainer.stop_requested:
                    trainer.stop()
                pacer.hold_while_paused(stop_requested)
                pacer.maybe_tick()
        except Exception as error:  # any engine failure becomes a state, never a traceback
            pacer.bank()
            return self._end(notify, None, f"{type(error).__name__}: {error}", trainer)
        pacer.bank()
        return self._end(notify, None, "the training ended without a result", trainer)

    def _end(
        self,
        notify: Callable[[SessionEvent], object],
        finished: TrainingFinished | None,
        error: str,
        trainer: Trainer | None = None,
    ) -> RunEnded:
        if finished is None:
            state = SessionState.FAILED
        elif finished.reason.startswith("diverged"):
            state = SessionState.DIVERGED
        elif finished.reason == "done":
            state = SessionState.FINISHED
        else:
            state = SessionState.STOPPED
        ended = RunEnded(state, finished, error)
        with self._lock:
            if trainer is not None and finished is not None and self._config is not None:
                self._network = NetworkInUse(
                    net=trainer.net,
                    config=self._config,
                    iterations=finished.iterations,
                    iterations_per_epoch=trainer.iterations_per_epoch,
                    state=state,
                    train_accuracy=finished.train_accuracy,
                    test_accuracy=finished.test_accuracy,
                )
            self._state = state
            self._trainer = None
            self._data = None  # the data set is not kept alive by an ended run
            self._gate.set()
            self.ended = ended
        notify(ended)
        return ended


def estimate_update_seconds(config: TrainConfig, data: TrainingData) -> float:
    """Seconds one numerical-gradient update would take for ``config`` (measured, slow-ish).

    Uses the trainer's own estimator on a small slice of the data (at least a
    batch), so it answers in about a second whatever the data set's size.
    """
    n = max(config.batch_size, 100)
    probe = TrainConfig(**{**config.to_dict(), "train_size": None})
    trainer = Trainer(
        probe, data.x_train[:n], data.t_train[:n], data.x_test[:10], data.t_test[:10]
    )
    return trainer.estimate_numerical_seconds()
