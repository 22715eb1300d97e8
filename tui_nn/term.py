"""What the terminal can show: Unicode or plain ASCII, colour or none.

One policy for the command line (``tui-nn train``, ``tui-nn data``) and the app:

- :func:`ascii_mode` is True when the output cannot encode the box, block and
  braille characters (its encoding is not UTF-8), or when ``TUI_NN_ASCII=1``
  asks for it (``TUI_NN_ASCII=0`` forces Unicode).
- :func:`colour_allowed` is False under ``NO_COLOR`` (any non-empty value, as
  https://no-color.org says) and for ``TERM=dumb``.
- :func:`console` builds a ``rich`` Console that follows both (the CLI's
  progress bars use it).

Standard library only at import time (``rich`` is imported by :func:`console`).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = ["ascii_mode", "colour_allowed", "console", "encoding_of", "safe_text"]


def encoding_of(stream: TextIO | None = None) -> str:
    """The normalised name of ``stream``'s encoding (``utf-8``, ``ascii``, …), or ``utf-8``."""
    stream = sys.stdout if stream is None else stream
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "ascii"


def ascii_mode(
    stream: TextIO | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """True when ``stream`` (default stdout) should get plain ASCII only."""
    env = os.environ if environ is None else environ
    forced = env.get("TUI_NN_ASCII", "").strip().lower()
    if forced in {"1", "yes", "true", "on"}:
        return True
    if forced in {"0", "no", "false", "off"}:
        return False
    return not encoding_of(stream).startswith("utf")


def colour_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """False when ``NO_COLOR`` is set (non-empty) or ``TERM`` is ``dumb``."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    return env.get("TERM", "").strip().lower() != "dumb"


ASCII_LOOKALIKES = str.maketrans({
    "µ": "u", "·": "-", "…": "...", "—": "-", "–": "-", "→": "->", "←": "<-", "×": "x",
    "─": "-", "━": "-", "│": "|", "┃": "|", "█": "#", "░": ".", "▏": "|", "²": "^2",
    "≈": "~", "≤": "<=", "≥": ">=", "“": '"', "”": '"', "‘": "'", "’": "'", "✓": "ok",
})


def safe_text(text: str, stream: TextIO | None = None) -> str:
    """``text`` as ``stream``'s encoding can show it: look-alikes, else ``?`` (never ``\\u…``)."""
    encoding = encoding_of(stream)
    if encoding.startswith("utf"):
        return text
    text = text.translate(ASCII_LOOKALIKES)
    return text.encode(encoding, errors="replace").decode(encoding, errors="replace")


def console(
    stream: TextIO | None = None,
    *,
    width: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> Console:
    """A rich Console on ``stream`` (default stderr) that follows the ASCII and colour policy."""
    from rich.console import Console

    stream = sys.stderr if stream is None else stream
    env = os.environ if environ is None else environ
    colour = colour_allowed(env)
    dumb = env.get("TERM", "").strip().lower() == "dumb"
    return Console(
        file=stream,
        width=width,
        no_color=not colour,
        color_system="auto" if colour else None,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        safe_box=True,
        force_terminal=None if not dumb else False,
        _environ=dict(env),
    )
