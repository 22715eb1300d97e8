"""``QuietProgressBar``: Textual's ProgressBar without timers while nothing moves.

Textual's ProgressBar ticks once a second for its ETA (even when the ETA is not
shown), and its bar animates 15 times a second while the total is unknown,
even when the bar is hidden (lesson 8's download bar is hidden until a
download starts).  Many students' idle apps on one server add those up.  This
one ticks only when it shows an ETA and animates only while it is on screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from textual import events
from textual.timer import Timer
from textual.widgets import ProgressBar
from textual.widgets._progress_bar import Bar

__all__ = ["QuietProgressBar"]


class QuietProgressBar(ProgressBar):
    """A ProgressBar that uses no CPU while it is hidden or still (same look, same API)."""

    _on_screen = False

    def set_interval(  # type: ignore[override]
        self,
        interval: float,
        callback: Callable[[], Awaitable[Any] | Any] | None = None,
        **options: Any,
    ) -> Timer:
        if callback == self.update and not self.show_eta:  # the ETA's tick: no ETA shown
            return Timer(self, interval, callback=callback, pause=True)  # never started
        return super().set_interval(interval, callback, **options)

    def on_mount(self) -> None:
        for bar in self.query(Bar):
            self.watch(bar, "percentage", partial(self._quiet_bar, bar))

    def _quiet_bar(self, bar: Bar, _percentage: float | None) -> None:
        if not self._on_screen:
            bar.auto_refresh = None  # Bar animates an unknown total: not while hidden

    def on_show(self, _event: events.Show) -> None:
        self._on_screen = True
        for bar in self.query(Bar):
            bar.watch_percentage(bar.percentage)  # the Bar's own rule: animate if unknown

    def on_hide(self, _event: events.Hide) -> None:
        self._on_screen = False
        for bar in self.query(Bar):
            bar.auto_refresh = None
