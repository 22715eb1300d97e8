"""Lesson 8's five views as tabs that switch cheaply.

Textual's ``Tabs`` slides the line under the active tab for 0.3 s: about
twenty frames, each repainting the tab bar and what lies under it, for every
view switch (most of the cost of the key).  ``still_underline`` makes the line
jump to its place instead, once, with no animation.
"""

from __future__ import annotations

from textual.widgets import TabbedContent, Tabs


def still_underline(tabbed: TabbedContent) -> None:
    """Make ``tabbed``'s underline move to the active tab at once (no 0.3 s animation)."""
    tabs = tabbed.query_one(Tabs)
    move = Tabs._highlight_active

    def highlight_at_once(animate: bool = True) -> None:
        move(tabs, animate=False)

    tabs._highlight_active = highlight_at_once  # type: ignore[method-assign]
