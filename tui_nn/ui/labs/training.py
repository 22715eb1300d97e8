"""Lesson 8's lab: train a TwoLayerNet on MNIST live, look inside it, draw digits, keep it.

The lab is split by job: ``training_controls`` (the settings form),
``training_live`` (status, progress and charts), ``training_worker`` (the
training thread and its small messages), ``training_inspect`` (confusion
matrix, test digits, weights), ``training_draw`` (drawing pad),
``training_files`` (save/load) and ``training_data`` (data line, download).
This module wires them together and holds the keys.
"""

from __future__ import annotations

import threading
import time
from dataclasses import fields
from typing import Any, ClassVar

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from tui_nn.engine.train import (
    TrainConfig,
    Trainer,
    confusion_matrix,
    iterations_per_epoch,
    predict_labels,
    predict_proba,
)
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.labs.training_controls import TrainingControls, describe_duration, epoch_arithmetic
from tui_nn.ui.labs.training_data import (
    DataPanel,
    DataReady,
    DownloadCancelled,
    DownloadDone,
    DownloadProgress,
)
from tui_nn.ui.labs.training_draw import DrawView
from tui_nn.ui.labs.training_files import FilesView, describe_meta
from tui_nn.ui.labs.training_inspect import DigitGrid, InspectView
from tui_nn.ui.labs.training_live import LivePanel, learning_problem
from tui_nn.ui.labs.training_worker import (
    EpochReport,
    EstimateReady,
    RunLog,
    TrainingEnded,
    TrainingTick,
    drive,
)
from tui_nn.ui.widgets.drawing_pad import DrawingPad

TABS = ("tab-setup", "tab-train", "tab-inspect", "tab-draw", "tab-files")
CHART_SECONDS = 0.25  # the loss chart redraws at most four times a second
INSPECT_LIMIT = 10_000  # test images used by the confusion matrix and the digit grid
FORM_FIELDS = tuple(f.name for f in fields(TrainConfig) if f.name not in ("eval_size", "sampling"))
KEYS_HINT = (
    "s start · p pause/resume · x stop · b book preset · f faster learner · "
    "1-5 switch views · i inspect view · n next mistake · w save · o load · "
    "train size 0 = all images"
)


def form_values(config: TrainConfig) -> dict[str, Any]:
    """The settings of ``config`` that the form shows (train size None shows as 0 = all)."""
    values = {name: getattr(config, name) for name in FORM_FIELDS}
    values["train_size"] = values["train_size"] or 0
    return values


class TrainingLab(Lab):
    """Train on MNIST (or the built-in digits), live."""

    show_timings: ClassVar[bool] = True  # tests that snapshot the screen turn the clock off
    eval_size: ClassVar[int | None] = None  # None: accuracies on every image, like the book

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start", priority=True),
        Binding("p", "pause", "Pause/resume", priority=True),
        Binding("x", "stop", "Stop", priority=True),
        Binding("b", "preset('book')", "Book preset", priority=True, show=False),
        Binding("f", "preset('faster')", "Faster learner", priority=True),
        Binding("i", "inspect_next", "Inspect view", priority=True, show=False),
        Binding("n", "next_mistake", "Next mistake", priority=True),
        Binding("w", "save", "Save net", priority=True),
        Binding("o", "load", "Load net", priority=True, show=False),
        Binding("d", "download", "Download MNIST", priority=True, show=False),
        Binding("1", "tab(0)", "Setup view", show=False),
        Binding("2", "tab(1)", "Train view", show=False),
        Binding("3", "tab(2)", "Inspect view", show=False),
        Binding("4", "tab(3)", "Draw view", show=False),
        Binding("5", "tab(4)", "Files view", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous digits", show=False),
        Binding("right_square_bracket", "page(1)", "Next digits", show=False),
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
        self.last_finished: Any | None = None
        self._armed: TrainConfig | None = None
        self._pending_lr: float | None = None
        self._last_chart = 0.0
        self._downloading = False

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
        total = len(self.dataset.t_train) if self.dataset is not None else 60_000
        return min(config.train_size or total, total)

    def _update_arithmetic(self) -> None:
        config = self.current_config()
        text = epoch_arithmetic(self._train_images(config), config.batch_size, config.iterations)
        self.query_one("#setup-arithmetic", Static).update(text)
        if self.state == "idle":
            self.live.set_arithmetic(text)
        problems = config.validate()
        self.controls.show_problems(problems)

    # --- data ------------------------------------------------------------------------
    def fetch_dataset(self) -> Any:
        """The data to train on (runs in a worker thread): real MNIST if found, else built-in."""
        from tui_nn.data import load_dataset

        return load_dataset()

    @work(thread=True, exclusive=True, group="data", exit_on_error=False)
    def _load_data(self) -> None:
        try:
            dataset = self.fetch_dataset()
        except Exception as error:  # a broken file must not take the app down
            self.post_message(DataReady(None, error=f"{type(error).__name__}: {error}"))
        else:
            self.post_message(DataReady(dataset))

    @on(DataReady)
    def _data_ready(self, message: DataReady) -> None:
        if message.dataset is None:
            self.query_one(DataPanel).show_error(f"could not load ({message.error})")
            return
        self.dataset = message.dataset
        self.query_one(DataPanel).show_dataset(self.dataset)
        self._update_arithmetic()

    def action_download(self) -> None:
        if self.dataset is not None and getattr(self.dataset, "source", "") == "mnist":
            self.notify("Real MNIST is already in use.")
            return
        if self._downloading:
            return
        self._downloading = True
        self.query_one(DataPanel).start_download()
        self._download()

    @work(thread=True, exclusive=True, group="download", exit_on_error=False)
    def _download(self) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(file_name: str, done: int, total: int | None) -> None:
            if worker.is_cancelled:
                raise DownloadCancelled()
            now = time.monotonic()
            if now - last[0] >= 0.1 or (total is not None and done >= total):
                last[0] = now
                self.post_message(DownloadProgress(file_name, done, total))

        try:
            from tui_nn.data import load_dataset
            from tui_nn.data.download import download_mnist

            download_mnist(progress=progress)
            dataset = load_dataset(source="mnist")
        except DownloadCancelled:
            return
        except Exception as error:  # network trouble, bad checksum …: say so, keep going
            self.post_message(DownloadDone(error=str(error) or type(error).__name__))
            return
        self.post_message(DownloadDone())
        self.post_message(DataReady(dataset))

    @on(DownloadProgress)
    def _download_progress(self, message: DownloadProgress) -> None:
        self.query_one(DataPanel).download_progress(message.file_name, message.done, message.total)

    @on(DownloadDone)
    def _download_done(self, message: DownloadDone) -> None:
        self._downloading = False
        self.query_one(DataPanel).end_download(message.error)

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
        if self.trainer is None:
            self._pending_lr = value
            return
        try:
            self.trainer.learning_rate = value
        except ValueError as error:
            self.live.say(str(error))
            return
        iteration = self.run_log.iteration if self.run_log else 0
        self.live.say(f"learning rate is now {value:g} (from iteration {iteration:,})")

    def action_preset(self, name: str) -> None:
        if self.state != "idle":
            self.notify("Settings are locked while training; only the learning rate can change.")
            return
        config = TrainConfig.faster_learner() if name == "faster" else TrainConfig.book()
        self.controls.set_values(form_values(config))
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
            trainer = Trainer(probe, data.x_train[:n], data.t_train[:n], data.x_test[:10],
                              data.t_test[:10])
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

    # --- running ----------------------------------------------------------------------
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
        live.reset(config.iterations)
        live.set_arithmetic(
            epoch_arithmetic(self._train_images(config), config.batch_size, config.iterations)
        )
        live.set_status("preparing the data…")
        self.query_one(TabbedContent).active = "tab-train"
        self._train(config, self.run_log, self.gate)

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train(self, config: TrainConfig, log: RunLog, gate: threading.Event) -> None:
        worker = get_current_worker()
        data = self.dataset
        try:
            trainer = Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test)
        except (ValueError, MemoryError) as error:
            self.post_message(TrainingEnded(None, error=str(error)))
            return
        if self._pending_lr is not None:
            trainer.learning_rate = self._pending_lr
        self.trainer = trainer
        drive(trainer, log, self.post_message, gate, lambda: worker.is_cancelled)

    def _state_word(self) -> str:
        return {"running": "training", "paused": "paused", "stopping": "stopping"}.get(
            self.state, "done"
        )

    @on(TrainingTick)
    def _tick(self, force: bool = False) -> None:
        """Show the new losses; only the visible Train view is redrawn, charts 4 times a second."""
        if self.run_log is None:
            return
        live = self.live
        view = self.run_log.view(since=len(live.losses))
        live.add_losses(view.new_losses)
        if self.query_one(TabbedContent).active != "tab-train":
            return
        live.show_progress(view, self._state_word())
        now = time.monotonic()
        if force or now - self._last_chart >= CHART_SECONDS:
            self._last_chart = now
            live.redraw()

    @on(EpochReport)
    def _epoch(self, message: EpochReport) -> None:
        self.live.add_epoch(
            message.epoch, message.iteration, message.train_accuracy, message.test_accuracy
        )

    @on(TrainingEnded)
    def _ended(self, message: TrainingEnded) -> None:
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
            f"train accuracy {finished.train_accuracy:.4f} · "
            f"test accuracy {finished.test_accuracy:.4f}"
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
        elif word == "done":
            live.say(learning_problem(live.losses, lr) or "")
        live.redraw()
        if self.trainer is not None:
            self.net = self.trainer.net
            self.net_config = self.run_config
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

    def stop_work(self) -> None:
        """Leaving the lesson: stop the run and every other worker of this lab."""
        if self.trainer is not None:
            self.trainer.stop()
        self.gate.set()
        for group in ("training", "estimate", "download", "data"):
            self.workers.cancel_group(self, group)
        super().stop_work()

    # --- looking inside -------------------------------------------------------------
    def _current_net(self) -> Any | None:
        if self.state != "idle" and self.trainer is not None:
            return self.trainer.net
        return self.net

    def _predict_image(self, image: np.ndarray) -> np.ndarray | None:
        net = self._current_net()
        if net is None:
            return None
        return predict_proba(net, image[np.newaxis])[0]

    def _refresh_views(self) -> None:
        self._refresh_inspect()
        self.query_one(DrawView).update_prediction()

    def _refresh_inspect(self) -> None:
        net = self._current_net()
        if net is None or self.dataset is None:
            return
        images = self.dataset.x_test[:INSPECT_LIMIT]
        labels = self.dataset.t_test[:INSPECT_LIMIT]
        matrix = confusion_matrix(net, images, labels)
        predictions = predict_labels(net, images)
        self.query_one(InspectView).show_results(
            matrix, images, labels, predictions, net.params["W1"]
        )

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane not in ("tab-draw", "tab-files"):
            self.query_one(TabbedContent).query_one(Tabs).focus()
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
        self.query_one(TabbedContent).active = TABS[index]

    def action_inspect_next(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active != "tab-inspect":
            tabs.active = "tab-inspect"
            return
        self.query_one(InspectView).switch()
        self._refresh_inspect()

    def action_next_mistake(self) -> None:
        self.query_one(TabbedContent).active = "tab-inspect"
        self.query_one(InspectView).switch("digits")
        grid = self.query_one(DigitGrid)
        if grid.predictions is None:
            self._refresh_inspect()
        if grid.predictions is None:
            self.notify("No network yet: train or load one first.")
        elif grid.next_mistake() is None:
            self.notify("No mistakes on these test digits.")

    def action_page(self, step: int) -> None:
        self.query_one(DigitGrid).page(step)

    # --- keeping it -----------------------------------------------------------------
    def _refresh_files(self) -> None:
        from tui_nn.engine.saving import list_saved_networks, nets_dir

        self.query_one(FilesView).show_files(list_saved_networks(), nets_dir())

    def action_save(self) -> None:
        from tui_nn.engine.saving import save_network

        files = self.query_one(FilesView)
        self.query_one(TabbedContent).active = "tab-files"
        if self.state != "idle":
            files.say("Wait for the run to end (or press x) before saving.", error=True)
            return
        if self.net is None or self.net_config is None:
            files.say("There is no network to save yet: train one first (s).", error=True)
            return
        meta: dict[str, Any] = {}
        if self.dataset is not None:
            meta["data"] = str(self.dataset.label)
        finished = self.last_finished
        if finished is not None:
            meta.update(
                iterations=int(finished.iterations),
                train_accuracy=float(finished.train_accuracy),
                test_accuracy=float(finished.test_accuracy),
            )
        try:
            path = save_network(None, self.net, self.net_config, meta)
        except (ValueError, OSError) as error:
            files.say(f"Could not save: {error}", error=True)
            return
        self._refresh_files()
        files.say(f"Saved to {path}")

    @on(OptionList.OptionSelected, "#saved")
    def _file_chosen(self) -> None:
        self.action_load()

    def action_load(self) -> None:
        from tui_nn.engine.saving import load_network

        files = self.query_one(FilesView)
        self.query_one(TabbedContent).active = "tab-files"
        if self.state != "idle":
            files.say("Wait for the run to end (or press x) before loading.", error=True)
            return
        path = files.selected()
        if path is None:
            files.say("No saved network to load: save one first (w).", error=True)
            return
        try:
            net, config, meta = load_network(path)
        except ValueError as error:
            files.say(f"Could not load {path.name}: {error}", error=True)
            return
        self.net, self.net_config, self.last_finished = net, config, None
        self.controls.set_values(form_values(config))
        self._update_arithmetic()
        summary = describe_meta(meta)
        files.say(
            f"Loaded {path.name}: {config.activation}, {config.hidden_size} hidden units"
            + (f" ({summary})" if summary else "")
            + ". Press 3 to inspect it, 4 to draw."
        )
        self._refresh_views()
