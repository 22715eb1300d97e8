"""Drawing helpers of the lesson 6 lab: vectors and small matrices, optionally as a heat map."""

from __future__ import annotations

import numpy as np
from rich.text import Text

from tui_nn.i18n import _
from tui_nn.ui import look


def vector_text(values: np.ndarray, digits: int = 8) -> str:
    return "  ".join(f"{v: .{digits}f}" for v in np.ravel(values))


def heat_cell(value: float, scale: float) -> str:
    """A background colour for ``value``: red if positive, blue if negative, stronger if larger."""
    if not np.isfinite(value) or scale <= 0 or not np.isfinite(scale):
        return "on grey23"
    strength = min(abs(value) / scale, 1.0)
    level = int(60 + 160 * strength)
    if value >= 0:
        return f"on rgb({level},40,40)"
    return f"on rgb(40,60,{level})"


def matrix_text(
    matrix: np.ndarray,
    *,
    digits: int = 8,
    heat: bool = False,
    row_sums: bool = False,
    mark: tuple[int, int] | None = None,
) -> Text:
    """A small matrix as aligned rows of numbers, optionally as a heat map with row sums.

    The heat map's colours only repeat what the sign (+ or -) already says, so
    the matrix reads the same without colour (``NO_COLOR``); the marked cell is
    bold and underlined, and framed by ``>`` ``<`` so it shows without styles too.
    """
    scale = float(np.nanmax(np.abs(matrix))) if np.isfinite(matrix).any() else 0.0
    colour = look.current().colour
    text = Text()
    for r, row in enumerate(matrix):
        text.append("  ")
        for c, value in enumerate(row):
            cell = f"{value:+.{digits}f}"
            style = heat_cell(float(value), scale) if heat and colour else ""
            marked = mark == (r, c)
            if marked:
                style = (style + " bold underline").strip()
            text.append(">" if marked else " ")
            text.append(cell, style=style)
            text.append("<" if marked else " ")
        if r + 1 < len(matrix):
            text.append("\n")
    if row_sums:
        with np.errstate(all="ignore"):
            sums = "  ".join(f"{float(np.sum(row)):+.1e}" for row in matrix)
        text.append("\n  " + _("row sums: {sums}  (≈ 0)").format(sums=sums), style="dim")
    return text


def heat_legend() -> str:
    """What the signs (and, with colour, the colours) of dW mean."""
    if look.current().colour:
        return _("+ (red): more weight, more loss; − (blue): less")
    return _("+: more weight, more loss; −: less loss")
