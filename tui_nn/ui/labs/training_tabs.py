"""Lesson 8's five views as tabs that switch cheaply.

A view key in lesson 8 is what thirty students of a class press most, on two
cores shared by all of them; each layout of the screen is a full reflow and a
repaint of everything that moved.  Three things made one view key cost three
layouts or more, and each has its remedy here or in the lab's CSS:

* Textual's ``Tabs`` slides the line under the active tab for 0.3 s: about
  twenty frames, each repainting the tab bar and what lies under it.
  ``still_underline`` makes the line jump to its place instead, once.
* The views differ in height, so the lab's scrollbar came and went, and with
  it two columns of width: every widget of the view was laid out and drawn
  again at the new width.  ``TrainingLab { overflow-y: scroll; }`` keeps the
  scrollbar (and the width) whatever the view.
* After the layout that shows a view, Textual sets the new virtual sizes of the
  tabs' containers (and of the lab) through a reactive that asks for another
  layout, which finds what the first one found.  ``one_layout_per_switch``
  lets those containers take their new sizes without asking (as Textual itself
  does after a scroll); a scrollbar that must appear or go still asks for its
  layout, as before.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import ContentSwitcher, TabbedContent, TabPane, Tabs


def still_underline(tabbed: TabbedContent) -> None:
    """Make ``tabbed``'s underline move to the active tab at once (no 0.3 s animation)."""
    tabs = tabbed.query_one(Tabs)
    move = Tabs._highlight_active

    def highlight_at_once(animate: bool = True) -> None:
        move(tabs, animate=False)

    tabs._highlight_active = highlight_at_once  # type: ignore[method-assign]


def sized_without_second_layout(widget: Widget) -> None:
    """Let ``widget`` take the sizes a layout gave it without asking for another layout."""
    size_updated = widget._size_updated

    def take_sizes(
        size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return size_updated(size, virtual_size, container_size, layout=False)

    widget._size_updated = take_sizes  # type: ignore[method-assign]


def one_layout_per_switch(lab: Widget, tabbed: TabbedContent) -> None:
    """A view switch in ``tabbed`` (inside ``lab``) costs one layout of the screen, not two."""
    for widget in (lab, tabbed, tabbed.query_one(ContentSwitcher), *tabbed.query(TabPane)):
        sized_without_second_layout(widget)
