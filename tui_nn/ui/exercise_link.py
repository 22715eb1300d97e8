"""What ties a lab to the learner's exercise file: the live check and their own function.

- :class:`ExerciseLink` (one per lab, :func:`link_of`): the starter file's
  path, the latest :class:`~tui_nn.exercises.CheckReport`, and a watcher that
  checks the file again on every save.  The watcher is a kit worker of the
  lab (``Lab.run_in_thread``, group ``exercise-watch``) polling the file's
  modification time; each report reaches the interface thread as progress.
- :class:`OwnFunction`: the learner's ``numerical_diff`` / ``numerical_gradient``
  called through ``call_learner_function`` in a kit worker (group
  ``exercise-own``), never on the interface thread.  A lab asks
  ``own.values(key, calls)``: the learner's results when known, else None
  (and they are asked for; the lab is redrawn when they come).  A function
  that fails or hangs gives ``own.problem`` and the lab keeps the engine's.

Labs that can draw with the learner's function have ``use_own_function(own)``
(lesson 3's ``DerivativesLab``, lesson 4's ``GradientLab``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from weakref import WeakKeyDictionary

import numpy as np

from tui_nn.ui.labs.base import Lab, WorkContext

#: Where the starter files go unless TUI_NN_EXERCISES says otherwise (relative to the
#: current folder, like ``tui-nn exercise N``).
FOLDER_VARIABLE = "TUI_NN_EXERCISES"
DEFAULT_FOLDER = "tui-nn-exercises"
#: How often the watcher looks at the file (seconds); tests make it shorter.
POLL_SECONDS = 0.5
#: The time limit of one check, and of one call of the learner's function (seconds).
CHECK_TIMEOUT = 5.0
CALL_TIMEOUT = 5.0

#: The function of the learner's file each lesson's lab can use in place of the engine's.
OWN_FUNCTIONS: dict[int, str] = {3: "numerical_diff", 4: "numerical_gradient"}


def exercises_folder() -> Path:
    """``$TUI_NN_EXERCISES`` if set, else ``./tui-nn-exercises`` (the current folder's)."""
    chosen = os.environ.get(FOLDER_VARIABLE, "").strip()
    return Path(chosen) if chosen else Path(DEFAULT_FOLDER)


@runtime_checkable
class OwnFunctionLab(Protocol):
    """A lab that can draw with the learner's own function."""

    def use_own_function(self, own: OwnFunction | None) -> None: ...


class OwnFunction:
    """The learner's function ``name`` of the file at ``path``, used by ``lab``."""

    def __init__(self, lab: Lab, path: Path, name: str, timeout: float | None = None) -> None:
        self.lab = lab
        self.path = path
        self.name = name
        self.timeout = CALL_TIMEOUT if timeout is None else timeout
        self.problem: str | None = None
        self._known: dict[Hashable, list[Any] | None] = {}
        self._asked: Hashable | None = None

    @property
    def waiting(self) -> bool:
        """True while the learner's function is being called."""
        return self._asked is not None

    def forget(self) -> None:
        """The file changed: ask again next time (the lab's redraw does)."""
        self._known.clear()
        self._asked = None
        self.problem = None

    def values(
        self,
        key: Hashable,
        calls: Sequence[Sequence[Any]],
        convert: Callable[[Any], Any] = lambda value: value,
    ) -> list[Any] | None:
        """The learner's results for ``calls`` (named ``key``), or None while unknown or failed.

        Unknown: the calls are made in a worker, and the lab redraws when they return.
        ``convert`` turns each result into what the lab draws (``as_number``,
        ``as_vector``); a ValueError or TypeError there makes the results unusable.
        """
        if key in self._known:
            found = self._known[key]
            return found
        if self._asked != key:
            self._asked = key
            self.lab.run_in_thread(
                self._work(list(calls)),
                group="exercise-own",
                on_result=lambda result: self._arrived(key, result, convert),
                on_error=lambda error: self._arrived(key, error, convert),
            )
        return None

    def _work(self, calls: list[Sequence[Any]]) -> Callable[[WorkContext], object]:
        path, name, timeout = self.path, self.name, self.timeout

        def work(ctx: WorkContext) -> object:
            from tui_nn.exercises import call_learner_function

            return call_learner_function(path, name, calls, timeout=timeout)

        return work

    def _arrived(self, key: Hashable, result: object, convert: Callable[[Any], Any]) -> None:
        if self._asked == key:
            self._asked = None
        problem = own_problem(result)
        if problem is None:
            try:
                values = [convert(call.value) for call in result.calls]  # type: ignore[attr-defined]
            except (ValueError, TypeError) as error:
                problem = str(error)
        if problem is None:
            self._known[key] = values
            self.problem = None
        else:
            self._known[key] = None
            self.problem = problem
        self.lab.redraw()

    def note(self, subject: str) -> str:
        """One sentence on what the lab uses: ``subject`` ("the slope") from whose function."""
        if self.problem is not None:
            return (
                f"[b]Your {self.name} could not be used:[/b] {self.problem}. "
                f"The lab shows the engine's {subject}."
            )
        if self.waiting:
            return f"Calling your {self.name}…  (the engine's {subject} until it answers)"
        return f"[b]{subject.capitalize()} drawn with your {self.name}[/b] from {self.path.name}."


def as_number(value: Any) -> float:
    """A slope the lab can draw: one finite number (ValueError says what it was instead)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"it returned {_short(value)}, not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"it returned {number}, not a finite number")
    return number


def as_vector(value: Any, size: int = 2) -> np.ndarray:
    """A gradient the lab can draw: ``size`` finite numbers (ValueError says what it was)."""
    try:
        vector = np.asarray(value, dtype=float).reshape(size)
    except (TypeError, ValueError):
        raise ValueError(f"it returned {_short(value)}, not {size} numbers") from None
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"it returned {_short(value)}, not finite numbers")
    return vector


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def own_problem(result: object) -> str | None:
    """Why the learner's results cannot be drawn (None: they can)."""
    from tui_nn.exercises import LabCalls

    if isinstance(result, BaseException):
        return f"calling it failed ({type(result).__name__})"
    if not isinstance(result, LabCalls):
        return "it gave nothing back"
    if result.problem is not None:
        return result.problem
    for call in result.calls:
        if not call.ok:
            return call.problem
    return None


class ExerciseLink:
    """A lab's exercise: the file, the latest check, the watcher, the learner's function."""

    def __init__(self, lab: Lab, lesson: int) -> None:
        self.lab = lab
        self.lesson = lesson
        self.path: Path | None = None
        self.report: Any = None  # the latest CheckReport (None: not checked yet)
        self.checks = 0
        self.watching = False
        self.own: OwnFunction | None = None
        self.on_report: Callable[[], None] | None = None

    @property
    def own_name(self) -> str | None:
        """The function the lab could use from the learner's file (None: this lab has none)."""
        if not isinstance(self.lab, OwnFunctionLab):
            return None
        return OWN_FUNCTIONS.get(self.lesson)

    def start(self) -> None:
        """Write the starter file if missing (OSError, ValueError if not) and watch it."""
        from tui_nn.exercises import write_starter

        if self.path is None:
            self.path = write_starter(self.lesson, exercises_folder()).path
        if not self.watching:
            self._watch(self.path)

    def _watch(self, path: Path) -> None:
        from tui_nn.exercises import watch_file

        self.watching = True
        lesson, poll, timeout = self.lesson, POLL_SECONDS, CHECK_TIMEOUT

        def work(ctx: WorkContext) -> None:
            watch_file(path, ctx.progress, timeout=timeout, lesson=lesson, poll=poll,
                       should_stop=lambda: ctx.cancelled)

        self.lab.run_in_thread(
            work, group="exercise-watch", on_result=self._stopped,
            on_progress=self._reported, on_error=self._stopped,
        )

    def stop(self) -> None:
        """Stop watching (unless the lab still draws with the learner's function)."""
        if self.watching and self.own is None:
            self.watching = False
            # a newer run of the group cancels the watcher (the kit's one-run-per-group rule)
            self.lab.run_in_thread(lambda ctx: None, group="exercise-watch",
                                   on_result=lambda _: None)

    def _stopped(self, _: object) -> None:
        self.watching = False

    def _reported(self, report: object) -> None:
        self.report = report
        self.checks += 1
        if self.own is not None:
            self.own.forget()
            self.lab.redraw()
        if self.on_report is not None:
            self.on_report()

    def toggle_own(self) -> bool:
        """Use the learner's function in the lab, or the engine's again; True if now theirs."""
        name = self.own_name
        if name is None or self.path is None or not isinstance(self.lab, OwnFunctionLab):
            return False
        if self.own is None:
            self.own = OwnFunction(self.lab, self.path, name)
        else:
            self.own = None
        self.lab.use_own_function(self.own)
        return self.own is not None


_LINKS: WeakKeyDictionary[Lab, ExerciseLink] = WeakKeyDictionary()


def link_of(lab: Lab, lesson: int) -> ExerciseLink:
    """The lab's exercise link (made on first use, kept as long as the lab)."""
    link = _LINKS.get(lab)
    if link is None:
        link = _LINKS[lab] = ExerciseLink(lab, lesson)
    return link
