"""Cheap updates: change what a widget shows only when it really changes.

``Static.update`` always asks Textual for a new layout of the screen (and a
repaint of everything that moved), even when the text is the same as before.
A lab that redraws from its state ten times a second would pay for that every
time; :func:`show` skips the update when nothing changed.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static

__all__ = ["show"]


def show(static: Static, content: VisualType, *, layout: bool = True) -> bool:
    """``static.update(content)`` unless it already shows ``content``; True if it changed."""
    try:
        same = bool(static.content == content)
    except Exception:  # a renderable without equality: update to be sure
        same = False
    if same:
        return False
    static.update(content, layout=layout)
    return True

