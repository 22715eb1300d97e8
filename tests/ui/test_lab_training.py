"""Pilot tests of lesson 8's training lab: short real runs on a small set of built-in digits."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent

from tests.ui import harness
from tui_nn.data.synthetic import make_digits
from tui_nn.engine.train import (
    EpochDone,
    IterationDone,
    TrainConfig,
    Trainer,
    accuracy,
    make_network,
    predict_proba,
)
from tui_nn.training_session import NetworkInUse, SessionState
from tui_nn.ui.data_store import DataStore, install_data_store
from tui_nn.ui.labs.training import TrainingLab
from tui_nn.ui.labs.training_draw import DrawView
from tui_nn.ui.labs.training_files import FilesView
from tui_nn.ui.labs.training_inspect import DigitGrid, InspectView
from tui_nn.ui.labs.training_live import TrainView
from tui_nn.ui.widgets.confusion import ConfusionMatrix
from tui_nn.ui.widgets.drawing_pad import DrawingPad, mnist_like
from tui_nn.ui.widgets.number_field import NumberField

_DATA: dict[str, Any] = {}

SHORT = {"hidden_size": 10, "batch_size": 20, "iterations": 30, "train_size": 200}
LONG = {"hidden_size": 10, "batch_size": 20, "iterations": 1_000_000, "train_size": 200}


def small_dataset() -> SimpleNamespace:
    """600 training and 200 test built-in digits (made once per test session)."""
    if "data" not in _DATA:
        x_train, t_train = make_digits(600, 11)
        x_test, t_test = make_digits(200, 12)
        _DATA["data"] = SimpleNamespace(
            source="builtin",
            label="built-in digits (test sample)",
            x_train=x_train,
            t_train=t_train,
            x_test=x_test,
            t_test=t_test,
        )
    return _DATA["data"]


def small_loader(source: str | None) -> Any:
    """The data store's loader in these tests: the small built-in set, and no real MNIST."""
    if source == "mnist":
        from tui_nn.data.errors import DataNotFound

        raise DataNotFound("the real MNIST files were not found. Looked in:\n  - nowhere")
    return small_dataset()


class SmallLab(TrainingLab):
    """The lab with per-epoch accuracies on 100 images, to keep runs quick."""

    eval_size = 100


class LabApp(harness.LabApp):
    """The shared harness's app (the lab and a Footer), with the small lab and small data."""

    def __init__(
        self, lab: TrainingLab | None = None, loader: Callable[[str | None], Any] | None = None
    ) -> None:
        super().__init__(lab or SmallLab())
        install_data_store(self, DataStore(self, loader or small_loader))  # type: ignore[arg-type]


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the lab")
        await pilot.pause(0.02)


async def send_keys(pilot: Pilot, *keys: str) -> None:
    """Press keys while training runs, without Pilot's wait for an idle CPU.

    ``pilot.press`` waits until the process stops using CPU, which never happens
    while a training thread runs (it then gives up after 2 s per key); this sends
    the same key events and lets the tests wait for the effect they expect.
    """
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver = pilot.app._driver
        assert driver is not None
        driver.send_message(event)
        await pilot.pause(0.01)


async def ready(pilot: Pilot, settings: dict[str, Any] | None = None) -> TrainingLab:
    lab = pilot.app.query_one(TrainingLab)
    await wait_for(pilot, lambda: lab.dataset is not None)
    if settings:
        lab.controls.set_values(settings)
    await wait_for(pilot, lambda: pilot.app.focused is lab)  # the lab's keys work at once
    await pilot.pause()
    return lab


def ended(lab: TrainingLab) -> bool:
    """The run is over and the lab has shown its end (the controls are unlocked)."""
    return (
        lab.session.ended is not None
        and not lab.session.active
        and not lab.query_one("#field-hidden_size").disabled
    )


def finished(lab: TrainingLab) -> Any:
    """The trainer's last event of the last run."""
    assert lab.session.ended is not None and lab.session.ended.finished is not None
    return lab.session.ended.finished


def iteration(lab: TrainingLab) -> int:
    log = lab.session.log
    return 0 if log is None else log.iteration


def trained_net(lab: TrainingLab) -> Any:
    network = lab.session.network
    return None if network is None else network.net


async def run_to_end(pilot: Pilot, lab: TrainingLab) -> None:
    await send_keys(pilot, "s")
    await wait_for(pilot, lambda: lab.session.active or ended(lab))
    await wait_for(pilot, lambda: ended(lab))
    await pilot.pause()


async def shown_matrix(pilot: Pilot, lab: TrainingLab) -> np.ndarray:
    """The confusion matrix the Inspect view shows, once it is there."""
    view = lab.query_one("#confusion", ConfusionMatrix)
    await wait_for(pilot, lambda: view.matrix is not None)
    assert view.matrix is not None
    return view.matrix


def text_of(lab: TrainingLab, selector: str) -> str:
    return harness.shown_text(lab, selector)


async def test_short_run_shows_numbers_from_that_run() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, SHORT)
        await run_to_end(pilot, lab)
        done = finished(lab)
        assert done.iterations == 30 and done.reason == "done"
        assert lab.session.state is SessionState.FINISHED
        result = text_of(lab, "#result")
        assert f"test accuracy {done.test_accuracy:.4f}" in result
        assert f"train accuracy {done.train_accuracy:.4f}" in result
        # the same run headless gives the same losses and epoch accuracies as the screen shows
        data = small_dataset()
        config = TrainConfig(**{**TrainConfig.book().to_dict(), **SHORT, "eval_size": 100})
        events = list(Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test).run())
        losses = [e.loss for e in events if isinstance(e, IterationDone)]
        epochs = [e for e in events if isinstance(e, EpochDone)]
        live = lab.query_one(TrainView)
        assert np.allclose(live.losses, losses)
        assert [(e.epoch, e.train_accuracy, e.test_accuracy) for e in live.epochs] == [
            (e.epoch, e.train_accuracy, e.test_accuracy) for e in epochs
        ]
        last = epochs[-1]
        assert f"epoch {last.epoch:>3}: train {last.train_accuracy:.4f}" in text_of(lab, "#epochs")
        status = text_of(lab, "#status")
        assert "iter 30/30" in status and "epoch 3.0/3.0" in status
        assert "200 images ÷ 20 per batch = 10 iterations" in text_of(lab, "#arithmetic")
        # the inspect view's confusion matrix is the trained net's, on the whole test set
        await pilot.press("3")
        matrix = await shown_matrix(pilot, lab)
        assert matrix.sum() == len(data.t_test)
        net_accuracy = accuracy(trained_net(lab), data.x_test, data.t_test)
        assert np.trace(matrix) / matrix.sum() == pytest.approx(net_accuracy)
        assert f"accuracy {net_accuracy:.4f}" in text_of(lab, "#matrix-note")


async def test_pause_resume_and_stop() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, LONG)
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: iteration(lab) > 5)
        assert re.fullmatch(r"training \d+%", lab.busy() or ""), lab.busy()
        loss = lab.busy_loss() or ""
        assert re.fullmatch(r"the training in progress \(epoch [1-9]\d* of 100,000\)", loss), loss
        await send_keys(pilot, "p")
        log = lab.session.log
        assert log is not None
        await wait_for(pilot, lambda: lab.session.state is SessionState.PAUSED and log.paused)
        held = log.iteration
        await asyncio.sleep(0.3)
        assert log.iteration == held
        await wait_for(pilot, lambda: "paused · iter" in text_of(lab, "#status"))
        assert re.fullmatch(r"training paused at \d+%", lab.busy() or ""), lab.busy()
        await pilot.press("p")  # paused: the CPU is idle, so pilot.press works here
        assert lab.session.state is SessionState.RUNNING
        await wait_for(pilot, lambda: log.iteration > held + 5)
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(lab))
        assert finished(lab).reason == "stopped" and finished(lab).stopped_early
        assert f"stopped: {finished(lab).iterations:,} iterations" in text_of(lab, "#result")
        assert lab.busy() is None and lab.busy_loss() is None


async def test_learning_rate_changes_while_running() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, LONG)
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: iteration(lab) > 2)
        field = lab.query_one("#field-learning_rate", NumberField)
        assert not field.disabled and lab.query_one("#field-hidden_size").disabled
        await send_keys(pilot, "1")
        await wait_for(pilot, lambda: lab.query_one(TabbedContent).active == "tab-setup")
        await pilot.pause(0.05)
        field.focus()
        await wait_for(pilot, lambda: pilot.app.focused is field)
        await send_keys(pilot, "0", ".", "0", "5")
        await wait_for(pilot, lambda: lab.session.learning_rate == 0.05)
        # one change (typing 0.05 passes through 0 and 0.0), said with its iteration
        assert len(lab.live.lr_changes) == 1
        at, old, new = (lambda c: (c.iteration, c.old, c.new))(lab.live.lr_changes[0])
        assert (old, new) == (0.1, 0.05) and 2 < at <= iteration(lab)
        assert f"lr 0.1 → 0.05 at iteration {at:,}" in text_of(lab, "#note")
        await send_keys(pilot, "escape", "2")  # Esc gives the keys back to the lab
        await wait_for(pilot, lambda: "lr 0.05" in text_of(lab, "#status"))
        lab.stop_work()  # closing the lab (the app quits) stops the run
        await wait_for(pilot, lambda: lab.session.state is SessionState.STOPPED)


async def test_keys_answered_while_training() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, LONG)
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: iteration(lab) > 2)
        tabs = lab.query_one(TabbedContent)
        before = iteration(lab)
        await send_keys(pilot, "3")
        # Answered while the run goes on (not held until it ends): the view switches while the
        # session runs, and the run made updates meanwhile.  How fast a key is answered is
        # bench/serve_load.py's and bench/monkey.py's figure, not a unit test's.
        await wait_for(pilot, lambda: tabs.active == "tab-inspect")
        assert lab.session.state is SessionState.RUNNING
        await wait_for(pilot, lambda: iteration(lab) > before)
        matrix = await shown_matrix(pilot, lab)
        assert matrix.sum() == len(small_dataset().t_test)
        await send_keys(pilot, "i")
        await wait_for(pilot, lambda: lab.query_one(InspectView).view == "digits")
        grid = lab.query_one(DigitGrid)
        # The run goes on, so newer guesses may replace the ones ``n`` looked at (set_data
        # swaps the arrays): keep the ones it used, and check it landed on a wrong guess there.
        used: list[np.ndarray | None] = []
        next_mistake = grid.next_mistake

        def recording_next_mistake() -> int | None:
            used.append(grid.predictions)
            return next_mistake()

        grid.next_mistake = recording_next_mistake  # type: ignore[method-assign]
        await send_keys(pilot, "n")
        await wait_for(pilot, lambda: grid.start > 0)
        assert used and used[-1] is not None and grid.labels is not None
        assert used[-1][grid.start] != grid.labels[grid.start]
        await send_keys(pilot, "2")
        await wait_for(pilot, lambda: tabs.active == "tab-train")
        assert lab.session.state is SessionState.RUNNING
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(lab))


async def test_save_and_load_round_trip(tui_nn_home: Path) -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, SHORT)
        await run_to_end(pilot, lab)
        trained = {k: v.copy() for k, v in trained_net(lab).params.items()}
        await pilot.press("w")
        await wait_for(pilot, lambda: "Saved to" in text_of(lab, "#files-message"))
        saved = list((tui_nn_home / "data" / "nets").glob("*.npz"))
        assert len(saved) == 1
        await wait_for(pilot, lambda: len(lab.query_one(FilesView).files) == 1)
        listed = str(lab.query_one("#saved", OptionList).get_option_at_index(0).prompt)
        assert f"test accuracy {finished(lab).test_accuracy:.4f}" in listed
        lab.controls.set_values({"hidden_size": 77})
        await pilot.press("enter")  # the Files view's list has the focus: Enter loads
        await wait_for(pilot, lambda: "Loaded" in text_of(lab, "#files-message"))
        network = lab.session.network
        assert network is not None and network.file_name == saved[0].name
        assert all(np.array_equal(network.net.params[k], trained[k]) for k in trained)
        assert lab.controls.values()["hidden_size"] == 10


async def test_damaged_files_are_listed_as_damaged_and_say_why(tui_nn_home: Path) -> None:
    folder = tui_nn_home / "data" / "nets"
    folder.mkdir(parents=True)
    (folder / "broken.npz").write_bytes(b"this is not a network")
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("5")
        files = lab.query_one(FilesView)
        await wait_for(pilot, lambda: len(files.files) == 1)
        options = lab.query_one("#saved", OptionList)
        listed = str(options.get_option_at_index(0).prompt)
        assert "broken.npz" in listed and "damaged, cannot be loaded" in listed
        assert options.highlighted is None  # a damaged file is never highlighted first
        await pilot.press("o")
        assert "broken.npz cannot be read (damaged)" in text_of(lab, "#files-message")
        await pilot.press("down", "enter")
        message = text_of(lab, "#files-message")
        assert "Could not load broken.npz" in message and "not a saved network" in message
        assert lab.session.network is None


async def test_an_empty_file_from_an_interrupted_save_is_not_picked_first(
    tui_nn_home: Path,
) -> None:
    import os

    from tui_nn.engine.saving import save_network

    folder = tui_nn_home / "data" / "nets"
    config = TrainConfig.book(hidden_size=4)
    good = save_network(folder / "good.npz", make_network(config), config, {})
    empty = folder / "sigmoid-h4-empty.npz"
    empty.write_bytes(b"")
    os.utime(good, (1, 1))  # the empty one is the newest, so it is listed first
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("5")
        files = lab.query_one(FilesView)
        await wait_for(pilot, lambda: len(files.files) == 2)
        assert [f.path.name for f in files.files] == [empty.name, "good.npz"]
        assert "the file is empty" in str(
            lab.query_one("#saved", OptionList).get_option_at_index(0).prompt
        )
        chosen = files.selected()
        assert chosen is not None and chosen.path.name == "good.npz"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Loaded good.npz" in text_of(lab, "#files-message"))


async def test_a_folder_that_cannot_be_read_says_so(
    tui_nn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tui_nn_home / "data" / "nets"
    folder.mkdir(parents=True)
    real_scandir = os.scandir

    def refuse(path: Any) -> Any:  # chmod 000 does not stop root, who runs CI
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: "cannot be read" in text_of(lab, "#files-message"))
        listed = str(lab.query_one("#saved", OptionList).get_option_at_index(0).prompt)
        assert "cannot be read: Permission denied" in listed
        assert "no saved networks yet" not in listed


async def test_listing_and_loading_run_off_the_interface_thread(
    tui_nn_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import tui_nn.engine.saving as saving
    from tui_nn.engine.saving import save_network

    config = TrainConfig.book(hidden_size=4)
    save_network(tui_nn_home / "data" / "nets" / "one.npz", make_network(config), config, {})
    threads: list[str] = []
    real_load = saving.load_network

    def recording_load(path: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_load(path)

    monkeypatch.setattr(saving, "load_network", recording_load)
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: len(lab.query_one(FilesView).files) == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Loaded one.npz" in text_of(lab, "#files-message"))
    assert len(threads) >= 2  # listed (read once), then loaded
    assert threading.main_thread().name not in threads


async def test_drawing_pad_gives_probabilities() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        config = TrainConfig.book(hidden_size=10)
        net = make_network(config)
        lab.session.use_network(NetworkInUse(net, config, file_name="test.npz"))
        await pilot.press("4")
        pad = lab.query_one(DrawingPad)
        assert pad.has_focus
        await pilot.press("space", *["down"] * 5, "right", "space")
        probabilities = lab.query_one("#draw", DrawView).probabilities
        assert probabilities is not None
        expected = predict_proba(net, mnist_like(pad.pixels)[np.newaxis])[0]
        assert np.allclose(probabilities, expected) and probabilities.sum() == pytest.approx(1)
        best = int(np.argmax(expected))
        assert f"I think it is a {best}" in text_of(lab, "#draw-answer")
        await pilot.press("backspace")
        assert pad.is_empty and lab.query_one("#draw", DrawView).probabilities is None
        await pilot.press("t")  # the first test image, on the pad
        data = small_dataset()
        assert np.allclose(pad.pixels, data.x_test[0] / 255.0)
        assert f"test image #0, labelled {data.t_test[0]}" in text_of(lab, "#draw-answer")
        await pilot.press("space")  # drawing on it makes it the learner's own picture
        assert "test image" not in text_of(lab, "#draw-answer")


async def test_diverging_run_says_so() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        settings = {**SHORT, "learning_rate": 1e5, "activation": "relu", "weight_init": "he"}
        lab = await ready(pilot, settings)
        await run_to_end(pilot, lab)
        assert finished(lab).reason == "done"  # the loss stays finite, but high
        verdict = text_of(lab, "#verdict")
        assert "A learning rate of 100000 is too big" in verdict, verdict
        assert lab.query_one(TrainView).losses[-1] > 2.2


async def test_a_diverged_run_is_said_plainly() -> None:
    from tui_nn.engine.train import TrainingFinished
    from tui_nn.training_session import RunEnded

    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        end = TrainingFinished(12, None, None, 0.5, True, "diverged (loss is nan)")
        lab.live.learning_rate = 1000.0
        lab.live.show_end(RunEnded(SessionState.DIVERGED, end), None)
        await pilot.pause()
        assert "The loss blew up (diverged (loss is nan))" in text_of(lab, "#note")
        assert "learning rate of 1000 makes each step overshoot" in text_of(lab, "#note")
        result = text_of(lab, "#result")
        assert result.startswith("diverged: 12 iterations") and "test accuracy n/a" in result


async def test_bad_input_is_reported_inline_and_ignored() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        field = lab.query_one("#field-batch_size", NumberField)
        field.focus()
        await pilot.press("-", "3")
        assert "Keeping 100" in str(field.error)
        assert lab.current_config().batch_size == 100


async def test_numerical_gradient_is_estimated_before_it_starts() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, {**SHORT, "gradient": "numerical"})
        await send_keys(pilot, "s")
        assert lab.session.state is SessionState.IDLE
        await wait_for(pilot, lambda: "Press s again" in text_of(lab, "#estimate"))
        assert "would take about" in text_of(lab, "#estimate")
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: lab.session.log is not None)
        log = lab.session.log
        assert log is not None
        await wait_for(pilot, lambda: log.gradient_done > 0)
        # pausing works inside one slow numerical step, between two weights
        await send_keys(pilot, "p")
        await wait_for(pilot, lambda: log.paused)
        held = log.gradient_done
        await asyncio.sleep(0.2)
        assert log.gradient_done == held
        await wait_for(pilot, lambda: "numerical gradient" in text_of(lab, "#status"))
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(lab))
        assert finished(lab).reason == "stopped"
        await pilot.pause(0.3)
        # one truth: the status line says what the result line says
        status = text_of(lab, "#status")
        assert status.startswith("stopped · iter"), status
        assert text_of(lab, "#result").startswith("stopped:")


async def test_presets_fill_the_form() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("f")
        values = lab.current_config()
        assert (values.activation, values.weight_init, values.hidden_size) == ("relu", "he", 100)
        assert values.learning_rate == 0.3
        await pilot.press("b")
        assert lab.current_config() == TrainConfig.book(eval_size=100)


def fake_mnist() -> SimpleNamespace:
    real = SimpleNamespace(**vars(small_dataset()))
    real.source, real.label = "mnist", "real MNIST (fake)"
    return real


async def test_download_shows_progress_then_switches_to_mnist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import tui_nn.data.download

    release = threading.Event()
    downloaded = threading.Event()

    def fake_download(progress: Callable[..., None] | None = None, **_: Any) -> Path:
        assert progress is not None
        progress("train-images-idx3-ubyte.gz", 1_000_000, 2_000_000)
        release.wait(10)
        progress("train-images-idx3-ubyte.gz", 2_000_000, 2_000_000)
        downloaded.set()
        return Path("unused")

    real = fake_mnist()

    def loader(source: str | None) -> Any:
        return real if source == "mnist" and downloaded.is_set() else small_loader(source)

    monkeypatch.setattr(tui_nn.data.download, "download_mnist", fake_download)
    async with LabApp(loader=loader).run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        assert "d: download real MNIST" in text_of(lab, "#data-label")
        await pilot.press("d")
        await wait_for(pilot, lambda: "1.0 of 2.0 MB" in text_of(lab, "#download-text"))
        assert lab.query_one("#data").has_class("downloading")
        assert lab.busy() == "downloading MNIST 50%"
        assert "download" in (lab.busy_loss() or "")
        release.set()
        await wait_for(pilot, lambda: lab.dataset is real)
        await pilot.pause()
        assert "real MNIST (fake)" in text_of(lab, "#data-label")
        assert not lab.query_one("#data").has_class("downloading")
        assert lab.busy() is None


async def test_quitting_during_a_hanging_download_does_not_wait_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import tui_nn.data.download

    hang = threading.Event()
    started = threading.Event()

    returned = threading.Event()

    def hanging_download(**_: Any) -> Path:  # a mirror that never answers
        started.set()
        hang.wait(60)
        returned.set()
        return Path("unused")

    monkeypatch.setattr(tui_nn.data.download, "download_mnist", hanging_download)
    try:
        async with LabApp().run_test(size=(100, 32)) as pilot:
            lab = await ready(pilot)
            await pilot.press("d")
            await wait_for(pilot, lambda: started.is_set())
            assert lab.busy() == "downloading MNIST"
            lab.stop_work()  # what the app does on quit
            await wait_for(pilot, lambda: not any(
                w.name.startswith("download") and w.is_running for w in lab.workers
            ))
        # The app closed while the download was still hanging: it did not wait for the mirror
        # (the hanging call returns only once the test lets it, below).
        assert started.is_set() and not returned.is_set()
    finally:
        hang.set()


async def test_failed_download_keeps_the_builtin_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui_nn.data.download
    from tui_nn.data.errors import DownloadError

    def failing_download(**_: Any) -> Path:
        raise DownloadError("no mirror answered")

    monkeypatch.setattr(tui_nn.data.download, "download_mnist", failing_download)
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: "Download failed" in text_of(lab, "#download-text"))
        assert "no mirror answered" in text_of(lab, "#download-text")
        assert lab.dataset is small_dataset()


async def test_drawing_with_the_mouse_inks_the_dragged_line() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("4")
        pad = lab.query_one(DrawingPad)
        # offsets are from the pad's top-left corner, border included: cell (c, r) is (c+1, r+1)
        await pilot.mouse_down(pad, offset=(6, 3))
        await pilot.hover(pad, offset=(16, 3))
        await pilot.mouse_up(pad, offset=(16, 3))
        inked_columns = np.flatnonzero(pad.pixels[4] >= 1.0)  # pixel row 4 = cell row 2
        assert inked_columns.min() == 5 and inked_columns.max() == 15
        assert set(range(5, 16)) <= set(inked_columns.tolist())  # no gaps along the drag
        assert not pad.pixels[20:].any()


async def test_switching_data_keeps_the_old_data_when_mnist_is_missing() -> None:
    real = fake_mnist()
    found = {"mnist": False}

    def loader(source: str | None) -> Any:
        if source == "mnist" and found["mnist"]:
            return real
        return small_loader(source)

    async with LabApp(loader=loader).run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        assert "Built-in digits: 1 epoch" in text_of(lab, "#setup-arithmetic")
        await pilot.press("u")
        await wait_for(pilot, lambda: "could not switch" in text_of(lab, "#data-label"))
        assert "real MNIST was not found (d downloads it)" in text_of(lab, "#data-label")
        assert lab.dataset is small_dataset()
        found["mnist"] = True
        await pilot.press("u")
        await wait_for(pilot, lambda: lab.dataset is real)
        await pilot.pause()
        assert "real MNIST (fake)" in text_of(lab, "#data-label")
        assert "Real MNIST: 1 epoch" in text_of(lab, "#setup-arithmetic")
        await pilot.press("u")
        await wait_for(pilot, lambda: lab.dataset is small_dataset())
