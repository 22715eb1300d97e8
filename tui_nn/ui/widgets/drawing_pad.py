"""A 28x28 pad the learner draws a digit on, with the mouse or the keyboard.

``mnist_like`` turns the raw drawing into an image that looks like an MNIST
digit (cropped, scaled into a 20x20 box, centred by its centre of mass in a
28x28 frame, softly blurred), which is what a network trained on MNIST expects.
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

import numpy as np
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from tui_nn.i18n import N_, _

SIZE = 28
_BRUSH = ((0, 0, 1.0), (-1, 0, 0.5), (1, 0, 0.5), (0, -1, 0.5), (0, 1, 0.5))


def _resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Bilinear resize of a small 2-D float image (no SciPy needed)."""
    h, w = image.shape
    rows = np.linspace(0, h - 1, height) if height > 1 else np.array([(h - 1) / 2])
    cols = np.linspace(0, w - 1, width) if width > 1 else np.array([(w - 1) / 2])
    tmp = np.array([np.interp(cols, np.arange(w), image[r]) for r in range(h)])
    return np.array([np.interp(rows, np.arange(h), tmp[:, c]) for c in range(width)]).T


def _blur(image: np.ndarray) -> np.ndarray:
    """A light 3x3 Gaussian blur ([1, 2, 1] / 4 in each direction)."""
    padded = np.pad(image, 1)
    rows = (padded[:-2] + 2 * padded[1:-1] + padded[2:]) / 4
    return (rows[:, :-2] + 2 * rows[:, 1:-1] + rows[:, 2:]) / 4


def mnist_like(pixels: np.ndarray, box: int = 20) -> np.ndarray:
    """Prepare a drawing (2-D, values 0..1) the way MNIST digits were prepared.

    Returns a uint8 (28, 28) image: the ink cropped to its bounding box, scaled
    so its longer side is ``box`` pixels, placed so its centre of mass sits at
    the centre, and blurred a little.  An empty drawing gives an all-zero image.
    """
    image = np.clip(np.asarray(pixels, dtype=float), 0.0, 1.0)
    ink = np.argwhere(image > 0.1)
    if ink.size == 0:
        return np.zeros((SIZE, SIZE), dtype=np.uint8)
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0) + 1
    crop = image[top:bottom, left:right]
    h, w = crop.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    small = _resize(crop, new_h, new_w)
    canvas = np.zeros((SIZE, SIZE))
    y0, x0 = (SIZE - new_h) // 2, (SIZE - new_w) // 2
    canvas[y0 : y0 + new_h, x0 : x0 + new_w] = small
    total = canvas.sum()
    if total > 0:
        ys, xs = np.indices(canvas.shape)
        cy, cx = (ys * canvas).sum() / total, (xs * canvas).sum() / total
        dy = int(np.clip(round(SIZE / 2 - 0.5 - cy), -y0, SIZE - (y0 + new_h)))
        dx = int(np.clip(round(SIZE / 2 - 0.5 - cx), -x0, SIZE - (x0 + new_w)))
        canvas = np.roll(canvas, (dy, dx), axis=(0, 1))
    canvas = _blur(canvas)
    peak = canvas.max()
    if peak > 0:
        canvas = canvas / peak
    return np.round(canvas * 255).astype(np.uint8)


@lru_cache(maxsize=4096)
def _cell_style(top: int, bottom: int) -> Style:
    """The style of a cell whose upper pixel is grey ``top`` and lower one ``bottom`` (0..255)."""
    return Style(color=f"rgb({top},{top},{top})", bgcolor=f"rgb({bottom},{bottom},{bottom})")


@lru_cache(maxsize=2)
def _cursor_style(pen_down: bool) -> Style:
    colour = "red" if pen_down else "yellow"
    return Style(color=colour, bgcolor=colour)


class DrawingPad(Widget, can_focus=True):
    """Draw with the mouse (press and drag) or the keys (arrows move, space lifts/lowers the pen).

    Each character cell covers one pixel column and two pixel rows, so the pad
    is 28 cells wide and 14 high.  ``pixels`` is a (28, 28) float array, 0..1.
    """

    DEFAULT_CSS = """
    DrawingPad {
        width: 30;
        height: 16;
        border: round $secondary;
    }
    DrawingPad:focus {
        border: round $accent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", N_("Pad: move up"), show=False),
        Binding("down", "move(0, 1)", N_("Pad: move down"), show=False),
        Binding("left", "move(-1, 0)", N_("Pad: move left"), show=False),
        Binding("right", "move(1, 0)", N_("Pad: move right"), show=False),
        Binding("space", "pen", N_("Pen up/down"), tooltip=N_("Lower the pen to draw as you move")),
        Binding("backspace,delete", "clear", N_("Clear pad")),
    ]

    class Changed(Message):
        """The drawing changed: ink added or cleared, or (``replaced``) a whole image put on it."""

        def __init__(self, pad: DrawingPad, replaced: bool = False) -> None:
            super().__init__()
            self.pad = pad
            self.replaced = replaced

        @property
        def control(self) -> DrawingPad:
            return self.pad

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pixels = np.zeros((SIZE, SIZE))
        self.cursor = (SIZE // 2, SIZE // 4)  # (column, cell row)
        self.pen_down = False
        self._dragging = False
        self._last: tuple[int, int] | None = None
        self.border_title = _("draw here")

    def refresh_language(self) -> None:
        """F2: the pad's title and pen state in the current language."""
        self.border_title = _("draw here")
        self.border_subtitle = _("pen down") if self.pen_down else ""

    # --- drawing -----------------------------------------------------------------
    def ink_cell(self, column: int, row: int) -> None:
        """Ink the two pixels under cell (column, row), with a soft edge around them."""
        if not (0 <= column < SIZE and 0 <= row < SIZE // 2):
            return
        for y in (2 * row, 2 * row + 1):
            for dy, dx, value in _BRUSH:
                yy, xx = y + dy, column + dx
                if 0 <= yy < SIZE and 0 <= xx < SIZE:
                    self.pixels[yy, xx] = max(self.pixels[yy, xx], value)

    def ink_line(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Ink every cell on the straight line from ``start`` to ``end`` (cell coordinates)."""
        steps = max(abs(end[0] - start[0]), abs(end[1] - start[1]), 1)
        for i in range(steps + 1):
            t = i / steps
            self.ink_cell(
                round(start[0] + (end[0] - start[0]) * t), round(start[1] + (end[1] - start[1]) * t)
            )

    def clear(self) -> None:
        self.pixels = np.zeros((SIZE, SIZE))
        self._changed()

    def set_pixels(self, pixels: np.ndarray) -> None:
        """Show an existing image (uint8 0..255 or float 0..1, 28x28) on the pad."""
        image = np.asarray(pixels, dtype=float).reshape(SIZE, SIZE)
        self.pixels = image / 255.0 if image.max() > 1.0 else image.copy()
        self._changed(replaced=True)

    @property
    def is_empty(self) -> bool:
        return not bool((self.pixels > 0.1).any())

    def _changed(self, replaced: bool = False) -> None:
        self.refresh()
        self.post_message(self.Changed(self, replaced))

    # --- keys --------------------------------------------------------------------
    def action_move(self, dx: int, dy: int) -> None:
        column = int(np.clip(self.cursor[0] + dx, 0, SIZE - 1))
        row = int(np.clip(self.cursor[1] + dy, 0, SIZE // 2 - 1))
        if self.pen_down:
            self.ink_line(self.cursor, (column, row))
        self.cursor = (column, row)
        if self.pen_down:
            self._changed()
        else:
            self.refresh()

    def action_pen(self) -> None:
        self.pen_down = not self.pen_down
        self.border_subtitle = _("pen down") if self.pen_down else ""
        if self.pen_down:
            self.ink_cell(*self.cursor)
            self._changed()
        else:
            self.refresh()

    def action_clear(self) -> None:
        self.clear()

    # --- mouse -------------------------------------------------------------------
    def _cell(self, event: events.MouseEvent) -> tuple[int, int] | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return offset.x, offset.y

    def on_mouse_down(self, event: events.MouseDown) -> None:
        cell = self._cell(event)
        if cell is None:
            return
        self._dragging = True
        self.capture_mouse()
        self.cursor = (int(np.clip(cell[0], 0, SIZE - 1)), int(np.clip(cell[1], 0, SIZE // 2 - 1)))
        self._last = cell
        self.ink_cell(*cell)
        self._changed()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        cell = self._cell(event)
        if cell is None or cell == self._last:
            return
        self.ink_line(self._last or cell, cell)
        self._last = cell
        self._changed()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self._last = None
            self.release_mouse()

    # --- drawing on screen -------------------------------------------------------
    def render(self) -> Text:
        levels = np.round(np.clip(self.pixels, 0.0, 1.0) * 255).astype(np.int64).tolist()
        cursor = self.cursor if self.has_focus else None
        spans: list[Span] = []
        position = 0
        for row in range(SIZE // 2):
            tops, bottoms = levels[2 * row], levels[2 * row + 1]
            for column in range(SIZE):
                if cursor == (column, row):
                    style = _cursor_style(self.pen_down)
                else:
                    style = _cell_style(tops[column], bottoms[column])
                spans.append(Span(position, position + 1, style))
                position += 1
            position += 1  # the newline
        plain = "\n".join(["▀" * SIZE] * (SIZE // 2))
        return Text(plain, spans=spans)
