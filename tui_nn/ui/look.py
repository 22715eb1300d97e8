"""How the app draws in this terminal: one policy that widgets ask, read from ``tui_nn.term`` once.

- **ASCII mode** (the terminal's encoding is not UTF-8, or ``TUI_NN_ASCII=1``):
  charts use ASCII markers, digit views and heat maps use ASCII shades, the
  title bar uses ``< >`` and borders are ASCII (``App.-ascii`` in app.tcss).  As a
  last safety net a line filter turns whatever non-ASCII character is left on
  screen (lesson prose, a lab's symbol) into an ASCII look-alike, so the layout
  never breaks.
- **No colour** (``NO_COLOR`` or ``TERM=dumb``): chart series get distinct
  markers and legends name the markers, not colours; ``TERM=dumb`` gets no
  colour codes at all.

Widgets call :func:`current` (cached per environment); :func:`install` applies the policy to the
app (idempotent); :func:`reset` forgets the cached policy (tests change the
environment).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.filter import LineFilter, NoColor

from tui_nn import term

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App
    from textual.color import Color

__all__ = [
    "AsciiFilter",
    "Look",
    "ascii_text",
    "current",
    "install",
    "reset",
]

#: Distinct chart markers for series 0, 1, 2 … when colour cannot tell them apart.
UNICODE_MARKERS = ("•", "+", "x", "o", "=")
ASCII_MARKERS = ("o", "+", "x", "=", "%")
#: Plotext's high-resolution markers (braille, blocks): not ASCII, and all look alike.
FINE_MARKERS = frozenset({"hd", "fhd", "braille", "sd", "dot"})
#: Shades from empty to full, for digit views and heat maps.
ASCII_SHADES = " .:-=+*#%@"
UNICODE_SHADES = " ░▒▓█"


#: One-cell ASCII stand-ins the generic rules below would get wrong (or leave as "?").
SINGLE_CELL = {
    "−": "-", "÷": "/", "∂": "d", "✓": "v", "✗": "x", "√": "V", "☰": "=", "≤": "<", "≥": ">",
    "±": "+", "≠": "!", "∞": "~", "↗": "/", "↙": "/", "↖": "\\", "↘": "\\", "⇄": "=",
    "▸": ">", "▀": "^", "▄": "_",
}


@dataclass(frozen=True)
class Look:
    """What this terminal can show."""

    ascii: bool = False
    colour: bool = True

    @property
    def dot(self) -> str:
        return "-" if self.ascii else "·"

    @property
    def menu(self) -> str:
        return "=" if self.ascii else "☰"

    @property
    def previous(self) -> str:
        return "<" if self.ascii else "◀"

    @property
    def next(self) -> str:
        return ">" if self.ascii else "▶"

    @property
    def shades(self) -> str:
        return ASCII_SHADES if self.ascii else UNICODE_SHADES

    @property
    def shaded(self) -> bool:
        """Draw images with shade characters (no colour to show grey levels, or no blocks)."""
        return self.ascii or not self.colour

    def series_marker(self, index: int) -> str:
        """The marker of chart series ``index`` when colour alone cannot tell it."""
        markers = ASCII_MARKERS if self.ascii else UNICODE_MARKERS
        return markers[index % len(markers)]

    def fine(self, wanted: str | None) -> bool:
        """True when a lab's marker is one of plotext's fine ones that must change here."""
        return (wanted is None or wanted in FINE_MARKERS) and (self.ascii or not self.colour)

    def marker(self, wanted: str | None, index: int) -> str | None:
        """The marker to plot with: ``index`` counts the fine-marker series since the last clear.

        Fine markers (braille, ``hd`` …) become a distinct marker per series when
        colour is off or in ASCII mode; a lab's own marker (``●``, ``S``) stays,
        as an ASCII look-alike in ASCII mode.
        """
        if self.fine(wanted):
            return self.series_marker(index)
        if self.ascii and wanted is not None and not wanted.isascii():
            return ascii_text(wanted)[:1] or "*"
        return wanted

    def legend(self, names: Sequence[str], colours: Sequence[str]) -> str:
        """``train (green), test (orange)`` in colour, ``train ●, test +`` without."""
        if self.colour and not self.ascii:
            return ", ".join(f"{n} ({c})" for n, c in zip(names, colours, strict=True))
        if self.colour:  # ASCII markers and colour: say both
            return ", ".join(
                f"{n} {self.series_marker(i)} ({c})"
                for i, (n, c) in enumerate(zip(names, colours, strict=True))
            )
        return ", ".join(f"{n} {self.series_marker(i)}" for i, n in enumerate(names))

    def shade(self, level: float) -> str:
        """The shade character for ``level`` in 0..1."""
        shades = self.shades
        clipped = min(max(level, 0.0), 1.0) if level == level else 0.0
        return shades[min(int(clipped * len(shades)), len(shades) - 1)]


_ENVIRONMENT = ("NO_COLOR", "TERM", "TUI_NN_ASCII")
_looks: dict[tuple[str, ...], Look] = {}


def current() -> Look:
    """The policy for this terminal, worked out by ``tui_nn.term`` once per environment.

    Keyed by the few variables and stdout's encoding it depends on, so a changed
    environment (a test) never sees a stale answer; looking it up costs a dict read.
    """
    stream = sys.__stdout__ or sys.stdout
    key = (*(os.environ.get(name, "") for name in _ENVIRONMENT), term.encoding_of(stream))
    found = _looks.get(key)
    if found is None:
        found = _looks[key] = Look(ascii=term.ascii_mode(stream), colour=term.colour_allowed())
    return found


def reset() -> None:
    """Forget the policies worked out so far (the next :func:`current` asks ``term`` again)."""
    _looks.clear()


def _ascii_char(char: str) -> str:
    code = ord(char)
    if code < 128:
        return char
    if char in SINGLE_CELL:
        return SINGLE_CELL[char]
    looked = char.translate(term.ASCII_LOOKALIKES)
    if looked != char and looked.isascii() and len(looked) == 1:
        return looked
    name = unicodedata.name(char, "")
    if 0x2800 <= code <= 0x28FF:  # braille: by how many dots are set
        dots = bin(code - 0x2800).count("1")
        return " " if dots == 0 else "." if dots <= 2 else ":" if dots <= 5 else "#"
    if 0x2500 <= code <= 0x257F:  # box drawing
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        if "ARC" in name or "AND" in name or "DOWN" in name or "UP" in name:
            return "+"
        return "+"
    if 0x2580 <= code <= 0x259F:  # block elements
        if "SHADE" in name:
            return {"LIGHT": ".", "MEDIUM": ":", "DARK": "%"}.get(name.split()[0], ":")
        if "FULL" in name:
            return "#"
        if "LOWER" in name and "EIGHTH" in name and "ONE" in name:
            return "_"
        if "UPPER" in name and ("EIGHTH" in name or "HALF" in name):
            return "-" if "EIGHTH" in name else "^"
        if "LEFT" in name or "RIGHT" in name:
            return "|"
        return "#"
    if "BULLET" in name or "BLACK CIRCLE" in name or "MIDDLE DOT" in name:
        return "*" if "CIRCLE" in name or "BULLET" in name else "-"
    if "TRIANGLE" in name:
        return "<" if "LEFT" in name else ">" if "RIGHT" in name else "^" if "UP" in name else "v"
    if "ARROW" in name:
        return "<" if "LEFT" in name else ">" if "RIGHT" in name else "^" if "UP" in name else "v"
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if base:
        return base[0]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "??"  # keep the two cells a wide character takes
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    return "?"


@lru_cache(maxsize=4096)
def ascii_text(text: str) -> str:
    """``text`` with every non-ASCII character replaced by an ASCII stand-in of the same width."""
    if text.isascii():
        return text
    return "".join(_ascii_char(char) for char in text)


class AsciiFilter(LineFilter):
    """Turns every character on screen into ASCII (the last safety net of ASCII mode)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(ascii_text(text), style, control) if not text.isascii() else
            Segment(text, style, control)
            for text, style, control in segments
        ]


def install(app: App[Any]) -> None:
    """Apply the policy to ``app``: ASCII filter and ``-ascii`` class, no colour for TERM=dumb.

    Safe to call more than once (each screen calls it when it mounts).
    """
    look = current()
    filters = app._filters  # Textual's own list of line filters (NO_COLOR uses it too)
    if look.ascii:
        app.add_class("-ascii")
        if not any(isinstance(f, AsciiFilter) for f in filters):
            filters.append(AsciiFilter())
    # TERM=dumb (Textual itself only knows NO_COLOR): no colour codes at all.
    dumb = not look.colour and not getattr(app, "no_color", False)
    if dumb and not any(isinstance(f, NoColor) for f in filters):
        filters.append(NoColor())
