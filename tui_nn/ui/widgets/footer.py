"""``WordsFooter``: Textual's Footer with every key's description in the current language.

Bindings are written in English and marked ``N_("...")``; the footer puts each
description and tooltip through ``_()`` when it lays out its keys, so a language
switch (F2) only has to ask it to lay them out again (:meth:`WordsFooter.relabel`).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tui_nn.i18n import N_, _

#: Words of Textual's own keys that the Footer shows (translated like ours).
TEXTUAL_WORDS = (N_("palette"),)


class WordsFooter(Footer):
    """The app's Footer: Textual's, translated (use it on every screen instead of ``Footer``)."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.render())))
            yield widget

    def relabel(self) -> None:
        """Lay the keys out again in the current language."""
        if self.is_mounted:
            self.call_later(self.recompose)


#: Actions the Footer shows before any other key (the help: it lists every other one).
FIRST_ACTIONS = ("help",)

class HelpFirst:
    """A screen mixin: the Footer shows ``? Help`` first, then the other keys.

    Textual lists the focused widget's keys first and the app's last, so a lab
    with many keys pushed "? Help" off a Footer of 100 columns (issue 12).  The
    Footer reads ``active_bindings`` only to lay out the keys; which key does
    what does not depend on this order.
    """

    @property
    def active_bindings(self) -> dict[str, Any]:
        """The Screen's active bindings, the help's first (mix in before ``Screen``)."""
        bindings: dict[str, Any] = super().active_bindings  # type: ignore[misc]
        first = {k: v for k, v in bindings.items() if v.binding.action in FIRST_ACTIONS}
        return {**first, **{k: v for k, v in bindings.items() if k not in first}}
