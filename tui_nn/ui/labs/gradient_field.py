"""Lesson 4's field: −gradient arrows over a shaded height map, drawn as text.

One text cell per grid point (an odd number of rows and columns, so (0, 0)
is always a row and a column at every size): the arrow in the middle and the
shade of f's height on both sides, ``▒↘▒``.  Shades come from
:mod:`tui_nn.ui.look` (``░▒▓`` or ASCII ``.:-=+*#``), so "downhill" reads
without colour: arrows lead from dense shade toward blank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.text import Text

from tui_nn.engine import explore
from tui_nn.i18n import _
from tui_nn.ui import look

#: Grid points along each axis: odd, so 0 is the middle one.
GRID = 9
#: Width of the row labels on the left ("-100 ").
LABEL_WIDTH = 5
#: Arrows shorter than this fraction of the longest one are drawn as dots.
SHORT_ARROW = 1e-3
POINT = "●"


@dataclass(frozen=True)
class FieldPicture:
    """What the field shows: the text, and the characters of each grid cell's centre."""

    text: Text
    centres: list[list[str]]  # centres[row][col], row 0 at the top (largest x1)
    point_cell: tuple[int, int] | None  # (row, col) of the point, if inside


def cell_width(available: int) -> int:
    """An odd cell width (3 to 7) so that GRID cells and the labels fit ``available`` cells."""
    width = max(3, min(7, (available - LABEL_WIDTH) // GRID))
    return width if width % 2 else width - 1


def shade_set() -> str:
    """The shades used, from lowest (blank) to highest (the full block is left out)."""
    shades = look.current().shades
    return shades[:-1]


def nearest_cell(ticks: np.ndarray, point: tuple[float, float]) -> tuple[int, int] | None:
    """(row, col) of the grid point nearest ``point``, or None outside the grid."""
    step = float(ticks[1] - ticks[0])
    reach = float(ticks[-1])
    x0, x1 = point
    if abs(x0) > reach + step / 2 or abs(x1) > reach + step / 2:
        return None
    col = int(np.clip(np.round((x0 - ticks[0]) / step), 0, len(ticks) - 1))
    row_up = int(np.clip(np.round((x1 - ticks[0]) / step), 0, len(ticks) - 1))
    return len(ticks) - 1 - row_up, col


def field_picture(
    field: explore.ArrowField,
    levels: np.ndarray,
    ticks: np.ndarray,
    point: tuple[float, float],
    width: int,
) -> FieldPicture:
    """The text of the field (``levels`` from ``explore.height_levels`` on the same grid)."""
    now = look.current()
    shades = shade_set()
    cell = cell_width(width)
    side = (cell - 1) // 2
    lengths = np.hypot(field.u, field.v)
    still = max(float(lengths.max()) * SHORT_ARROW, 1e-9)
    target = nearest_cell(ticks, point)
    n = len(ticks)
    text = Text(no_wrap=True, overflow="crop")
    centres: list[list[str]] = []
    arrow_style = "bold" if not now.colour else "bold cyan"
    shade_style = "" if not now.colour else "grey50"
    for row in range(n):
        j = n - 1 - row  # the top row is the largest x1
        label = f"{ticks[j]:g}" if row % 2 == 0 else ""
        text.append(f"{label:>{LABEL_WIDTH - 1}} ")
        row_centres = []
        for i in range(n):
            level = float(levels[j, i])
            shade = shades[min(int(level * len(shades)), len(shades) - 1)]
            centre = explore.arrow_char(float(field.u[j, i]), float(field.v[j, i]), still=still)
            style = arrow_style
            if target == (row, i):
                centre, style = POINT, "bold red" if now.colour else "bold reverse"
            row_centres.append(centre)
            text.append(shade * side, style=shade_style)
            text.append(centre, style=style)
            text.append(shade * side, style=shade_style)
        centres.append(row_centres)
        text.append("\n")
    axis = [" "] * (cell * n)
    for i in range(0, n, 2):
        label = f"{ticks[i]:g}"
        middle = i * cell + side
        start = max(0, min(middle - len(label) // 2, cell * n - len(label)))
        axis[start : start + len(label)] = list(label)
    text.append(" " * LABEL_WIDTH + "".join(axis).rstrip())
    return FieldPicture(text, centres, target)


def field_legend() -> str:
    """What the marks of the field mean, in the current language and look."""
    shades = shade_set()
    return "\n".join(
        [
            _("arrows: −gradient (downhill)  {point} the point  · flat").format(point=POINT),
            _("shade: the height of f, blank lowest, then {shades}").format(
                shades=" ".join(shades[1:])
            ),
            _("x0 across, x1 up"),
        ]
    )
