"""Runs of slow work off the interface thread: what a worker sees, and what the kit keeps.

A lab starts work with ``Lab.run_in_thread`` (see ``tui_nn.ui.labs.base``).
The work function gets a :class:`WorkContext`; the kit keeps one
:class:`WorkRun` per run and, per group, which run is the current one, so a
result, progress or error of an older (stale) or cancelled run is dropped.
Nothing here touches widgets: the lab's handlers do, on the interface thread.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Progress is delivered at most this often (seconds): about 10 times a second.
PROGRESS_INTERVAL = 0.1

_run_ids = itertools.count(1)
_NOTHING = object()


class WorkContext:
    """What the work function of a run sees (it runs on a worker thread).

    ``cancelled`` turns True when the run is cancelled (the lab's
    ``stop_work``, a newer run in the same group, the lab removed): check it
    between steps and return early.  ``progress(value)`` reports how far the
    work got; the lab's ``on_progress`` gets the latest value, at most about
    10 times a second, on the interface thread.  ``fraction`` (0 to 1), when
    given, is what the title bar shows ("training 43%").
    """

    def __init__(self, run: WorkRun, notify: Callable[[WorkRun], None]) -> None:
        self._run = run
        self._notify = notify

    @property
    def cancelled(self) -> bool:
        """True once this run is cancelled or replaced: stop soon."""
        return self._run.cancelled

    def progress(self, value: object, fraction: float | None = None) -> None:
        """Report ``value`` (small: numbers, a frozen dataclass, never whole arrays)."""
        run = self._run
        if fraction is not None and math.isfinite(fraction):
            run.fraction = min(1.0, max(0.0, float(fraction)))
        with run.lock:
            run.pending = value
            if run.delivery_due or run.cancelled:
                return
            run.delivery_due = True
        self._notify(run)


@dataclass(eq=False)
class WorkRun:
    """One run of one group of one lab, as the kit keeps it."""

    group: str
    label: str | None
    on_result: Callable[[object], None]
    on_progress: Callable[[object], None] | None
    on_error: Callable[[BaseException], None] | None
    on_wait: Callable[[int], None] | None
    id: int = field(default_factory=lambda: next(_run_ids))
    cancelled: bool = False
    finished: bool = False
    fraction: float | None = None
    waiting: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    pending: object = _NOTHING
    delivery_due: bool = False
    last_delivery: float = -math.inf

    def take_progress(self) -> tuple[bool, object]:
        """The progress value waiting to be delivered, if any (and mark it taken)."""
        with self.lock:
            value, self.pending = self.pending, _NOTHING
            self.delivery_due = False
        self.last_delivery = time.monotonic()
        return value is not _NOTHING, value

    def wait_before_delivery(self) -> float:
        """Seconds to wait before the next progress delivery (0: deliver now)."""
        return max(0.0, self.last_delivery + PROGRESS_INTERVAL - time.monotonic())


class WorkBook:
    """Which run is current in each group of one lab (the kit's staleness check)."""

    def __init__(self) -> None:
        self._current: dict[str, WorkRun] = {}

    def start(self, run: WorkRun) -> WorkRun | None:
        """Make ``run`` current in its group; returns the run it replaced (now cancelled)."""
        old = self._current.get(run.group)
        if old is not None and not old.finished:
            old.cancelled = True
        self._current[run.group] = run
        return old

    def is_current(self, run: WorkRun) -> bool:
        """True if ``run`` is its group's current run and neither cancelled nor finished."""
        return self._current.get(run.group) is run and not run.cancelled and not run.finished

    def finish(self, run: WorkRun) -> None:
        run.finished = True

    def running(self) -> list[WorkRun]:
        """The runs still going, oldest first."""
        return [r for r in self._current.values() if not r.finished and not r.cancelled]

    def cancel_all(self) -> list[str]:
        """Cancel every run still going; returns their groups."""
        groups = []
        for run in self.running():
            run.cancelled = True
            groups.append(run.group)
        return groups

    def groups(self) -> list[str]:
        return list(self._current)
