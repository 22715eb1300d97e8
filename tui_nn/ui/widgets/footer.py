"""``WordsFooter``: Textual's Footer with every key's description in the current language.

Bindings are written in English and marked ``N_("...")``; the footer puts each
description and tooltip through ``_()`` when it lays out its keys, so a language
switch (F2) only has to ask it to lay them out again (:meth:`WordsFooter.relabel`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tui_nn.i18n import _


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
