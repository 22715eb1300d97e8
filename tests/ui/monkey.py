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
import importlib
import os
import random
import string
import time
from dataclasses import dataclass, field

from textual import events
from textual.binding import Binding
from textual.pilot import Pilot

from tui_nn.catalog import LESSONS
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.error_log import error_log_path
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.settings import Settings, save_settings

__all__ = ["MonkeyReport", "lab_keys", "run_monkey"]

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
#: A burst may take this long before a key counts as unanswered.
ANSWER_LIMIT = 2.0


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


@dataclass
class MonkeyReport:
    keys: int = 0
    lessons: set[int] = field(default_factory=set)
    slowest: float = 0.0  # seconds: the slowest burst, which bounds each of its keys
    slowest_keys: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # caught by the safety net, or error.log
    navigable: bool = False
    sent: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.keys} keys, lessons visited {sorted(self.lessons)}, slowest key answer "
            f"<= {self.slowest:.2f} s (burst {' '.join(self.slowest_keys)}), "
            f"exceptions {len(self.errors)}, navigable at the end: {self.navigable}"
            + (f"\nfirst: {self.errors[0]}" if self.errors else "")
        )


def short_training_settings() -> None:
    """Lesson 8 starts with a short run (written to the settings of ``$TUI_NN_HOME``)."""
    save_settings(Settings(last_lesson=0, labs={"training": dict(SHORT_TRAINING)}))


def _send(pilot: Pilot[int], key: str) -> None:
    event = events.Key(key, None)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)  # type: ignore[union-attr]


async def _settle(pilot: Pilot[int]) -> float:
    """Wait until the screen has handled everything queued; returns the seconds it took."""
    start = time.monotonic()
    await pilot._wait_for_screen(timeout=30)
    await asyncio.sleep(0)
    return time.monotonic() - start


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
    pilot: Pilot[int], keys: int, seed: int, *, burst: int = 4, segment: int = 48
) -> MonkeyReport:
    """Press ``keys`` random keys (seeded) into the running app of ``pilot``."""
    app = pilot.app
    assert isinstance(app, TuiNNApp)
    rng = random.Random(seed)
    own = lab_keys()
    report = MonkeyReport()
    next_lesson = 0
    while report.keys < keys:
        if report.keys % segment == 0:  # open the next lesson by keyboard
            chunk = ["escape", "ctrl+l", str(next_lesson % len(LESSONS))]
            next_lesson += 1
        else:
            chunk = []
        while len(chunk) < burst and report.keys + len(chunk) < keys:
            chunk.append(_choose(rng, app, own))
        for key in chunk:
            _send(pilot, key)
            await asyncio.sleep(0)
        report.keys += len(chunk)
        report.sent.extend(chunk)
        took = await _settle(pilot)
        if took > report.slowest:
            report.slowest, report.slowest_keys = took, chunk
        if app.lesson is not None:
            report.lessons.add(app.lesson)
        if app.caught_errors:
            break
    return report


async def finish(pilot: Pilot[int], report: MonkeyReport) -> MonkeyReport:
    """Stop every lab's work, check that Ctrl+L and a digit still open a lesson."""
    app = pilot.app
    assert isinstance(app, TuiNNApp)
    for screen in list(app._screens.values()):
        screen.stop_lab()
    for _ in range(5):  # out of a field, a box, the help, the list or the palette
        if isinstance(app.screen, LessonScreen) and app.screen.is_current:
            break
        await pilot.press("escape")
    target = 4 if app.lesson != 4 else 5
    await pilot.press("ctrl+l", str(target))
    for _ in range(100):
        if isinstance(app.screen, LessonScreen) and app.screen.number == target:
            report.navigable = True
            break
        await pilot.pause(0.05)
    report.errors.extend(repr(error) for error in app.caught_errors)
    log = error_log_path()
    if log.exists() and log.read_text(encoding="utf-8").strip():
        report.errors.append(f"error.log: {log.read_text(encoding='utf-8')[-2000:]}")
    return report


async def run_monkey(
    keys: int, seed: int, size: tuple[int, int], *, burst: int = 4
) -> MonkeyReport:
    """A whole monkey run in a fresh app (``TUI_NN_HOME`` must be a temporary folder)."""
    os.environ["TUI_NN_MIRRORS"] = REFUSING_MIRROR
    short_training_settings()
    app = TuiNNApp(lesson=0)
    app.reraise_in_tests = False  # the report says what was caught
    async with app.run_test(size=size) as pilot:
        report = await drive(pilot, keys, seed, burst=burst)
        await finish(pilot, report)
    return report
