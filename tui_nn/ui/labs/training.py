"""Lesson 8's lab: train a TwoLayerNet on MNIST live, look inside it, draw digits, keep it.

The lab is split by job: ``training_controls`` (the settings form),
``training_live`` (status, progress and charts), ``training_worker`` (the
training thread and its small messages), ``training_inspect`` (confusion
matrix, test digits, weights), ``training_draw`` (drawing pad),
``training_files`` (save/load), ``training_data`` (data line, download) and
``training_run`` (starting, following, pausing and stopping a run).
This module wires them together and holds the keys.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any, ClassVar

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static, TabbedContent, TabPane

from tui_nn.engine.train import (
    TrainConfig,
    Trainer,
    predict_proba,
)
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.labs.training_controls import (
    TrainingControls,
    describe_duration,
    epoch_arithmetic,
    form_values,
)
from tui_nn.ui.labs.training_data import DataMixin, DataPanel
from tui_nn.ui.labs.training_draw import DrawView
from tui_nn.ui.labs.training_files import FilesMixin, FilesView
from tui_nn.ui.labs.training_inspect import InspectMixin, InspectView
from tui_nn.ui.labs.training_live import LivePanel
from tui_nn.ui.labs.training_run import RunMixin
from tui_nn.ui.labs.training_worker import (
    TICK_SECONDS,
    EstimateReady,
    RunLog,
)
from tui_nn.ui.widgets.drawing_pad import DrawingPad
from tui_nn.ui.widgets.number_field import NumberField

LR_EDIT_SECONDS = 3.0  # keystrokes this close together are one learning-rate change
TABS = ("tab-setup", "tab-train", "tab-inspect", "tab-draw", "tab-files")
KEYS_HINT = (
    "s start · p pause/resume · x stop · l learning rate (also while training) · "
    "b book preset · f faster learner · "
    "1-5 switch views · i inspect view · n next mistake · t test digit on the pad · "
    "w save · o load · u switch data · Tab moves through the fields; Enter (on a valid value) "
    "or Esc gives the keys back"
)


class TrainingLab(RunMixin, DataMixin, InspectMixin, FilesMixin, Lab):
    """Train on MNIST (or the built-in digits), live."""

    show_timings: ClassVar[bool] = True  # tests that snapshot the screen turn the clock off
    eval_size: ClassVar[int | None] = None  # None: accuracies on every image, like the book
    tick_seconds: ClassVar[float] = TICK_SECONDS  # how often the worker reports progress
    chart_seconds: ClassVar[float] = 0.5  # the charts redraw at most this often (they cost most)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "start", "Start", tooltip="Start training with the settings of the Setup view"
        ),
        Binding(
            "p",
            "pause",
            "Pause",
            tooltip="Pause the run (even inside a slow numerical step), or go on",
        ),
        Binding(
            "x", "stop", "Stop", tooltip="Stop the run; the network keeps what it has learnt so far"
        ),
        Binding(
            "b",
            "preset('book')",
            "Book preset",
            show=False,
            tooltip="The book's settings: sigmoid, 50 hidden, std 0.01, lr 0.1",
        ),
        Binding(
            "f",
            "preset('faster')",
            "Faster",
            tooltip="ReLU, He initialisation, 100 hidden units, lr 0.3",
        ),
        Binding(
            "i",
            "inspect_next",
            "Switch inspect view",
            show=False,
            tooltip="Look inside: confusion matrix, test digits, first-layer weights",
        ),
        Binding(
            "l",
            "edit_learning_rate",
            "lr",
            tooltip="Type a new learning rate (also while training runs); Enter applies it",
        ),
        Binding(
            "n",
            "next_mistake",
            "Mistake",
            tooltip="Show the next test digit the network gets wrong",
        ),
        Binding(
            "t",
            "test_digit",
            "Test digit on pad",
            show=False,
            tooltip="Put the next test image on the drawing pad, to compare with yours",
        ),
        Binding("w", "save", "Save", tooltip="Save the trained network to your data folder"),
        Binding(
            "o", "load", "Load net", show=False, tooltip="Load the network picked in the Files view"
        ),
        Binding(
            "d",
            "download",
            "Download MNIST",
            show=False,
            tooltip="Download the real MNIST digits (about 11 MB)",
        ),
        Binding(
            "u",
            "switch_data",
            "Switch data",
            show=False,
            tooltip="Train on the built-in digits or on real MNIST (when found)",
        ),
        Binding("1", "tab(0)", "Setup view", show=False),
        Binding("2", "tab(1)", "Train view", show=False),
        Binding("3", "tab(2)", "Inspect view", show=False),
        Binding("4", "tab(3)", "Draw view", show=False),
        Binding("5", "tab(4)", "Files view", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous digits", key_display="[", show=False),
        Binding("right_square_bracket", "page(1)", "Next digits", key_display="]", show=False),
    ]

    DEFAULT_CSS = """
    TrainingLab TabbedContent { height: auto; }
    TrainingLab TabPane { height: auto; padding: 0; }
    TrainingLab #setup-arithmetic { height: auto; }
    TrainingLab #estimate { height: auto; color: $warning; }
    TrainingLab #keys-hint { height: auto; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.dataset: Any | None = None
        self.trainer: Trainer | None = None
        self.run_log: RunLog | None = None
        self.gate = threading.Event()
        self.state = "idle"  # idle | running | paused | stopping
        self.run_config: TrainConfig | None = None
        self.net: Any | None = None
        self.net_config: TrainConfig | None = None
        self.net_origin = ""  # which network ``net`` is, in words (shown by the Inspect view)
        self.last_finished: Any | None = None
        self._armed: TrainConfig | None = None
        self._pending_lr: float | None = None
        self._last_lr_edit = -math.inf
        self._last_chart = 0.0
        self._downloading = False
        self._next_test_digit = 0

    # --- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DataPanel(id="data")
        with TabbedContent(id="tabs"):
            with TabPane("1 Setup", id="tab-setup"):
                yield TrainingControls(form_values(TrainConfig.book()), id="controls")
                yield Static("", id="setup-arithmetic")
                yield Static("", id="estimate")
                yield Static(KEYS_HINT, id="keys-hint")
            with TabPane("2 Train", id="tab-train"):
                yield LivePanel(show_timings=self.show_timings, id="live")
            with TabPane("3 Inspect", id="tab-inspect"):
                yield InspectView(id="inspect")
            with TabPane("4 Draw", id="tab-draw"):
                yield DrawView(id="draw")
            with TabPane("5 Files", id="tab-files"):
                yield FilesView(id="files")

    def on_mount(self) -> None:
        self.query_one(DrawView).predict = self._predict_image
        self._update_arithmetic()
        self._refresh_files()
        self._load_data()
        self.call_after_refresh(self.focus)  # the lab's keys work at once, no field has them

    @property
    def controls(self) -> TrainingControls:
        return self.query_one(TrainingControls)

    @property
    def live(self) -> LivePanel:
        return self.query_one(LivePanel)

    def current_config(self) -> TrainConfig:
        """The settings in the form, as a TrainConfig."""
        return TrainConfig(**self.controls.values(), eval_size=self.eval_size)

    def _train_images(self, config: TrainConfig) -> int:
        total = len(self.dataset.t_train) if self.dataset is not None else self.controls.full_size
        return min(config.train_size or total, total)

    def _arithmetic(self, config: TrainConfig) -> str:
        """The epoch sum for ``config``, after a short name of the data in use."""
        if self.dataset is None:
            source = "Data loading"
        else:
            source = "Real MNIST" if self.dataset.source == "mnist" else "Built-in digits"
        sums = epoch_arithmetic(self._train_images(config), config.batch_size, config.iterations)
        return f"{source}: {sums}"

    def _update_arithmetic(self) -> None:
        config = self.current_config()
        text = self._arithmetic(config)
        self.query_one("#setup-arithmetic", Static).update(text)
        if self.state == "idle":
            self.live.set_arithmetic(text)
        problems = config.validate()
        self.controls.show_problems(problems)

    # --- settings ----------------------------------------------------------------
    @on(TrainingControls.Edited)
    def _edited(self, message: TrainingControls.Edited) -> None:
        self._update_arithmetic()
        if message.name == "learning_rate" and self.state in ("running", "paused"):
            self._change_learning_rate(float(message.value))
        if message.name == "gradient" and message.value == "numerical":
            self._start_estimate()
        elif message.name == "gradient":
            self.query_one("#estimate", Static).update("")

    def _change_learning_rate(self, value: float) -> None:
        old = self._run_lr()
        if self.trainer is None:
            self._pending_lr = value
        else:
            try:
                self.trainer.learning_rate = value
            except ValueError as error:
                self.live.say(str(error))
                return
        iteration = self.run_log.iteration if self.run_log else 0
        now = time.monotonic()
        same_edit = now - self._last_lr_edit < LR_EDIT_SECONDS
        self._last_lr_edit = now
        if value != old or same_edit:
            self.live.lr_changed(iteration, old, value, same_edit=same_edit)
        self._tick(force=True)

    def _run_lr(self) -> float:
        """The learning rate the run uses now."""
        if self.trainer is not None:
            return float(self.trainer.learning_rate)
        if self._pending_lr is not None:
            return self._pending_lr
        return float(self.run_config.learning_rate) if self.run_config else 0.0

    def action_edit_learning_rate(self) -> None:
        """Go to the learning-rate field, its text selected, ready for a new value."""
        self.query_one(TabbedContent).active = "tab-setup"
        field = self.query_one("#field-learning_rate", NumberField)
        self.call_after_refresh(field.focus)

    def action_preset(self, name: str) -> None:
        if self.state != "idle":
            self.notify("Settings are locked while training; only the learning rate can change.")
            return
        config = TrainConfig.faster_learner() if name == "faster" else TrainConfig.book()
        self.controls.set_values(form_values(config, self.controls.full_size))
        self._update_arithmetic()
        self.query_one("#estimate", Static).update("")
        label = "faster learner (ReLU, He, hidden 100, lr 0.3)" if name == "faster" else "book"
        self.notify(f"Settings: {label}.")

    def _start_estimate(self) -> None:
        if self.dataset is None:
            return
        self.query_one("#estimate", Static).update("Timing a numerical gradient…")
        self._estimate(self.current_config())

    @work(thread=True, exclusive=True, group="estimate", exit_on_error=False)
    def _estimate(self, config: TrainConfig) -> None:
        data = self.dataset
        try:
            n = max(config.batch_size, 100)
            probe = TrainConfig(**{**config.to_dict(), "train_size": None})
            trainer = Trainer(
                probe, data.x_train[:n], data.t_train[:n], data.x_test[:10], data.t_test[:10]
            )
            seconds = trainer.estimate_numerical_seconds()
        except Exception as error:  # never a traceback: say why there is no estimate
            self.post_message(EstimateReady(config, None, str(error)))
        else:
            self.post_message(EstimateReady(config, seconds))

    @on(EstimateReady)
    def _estimate_ready(self, message: EstimateReady) -> None:
        if message.seconds is None:
            text = f"Could not time the numerical gradient: {message.error}"
        else:
            total = message.seconds * message.config.iterations
            text = (
                f"Numerical gradient: one update takes about {describe_duration(message.seconds)}"
                f" (just measured), so {message.config.iterations:,} updates would take about "
                f"{describe_duration(total)}. Backprop computes the same in milliseconds."
            )
            if self._armed == message.config:
                text += "\nPress s again to start anyway (x stops it), or choose backprop."
        self.query_one("#estimate", Static).update(text)

    def stop_work(self) -> None:
        """Leaving the lesson: stop the run and every other worker of this lab."""
        if self.trainer is not None:
            self.trainer.stop()
        self.gate.set()
        for group in ("training", "estimate", "download", "data", "inspect"):
            self.workers.cancel_group(self, group)
        super().stop_work()

    def action_test_digit(self) -> None:
        if self.dataset is None:
            return
        self.query_one(TabbedContent).active = "tab-draw"
        index = self._next_test_digit % len(self.dataset.t_test)
        self._next_test_digit = index + 1
        label = int(self.dataset.t_test[index])
        self.query_one(DrawView).show_image(
            self.dataset.x_test[index], f"test image #{index}, labelled {label}"
        )

    # --- looking inside -------------------------------------------------------------
    def _current_net(self) -> Any | None:
        if self.state != "idle" and self.trainer is not None:
            return self.trainer.net
        return self.net

    def _epoch_words(self, iteration: int) -> str:
        per_epoch = self.run_log.iterations_per_epoch if self.run_log else 0
        if not per_epoch:
            return "epoch 0"
        return f"epoch {iteration / per_epoch:.1f}"

    def _net_origin_text(self) -> str:
        """Which network the Inspect and Draw views use, in words."""
        if self.state != "idle" and self.trainer is not None:
            iteration = self.run_log.iteration if self.run_log else 0
            return (
                f"network being trained, as it was at iteration {iteration:,} "
                f"({self._epoch_words(iteration)}); press 3 again to update"
            )
        return self.net_origin or "network"

    def _predict_image(self, image: np.ndarray) -> np.ndarray | None:
        net = self._current_net()
        if net is None:
            return None
        return predict_proba(net, image[np.newaxis])[0]

    def _refresh_views(self) -> None:
        self._refresh_inspect()
        self.query_one(DrawView).update_prediction()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane not in ("tab-draw", "tab-files"):
            self.focus()  # the lab itself: s, p, x … work at once, no field takes the letters
        if pane == "tab-train":
            self._tick(force=True)
        if pane == "tab-inspect":
            self._refresh_inspect()
        elif pane == "tab-draw":
            self.query_one(DrawView).update_prediction()
            self.query_one(DrawingPad).focus()
        elif pane == "tab-files":
            self._refresh_files()
            self.query_one("#saved", OptionList).focus()

    def action_tab(self, index: int) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == TABS[index] == "tab-inspect":
            self._refresh_inspect()  # 3 again: look at the network as it is now
        tabs.active = TABS[index]
