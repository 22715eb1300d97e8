"""Cheap updates: change what a widget shows only when it really changes.

``Static.update`` always asks Textual for a new layout of the screen (and a
repaint of everything that moved), even when the text is the same as before or
takes the same lines.  A lab that redraws from its state at every key (or ten
times a second during a run) would pay for a layout each time; :func:`show`
skips the update when nothing changed, and repaints only that widget when the
new text takes as many lines as the widget has now (as laid out on screen: a
layout still to come, or a text changed elsewhere, cannot leave it a row short).
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
    height = static.styles.height
    if height is not None and not height.is_auto:  # its height is not its text's: repaint
        static.update(content, layout=False)
        return True
    size = static.size
    before = static.get_content_height(size, size, width)
    static.update(content, layout=False)
    after = static.get_content_height(size, size, width)
    # As tall as its text: a line more or less than the old text, or than the widget has
    # on screen now (a layout still to come, or a text shown by another path), moves the
    # lab below it.  (With a min or max height, the old text is the only measure.)
    clamped = static.styles.min_height is not None or static.styles.max_height is not None
    if after != before or (not clamped and after != static.content_size.height):
        static.refresh(layout=True)
    return True
