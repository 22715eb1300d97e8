"""The training worker's clock: running time without pauses, ticks, and holding while paused.

Used by :meth:`tui_nn.training_session.TrainingSession.run` in its worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tui_nn.training_log import RunLog, SessionEvent, Tick

PAUSE_POLL_SECONDS = 0.05  # a paused run looks this often whether it is stopped


class Pacer:
    """The worker's clock: running time without pauses, and when to report the next tick."""

    def __init__(
        self,
        log: RunLog,
        notify: Callable[[SessionEvent], object],
        gate: threading.Event,
        cancelled: Callable[[], bool],
        interval: float,
        clock: Callable[[], float],
    ) -> None:
        self.log, self.notify, self.gate, self.cancelled = log, notify, gate, cancelled
        self.interval, self.clock = interval, clock
        self.started = self.last_post = clock()

    def bank(self) -> float:
        """Add the time since the last call to the log's running time."""
        now = self.clock()
        with self.log.lock:
            self.log.running_seconds += now - self.started
        self.started = now
        return now

    def maybe_tick(self) -> None:
        if self.clock() - self.last_post >= self.interval:
            self.last_post = self.bank()
            self.notify(Tick())

    def hold_while_paused(self, stop_requested: Callable[[], bool]) -> None:
        """Block while the gate is closed (paused), unless the run is ending."""
        if self.gate.is_set() or stop_requested() or self.cancelled():
            return
        self.bank()
        with self.log.lock:
            self.log.paused = True
        self.notify(Tick())
        while not self.gate.wait(PAUSE_POLL_SECONDS):
            if self.cancelled() or stop_requested():
                break
        with self.log.lock:
            self.log.paused = False
        self.started = self.last_post = self.clock()
