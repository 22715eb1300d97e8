"""The progress display of ``tui-nn train``: one ``rich.progress`` line that fits any width.

On a terminal the line is redrawn in place (at most ten times a second) and
never wraps: the figures that do not fit the console's width are left out,
least useful first (the note, it/s, loss, epoch), and the bar shrinks.  On
anything else (a pipe, a log file) a plain line is printed every few seconds
and once at the end.  Colour and Unicode follow :mod:`tui_nn.term`.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from tui_nn.formatting import format_clock
from tui_nn.i18n import _, display_width, fit

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.progress import Progress, TaskID

REDRAW_PER_SECOND = 10
PLAIN_PROGRESS_SECONDS = 5.0
MIN_BAR = 8
MAX_BAR = 30


def stats_parts(
    iteration: int, total: int, ipe: int, loss: float, seconds: float, note: str = ""
) -> list[str]:
    """The figures of the progress line, most important first."""
    rate = iteration / seconds if seconds > 0 else 0.0
    left = (total - iteration) / rate if rate > 0 else math.inf
    digits = 1 if total >= ipe else 3
    parts = [
        _("{iteration:,}/{total:,} it").format(iteration=iteration, total=total),
        _("{clock} left").format(clock=format_clock(left)),
        _("epoch {done}/{total}").format(done=f"{iteration / ipe:.{digits}f}",
                                         total=f"{total / ipe:.{digits}f}"),
        _("loss {value}").format(value=f"{loss:.4f}" if math.isfinite(loss) else "-"),
        _("{rate:,.0f} it/s").format(rate=rate),
    ]
    if note:
        parts.append(note)
    return parts


SPARE = 3  # columns left free: the terminal echoes "^C" after the line, which must not wrap


def fit_line(parts: list[str], width: int) -> tuple[int, str]:
    """(bar width, text) so that the bar, a space and the text fit in ``width - SPARE`` cells.

    Parts are dropped from the end until the rest fits next to a bar of at
    least :data:`MIN_BAR`; with no room for a bar at all the bar width is 0.
    """
    room = max(1, width - SPARE)
    kept = list(parts)
    while kept:
        text = "  ".join(kept)
        if display_width(text) + 1 + MIN_BAR <= room:  # cells: Hangul takes two
            return min(MAX_BAR, room - display_width(text) - 1), text
        if len(kept) == 1:
            break
        kept.pop()
    text = kept[0] if kept else ""
    return 0, fit(text, room)


class TrainProgress:
    """Progress of a training run on ``console`` (from :func:`tui_nn.term.console`)."""

    def __init__(self, console: Console, total: int, ipe: int, enabled: bool = True) -> None:
        self.console = console
        self.total = total
        self.ipe = ipe
        self.enabled = enabled
        self.note = ""
        self.live = enabled and console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._last_plain = time.monotonic()
        self._last_text = ""

    def __enter__(self) -> TrainProgress:
        if self.live:
            from rich.progress import BarColumn, Progress, TextColumn
            from rich.table import Column

            self._bar = BarColumn(bar_width=MAX_BAR)
            self._progress = Progress(
                self._bar,
                TextColumn("{task.fields[stats]}",
                           table_column=Column(no_wrap=True, overflow="crop")),
                console=self.console,
                refresh_per_second=REDRAW_PER_SECOND,
                transient=True,
                expand=False,
            )
            self._task = self._progress.add_task("train", total=self.total, stats="")
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """End the live line (it disappears; the report follows)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        elif self.enabled and not self.live and self._last_text:
            self.console.print(self._last_text, soft_wrap=True)
            self._last_text = ""

    def update(self, iteration: int, loss: float, seconds: float) -> None:
        if not self.enabled:
            return
        parts = stats_parts(iteration, self.total, self.ipe, loss, seconds, self.note)
        if self._progress is not None and self._task is not None:
            bar, text = fit_line(parts, self.console.width)
            self._bar.bar_width = bar
            self._progress.update(self._task, completed=iteration, stats=text,
                                  visible=True)
            return
        self._last_text = "  ".join(parts)
        now = time.monotonic()
        if now - self._last_plain >= PLAIN_PROGRESS_SECONDS:
            self._last_plain = now
            self.console.print(self._last_text, soft_wrap=True)
            self._last_text = ""

    def print(self, text: str) -> None:
        """A line above the progress (or plain), e.g. a notice on stderr."""
        self.console.print(text, soft_wrap=True, markup=False, highlight=False)
