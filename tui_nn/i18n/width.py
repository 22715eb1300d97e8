"""How many terminal cells a text takes: Hangul (and other wide characters) take two.

Never assume one cell per character: ``len("손실")`` is 2, but it fills 4 cells.
These helpers use rich's ``cell_len``, which Textual itself uses to lay out text.
"""

from __future__ import annotations


def cell_len(text: str) -> int:
    """rich's cell width; rich is imported on first use (the data layer's words need none)."""
    from rich.cells import cell_len as rich_cell_len

    return int(rich_cell_len(text))

ELLIPSIS = "…"


def display_width(text: str) -> int:
    """The cells ``text`` fills on one line (2 per Hangul syllable or jamo, 1 per ASCII letter)."""
    return cell_len(text)


def fit(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` cells, ending in "…" when something was cut.

    A wide character is never split in half: when only one cell is left for
    it, the result is one cell shorter instead.
    """
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    room = cells - cell_len(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for char in text:
        width = cell_len(char)
        if used + width > room:
            break
        kept.append(char)
        used += width
    return "".join(kept) + ELLIPSIS


def pad(text: str, cells: int) -> str:
    """``text`` fitted to ``cells`` and padded with spaces to exactly that width."""
    fitted = fit(text, cells)
    return fitted + " " * (cells - cell_len(fitted))
