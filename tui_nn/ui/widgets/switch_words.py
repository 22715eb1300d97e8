"""A switch's state in words, shown after its name: ": on" / ": off".

A Textual ``Switch`` shows its state by where its coloured knob is; under
``NO_COLOR`` or on a 16-colour terminal the knob and its track look alike.  Labs put
``switch_state(value)`` in a small Static after the switch's name, or
``state_word(value)`` under it when the line has no room (and redraw it when the
switch moves and on F2).
"""

from __future__ import annotations

from tui_nn.i18n import _


def switch_state(on: bool) -> str:
    """``": on"`` or ``": off"``, in the current language (after the switch's name)."""
    return _(": on") if on else _(": off")


def state_word(on: bool) -> str:
    """``"on"`` or ``"off"``, in the current language (on a line of its own, under the name)."""
    return _("on") if on else _("off")
