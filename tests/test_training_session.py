"""TrainingSession, lesson 8's model: runs, pause, stop, lr changes, ends — no Textual."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from tui_nn.data.synthetic import make_digits
from tui_nn.engine.train import EpochDone, IterationDone, TrainConfig, Trainer
from tui_nn.training_session import (
    LR_EDIT_SECONDS,
    EpochMeasured,
    LrChange,
    NetworkInUse,
    RunEnded,
    SessionEvent,
    SessionState,
    Tick,
    TrainingData,
    TrainingSession,
    estimate_update_seconds,
)

_DATA: dict[str, TrainingData] = {}


def data() -> TrainingData:
    if "d" not in _DATA:
        x, t = make_digits(300, 5)
        _DATA["d"] = TrainingData(x, t, x[:50], t[:50])
    return _DATA["d"]


def config(**changes: object) -> TrainConfig:
    base = {"hidden_size": 10, "batch_size": 20, "iterations": 60, "eval_size": 50}
    return TrainConfig.book(**{**base, **changes})


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Recorder:
    """``notify`` for tests: keeps every event (from whichever thread sends it)."""

    def __init__(self) -> None:
        self.events: list[SessionEvent] = []
        self.lock = threading.Lock()

    def __call__(self, event: SessionEvent) -> None:
        with self.lock:
            self.events.append(event)

    def kinds(self) -> list[type]:
        with self.lock:
            return [type(e) for e in self.events]


def run_in_thread(session: TrainingSession, notify: Recorder, **kw: object) -> threading.Thread:
    thread = threading.Thread(target=session.run, args=(notify,), kwargs=kw, daemon=True)
    thread.start()
    return thread


def test_a_run_logs_what_the_trainer_did_and_reports_in_few_events() -> None:
    session = TrainingSession()
    assert session.state is SessionState.IDLE and session.network is None
    cfg = config(iterations=300)
    session.start(cfg, data())
    assert session.state is SessionState.PREPARING and session.active
    notify = Recorder()
    ended = session.run(notify, interval=0.05)
    assert ended.state is SessionState.FINISHED and session.state is SessionState.FINISHED
    assert not session.active and ended.finished is not None and ended.error == ""
    # the same settings headless: the same losses and epoch accuracies
    d = data()
    events = list(Trainer(cfg, d.x_train, d.t_train, d.x_test, d.t_test).run())
    losses = [e.loss for e in events if isinstance(e, IterationDone)]
    epochs = [e for e in events if isinstance(e, EpochDone)]
    log = session.log
    assert log is not None and np.allclose(log.losses, losses) and log.iteration == 300
    assert [(e.epoch, e.train_accuracy, e.test_accuracy) for e in log.epoch_rows()] == [
        (e.epoch, e.train_accuracy, e.test_accuracy) for e in epochs
    ]
    kinds = notify.kinds()
    assert kinds[-1] is RunEnded and kinds.count(RunEnded) == 1
    assert kinds.count(EpochMeasured) == len(epochs) == 300 // 15
    assert kinds.count(Tick) < 100  # coalesced: far fewer than one per iteration
    # the trained network is now the one in use
    network = session.network
    assert network is not None and network.iterations == 300 and network.config == cfg
    assert network.state is SessionState.FINISHED and network.file_name == ""
    assert network.test_accuracy == ended.finished.test_accuracy
    assert session.live_net() is network.net
    assert session.fraction_done() == 1.0 and session.epoch_progress() == (20, 20)


def test_ticks_are_coalesced_by_the_clock() -> None:
    readings = iter(np.arange(0, 100, 0.001))  # a clock that moves 1 ms per reading
    session = TrainingSession(clock=lambda: float(next(readings)))
    session.start(config(iterations=300), data())
    notify = Recorder()
    session.run(notify, interval=0.1)
    assert 1 <= notify.kinds().count(Tick) <= 10


def test_pause_holds_the_run_and_resume_and_stop_end_it() -> None:
    session = TrainingSession()
    session.start(config(iterations=1_000_000), data())
    notify = Recorder()
    thread = run_in_thread(session, notify)
    log = session.log
    assert log is not None
    wait_until(lambda: log.iteration > 5)
    assert session.pause() and session.state is SessionState.PAUSED
    wait_until(lambda: log.view().paused)
    held = log.iteration
    time.sleep(0.2)
    assert log.iteration == held and not session.pause()  # already paused
    running_before = log.view().running_seconds
    time.sleep(0.1)
    assert log.view().running_seconds == running_before  # paused time is not running time
    assert session.resume() and session.state is SessionState.RUNNING and not session.resume()
    wait_until(lambda: log.iteration > held + 5)
    assert session.stop() and session.state in (SessionState.STOPPING, SessionState.STOPPED)
    thread.join(10)
    assert session.state is SessionState.STOPPED and not session.stop()
    ended = notify.events[-1]
    assert isinstance(ended, RunEnded) and ended.finished is not None
    assert ended.finished.stopped_early and ended.finished.reason == "stopped"
    network = session.network
    assert network is not None and network.state is SessionState.STOPPED
    assert network.iterations == ended.finished.iterations > held
    assert 0 < session.fraction_done() < 0.01


def test_a_paused_run_can_be_stopped_and_a_cancelled_one_stops() -> None:
    session = TrainingSession()
    session.start(config(iterations=1_000_000), data())
    notify = Recorder()
    thread = run_in_thread(session, notify)
    wait_until(lambda: session.log is not None and session.log.iteration > 2)
    session.pause()
    wait_until(lambda: session.log is not None and session.log.view().paused)
    session.stop()
    thread.join(10)
    assert session.state is SessionState.STOPPED

    cancel = threading.Event()
    session.start(config(iterations=1_000_000), data())
    thread = run_in_thread(session, notify, cancelled=cancel.is_set)
    wait_until(lambda: session.log is not None and session.log.iteration > 2)
    cancel.set()
    thread.join(10)
    assert session.state is SessionState.STOPPED and not thread.is_alive()


def test_stop_or_pause_before_the_trainer_exists() -> None:
    session = TrainingSession()
    session.start(config(), data())
    assert session.stop() and session.state is SessionState.STOPPING
    ended = session.run(Recorder())
    assert ended.state is SessionState.STOPPED and ended.finished is not None
    assert ended.finished.iterations == 0

    session.start(config(iterations=40), data())
    assert session.pause()
    thread = run_in_thread(session, Recorder())
    time.sleep(0.2)
    assert session.log is not None and session.log.iteration == 0  # held before the first step
    session.resume()
    thread.join(10)
    assert session.state is SessionState.FINISHED and session.log.iteration == 40


def test_learning_rate_changes_are_logged_and_one_edit_is_one_change() -> None:
    now = [100.0]
    session = TrainingSession(clock=lambda: now[0])
    assert session.change_learning_rate(0.5) is None  # no run: nothing to change
    session.start(config(iterations=1_000_000), data())
    # typed while the trainer is being built: kept, then given to the trainer
    assert session.change_learning_rate(0.2) == LrChange(0, 0.1, 0.2)
    notify = Recorder()
    thread = run_in_thread(session, notify, interval=10.0)
    log = session.log
    assert log is not None
    wait_until(lambda: log.iteration > 3)
    assert session.learning_rate == 0.2
    now[0] += LR_EDIT_SECONDS + 1
    first = session.change_learning_rate(0.0)  # typing 0.05: 0, 0.0, 0.05
    assert first is not None and first.old == 0.2 and first.new == 0.0
    now[0] += 0.5
    session.change_learning_rate(0.0)
    now[0] += 0.5
    last = session.change_learning_rate(0.05)
    assert last == LrChange(first.iteration, 0.2, 0.05)
    assert log.changes() == [LrChange(0, 0.1, 0.2), last]
    assert log.view().learning_rate == 0.05 and session.learning_rate == 0.05
    now[0] += 0.5
    assert session.change_learning_rate(0.2) is None  # back where the edit began: no change
    assert log.changes() == [LrChange(0, 0.1, 0.2)]
    with pytest.raises(ValueError):
        session.change_learning_rate(-1.0)
    assert session.learning_rate == 0.2
    session.stop()
    thread.join(10)


def test_start_refuses_bad_settings_and_a_second_run() -> None:
    session = TrainingSession()
    with pytest.raises(ValueError, match="batch"):
        session.start(config(batch_size=0), data())
    assert session.state is SessionState.IDLE
    session.start(config(), data())
    with pytest.raises(RuntimeError):
        session.start(config(), data())
    session.run(Recorder())
    with pytest.raises(RuntimeError):
        session.run(Recorder())  # one run per start


def test_failures_become_a_state_with_the_reason() -> None:
    session = TrainingSession()
    x, t = make_digits(50, 3)
    session.start(config(), TrainingData(x, t, x[:0], t[:0]))  # no test images
    notify = Recorder()
    ended = session.run(notify)
    assert ended.state is SessionState.FAILED and "no test images" in ended.error
    assert session.network is None and notify.events == [ended]

    class Broken(Trainer):
        def run(self):  # type: ignore[no-untyped-def]
            raise MemoryError("out of memory")

    import tui_nn.training_session as module

    original = module.Trainer
    module.Trainer = Broken  # type: ignore[misc]
    try:
        session.start(config(), data())
        ended = session.run(Recorder())
    finally:
        module.Trainer = original  # type: ignore[misc]
    assert ended.state is SessionState.FAILED and "MemoryError: out of memory" in ended.error


def test_a_diverging_run_ends_diverged() -> None:
    session = TrainingSession()
    session.start(config(learning_rate=1e300, activation="relu", weight_init="he"), data())
    ended = session.run(Recorder())
    assert ended.state is SessionState.DIVERGED and ended.finished is not None
    assert ended.finished.test_accuracy is None
    assert session.network is not None and session.network.state is SessionState.DIVERGED


def test_a_loaded_network_is_used_but_not_during_a_run() -> None:
    from tui_nn.engine.train import make_network

    session = TrainingSession()
    cfg = config()
    loaded = NetworkInUse(make_network(cfg), cfg, file_name="mine.npz")
    session.use_network(loaded)
    assert session.network is loaded and session.live_net() is loaded.net
    session.start(config(iterations=1_000_000), data())
    thread = run_in_thread(session, Recorder())
    wait_until(lambda: session.log is not None and session.log.iteration > 0)
    assert session.live_net() is not loaded.net  # the one being trained
    with pytest.raises(RuntimeError):
        session.use_network(loaded)
    session.stop()
    thread.join(10)


def test_epoch_progress_counts_the_epoch_the_run_is_in() -> None:
    session = TrainingSession()
    assert session.epoch_progress() == (0, 0) and session.fraction_done() == 0.0
    session.start(config(iterations=45, train_size=100), data())  # 5 per epoch, 9 epochs
    assert session.epoch_progress() == (1, 9)
    assert session.log is not None
    session.log.iteration = 12
    assert session.epoch_progress() == (3, 9)
    assert session.fraction_done() == pytest.approx(12 / 45)


def test_the_numerical_estimate_is_a_positive_time() -> None:
    seconds = estimate_update_seconds(config(hidden_size=3, gradient="numerical"), data())
    assert 0 < seconds < 60


def test_the_session_module_imports_no_interface() -> None:
    code = (
        "import sys, tui_nn.training_session; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'plotext', 'rich') or m.startswith('tui_nn.ui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
