"""Drawing helpers of the lesson 6 lab: vectors and small matrices, optionally as a heat map."""

from __future__ import annotations

import math

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
        text.append("\n  " + row_sums_line(matrix), style="dim")
    return text


def row_sums_line(matrix: np.ndarray) -> str:
    """What each row of ``matrix`` sums to, as the power of ten all the sums stay under.

    A numerical gradient's rows sum to 0 only up to rounding noise (about 1e-10
    here), and the noise's own digits change with the CPU and its BLAS: its
    order of magnitude is what the learner can read (and what stays the same).
    """
    with np.errstate(all="ignore"):
        sums = np.sum(np.asarray(matrix, dtype=np.float64), axis=1)
    if not np.isfinite(sums).all():
        shown = "  ".join(f"{float(s):+.1e}" for s in sums)
        return _("row sums: {sums}").format(sums=shown)
    largest = float(np.max(np.abs(sums))) if sums.size else 0.0
    if largest == 0.0:
        return _("row sums: exactly 0")
    power = math.floor(math.log10(largest)) + 1
    return _("row sums: each under {bound}  (≈ 0)").format(bound=f"1e{power}")


def heat_legend() -> str:
    """What the signs (and, with colour, the colours) of dW mean."""
    if look.current().colour:
        return _("+ (red): more weight, more loss; − (blue): less")
    return _("+: more weight, more loss; −: less loss")
