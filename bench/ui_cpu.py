"""Benchmark: CPU of the interface thread, idle and per key (issue 10's monkey, issue 14's class).

    python3 bench/ui_cpu.py idle                 # 30 s on lesson 8, 30 s on the list
    python3 bench/ui_cpu.py idle --seconds 10 --lesson 3
    python3 bench/ui_cpu.py keys                 # start, first opens, going back, Tab, typing...
    python3 bench/ui_cpu.py keys --profile back  # cProfile of one step (sorted by cumulative)

Everything runs headless (``--size``, default 80x24) in one process, in a
temporary ``TUI_NN_HOME`` with the built-in digits (``--source``).  The
figures are ``time.thread_time()`` of the interface thread (the thread the
app's asyncio loop runs on; workers' threads are not counted): the CPU a key
costs, whatever else the machine runs.  A step is timed from its first key
until the app is idle with the screen redrawn (``tests/ui/monkey.py``'s
``_settle``), so the CPU includes styling, layout, the redraw and any garbage
collection it triggers.

``idle`` prints the CPU seconds used over ``--seconds`` of doing nothing and
that as a percentage of a core (target < 0.3 %).  ``keys`` prints each step's
CPU (targets: going back to a built lesson < 0.1 s, a focus move or a typed
digit < 0.02 s, first open of a lesson < 0.5 s).  The load average is
printed beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import load_average  # noqa: E402

Step = Callable[[], Awaitable[None]]

_gc_started = [0.0]
_gc_total = [0.0]


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.thread_time()
    else:
        _gc_total[0] += time.thread_time() - _gc_started[0]


def gc_seconds() -> float:
    """CPU seconds the garbage collector has used so far (on any thread; mostly this one)."""
    return _gc_total[0]


class Meter:
    """Times steps of a running app in interface-thread CPU (and wall clock)."""

    def __init__(self, pilot, profile: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.pilot = pilot
        self.profile = profile
        self.rows: list[tuple[str, float, float, float]] = []

    async def settle(self) -> None:
        from tests.ui.monkey import _settle

        await _settle(self.pilot)

    async def step(self, name: str, *keys: str, until: Callable[[], bool] | None = None) -> float:
        profiler = cProfile.Profile() if self.profile and name.startswith(self.profile) else None
        cpu, wall, collect = time.thread_time(), time.perf_counter(), gc_seconds()
        if profiler is not None:
            profiler.enable()
        await self.pilot.press(*keys)
        await self.settle()
        deadline = time.monotonic() + 30
        while until is not None and not until() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            await self.settle()
        if profiler is not None:
            profiler.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        self.rows.append((name, cpu, wall, gc_seconds() - collect))
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(f"--- profile of {name}\n{out.getvalue()}")
        return cpu


def lab_mounted(app, number: int) -> Callable[[], bool]:  # type: ignore[no-untyped-def]
    from tui_nn.ui.screens.lesson import LessonScreen

    def check() -> bool:
        screen = app.screen
        return (
            isinstance(screen, LessonScreen)
            and screen.number == number
            and screen.lab is not None
            and screen.lab.is_mounted
        )

    return check


async def idle(args: argparse.Namespace) -> None:
    from tui_nn.ui.app import TuiNNApp

    app = TuiNNApp(lesson=args.lesson)
    async with app.run_test(size=args.size) as pilot:
        meter = Meter(pilot)
        await meter.settle()
        await asyncio.sleep(3)  # data, first charts: let the start-up work end
        await meter.settle()
        for where in ("lesson", "list"):
            if where == "list":
                await pilot.press("ctrl+l")
                await meter.settle()
                await asyncio.sleep(1)
            cpu = time.thread_time()
            process = time.process_time()
            await asyncio.sleep(args.seconds)
            cpu = time.thread_time() - cpu
            process = time.process_time() - process
            label = f"lesson {args.lesson}" if where == "lesson" else "the lesson list"
            print(
                f"idle on {label} for {args.seconds:g} s: interface thread {cpu:.3f} s CPU "
                f"= {100 * cpu / args.seconds:.2f} % of a core (target < 0.3 %); "
                f"whole process {process:.3f} s; load {load_average()}"
            )
        app.exit()


async def keys(args: argparse.Namespace) -> None:
    from tui_nn.catalog import LESSONS
    from tui_nn.ui.app import TuiNNApp

    cpu = time.thread_time()
    wall = time.perf_counter()
    app = TuiNNApp()
    async with app.run_test(size=args.size) as pilot:
        meter = Meter(pilot, args.profile)
        await meter.settle()
        meter.rows.append(("start to the list", time.thread_time() - cpu,
                           time.perf_counter() - wall, gc_seconds()))
        last = len(LESSONS) - 1
        for number in range(last + 1):
            if number > 0:
                await meter.step(f"list {number - 1}", "ctrl+l")
            await meter.step(f"first open {number}", str(number), until=lab_mounted(app, number))
            await asyncio.sleep(args.pause)  # its data and first charts
            await meter.settle()
        for number in (3, 8, 0, 8):
            await meter.step(f"list {number}", "ctrl+l")
            await meter.step(f"back to {number}", str(number), until=lab_mounted(app, number))
        await meter.step("back by PgUp to 7", "pageup")
        await meter.step("back by PgDn to 8", "pagedown")
        for index in range(3):
            await meter.step(f"unbound key 8 #{index + 1}", "f12")  # the measure's own cost
        for index in range(6):
            await meter.step(f"tab 8 #{index + 1}", "tab")
        for index, digit in enumerate("123"):
            await meter.step(f"digit 8 #{index + 1}", digit)
        await meter.step("backspace 8", "backspace")
        await meter.step("escape 8", "escape")
        await meter.step("list 8 again", "ctrl+l")
        await meter.step("list closed 8", "escape")
        app.exit()
    print(f"interface-thread CPU per step, headless {args.size[0]}x{args.size[1]}, "
          f"load average before {args.load_before}, after {load_average()}")
    print(f"{'step':<24} {'CPU s':>8} {'of it GC':>8} {'wall s':>8}")
    for name, step_cpu, step_wall, step_gc in meter.rows:
        print(f"{name:<24} {step_cpu:8.3f} {step_gc:8.3f} {step_wall:8.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("idle", "keys"))
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--lesson", type=int, default=8)
    parser.add_argument("--size", default="80x24", help="WIDTHxHEIGHT")
    parser.add_argument("--source", default="builtin", help="TUI_NN_SOURCE (builtin, auto)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds after a first open")
    parser.add_argument("--profile", help="profile the steps whose name starts with this")
    args = parser.parse_args(argv)
    args.size = tuple(int(v) for v in args.size.split("x"))
    args.load_before = load_average()
    gc.callbacks.append(_gc_timer)
    with tempfile.TemporaryDirectory() as home:
        os.environ["TUI_NN_HOME"] = home
        os.environ["TUI_NN_SOURCE"] = args.source
        os.environ["TUI_NN_MIRRORS"] = "http://127.0.0.1:9/"
        asyncio.run(idle(args) if args.mode == "idle" else keys(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
