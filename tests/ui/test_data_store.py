"""The app's data store: one load for every lab that asks, switches told to all, failures said."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_nn.ui.data_store import DataStore, data_store_of, install_data_store
from tui_nn.ui.messages import DataReady


class Listener(Static):
    def __init__(self) -> None:
        super().__init__("listener")
        self.received: list[DataReady] = []

    def on_data_ready(self, message: DataReady) -> None:
        self.received.append(message)


class TwoLabs(App[None]):
    def compose(self) -> ComposeResult:
        yield Listener()
        yield Listener()


class CountingLoader:
    def __init__(self, fail_on: str = "nothing") -> None:
        self.calls: list[str | None] = []
        self.threads: set[int] = set()
        self.fail_on = fail_on

    def __call__(self, source: str | None) -> object:
        self.calls.append(source)
        self.threads.add(threading.get_ident())
        if source == self.fail_on:
            raise OSError("the disk said no")
        return SimpleNamespace(source=source or "builtin", label=f"data {source}")


async def wait_for(pilot: object, until: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not until():  # type: ignore[operator]
        assert time.monotonic() < deadline
        await pilot.pause(0.01)  # type: ignore[attr-defined]


async def test_two_labs_share_one_load_and_both_hear_of_a_switch() -> None:
    app = TwoLabs()
    loader = CountingLoader()
    async with app.run_test() as pilot:
        store = install_data_store(app, DataStore(app, loader))  # type: ignore[arg-type]
        first, second = app.query(Listener)
        store.request(first)
        store.request(second)
        await wait_for(pilot, lambda: first.received and second.received)
        assert loader.calls == [None]  # loaded once for both
        assert threading.get_ident() not in loader.threads  # in a worker thread
        assert first.received[0].dataset is second.received[0].dataset is store.dataset
        assert store.error is None, store.error
        assert store.source == "builtin" and not store.loading
        third = Listener()
        await app.mount(third)
        store.request(third)  # asks later: told at once, nothing loaded again
        await wait_for(pilot, lambda: third.received)
        assert loader.calls == [None]
        store.switch("mnist")
        await wait_for(pilot, lambda: len(first.received) == 2 and len(third.received) == 2)
        assert store.source == "mnist" and first.received[1].dataset is store.dataset
        assert data_store_of(app) is store


async def test_a_failed_switch_keeps_the_data_in_use_and_says_why() -> None:
    app = TwoLabs()
    loader = CountingLoader(fail_on="mnist")
    async with app.run_test() as pilot:
        store = install_data_store(app, DataStore(app, loader))  # type: ignore[arg-type]
        lab = app.query(Listener).first()
        store.request(lab)
        await wait_for(pilot, lambda: lab.received)
        kept = store.dataset
        store.switch("mnist")
        await wait_for(pilot, lambda: len(lab.received) == 2)
        message = lab.received[1]
        assert message.dataset is kept and message.error is not None
        assert "the disk said no" in message.error and "Traceback" not in message.error


async def test_a_failed_first_load_is_told_to_labs_that_ask_later() -> None:
    app = TwoLabs()
    failing = CountingLoader(fail_on="x")

    def always_fails(source: str | None) -> object:
        return failing("x")

    async with app.run_test() as pilot:
        store = install_data_store(app, DataStore(app, always_fails))  # type: ignore[arg-type]
        first, second = app.query(Listener)
        store.request(first)
        await wait_for(pilot, lambda: first.received)
        assert first.received[0].dataset is None and first.received[0].error
        store.request(second)
        await wait_for(pilot, lambda: second.received)
        assert second.received[0].dataset is None
        assert len(failing.calls) == 1  # not retried behind the learner's back


async def test_the_real_loader_gives_the_built_in_digits_when_asked(builtin_data: None) -> None:
    app = TwoLabs()
    async with app.run_test() as pilot:
        store = data_store_of(app)
        lab = app.query(Listener).first()
        store.request(lab)
        await wait_for(pilot, lambda: lab.received)
        dataset = lab.received[0].dataset
        assert dataset is not None and dataset.source == "builtin"
        assert dataset.x_train.shape[1:] == (28, 28)
