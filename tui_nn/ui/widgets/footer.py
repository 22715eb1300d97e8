"""``WordsFooter``: Textual's Footer with every key's description in the current language.

Bindings are written in English and marked ``N_("...")``; the footer puts each
description and tooltip through ``_()`` when it lays out its keys, so a language
switch (F2) only has to ask it to lay them out again (:meth:`WordsFooter.relabel`).

Textual's Footer lays out all its keys again (a recompose: a dozen widgets
removed, built, styled and mounted) whenever the screen's bindings *may* have
changed, i.e. on every focus move.  This one does so only when the keys it
would show did change: Tab between two fields of a lab costs no Footer work.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tui_nn.i18n import N_, _, current_language

#: Words of Textual's own keys that the Footer shows (translated like ours).
TEXTUAL_WORDS = (N_("palette"),)


class WordsFooter(Footer):
    """The app's Footer: Textual's, translated (use it on every screen instead of ``Footer``)."""

    DEFAULT_CSS = """
    WordsFooter FooterKey.-palette-inline {
        padding-right: 1;
        border-left: vkey $foreground 20%;
        border-right: vkey $foreground 20%;
    }
    """

    _composed: tuple[object, ...] | None = None
    _recompose_due = False

    def shown_keys(self) -> tuple[object, ...] | None:
        """What the keys would show now (bindings, their state, the language); None: no screen."""
        try:
            bindings = self.screen.active_bindings
        except Exception:  # no screen yet
            return None
        shown = tuple(
            (binding, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return (current_language(), self.compact, shown)

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        """Lay the keys out again, later, if what they show changed (not on every focus move)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_due:
            self._recompose_due = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_due = False
        if self._composed is None or self.shown_keys() != self._composed:
            await self.recompose()

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = self.shown_keys()
        palette = self._inline_palette_key()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.has_class("-command-palette"):
                    continue  # shown inline after the first key (see _inline_palette_key)
                if widget.description:
                    widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.render())))
            yield widget
            if palette is not None:
                yield palette
                palette = None

    def _inline_palette_key(self) -> FooterKey | None:
        """The palette key, laid out after the first key instead of docked right.

        Docked right, it covered the keys scrolled under it, and a two-cell
        (Korean) character cut by its edge broke its words ("팔  트"); inline,
        keys that do not fit are cut at the screen's edge instead.
        """
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        try:
            _node, binding, enabled, _tooltip = self.screen.active_bindings[
                self.app.COMMAND_PALETTE_BINDING
            ]
        except Exception:  # no screen yet (ScreenStackError), or no palette binding (KeyError)
            return None
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            _(binding.description),
            binding.action,
            classes="-palette-inline",
            disabled=not enabled,
            tooltip=_(binding.tooltip or binding.description),
        )
        return key.data_bind(compact=Footer.compact)

    def relabel(self) -> None:
        """Lay the keys out again in the current language."""
        if self.is_mounted:
            self._composed = None
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
