"""Lesson 8's lab, running a training: start, the worker, progress, pause, stop, the end.

``RunMixin`` is mixed into ``TrainingLab`` (like the data, inspect and files
mixins); it uses the lab's state (``state``, ``dataset``, ``trainer``,
``run_log``, ``gate`` …) and its views.  Handlers are named ``on_<message>``
because a plain mixin's ``@on`` decorators are not collected by Textual.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual import work
from textual.widgets import TabbedContent
from textual.worker import get_current_worker

from tui_nn.engine.train import TrainConfig, Trainer, iterations_per_epoch
from tui_nn.ui.labs.training_live import learning_problem
from tui_nn.ui.labs.training_worker import (
    EpochReport,
    RunLog,
    TrainingEnded,
    TrainingTick,
    drive,
)

ENDED_WORDS = {"done": "finished", "stopped": "stopped", "diverged": "that diverged"}


class RunMixin:
    """Start, follow, pause and stop a training run (part of ``TrainingLab``)."""

    # Provided by TrainingLab.
    state: str
    dataset: Any
    trainer: Trainer | None
    run_log: RunLog | None
    gate: threading.Event

    def action_start(self) -> None:
        if self.state != "idle":
            self.notify("Already training: p pauses, x stops.")
            return
        if self.dataset is None:
            self.notify("The data is still loading; try again in a moment.")
            return
        config = self.current_config()
        problems = config.validate()
        if problems:
            self.controls.show_problems(problems)
            self.query_one(TabbedContent).active = "tab-setup"
            return
        if config.gradient == "numerical" and self._armed != config:
            self._armed = config
            self.query_one(TabbedContent).active = "tab-setup"
            self._start_estimate()
            return
        self._armed = None
        per_epoch = iterations_per_epoch(self._train_images(config), config.batch_size)
        self.run_log = RunLog(config.iterations, per_epoch)
        self.gate = threading.Event()
        self.gate.set()
        self.trainer = None
        self._pending_lr = None
        self.run_config = config
        self.state = "running"
        self.controls.freeze(True)
        live = self.live
        live.reset(config.iterations, config.learning_rate)
        self._inspect_stale(
            "This is the network from before the new run: press 3 to see the one being trained."
        )
        live.set_arithmetic(self._arithmetic(config))
        live.set_status("preparing the data…")
        self.query_one(TabbedContent).active = "tab-train"
        self._train(config, self.run_log, self.gate)

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train(self, config: TrainConfig, log: RunLog, gate: threading.Event) -> None:
        worker = get_current_worker()
        data = self.dataset
        try:
            trainer = Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test)
        except Exception as error:  # bad settings, no memory …: a message, never a traceback
            self.post_message(TrainingEnded(None, error=f"{type(error).__name__}: {error}"))
            return
        self.trainer = trainer
        if self._pending_lr is not None:  # changed while the data was being prepared
            trainer.learning_rate = self._pending_lr
        drive(
            trainer,
            log,
            self.post_message,
            gate,
            lambda: worker.is_cancelled,
            interval=self.tick_seconds,
        )

    def _state_word(self) -> str:
        return {"running": "training", "paused": "paused", "stopping": "stopping"}.get(
            self.state, "done"
        )

    def on_training_tick(self, message: TrainingTick) -> None:
        self._tick()

    def _tick(self, force: bool = False) -> None:
        """Show new losses: numbers 10 times a second, charts twice, if Train is visible."""
        if self.run_log is None:
            return
        live = self.live
        view = self.run_log.view(since=len(live.losses))
        live.add_losses(view.new_losses)
        if self.query_one(TabbedContent).active != "tab-train":
            return
        live.show_progress(view, self._state_word())
        now = time.monotonic()
        if force or now - self._last_chart >= self.chart_seconds:
            self._last_chart = now
            live.redraw()

    def on_epoch_report(self, message: EpochReport) -> None:
        self.live.add_epoch(
            message.epoch, message.iteration, message.train_accuracy, message.test_accuracy
        )

    def on_training_ended(self, message: TrainingEnded) -> None:
        self.state = "idle"
        self.controls.freeze(False)
        live = self.live
        if self.run_log is not None:
            view = self.run_log.view(since=len(live.losses))
            live.add_losses(view.new_losses)
        finished = message.finished
        self.last_finished = finished
        if message.error or finished is None:
            live.set_status("Training could not run.")
            live.set_result(message.error or "The training ended without a result.")
            live.redraw()
            return
        reason = str(finished.reason)
        word = "diverged" if reason.startswith("diverged") else reason
        if self.run_log is not None:
            live.show_progress(self.run_log.view(since=len(live.losses)), word)
        result = (
            f"{word}: {finished.iterations:,} iterations · "
            f"train accuracy {_accuracy_text(finished.train_accuracy)} · "
            f"test accuracy {_accuracy_text(finished.test_accuracy)}"
        )
        if self.show_timings:
            result += f" · {finished.seconds:.1f} s"
        live.set_result(result)
        lr = self.trainer.learning_rate if self.trainer else 0.0
        if word == "diverged":
            live.say(
                f"The loss blew up ({reason}): a learning rate of {lr:g} makes each step "
                "overshoot. Try a smaller one, such as 0.1."
            )
        else:
            problem = learning_problem(live.losses, lr) if word == "done" else None
            live.say(problem or "")
        live.redraw()
        if self.trainer is not None:
            self.net = self.trainer.net
            self.net_config = self.run_config
            self.net_origin = (
                f"network from the run {ENDED_WORDS.get(word, 'ended')} at iteration "
                f"{finished.iterations:,}"
                f" ({self._epoch_words(finished.iterations)})"
            )
        self._refresh_views()

    def action_pause(self) -> None:
        if self.state == "running":
            self.gate.clear()
            self.state = "paused"
            self.live.say("Paused: p goes on, x stops.")
        elif self.state == "paused":
            self.gate.set()
            self.state = "running"
            self.live.say("")
        else:
            self.notify("Nothing to pause: s starts a run.")
            return
        self._tick(force=True)

    def action_stop(self) -> None:
        if self.state not in ("running", "paused"):
            self.notify("Nothing to stop.")
            return
        self.state = "stopping"
        if self.trainer is not None:
            self.trainer.stop()
        else:
            self.workers.cancel_group(self, "training")
        self.gate.set()


def _accuracy_text(value: float | None) -> str:
    """``0.9470``, or ``n/a`` when there is no meaningful accuracy (a diverged run)."""
    return "n/a" if value is None else f"{value:.4f}"
