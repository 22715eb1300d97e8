"""Turns for heavy work, shared across processes through lock files (tui_nn.work_slots)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tui_nn import work_slots

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fcntl locks are POSIX only")

# A process that takes a turn, says so in a file, and holds it until told to let go.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tui_nn.work_slots import heavy_work_turn
    name, signal_dir, hold = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    with heavy_work_turn() as got:
        assert got
        (signal_dir / f"{name}.start").write_text(str(time.monotonic()))
        end = time.monotonic() + hold
        while time.monotonic() < end and not (signal_dir / f"{name}.release").exists():
            time.sleep(0.02)
        (signal_dir / f"{name}.end").write_text(str(time.monotonic()))
    """
)


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    slots = tmp_path / "slots"
    slots.mkdir()
    monkeypatch.setenv(work_slots.ENV_SLOTS, str(slots))
    monkeypatch.setenv(work_slots.ENV_MAX_RUNNING, "1")
    return slots


def _holder(name: str, signals: Path, hold: float = 20.0) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", HOLDER, name, str(signals), str(hold)])


def _wait_for(path: Path, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > end:
            raise AssertionError(f"{path.name} never appeared")
        time.sleep(0.02)


def _queue_files(slots: Path) -> list[Path]:
    queue = slots / "queue"
    return sorted(queue.glob("*.wait")) if queue.exists() else []


def test_outside_a_served_session_the_turn_is_immediate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(work_slots.ENV_SLOTS, raising=False)
    waits: list[int] = []
    with (
        work_slots.heavy_work_turn(on_wait=waits.append) as got,
        work_slots.heavy_work_turn(on_wait=waits.append) as second,  # nested: no wait either
    ):
        assert got and second
    assert waits == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_work_runs_at_a_low_priority_while_the_interface_thread_keeps_its_own(
    shared: Path,
) -> None:
    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: dict[str, int] = {}

    def worker() -> None:
        seen["before"] = nice()
        with work_slots.heavy_work_turn() as got:
            assert got
            seen["during"] = nice()
            seen["interface"] = os.getpriority(os.PRIO_PROCESS, main_thread)
        seen["after"] = nice()

    main_thread = threading.get_native_id()
    interface_before = os.getpriority(os.PRIO_PROCESS, main_thread)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(20)
    assert seen["during"] == max(seen["before"], work_slots.HEAVY_WORK_NICE)
    assert seen["interface"] == interface_before  # only the working thread was lowered
    if os.geteuid() == 0:  # allowed to raise it again: a pooled thread gets its priority back
        assert seen["after"] == seen["before"]
    else:
        assert seen["after"] >= seen["before"]


def test_waiters_far_back_look_at_the_queue_less_often() -> None:
    assert work_slots.poll_seconds(0, 1) == work_slots.POLL_SECONDS  # next in line
    assert work_slots.poll_seconds(1, 2) == work_slots.POLL_SECONDS  # may get the second turn
    far = [work_slots.poll_seconds(ahead, 1) for ahead in (1, 5, 28)]
    assert work_slots.POLL_SECONDS < far[0] < far[1] <= far[2] == work_slots.MAX_POLL_SECONDS


def test_outside_a_served_session_the_priority_is_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(work_slots.ENV_SLOTS, raising=False)
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with work_slots.heavy_work_turn():
        assert os.getpriority(os.PRIO_PROCESS, 0) == before


def test_a_free_slot_is_taken_at_once_and_released(shared: Path) -> None:
    waits: list[int] = []
    with work_slots.heavy_work_turn(on_wait=waits.append) as got:
        assert got
    with work_slots.heavy_work_turn(on_wait=waits.append) as again:
        assert again
    assert waits == []
    assert _queue_files(shared) == []


def test_a_turn_held_by_another_process_makes_this_one_wait(shared: Path, tmp_path: Path) -> None:
    holder = _holder("a", tmp_path)
    try:
        _wait_for(tmp_path / "a.start")
        waits: list[int] = []

        def release_soon() -> None:
            time.sleep(0.5)
            (tmp_path / "a.release").touch()

        threading.Thread(target=release_soon, daemon=True).start()
        started = time.monotonic()
        with work_slots.heavy_work_turn(on_wait=waits.append) as got:
            waited = time.monotonic() - started
            assert got
            assert (tmp_path / "a.end").exists()  # only once the holder let go
        assert waits == [0]  # nobody queued ahead: "next"
        assert waited >= 0.4
    finally:
        holder.kill()
        holder.wait()


def test_a_crashed_holder_frees_its_turn(shared: Path, tmp_path: Path) -> None:
    holder = _holder("a", tmp_path, hold=60)
    _wait_for(tmp_path / "a.start")
    threading.Timer(0.3, lambda: os.kill(holder.pid, signal.SIGKILL)).start()
    started = time.monotonic()
    with work_slots.heavy_work_turn() as got:
        assert got
        assert time.monotonic() - started < 10
    holder.wait()
    assert not (tmp_path / "a.end").exists()  # it really died holding the turn


def test_cancelled_while_waiting_gives_up_and_leaves_the_queue(
    shared: Path, tmp_path: Path
) -> None:
    holder = _holder("a", tmp_path)
    try:
        _wait_for(tmp_path / "a.start")
        deadline = time.monotonic() + 0.5
        waits: list[int] = []
        with work_slots.heavy_work_turn(
            cancelled=lambda: time.monotonic() > deadline, on_wait=waits.append
        ) as got:
            assert got is False
            assert not (tmp_path / "a.end").exists()  # the holder still runs
        assert waits == [0]
        assert _queue_files(shared) == []
    finally:
        holder.kill()
        holder.wait()


def test_waiters_are_served_first_come_first_served_and_told_how_many_are_ahead(
    shared: Path, tmp_path: Path
) -> None:
    holder = _holder("a", tmp_path)
    second = None
    try:
        _wait_for(tmp_path / "a.start")
        second = _holder("b", tmp_path)  # queues behind the holder
        end = time.monotonic() + 20
        while not _queue_files(shared):
            assert time.monotonic() < end, "b never queued"
            time.sleep(0.02)
        waits: list[int] = []

        def on_wait(n: int) -> None:
            waits.append(n)
            if n == 1:
                (tmp_path / "a.release").touch()  # we are queued behind b: let the holder go
            if n == 0:
                (tmp_path / "b.release").touch()  # b has the turn now: let it finish

        with work_slots.heavy_work_turn(on_wait=on_wait) as got:
            assert got
            assert (tmp_path / "b.end").exists()  # b queued first, so b ran (and ended) first
        assert waits[0] == 1  # b was ahead
        assert waits[-1] == 0
    finally:
        (tmp_path / "b.release").touch()
        for process in (holder, second):
            if process is not None:
                process.kill()
                process.wait()


def test_a_dead_waiters_place_in_the_queue_is_skipped(shared: Path, tmp_path: Path) -> None:
    queue = shared / "queue"
    queue.mkdir()
    stale = queue / "00000000000000000001-00000001-deadbeef.wait"  # nobody holds its lock
    stale.write_text("")
    waits: list[int] = []
    with work_slots.heavy_work_turn(on_wait=waits.append) as got:
        assert got
    assert not stale.exists()
    assert waits in ([], [0])


def test_no_more_than_max_running_at_once_across_processes(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(work_slots.ENV_MAX_RUNNING, "2")
    processes = [_holder(f"p{k}", tmp_path, hold=0.3) for k in range(5)]
    try:
        for process in processes:
            assert process.wait(timeout=60) == 0
    finally:
        for process in processes:
            process.kill()
    spans = [
        (float((tmp_path / f"p{k}.start").read_text()), float((tmp_path / f"p{k}.end").read_text()))
        for k in range(5)
    ]
    most = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert most == 2  # two at once, never three
    assert _queue_files(shared) == []
