"""Benchmark: start-up of the app, from launch to its first idle frame, against a bare Textual app.

    python3 bench/app_speed.py                   # lessons 0 and 8, 7 interleaved rounds
    python3 bench/app_speed.py --lessons 0 7 8 --rounds 11

Each figure is a whole process, timed from the parent: start Python, import,
build the screen, draw it, exit.  The child runs headless (100x32) and quits
as soon as its first screen has been laid out and drawn (for tui-nn: the
lesson screen with its lab mounted; lesson 8's data set loads after that and
is not counted).  The bare app imports exactly the same modules (the app and
that lesson's lab) but shows one line of text, so the difference is the cost
of building and styling tui-nn's screen.  Rounds are interleaved (bare, tui-nn,
bare, tui-nn, ...) and the ratio tui-nn / bare is taken per round; target
<= 1.25.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (100, 32)


def child(kind: str, lesson: int) -> int:
    """Runs in the child process: start one app and quit at its first idle frame."""
    sys.path.insert(0, str(ROOT))
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from tui_nn.catalog import LESSONS
    from tui_nn.ui.app import TuiNNApp
    from tui_nn.ui.screens.lesson import LessonScreen

    module_name = LESSONS[lesson].lab.split(":")[0]
    importlib.import_module(module_name)  # the same imports for both apps

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

    app: App = Bare() if kind == "bare" else TuiNNApp(lesson=lesson)

    async def first_frame(pilot) -> None:  # type: ignore[no-untyped-def]
        if kind != "bare":
            while True:
                screen = pilot.app.screen
                lab = getattr(screen, "lab", None)
                if isinstance(screen, LessonScreen) and lab is not None and lab.is_mounted:
                    break
                await asyncio.sleep(0.001)
        await pilot._wait_for_screen()
        await asyncio.sleep(0)
        pilot.app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=first_frame)
    return 0


def launch(kind: str, lesson: int, home: str) -> float:
    env = dict(os.environ, TUI_NN_HOME=home)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", kind, "--lessons", str(lesson)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", type=int, nargs="+", default=[0, 8])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--child", choices=("bare", "tui"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.lessons[0])

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import load_average, spread

    loads = [load_average()]
    times: dict[tuple[int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as home:
        for lesson in args.lessons:  # warm the file cache once, untimed
            launch("tui", lesson, home)
        for _ in range(args.rounds):
            for lesson in args.lessons:
                for kind in ("bare", "tui"):
                    times.setdefault((lesson, kind), []).append(launch(kind, lesson, home))
            loads.append(load_average())
    print(f"launch to first idle frame, whole process, headless {SIZE[0]}x{SIZE[1]}, "
          f"{args.rounds} interleaved rounds; load average {', '.join(loads)}")
    for lesson in args.lessons:
        bare, tui = times[(lesson, "bare")], times[(lesson, "tui")]
        ratios = [t / b for t, b in zip(tui, bare, strict=True)]
        print(f"lesson {lesson}: bare app s: {spread(bare)}")
        print(f"          tui-nn   s: {spread(tui)}")
        print(f"          tui-nn / bare (target <= 1.25): {spread(ratios)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
