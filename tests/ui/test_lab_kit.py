"""The lab kit itself: results, staleness, cancellation, progress coalescing, errors, turns."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.widgets import Static

from tests.ui.harness import LabApp
from tui_nn import work_slots
from tui_nn.ui.kit import PROGRESS_INTERVAL, WorkContext
from tui_nn.ui.labs.base import Lab

WAIT = 10.0  # seconds a test waits for a thread at most (never reached when all is well)


class KitLab(Lab):
    """A lab that records what the kit hands it, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.progress: list[object] = []
        self.errors: list[BaseException] = []
        self.waits: list[int] = []
        self.threads: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static("kit lab")

    def got(self, value: object) -> None:
        self.threads.add(threading.get_ident())
        self.results.append(value)

    def moved(self, value: object) -> None:
        self.threads.add(threading.get_ident())
        self.progress.append(value)

    def failed(self, error: BaseException) -> None:
        self.threads.add(threading.get_ident())
        self.errors.append(error)


async def settle(pilot: object, until: Callable[[], bool], timeout: float = WAIT) -> None:
    """Let the app run until ``until()`` holds (fails the test after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "timed out waiting for the kit"
        await pilot.pause(0.01)  # type: ignore[attr-defined]


def blocked_work(
    gate: threading.Event, value: object, seen: list[WorkContext]
) -> Callable[[WorkContext], object]:
    def work(ctx: WorkContext) -> object:
        seen.append(ctx)
        gate.wait(WAIT)
        return value

    return work


async def test_result_arrives_on_the_interface_thread() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        lab.run_in_thread(lambda ctx: threading.get_ident(), group="g", on_result=lab.got)
        await settle(pilot, lambda: bool(lab.results))
        assert lab.threads == {threading.get_ident()}
        assert lab.results[0] != threading.get_ident()  # the work itself ran elsewhere
        assert not lab.work_running()


async def test_a_newer_run_cancels_the_older_and_its_late_result_is_dropped() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate, seen = threading.Event(), list[WorkContext]()
        lab.run_in_thread(blocked_work(gate, "old", seen), group="g", on_result=lab.got)
        await settle(pilot, lambda: len(seen) == 1)
        lab.run_in_thread(lambda ctx: "new", group="g", on_result=lab.got)
        await settle(pilot, lambda: lab.results == ["new"])
        assert seen[0].cancelled
        gate.set()
        await pilot.pause(0.2)
        assert lab.results == ["new"]


async def test_runs_in_other_groups_are_independent() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate, seen = threading.Event(), list[WorkContext]()
        lab.run_in_thread(blocked_work(gate, "a", seen), group="a", on_result=lab.got)
        await settle(pilot, lambda: len(seen) == 1)
        lab.run_in_thread(lambda ctx: "b", group="b", on_result=lab.got)
        await settle(pilot, lambda: "b" in lab.results)
        assert not seen[0].cancelled
        gate.set()
        await settle(pilot, lambda: len(lab.results) == 2)
        assert sorted(map(str, lab.results)) == ["a", "b"]


async def test_stop_work_cancels_every_group_and_drops_what_comes_late() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate, seen = threading.Event(), list[WorkContext]()
        for group in ("one", "two", "three"):
            lab.run_in_thread(
                blocked_work(gate, group, seen), group=group, on_result=lab.got, label=group
            )
        await settle(pilot, lambda: len(seen) == 3)
        assert lab.work_running() and lab.busy() == "one, two, three"
        lab.stop_work()
        assert all(ctx.cancelled for ctx in seen)
        assert not lab.work_running() and lab.busy() is None and lab.busy_loss() is None
        gate.set()
        await pilot.pause(0.2)
        assert lab.results == []


async def test_removing_the_lab_cancels_its_work() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate, seen = threading.Event(), list[WorkContext]()
        lab.run_in_thread(blocked_work(gate, 1, seen), group="g", on_result=lambda _: None)
        await settle(pilot, lambda: len(seen) == 1)
        await lab.remove()
        assert seen[0].cancelled
        gate.set()


async def test_progress_is_coalesced_and_the_latest_value_arrives() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate = threading.Event()
        sent = 2000
        duration = [0.0]

        def work(ctx: WorkContext) -> str:
            start = time.monotonic()
            for step in range(sent):
                ctx.progress(step, fraction=(step + 1) / sent)
                time.sleep(0.0002)
            duration[0] = time.monotonic() - start
            gate.wait(WAIT)  # hold the result back until the last progress was shown
            return "done"

        lab.run_in_thread(
            work, group="g", on_result=lab.got, on_progress=lab.moved, label="counting"
        )
        await settle(pilot, lambda: bool(lab.progress) and lab.progress[-1] == sent - 1)
        assert lab.busy() == "counting 100%"
        most = duration[0] / PROGRESS_INTERVAL + 3
        assert 1 <= len(lab.progress) <= most, (len(lab.progress), duration[0])
        # in order, only the latest each time
        assert lab.progress == sorted(int(str(v)) for v in lab.progress)
        assert lab.threads == {threading.get_ident()}
        gate.set()
        await settle(pilot, lambda: lab.results == ["done"])


async def test_progress_of_a_stale_run_is_dropped() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        gate, started = threading.Event(), threading.Event()
        contexts: list[WorkContext] = []

        def old(ctx: WorkContext) -> None:
            contexts.append(ctx)
            started.set()
            gate.wait(WAIT)
            ctx.progress("old progress")

        lab.run_in_thread(old, group="g", on_result=lab.got, on_progress=lab.moved)
        await settle(pilot, started.is_set)
        lab.run_in_thread(lambda ctx: "new", group="g", on_result=lab.got)
        await settle(pilot, lambda: lab.results == ["new"])
        gate.set()
        await pilot.pause(0.3)
        assert lab.progress == [] and lab.results == ["new"]


async def test_an_error_goes_to_on_error_on_the_interface_thread() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)

        def work(ctx: WorkContext) -> None:
            raise ValueError("bad numbers")

        lab.run_in_thread(work, group="g", on_result=lab.got, on_error=lab.failed)
        await settle(pilot, lambda: bool(lab.errors))
        assert isinstance(lab.errors[0], ValueError) and lab.results == []
        assert lab.threads == {threading.get_ident()}
        assert not lab.work_running()


async def test_the_default_on_error_is_a_short_notice_and_the_log(tui_nn_home: Path) -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)

        def work(ctx: WorkContext) -> None:
            raise RuntimeError("the numbers ran away")

        lab.run_in_thread(work, group="g", on_result=lab.got)
        await settle(pilot, lambda: bool(app._notifications))
        notice = next(iter(app._notifications))
        assert "RuntimeError: the numbers ran away" in notice.message
        assert "Traceback" not in notice.message
        log = (tui_nn_home / "cache" / "error.log").read_text(encoding="utf-8")
        assert "Traceback" in log and "the numbers ran away" in log
        assert app.is_running


async def test_a_failing_result_handler_becomes_a_notice_not_a_crash() -> None:
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)

        def broken(value: object) -> None:
            raise KeyError(value)

        lab.run_in_thread(lambda ctx: "x", group="g", on_result=broken)
        await settle(pilot, lambda: bool(app._notifications))
        assert "KeyError" in next(iter(app._notifications)).message
        assert app.is_running


async def test_heavy_work_waits_for_its_turn_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    waited: list[int] = []

    @contextmanager
    def slow_turn(
        *, cancelled: Callable[[], bool], on_wait: Callable[[int], None] | None = None
    ) -> Iterator[bool]:
        assert on_wait is not None
        on_wait(3)
        release.wait(WAIT)
        yield not cancelled()

    monkeypatch.setattr(work_slots, "heavy_work_turn", slow_turn)
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        lab.run_in_thread(
            lambda ctx: "trained",
            group="train",
            on_result=lab.got,
            on_wait=waited.append,
            heavy=True,
            label="training",
        )
        await settle(pilot, lambda: waited == [3])
        assert lab.busy() == "training waiting: 3 ahead of you"
        release.set()
        await settle(pilot, lambda: lab.results == ["trained"])
        assert waited == [3, 0]


async def test_cancelled_while_waiting_for_a_turn_never_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[bool] = []
    release, entered, left = threading.Event(), threading.Event(), threading.Event()

    @contextmanager
    def slow_turn(
        *, cancelled: Callable[[], bool], on_wait: Callable[[int], None] | None = None
    ) -> Iterator[bool]:
        entered.set()
        release.wait(WAIT)
        try:
            yield not cancelled()
        finally:
            left.set()

    monkeypatch.setattr(work_slots, "heavy_work_turn", slow_turn)
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)
        lab.run_in_thread(lambda ctx: ran.append(True), group="g", on_result=lab.got, heavy=True)
        await settle(pilot, entered.is_set)
        lab.stop_work()
        release.set()
        await settle(pilot, left.is_set)
        await pilot.pause(0.1)
        assert ran == [] and lab.results == []


async def test_work_runs_with_the_blas_threads_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import contextlib

    import numpy  # noqa: F401 - loads the BLAS library threadpoolctl reports on

    import tui_nn.ui.labs.base as kit_base

    if not threadpoolctl.threadpool_info():
        pytest.skip("no BLAS/OpenMP library found to limit")
    # The suite runs with one BLAS thread (tests/conftest.py), so the count alone would hold
    # without the kit: the kit's own call is checked too (asked in the work's thread, for 1).
    asked: list[tuple[int | None, int]] = []
    limit = kit_base.limited_blas

    @contextlib.contextmanager
    def recorded(threads: int | None):  # type: ignore[no-untyped-def]
        asked.append((threads, threading.get_ident()))
        with limit(threads):
            yield

    monkeypatch.setattr(kit_base, "limited_blas", recorded)
    app = LabApp(KitLab)
    async with app.run_test() as pilot:
        lab = app.lab
        assert isinstance(lab, KitLab)

        def counts(ctx: WorkContext) -> set[int]:
            assert asked and asked[-1] == (1, threading.get_ident())  # inside the kit's limit
            return {int(info["num_threads"]) for info in threadpoolctl.threadpool_info()}

        lab.run_in_thread(counts, group="g", on_result=lab.got, threads=1)
        await settle(pilot, lambda: bool(lab.results))
        assert lab.results[0] == {1}
        assert asked == [(1, asked[0][1])] and asked[0][1] != threading.get_ident()
