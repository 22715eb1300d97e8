"""Letter keys that still work while the Korean input method is on.

With the standard 2-beolsik (두벌식) Hangul layout active, the terminal sends a
jamo instead of a Latin letter: ``d`` arrives as ``ㅇ``, ``c`` as ``ㅊ``.  A
lab bound to ``d`` would then do nothing.  This module maps every jamo of the
layout back to its key, and re-sends it as that key, **outside text fields
only**: in an Input or a TextArea, Hangul is typed as Hangul.

The layout (unshifted; Shift gives ㅃ ㅉ ㄸ ㄲ ㅆ on q w e r t and ㅒ ㅖ on o p)::

    ㅂ q  ㅈ w  ㄷ e  ㄱ r  ㅅ t  ㅛ y  ㅕ u  ㅑ i  ㅐ o  ㅔ p
    ㅁ a  ㄴ s  ㅇ d  ㄹ f  ㅎ g  ㅗ h  ㅓ j  ㅏ k  ㅣ l
    ㅋ z  ㅌ x  ㅊ c  ㅍ v  ㅠ b  ㅜ n  ㅡ m

Uppercase: the seven shifted jamo map to ``Q W E R T O P`` (what Shift+key
would send with Latin input).  Every other Shift+letter gives the same jamo as
the letter alone, so those jamo map to the lowercase key and an uppercase
binding such as ``A`` cannot be reached with the input method on: bind
lowercase letters (as every lab does today).  Compound jamo (ㄳ, ㅘ …) and
whole syllables (아) are typed by more than one key and map to nothing.

How the app uses it (the UI owner adds this to ``TuiNNApp`` in ``app.py``)::

    from tui_nn.ui.hangul_keys import redispatch_jamo

    async def _on_key(self, event: events.Key) -> None:  # before App's own _on_key
        # A jamo that no widget used (the Korean input method is on): act as its letter.
        if redispatch_jamo(self, event):
            event.stop()
            event.prevent_default()

Why this works: Textual sends a key to the focused widget first; an Input
uses every printable key (so Hangul is typed there, and the event goes no
further); a key nobody used bubbles up to the App, where ``on_key`` re-sends
the Latin key with :meth:`textual.app.App.simulate_key`.  That new key travels
the normal way, so priority bindings, the focused lab's bindings, the screen's
and the app's all see it as if the letter had been pressed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input, TextArea

#: Each jamo of the 2-beolsik layout and the Latin key that types it.
JAMO_TO_LATIN: dict[str, str] = {
    "ㅂ": "q", "ㅈ": "w", "ㄷ": "e", "ㄱ": "r", "ㅅ": "t",
    "ㅛ": "y", "ㅕ": "u", "ㅑ": "i", "ㅐ": "o", "ㅔ": "p",
    "ㅁ": "a", "ㄴ": "s", "ㅇ": "d", "ㄹ": "f", "ㅎ": "g",
    "ㅗ": "h", "ㅓ": "j", "ㅏ": "k", "ㅣ": "l",
    "ㅋ": "z", "ㅌ": "x", "ㅊ": "c", "ㅍ": "v", "ㅠ": "b", "ㅜ": "n", "ㅡ": "m",
    "ㅃ": "Q", "ㅉ": "W", "ㄸ": "E", "ㄲ": "R", "ㅆ": "T", "ㅒ": "O", "ㅖ": "P",
}  # fmt: skip

# Some input methods send the conjoining jamo (U+1100 block) instead of the
# compatibility jamo (U+3131 block); NFKC maps the latter onto the former.
_CONJOINING: dict[str, str] = {
    unicodedata.normalize("NFKC", jamo): latin for jamo, latin in JAMO_TO_LATIN.items()
}


def latin_key_for(key_or_character: str | None) -> str | None:
    """The Latin key a jamo is typed with (``"ㅇ"`` -> ``"d"``, ``"ㅃ"`` -> ``"Q"``), else None.

    Takes a Textual key name or the character itself (they are the same for a
    jamo); anything that is not a single jamo of the layout gives None.
    """
    if not key_or_character or len(key_or_character) != 1:
        return None
    return JAMO_TO_LATIN.get(key_or_character) or _CONJOINING.get(key_or_character)


def is_text_field(widget: Widget | None) -> bool:
    """True for a widget where typed letters are text (an Input or a TextArea)."""
    return isinstance(widget, (Input, TextArea))


def redispatch_jamo(app: App[Any], event: events.Key) -> bool:
    """Re-send a jamo key as its Latin key, unless a text field has focus; True if it did.

    Call it from ``App.on_key`` (see the module docstring) and stop the event
    when it returns True.
    """
    latin = latin_key_for(event.character or event.key)
    if latin is None or is_text_field(app.focused):
        return False
    app.simulate_key(latin)
    return True
