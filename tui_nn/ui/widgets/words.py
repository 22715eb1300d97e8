"""``Words``: a Static whose text is a catalogue message, shown in the current language.

Labs write fixed words (a switch's name, a heading) as ``Words(N_("delta (d)"))``;
:meth:`tui_nn.ui.labs.base.Lab.refresh_language` calls ``refresh_language`` on every
widget that has it when the learner switches language (F2), so they follow live.
"""

from __future__ import annotations

from textual.widgets import Static

from tui_nn.i18n import _


class Words(Static):
    """Fixed words in the current language (the English message is the catalogue key)."""

    def __init__(
        self, message: str, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(_(message), id=id, classes=classes, markup=False)
        self.message = message

    def refresh_language(self) -> None:
        """Show the message in the current language."""
        self.update(_(self.message))
