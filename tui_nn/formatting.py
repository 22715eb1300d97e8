"""Numbers and durations in words, and a one-line terminal progress bar.

Shared by the lessons (through the engine helpers), the training lab and both
command-line tools, so that they all say a duration the same way.  This
module imports nothing heavy (no NumPy): ``tui-nn`` imports it when it starts.
"""

from __future__ import annotations

import math
import time
from typing import TextIO

from tui_nn.i18n import _, display_width, ngettext


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 iteration``, ``2 iterations``, ``1,000 iterations`` (``words`` = irregular plural)."""
    many = words if words is not None else word + "s"
    return f"{count:,} {word if count == 1 else many}"


def wrap_cells(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` terminal cells.

    Like :func:`textwrap.wrap` (``first``/``rest``: the indents of the first and
    the other lines), but measured in cells, not characters: a Hangul syllable
    takes two.  A word longer than a line is kept whole.
    """
    lines: list[str] = []
    line, empty = first, True
    for word in text.split():
        candidate = line + ("" if empty else " ") + word
        if not empty and display_width(candidate) > width:
            lines.append(line)
            line = rest + word
        else:
            line = candidate
        empty = False
    if not empty:
        lines.append(line)
    return lines


def format_duration(seconds: float | None) -> str:
    """A duration as a person says it.

    ``850 µs``, ``12.0 ms``, ``4.2 s``, ``1 min 05 s``, ``2 h 05 min``,
    ``33 hours``, ``10 days``; ``forever`` for infinity and ``?`` for no
    number (None, NaN, negative).

    The units follow the current language (Korean: ``4.2초``, ``1분 05초``).

    The number is rounded for its unit FIRST and the unit chosen after, so a
    value never reaches the next unit's boundary: 0.99996 s is ``1.0 s``
    (not ``1000.0 ms``), 59.96 s is ``1 min 00 s`` (not ``60.0 s``).
    """
    if seconds is None:
        return "?"
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return "?"
    if math.isnan(value) or value < 0:
        return "?"
    if math.isinf(value):
        return _("forever")
    micro = round(value * 1e6)
    if micro < 1000:
        return f"{micro} µs"
    milli = round(value * 1e3, 1)
    if milli < 1000:
        return f"{milli:.1f} ms"
    tenths = round(value, 1)
    if tenths < 60:
        return _("{seconds:.1f} s").format(seconds=tenths)
    whole = round(value)
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=rest)
    total_minutes = round(value / 60)
    if total_minutes < 600:
        hours, minutes = divmod(total_minutes, 60)
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    hours = round(value / 3600)
    if hours < 72:
        return ngettext("{hours} hour", "{hours} hours", hours).format(hours=hours)
    days = round(value / 86400)
    return ngettext("{days:,} day", "{days:,} days", days).format(days=days)


def format_clock(seconds: float) -> str:
    """``0:23``, ``12:05``, ``1:02:03`` for a progress bar; ``--:--`` when unknown or huge."""
    if not math.isfinite(seconds) or seconds < 0 or seconds > 99 * 3600:
        return "--:--"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar_text(fraction: float, width: int = 24) -> str:
    """``[######..........]``: ``fraction`` (0..1, clipped) of ``width`` filled."""
    if not math.isfinite(fraction):
        fraction = 0.0
    filled = min(width, max(0, int(fraction * width)))
    return f"[{'#' * filled}{'.' * (width - filled)}]"


class ProgressBar:
    """One line of progress on a terminal stream, drawn over itself.

    On a terminal the line is redrawn in place at most every ``every``
    seconds; on anything else (a file, a pipe) a new line is written at most
    every ``plain_every`` seconds, so a log stays short.  ``force=True``
    draws anyway (for the last step).  ``in_place=True`` draws over the line
    with a carriage return even when the stream is not a terminal.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        every: float = 0.1,
        plain_every: float = 5.0,
        in_place: bool | None = None,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        tty = bool(getattr(stream, "isatty", lambda: False)())
        self.tty = enabled and tty
        self.in_place = self.tty if in_place is None else in_place
        self.every = every if self.in_place else plain_every
        self.last = -math.inf
        self.shown = False

    def show(self, text: str, *, force: bool = False) -> None:
        """Draw ``text`` as the progress line (unless drawn too recently)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        if self.in_place:
            self.stream.write("\r" + ("\x1b[K" if self.tty else "") + text)
            self.shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Remove the line from a terminal before other text is printed."""
        if self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
            self.last = -math.inf

    def finish(self) -> None:
        """End the line (keep it on screen) so the next text starts on a new line."""
        if self.in_place and self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
            self.last = -math.inf
