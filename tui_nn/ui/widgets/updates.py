"""Cheap updates: change what a widget shows only when it really changes.

``Static.update`` always asks Textual for a new layout of the screen (and a
repaint of everything that moved), even when the text is the same as before or
takes the same lines.  A lab that redraws from its state at every key (or ten
times a second during a run) would pay for a layout each time; :func:`show`
skips the update when nothing changed, and repaints only that widget when the
new text takes as many lines as the old (Textual measures both).
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static

__all__ = ["show"]


def show(static: Static, content: VisualType) -> bool:
    """Show ``content`` in ``static`` as cheaply as it can be done; True if it changed."""
    try:
        same = bool(static.content == content)
    except Exception:  # a renderable without equality: update to be sure
        same = False
    if same:
        return False
    width = static.content_size.width
    size_fixed = (
        static.is_mounted
        and static.display
        and width > 0
        and not (static.styles.width is not None and static.styles.width.is_auto)
    )
    if not size_fixed:  # not laid out yet, or as wide as its text: lay out again
        static.update(content)
        return True
    size = static.size
    lines = static.get_content_height(size, size, width)
    static.update(content, layout=False)
    if static.get_content_height(size, size, width) != lines:
        static.refresh(layout=True)  # a line more or less: the lab below it moves
    return True
