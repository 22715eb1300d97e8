"""Benchmark: what a lab costs the interface thread: its first open, its keys, lesson 8's views.

    python3 bench/lab_cost.py                       # every lab, 80x24
    python3 bench/lab_cost.py --labs 8 --size 100x32 --profile 20
    python3 bench/lab_cost.py --labs 8 --training   # lesson 8's view keys while a run goes

Each lab is mounted on its own in a small app (the lab and a Footer, like the
tests' ``LabApp``); the lab's module is imported before the clock starts.  All
figures are CPU seconds of the interface thread (``time.thread_time()`` in the
Pilot coroutine, which runs on the app's own thread), so work on the lab's
worker threads (loading data, training) is not in them, but everything the
interface does for it is (messages, restyling, layout, painting).

- ``open``: from mounting the lab to the app being idle with its first frame
  drawn (for labs with data: until the data has been shown);
- ``nodes``: ``len(list(lab.walk_children()))`` once open;
- keys: each of a lab's own keys, pressed as a learner would, the CPU until idle
  (the engine's own work is in it: it is small for every lab but lesson 8's
  runs, which go to threads);
- ``--training``: lesson 8's view keys (1-5) pressed while a 100-iteration run
  goes, and the interface thread's CPU per second of training.

Uses real MNIST when ``TUI_NN_DATA`` points to it.  Print the load average
with the figures: on a busy machine CPU time is steadier than wall time, but
still rises with contention.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: A lab's own keys to time (pressed in this order, with the lab focused).
KEYS: dict[int, list[str]] = {
    0: ["right", "right", "left", "e", "f"],
    1: ["y", "c", "plus", "minus", "d", "d", "r"],
    2: ["d", "d", "w", "e", "d"],
    3: ["plus", "minus", "left_square_bracket", "right_square_bracket"],
    4: ["s", "o", "i", "r"],
    5: ["s", "s", "g", "b", "n", "w", "r"],
    6: ["s", "r", "w", "n"],
    7: ["a", "a", "b"],
    8: ["1", "2", "3", "4", "5", "1", "2", "3", "4", "5"],
}


ITERATIONS = 100  # of the --training run


def lab_class(number: int) -> type:
    from tui_nn.catalog import LESSONS

    module_name, _, class_name = LESSONS[number].lab.partition(":")
    return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]


async def settle(pilot: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()
    await pilot._wait_for_screen()


async def wait_for_data(pilot: Any, lab: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while hasattr(lab, "dataset") and lab.dataset is None and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    await settle(pilot)


async def measure(
    number: int, size: tuple[int, int], profile: int, what: str, training: bool
) -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from tui_nn.ui.widgets.footer import WordsFooter

    cls = lab_class(number)

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("")
            yield WordsFooter()

    app = Bench()
    out: dict[str, Any] = {"lab": number, "keys": {}}
    profiler = cProfile.Profile() if profile else None
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lab = cls()
        start = time.thread_time()
        if profiler and what == "open":
            profiler.enable()
        await app.mount(lab, before=app.query_one(WordsFooter))
        lab.focus()
        await settle(pilot)
        if profiler:
            profiler.disable()
        out["open"] = time.thread_time() - start
        await wait_for_data(pilot, lab)
        out["open_with_data"] = time.thread_time() - start
        out["nodes"] = len(list(lab.walk_children()))
        lab.focus()
        await settle(pilot)
        start = time.thread_time()
        await pilot.press("f12")  # bound to nothing: what pressing and settling cost alone
        await settle(pilot)
        out["baseline"] = time.thread_time() - start
        for key in KEYS.get(number, []):
            lab.focus()
            await settle(pilot)
            start = time.thread_time()
            if profiler and what == "keys":
                profiler.enable()
            await pilot.press(key)
            await settle(pilot)
            if profiler and what == "keys":
                profiler.disable()
            out["keys"].setdefault(key, []).append(time.thread_time() - start)
        out["nodes_after_keys"] = len(list(lab.walk_children()))
        if training and number == 8:
            out.update(await training_cost(pilot, lab))
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(profile)
        stats.sort_stats("tottime").print_stats(profile)
    return out


async def training_cost(pilot: Any, lab: Any) -> dict:
    """A 100-iteration run of the book's settings: interface CPU per second, and view keys."""
    from tui_nn.engine.train import TrainConfig
    from tui_nn.ui.labs.training_controls import form_values

    config = TrainConfig(**{**TrainConfig.book().to_dict(), "iterations": ITERATIONS})
    lab.controls.set_values(form_values(config, lab.controls.full_size))
    await pilot.press("2")
    await settle(pilot)
    lab.focus()
    wall, cpu, proc = time.monotonic(), time.thread_time(), time.process_time()
    await pilot.press("s")
    keys: list[float] = []
    cycle = ["1", "2", "3", "4", "5"]
    i = 0
    while lab.session.active or lab.session.ended is None:
        await asyncio.sleep(0.3)
        if lab.session.active and i < 10:
            lab.focus()
            start = time.thread_time()
            await pilot.press(cycle[i % 5])
            await pilot.pause()
            keys.append(time.thread_time() - start)
            i += 1
    wall = time.monotonic() - wall
    ui = time.thread_time() - cpu
    everything = time.process_time() - proc
    return {
        "train_wall": wall,
        "train_ui_cpu": ui,
        "train_all_cpu": everything,
        "train_keys": keys,
        "train_accuracy": lab.session.ended.finished.test_accuracy,
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labs", type=int, nargs="+", default=list(range(9)))
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--profile", type=int, default=0, help="print the N top functions")
    parser.add_argument("--what", choices=["open", "keys"], default="open",
                        help="what --profile profiles")
    parser.add_argument("--training", action="store_true", help="lesson 8: time a 100-it run")
    parser.add_argument("--iterations", type=int, default=100, help="of the --training run")
    parser.add_argument("--eval-all", action="store_true",
                        help="lesson 8 measures accuracies on every image (as before)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TUI_NN_HOME", "/tmp/tui-nn-bench-home")
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.eval_all:
        from tui_nn.ui.labs.training import TrainingLab

        TrainingLab.eval_size = None
    global ITERATIONS
    ITERATIONS = args.iterations
    print(f"load average: {load_average()}; size {width}x{height}")
    for number in args.labs:
        r = asyncio.run(measure(number, (width, height), args.profile, args.what, args.training))
        keys = ", ".join(
            f"{k} {statistics.median(v) * 1000:.0f}" for k, v in r["keys"].items()
        )
        print(
            f"lab {number}: open {r['open']:.3f} s CPU (with data {r['open_with_data']:.3f}), "
            f"{r['nodes']} nodes ({r['nodes_after_keys']} after its keys); keys ms: {keys} "
            f"(an unbound key: {r['baseline'] * 1000:.0f})"
        )
        if "train_wall" in r:
            print(
                f"  {ITERATIONS} iterations: {r['train_wall']:.1f} s wall; interface thread "
                f"{r['train_ui_cpu']:.2f} s CPU ({r['train_ui_cpu'] / r['train_wall']:.0%}"
                f" of a core), all threads {r['train_all_cpu']:.2f} s; test acc "
                f"{r['train_accuracy']:.3f}; view keys meanwhile ms: "
                + ", ".join(f"{k * 1000:.0f}" for k in r["train_keys"])
            )
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
