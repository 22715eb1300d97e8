"""A confusion matrix drawn as a coloured table: rows are the true digit, columns the guess."""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui_nn.i18n import _
from tui_nn.ui import look


def worst_confusion(matrix: np.ndarray) -> tuple[int, int, int] | None:
    """The most frequent mistake as (true digit, predicted digit, count), or None."""
    off = np.asarray(matrix).copy()
    np.fill_diagonal(off, 0)
    if off.size == 0 or off.max() <= 0:
        return None
    true, guess = np.unravel_index(int(np.argmax(off)), off.shape)
    return int(true), int(guess), int(off[true, guess])


def confusion_text(matrix: np.ndarray, max_width: int | None = None) -> Text:
    """Render a (k, k) count matrix with a header; the diagonal in green, mistakes in red.

    With ``max_width`` (the room there is, e.g. 47 cells at 80 columns) a table of counts that
    would not fit shows each row in per cent of its true digit instead, rather than wrap."""
    counts = np.asarray(matrix, dtype=np.int64)
    k = counts.shape[0]
    row_totals = np.maximum(counts.sum(axis=1), 1)
    digits = len(str(int(counts.max()) if counts.size else 0))
    width, label, percent = max(3, digits) + 1, 4, False
    if max_width is not None and label + k * width > max_width:
        width, label = max(2, digits) + 1, 2
        if label + k * width > max_width:
            width, percent = 4, True  # "100" and a space
    shown = np.rint(100 * counts / row_totals[:, None]).astype(np.int64) if percent else counts
    colour = look.current().colour
    text = Text()
    text.append("t\\p " if label == 4 else "  ", style="bold")
    for c in range(k):
        text.append(f"{c:>{width}}", style="bold")
    for r in range(k):
        text.append("\n")
        text.append(f"{r:>3} " if label == 4 else f"{r} ", style="bold")
        for c in range(k):
            value = int(counts[r, c])
            share = value / row_totals[r]
            if not colour:  # no colour: the diagonal bold and underlined, mistakes plain
                style = Style(bold=True, underline=True) if r == c else Style(dim=not value)
            elif r == c:
                level = int(40 + 100 * share)
                style = Style(bgcolor=f"rgb(0,{level},0)", color="white")
            elif value:
                level = int(60 + 195 * min(1.0, share * 5))
                style = Style(bgcolor=f"rgb({level},0,0)", color="white")
            else:
                style = Style(dim=True)
            text.append(f"{int(shown[r, c]):>{width}}", style=style)
    if percent:
        text.append("\n(narrow screen: % of each true digit)", style="italic")
    if not colour:
        text.append("\n(underlined: right guesses)", style="italic")
    return text


class ConfusionMatrix(Widget):
    """Shows a confusion matrix (or a hint while there is none yet)."""

    DEFAULT_CSS = """
    ConfusionMatrix {
        width: 100%;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.matrix: np.ndarray | None = None

    def show(self, matrix: np.ndarray | None) -> None:
        self.matrix = None if matrix is None else np.asarray(matrix)
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.matrix is None:
            return Text(_("No network yet: train one (or load one) first."), style="italic")
        return confusion_text(self.matrix, self.size.width or None)
