"""The monkey: random keys into the whole app, weighted toward the keys that do something.

Shared by ``tests/ui/test_monkey.py`` (2,000 keys in the suite) and
``bench/monkey.py`` (20,000 or more).  How it works:

- keys are drawn with a seeded ``random.Random``: about half from the current
  lab's own bindings (read from its ``BINDINGS``), the rest from the app's
  bindings and a general pool (digits, letters, Tab, Shift+Tab, Esc, Enter,
  arrows, PgUp/PgDn, Ctrl+L, F1, ``?``, ``.``, ``-``, Backspace);
- the keys that would end the app (``q``, Ctrl+Q, Ctrl+C) are never sent (the
  app's quit path has its own tests);
- every ``segment`` keys the monkey opens the next lesson by keyboard (Ctrl+L
  and its digit), so every lesson gets keys even when the random ones stay put;
- keys go to the app's driver in bursts, without Pilot's idle wait after each
  one; after a burst the monkey waits until the screen has handled every
  queued message.  A burst's time is an upper bound of the answer time of each
  of its keys (they are handled in order), so ``slowest`` bounds every key.

Nothing here downloads (``run_monkey`` points ``TUI_NN_MIRRORS`` at a port of
127.0.0.1 that refuses) or trains for long (lesson 8 starts with 300
iterations, see ``SHORT_TRAINING``); at the end every lab's work is stopped.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import random
import string
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from textual import events
from textual.binding import Binding
from textual.pilot import Pilot

from tests.ui.harness import settled
from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.error_log import error_log_path
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.settings import Settings, save_settings

__all__ = ["MonkeyReport", "StackSampler", "lab_keys", "run_monkey"]

#: Never sent: they would end the app (its quit path has its own tests).
QUIT_KEYS = frozenset({"q", "ctrl+q", "ctrl+c"})
#: A refusing address, so that lesson 8's ``d`` (download) fails at once.
REFUSING_MIRROR = "http://127.0.0.1:9/"
#: Lesson 8's form starts with a short run, so that ``s`` ends in a few seconds.
SHORT_TRAINING = {"iterations": 300, "train_size": 2000, "batch_size": 50}
GENERAL_KEYS = [
    *string.digits,
    *string.ascii_lowercase,
    "tab", "shift+tab", "escape", "enter", "up", "down", "left", "right",
    "pageup", "pagedown", "ctrl+l", "f1", "question_mark", "full_stop", "minus",
    "backspace", "space", "home", "end",
]  # fmt: skip
#: The interface work a burst may take before a key counts as unanswered (``MonkeyReport.works``).
ANSWER_LIMIT = 2.0
#: How many of the slowest bursts a report keeps (``MonkeyReport.worst``).
WORST = 10
#: Wall-clock seconds after which a burst counts as hung, however loaded the machine
#: (a machine with 20 programs waiting per core makes a 2 s answer last 40 s).
HANG_LIMIT = 60.0


def _binding_keys(bindings: object) -> list[str]:
    keys: list[str] = []
    for binding in Binding.make_bindings(bindings):  # type: ignore[arg-type]
        keys.extend(k.strip() for k in binding.key.split(","))
    return [k for k in keys if k not in QUIT_KEYS]


def lab_keys() -> dict[int, list[str]]:
    """Each lesson's lab keys, read from its lab class's ``BINDINGS`` (inherited too)."""
    out = {}
    for lesson in LESSONS:
        module_name, _, class_name = lesson.lab.partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        keys: list[str] = []
        for klass in cls.__mro__:
            keys.extend(_binding_keys(klass.__dict__.get("BINDINGS", [])))
        out[lesson.number] = sorted(set(keys))
    return out


def _run_queue_wait() -> float:
    """Seconds this thread has waited, runnable, for a CPU (Linux schedstat; 0 elsewhere)."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass
class MonkeyReport:
    keys: int = 0
    lessons: set[int] = field(default_factory=set)
    #: Per burst, seconds from its first key to the app idle with the screen redrawn,
    #: less the time the interface thread waited for a CPU held by other programs.
    answers: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)  # the same, wall clock
    slowest: float = 0.0  # the slowest answer, which bounds each key of its burst
    slowest_keys: list[str] = field(default_factory=list)
    slowest_wall: float = 0.0
    #: Per burst, CPU seconds of the interface thread (the app's own work for those keys:
    #: handlers, styling, layout, the redraw, garbage collection), whatever the load.
    works: list[float] = field(default_factory=list)
    slowest_work: float = 0.0
    slowest_work_keys: list[str] = field(default_factory=list)
    #: The ``WORST`` slowest bursts: (answer s, interface CPU s, lesson before it, its keys,
    #: keys pressed before it), slowest first.
    worst: list[tuple[float, float, int | None, list[str], int]] = field(default_factory=list)
    #: With a ``StackSampler``: for each of ``worst`` (by keys pressed before it), the
    #: samples taken and how many of them each function was in.
    profiles: dict[int, tuple[int, Counter[str]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # caught by the safety net, or error.log
    navigable: bool = False
    sent: list[str] = field(default_factory=list)

    @staticmethod
    def _p95(values: list[float]) -> float:
        return sorted(values)[int(0.95 * (len(values) - 1))] if values else 0.0

    def worst_lines(self) -> list[str]:
        """The slowest bursts, a line each: where, after how many keys, which keys."""
        return [
            f"{answer:6.2f} s answer, {work:5.2f} s CPU, lesson {lesson}, after {at} keys: "
            + " ".join(keys)
            for answer, work, lesson, keys, at in self.worst
        ]

    def summary(self) -> str:
        return (
            f"{self.keys} keys in {len(self.answers)} bursts, lessons visited "
            f"{sorted(self.lessons)}, slowest answer {self.slowest:.2f} s (burst "
            f"{' '.join(self.slowest_keys)}), p95 {self._p95(self.answers):.2f} s; wall clock: "
            f"slowest {self.slowest_wall:.2f} s, p95 {self._p95(self.walls):.2f} s; "
            f"interface work: slowest {self.slowest_work:.2f} s (burst "
            f"{' '.join(self.slowest_work_keys)}), p95 {self._p95(self.works):.2f} s; "
            f"exceptions {len(self.errors)}, navigable at the end: {self.navigable}"
            + (f"\nfirst: {self.errors[0]}" if self.errors else "")
            + (f"\nlast keys: {' '.join(self.sent[-24:])}" if self.errors else "")
        )


#: Textual's message plumbing, in nearly every sample: left out of a burst's profile.
PLUMBING = ("message_pump.py", "_callback.py", "textual/app.py", "asyncio", "pilot.py")


def _where(code: object) -> str:
    name = str(getattr(code, "co_filename", "?"))
    short = name.rsplit("site-packages/", 1)[-1].rsplit("/tui_nn/", 1)[-1]
    return f"{short}:{getattr(code, 'co_firstlineno', 0)}({getattr(code, 'co_name', '?')})"


class StackSampler:
    """What the interface thread was doing during a burst: its stack, sampled every ``interval`` s.

    A daemon thread reads the interface thread's frame (``sys._current_frames``)
    while a burst runs (``begin``/``end``); ``end`` returns how many samples
    each function of tui-nn or Textual appeared in (so a slow key's own
    costs show, as a cumulative profile would, at a small cost to each key).
    """

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self._target = threading.get_ident()
        self._counts: Counter[str] | None = None
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)
        self._thread.start()
        self._gc_started = 0.0
        self.gc_seconds = 0.0  # of the burst being sampled: the garbage collector's CPU
        gc.callbacks.append(self._gc_timer)

    def _gc_timer(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.thread_time()
        elif self._counts is not None:
            self.gc_seconds += time.thread_time() - self._gc_started

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            counts = self._counts
            frame = sys._current_frames().get(self._target)
            if counts is None or frame is None:
                continue
            leaf = frame.f_code
            seen = {f"innermost {_where(leaf)}"}
            while frame is not None:
                code = frame.f_code
                name = code.co_filename
                if ("tui_nn" in name or "textual" in name or "plotext" in name) and not any(
                    plumbing in name for plumbing in PLUMBING
                ):
                    seen.add(_where(code))
                frame = frame.f_back
            counts.update(seen)
            self._samples += 1

    def begin(self) -> None:
        self._samples = 0
        self.gc_seconds = 0.0
        self._counts = Counter()

    def end(self) -> tuple[int, Counter[str]]:
        counts, self._counts = self._counts or Counter(), None
        counts[f"(garbage collector: {self.gc_seconds:.2f} s CPU)"] = self._samples + 1
        return self._samples, counts

    def close(self) -> None:
        self._stop.set()
        if self._gc_timer in gc.callbacks:
            gc.callbacks.remove(self._gc_timer)


def short_training_settings() -> None:
    """Lesson 8 starts with a short run (written to the settings of ``$TUI_NN_HOME``)."""
    save_settings(Settings(last_lesson=0, labs={"training": dict(SHORT_TRAINING)}))


def _send(pilot: Pilot[int], key: str) -> None:
    event = events.Key(key, None)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)  # type: ignore[union-attr]


async def _settle(pilot: Pilot[int]) -> None:
    """Wait until the app is idle and redrawn (``harness.settled``); a hung burst gives up
    after ``HANG_LIMIT`` s (the caller then sees a wall time of ``HANG_LIMIT``)."""
    await settled(pilot, HANG_LIMIT)


def _choose(rng: random.Random, app: TuiNNApp, own: dict[int, list[str]]) -> str:
    lesson = app.lesson
    mine = own.get(lesson, []) if lesson is not None else []
    if mine and rng.random() < 0.5:
        return rng.choice(mine)
    pool = GENERAL_KEYS if rng.random() < 0.85 else APP_KEYS
    key = rng.choice(pool)
    return key if key not in QUIT_KEYS else "escape"


APP_KEYS = _binding_keys(TuiNNApp.BINDINGS)


async def drive(
    pilot: Pilot[int],
    keys: int,
    seed: int,
    *,
    lessons: Sequence[int] | None = None,
    burst: int = 4,
    stop_on_error: bool = True,
    report: MonkeyReport | None = None,
    progress: Callable[[MonkeyReport], None] | None = None,
    sampler: StackSampler | None = None,
) -> MonkeyReport:
    """Press ``keys`` random keys (seeded) into the running app of ``pilot``.

    ``lessons`` (default: all) are opened in turn by keyboard, each for an equal
    share of the keys; the random keys may lead anywhere from there.
    """
    app = pilot.app
    assert isinstance(app, TuiNNApp)
    rng = random.Random(seed)
    own = lab_keys()
    order = list(lessons) if lessons is not None else [lesson.number for lesson in LESSONS]
    segment = max(burst, keys // len(order))
    report = report if report is not None else MonkeyReport()
    opened = 0
    pending: list[str] = []  # the keys that open the next lesson, sent first, ``burst`` at a time
    while report.keys < keys:
        if report.keys >= opened * segment and opened < len(order) and not pending:
            pending = ["escape", "escape", "ctrl+l", str(order[opened])]
            opened += 1
        chunk, pending = pending[:burst], pending[burst:]
        while len(chunk) < burst and report.keys + len(chunk) < keys:
            chunk.append(_choose(rng, app, own))
        before = app.lesson
        if sampler is not None:
            sampler.begin()
        wall, waited, work = time.monotonic(), _run_queue_wait(), time.thread_time()
        for key in chunk:
            _send(pilot, key)
            await asyncio.sleep(0)
        report.keys += len(chunk)
        report.sent.extend(chunk)
        await _settle(pilot)
        wall = time.monotonic() - wall
        work = time.thread_time() - work  # (the app runs on this thread, in Pilot)
        answer = max(0.0, wall - (_run_queue_wait() - waited))
        report.works.append(work)
        if work > report.slowest_work:
            report.slowest_work, report.slowest_work_keys = work, chunk
        report.answers.append(answer)
        report.walls.append(wall)
        report.slowest_wall = max(report.slowest_wall, wall)
        if answer > report.slowest:
            report.slowest, report.slowest_keys = answer, chunk
        profile = sampler.end() if sampler is not None else None
        if len(report.worst) < WORST or answer > report.worst[-1][0]:
            report.worst.append((answer, work, before, chunk, report.keys - len(chunk)))
            report.worst.sort(key=lambda row: -row[0])
            del report.worst[WORST:]
            if profile is not None:
                report.profiles[report.keys - len(chunk)] = profile
                kept = {row[4] for row in report.worst}
                report.profiles = {k: v for k, v in report.profiles.items() if k in kept}
        if app.lesson is not None:
            report.lessons.add(app.lesson)
        if progress is not None and len(report.answers) % 250 == 0:
            progress(report)
        if app.caught_errors and stop_on_error:
            break
    return report


async def finish(pilot: Pilot[int], report: MonkeyReport) -> MonkeyReport:
    """Stop every lab's work; check that the app still goes where the learner asks.

    Navigable means: Esc gets out of whatever is open (a field, a box, the help,
    the list, the palette), then Ctrl+L and a digit open that lesson with its
    lab mounted, and PgDn the next one.
    """
    app = pilot.app
    assert isinstance(app, TuiNNApp)
    for screen in list(app._screens.values()):
        screen.stop_lab()
    for _ in range(6):
        if isinstance(app.screen, LessonScreen):
            break
        await pilot.press("escape")
        await _settle(pilot)
    target = 4 if app.lesson != 4 else 5
    await pilot.press("escape", "ctrl+l", str(target))
    await _settle(pilot)
    screen = app.screen
    at_target = isinstance(screen, LessonScreen) and screen.number == target
    lab_shown = at_target and screen.lab is not None and screen.lab.is_mounted  # type: ignore[attr-defined]
    await pilot.press("pagedown")
    await _settle(pilot)
    screen = app.screen
    report.navigable = (
        lab_shown and isinstance(screen, LessonScreen) and screen.number == target + 1
    )
    if not report.navigable:
        report.errors.append(
            f"not navigable: after Ctrl+L {target} and PgDn the screen is {app.screen!r}, "
            f"lesson {app.lesson}"
        )
    report.errors.extend(repr(error) for error in app.caught_errors)
    log = error_log_path()
    if log.exists() and log.read_text(encoding="utf-8").strip():
        report.errors.append(f"error.log: {log.read_text(encoding='utf-8')[-2000:]}")
    return report


async def run_monkey(
    keys: int,
    seed: int,
    size: tuple[int, int],
    *,
    lessons: Sequence[int] | None = None,
    burst: int = 4,
    stop_on_error: bool = True,
    progress: Callable[[MonkeyReport], None] | None = None,
    sampler: StackSampler | None = None,
) -> MonkeyReport:
    """A whole monkey run in a fresh app (``TUI_NN_HOME`` must be a temporary folder)."""
    # F6 writes the learner's exercise file: into the temporary home, not the current folder
    # (a stray tui-nn-exercises/ in a clone is Python that `ruff check .` then reads).
    home = os.environ.get("TUI_NN_HOME") or tempfile.mkdtemp(prefix="tui-nn-monkey-")
    own = {"TUI_NN_MIRRORS": REFUSING_MIRROR, "TUI_NN_EXERCISES": str(Path(home) / "exercises")}
    before = {name: os.environ.get(name) for name in own}
    os.environ.update(own)
    try:
        short_training_settings()
        app = TuiNNApp(lesson=0)
        app.reraise_in_tests = False  # the report says what was caught
        report = MonkeyReport()
        async with app.run_test(size=size) as pilot:
            await drive(
                pilot,
                keys,
                seed,
                lessons=lessons,
                burst=burst,
                stop_on_error=stop_on_error,
                report=report,
                progress=progress,
                sampler=sampler,
            )
            await finish(pilot, report)
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if app.fatal_message:  # the app ended itself (the run above stopped short)
        report.errors.append(f"{app.fatal_message} (after keys: {' '.join(report.sent[-24:])})")
    return report
